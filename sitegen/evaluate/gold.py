"""Our own gold format: curated YAML files (``<slug>.yml``) beside the documents or in a folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from sitegen.curate.anchor import QuoteError, anchor_quote
from sitegen.curate.curated import QuoteSelector
from sitegen.errors import error
from sitegen.evaluate.records import Dispute, GoldDoc, Mention, Relation

DOC_SUFFIXES = (".txt", ".md")


def read_gold(docs_dir: Path, gold_dir: Path | None = None, limit: int = 0) -> Iterator[GoldDoc]:
    """Every document that has a gold file, sorted by slug."""
    folder = gold_dir or docs_dir
    count = 0
    for path in sorted(p for p in docs_dir.iterdir() if p.suffix in DOC_SUFFIXES):
        gold = folder / f"{path.stem}.yml"
        if not gold.exists():
            continue
        text = path.read_text(encoding="utf-8").replace("\r\n", "\n").replace("\r", "\n")
        yield parse_gold(path.stem, text, gold.read_text(encoding="utf-8"), str(gold))
        count += 1
        if limit and count >= limit:
            return


def parse_gold(name: str, text: str, source: str, where: str = "") -> GoldDoc:
    """Anchor every entry's quote and parts; a quote that does not anchor is a user error."""
    data = yaml.safe_load(source) or {}
    relations, mentions, disputes = [], [], []
    for number, entry in enumerate(data.get("annotations") or [], start=1):
        start, end = _anchor(text, entry, (0, len(text)), where, number)
        parts = _parts(text, entry.get("parts") or {}, (start, end), where, number)
        kind = entry.get("kind", "")
        if kind == "entity":
            mentions.append(Mention(start, end, str(entry.get("type", "other"))))
        elif kind == "claim":
            relations.append(Relation(parts.get("cue", ()), parts.get("source", ()), parts.get("content", ())))
        elif kind == "dispute":
            disputes.append(Dispute(start, end, str((entry.get("attrs") or {}).get("reason", ""))))
    return GoldDoc(name, text, tuple(relations), tuple(mentions), tuple(disputes))


def _parts(
    text: str, parts: dict[str, Any], near: tuple[int, int], where: str, number: int
) -> dict[str, tuple[tuple[int, int], ...]]:
    found: dict[str, tuple[tuple[int, int], ...]] = {}
    for role, value in parts.items():
        entry = value if isinstance(value, dict) else {"quote": value}
        found[role] = (_anchor(text, entry, near, where, number),)
    return found


def _anchor(text: str, entry: dict[str, Any], near: tuple[int, int], where: str, number: int) -> tuple[int, int]:
    """Inside ``near`` first (as parts are), then anywhere in the text, nearest first."""
    selector = QuoteSelector(
        quote=str(entry.get("quote", "")),
        prefix=str(entry.get("prefix", "")),
        suffix=str(entry.get("suffix", "")),
        occurrence=str(entry.get("occurrence", "")),
    )
    start, end = near
    try:
        (found_start, found_end), *_ = anchor_quote(text[start:end], selector)
        return found_start + start, found_end + start
    except QuoteError:
        pass
    try:
        spans = anchor_quote(text, selector)
    except QuoteError as exc:
        spans = () if selector.prefix or selector.suffix or selector.occurrence else _every(text, selector.quote)
        if not spans:
            raise error(where, 0, f"gold entry {number}: {exc}", exc.hint) from None
    return min(spans, key=lambda span: abs(span[0] - start))


def _every(text: str, quote: str) -> tuple[tuple[int, int], ...]:
    """Every place ``quote`` occurs: a part with no context takes the one nearest its annotation."""
    found, at = [], text.find(quote) if quote else -1
    while at >= 0:
        found.append((at, at + len(quote)))
        at = text.find(quote, at + 1)
    return tuple(found)
