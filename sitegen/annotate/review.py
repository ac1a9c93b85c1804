"""Machine proposals printed as curated YAML, so an editor can confirm, fix or reject them in one file."""

from __future__ import annotations

import json
from collections.abc import Iterable

from sitegen.model import Proposal, SourceDoc

MAX_CONTEXT = 48
"""Longest prefix or suffix tried before falling back to ``occurrence``."""
ENTITY_ATTRS = frozenset({"entity_type"})


def proposals_to_curated_yaml(doc: SourceDoc, proposals: Iterable[Proposal]) -> str:
    """A curated annotation file with every proposal as a ``confirm`` entry, provenance as comments."""
    ordered = sorted(proposals, key=lambda p: (p.start, -p.end, p.kind))
    lines = [f"# Machine proposals for {doc.slug}: keep, fix (action: correct) or suppress each entry.", "annotations:"]
    if not ordered:
        return "\n".join([*lines[:1], "annotations: []"]) + "\n"
    for proposal in ordered:
        lines.extend(_entry(doc.text, proposal))
    return "\n".join(lines) + "\n"


def _entry(text: str, p: Proposal) -> list[str]:
    origins = "; ".join(f"{o.name}@{o.version} rule={o.rule}" for o in p.provenance)
    lines = [f"  # {origins} confidence={p.confidence:.2f}", f"  - kind: {p.kind}", "    action: confirm"]
    lines.extend(f"    {line}" for line in _selector(text, p.start, p.end, (0, len(text))))
    if p.parts:
        lines.append("    parts:")
        for part in p.parts:
            lines.extend(_part(text, p, part.role, part.start, part.end))
    attrs = [(k, v) for k, v in p.attrs if not (p.kind == "entity" and k in ENTITY_ATTRS)]
    if p.kind == "entity":
        attrs = [(k, v) for k, v in attrs if not (k == "name" and v == text[p.start : p.end])]
        # The id goes in attrs, not 'entity:', which must name a registry entry: the machine
        # also links mentions of entities the registry does not have.
        lines.append(f"    type: {_scalar(p.attr('entity_type'))}")
    if attrs:
        pairs = ", ".join(f"{key}: {_scalar(value)}" for key, value in attrs)
        lines.append(f"    attrs: {{{pairs}}}")
    if p.note:
        lines.append(f"    note: {_scalar(p.note)}")
    return lines


def _part(text: str, p: Proposal, role: str, start: int, end: int) -> list[str]:
    """A part is anchored inside its annotation first (as the curated loader does), else in the text."""
    window = (p.start, p.end) if p.start <= start and end <= p.end else (0, len(text))
    selector = _selector(text, start, end, window)
    if len(selector) == 1:
        return [f"      {role}: {selector[0].removeprefix('quote: ')}"]
    return [f"      {role}:", *(f"        {line}" for line in selector)]


def _selector(text: str, start: int, end: int, window: tuple[int, int]) -> list[str]:
    """``quote`` plus the least context that makes it unique within ``window``."""
    quote = text[start:end]
    lines = [f"quote: {_scalar(quote)}"]
    scope = text[window[0] : window[1]]
    if _count(scope, quote) == 1:
        return lines
    local = start - window[0]
    after = local + len(quote)
    for size in range(1, MAX_CONTEXT + 1):
        # Context is grown a character at a time but offered only in whole words.
        prefix = scope[max(0, local - size) : local]
        whole = local - size <= 0 or scope[local - size - 1].isspace()
        if whole and prefix.strip() and _count(scope, prefix + quote) == 1:
            return [*lines, f"prefix: {_scalar(prefix)}"]
        suffix = scope[after : after + size]
        whole = after + size >= len(scope) or not scope[after + size].isalnum()
        if whole and suffix.strip() and _count(scope, quote + suffix) == 1:
            return [*lines, f"suffix: {_scalar(suffix)}"]
    return [*lines, f"occurrence: {_occurrence(scope, quote, local)}"]


def _count(text: str, needle: str) -> int:
    count, at = 0, text.find(needle)
    while at >= 0:
        count += 1
        at = text.find(needle, at + 1)
    return count


def _occurrence(text: str, quote: str, local: int) -> int:
    count, at = 0, text.find(quote)
    while 0 <= at <= local:
        count += 1
        at = text.find(quote, at + 1)
    return count


def _scalar(value: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax is valid YAML)."""
    return json.dumps(value, ensure_ascii=False)
