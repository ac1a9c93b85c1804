"""Adding an entry to a curated annotations file with a round-trip YAML library, so its comments,
order and formatting stay as written; the new entry is written the way people write them."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, FoldedScalarString

from sitegen.curate.curated import CuratedEntry, QuoteSelector

FOLD_AT = 96
"""Quotes longer than this are written folded (``>-``) over lines of about this length."""
ROLE_ORDER = ("source", "cue", "content", "intermediary", "disputant")
"""Parts are written in this order (others after them, by name), as the hand-written files do."""
_PYYAML = yaml.resolver.Resolver()
_STR = "tag:yaml.org,2002:str"
_PLAIN = re.compile(r"[^\W_][\w .,;()/’‘“”'\-–—]*")
"""Text written without quotes: what people write so (words, spaces, light punctuation)."""


class EditError(ValueError):
    """The file cannot take a new entry without being rewritten (it is not a curated list)."""


@dataclass(frozen=True, slots=True)
class Tail:
    """How entries are appended to a block list: the dash's column, a blank line before each."""

    dash: int = 2
    blank: bool = False

    def add(self, text: str, entry: CuratedEntry) -> str:
        return _ended(text) + ("\n" if self.blank else "") + _dump_entry(entry, self.dash)


@dataclass(frozen=True, slots=True)
class Appended:
    """A curated file's new text, and how to append to it again (None: round-trip it again)."""

    text: str
    tail: Tail | None


def append_entry(text: str | None, entry: CuratedEntry, source: str, tail: Tail | None = None) -> Appended:
    """``text`` (a curated file's content, None when there is none) with ``entry`` added last.

    What was written before stays byte for byte; only the new entry (and, for a file that has
    no list yet, the ``annotations:`` key) is added. ``source`` names the seed in a new file's
    header comment. ``tail`` is what the last call returned for this same text: appending then
    skips the round trip, with the same result.
    """
    if tail is not None and text is not None:
        return Appended(tail.add(text, entry), tail)
    if text is None:
        return Appended(f"# Curated annotations for {source}.\nannotations:\n" + _dump_entry(entry), Tail())
    yaml_rt = _yaml()
    try:
        data = yaml_rt.load(text)
    except YAMLError as exc:
        raise EditError(f"the file is not valid YAML: {exc}") from None
    if data is None:  # empty, or only comments
        return Appended(_ended(text) + "annotations:\n" + _dump_entry(entry), Tail())
    if isinstance(data, CommentedMap) and list(data) == ["annotations"] and data["annotations"] is None:
        return Appended(Tail().add(text, entry), Tail())  # ``annotations:`` with nothing under it yet
    items = data.get("annotations") if isinstance(data, CommentedMap) and len(data) == 1 else None
    if not isinstance(items, CommentedSeq):
        raise EditError("expected a mapping with one key, 'annotations:', holding a list")
    if items.fa.flow_style() and not items:
        items.fa.set_block_style()  # ``annotations: []``: the first entry makes it a block list
    flow = items.fa.flow_style()
    layout = None if flow or not items else Tail(_dash_column(text, items), _blank_between(text))
    items.append(_mapping(entry))
    out = io.StringIO()
    yaml_rt.dump(data, out)
    dumped = out.getvalue()
    if layout is None:  # a flow list, or one written as ``[]``: the list itself is rewritten
        return Appended(dumped, None if flow else Tail())
    kept = _ended(text)
    if not dumped.startswith(kept):
        return Appended(layout.add(text, entry), layout)  # ruamel would change what is there: keep it
    return Appended(kept + ("\n" if layout.blank else "") + dumped[len(kept) :], layout)


def _yaml() -> YAML:
    yaml_rt = YAML(typ="rt")
    yaml_rt.preserve_quotes = True
    yaml_rt.width = 1 << 16  # never re-wrap: long values are folded by us, at word boundaries
    yaml_rt.indent(mapping=2, sequence=4, offset=2)
    return yaml_rt


def _dump_entry(entry: CuratedEntry, dash: int = 2) -> str:
    """One entry as a block list item whose dash is at column ``dash``."""
    out = io.StringIO()
    yaml_rt = _yaml()
    yaml_rt.indent(mapping=2, sequence=dash + 2, offset=dash)
    yaml_rt.dump(CommentedSeq([_mapping(entry)]), out)
    return out.getvalue()


def _ended(text: str) -> str:
    return text if not text or text.endswith("\n") else text + "\n"


def _blank_between(text: str) -> bool:
    """Whether the file's entries are separated by blank lines."""
    return re.search(r"\n[ \t]*\n[ \t]*- ", text) is not None


def _dash_column(text: str, items: CommentedSeq) -> int:
    line, column = items.lc.item(0)
    found = text.splitlines()[line].find("-") if line < len(text.splitlines()) else -1
    return found if 0 <= found < column else max(column - 2, 0)


def _mapping(entry: CuratedEntry) -> CommentedMap:
    """The entry's non-default fields in the order people write them."""
    out = CommentedMap()
    out["kind"] = _text(entry.kind)
    if entry.action != "add":
        out["action"] = _text(entry.action)
    _selector_into(out, entry.selector)
    if entry.target is not None:
        out["target"] = _selector_into(CommentedMap(), entry.target)
    if entry.parts:
        parts = CommentedMap()
        for role, selector in sorted(entry.parts, key=lambda pair: _role_rank(pair[0])):
            plain = selector == QuoteSelector(selector.quote)
            parts[role] = _text(selector.quote, fold=True) if plain else _selector_into(CommentedMap(), selector)
        out["parts"] = parts
    if entry.attrs:
        attrs = CommentedMap((key, _text(value)) for key, value in entry.attrs)
        attrs.fa.set_flow_style()
        out["attrs"] = attrs
    for key in ("entity", "type", "note"):
        if getattr(entry, key):
            out[key] = _text(getattr(entry, key), fold=key == "note")
    if entry.confidence != 1.0:
        out["confidence"] = entry.confidence
    return out


def _selector_into(out: CommentedMap, selector: QuoteSelector) -> CommentedMap:
    out["quote"] = _text(selector.quote, fold=True)
    for key in ("prefix", "suffix"):
        if getattr(selector, key):
            out[key] = _text(getattr(selector, key))
    if selector.occurrence:
        number = selector.occurrence.isdigit() and selector.occurrence.isascii()
        out["occurrence"] = int(selector.occurrence) if number else _text(selector.occurrence)
    return out


def _role_rank(role: str) -> tuple[int, str]:
    return (ROLE_ORDER.index(role) if role in ROLE_ORDER else len(ROLE_ORDER), role)


def _text(value: str, fold: bool = False) -> Any:
    """A string as it must be written so that our loader (PyYAML, YAML 1.1) reads it back as
    the same string: plain only when it is ordinary words and YAML 1.1 reads it as text (not
    ``yes``, ``1:20``, ``~``), else double-quoted; folded when long, if ``fold``."""
    if fold and len(value) > FOLD_AT and _foldable(value):
        folded = FoldedScalarString(value)
        folded.fold_pos = _fold_positions(value)
        return folded
    plain = _PLAIN.fullmatch(value) and not value.endswith(" ") and "  " not in value
    if not plain or _PYYAML.resolve(yaml.ScalarNode, value, (True, False)) != _STR:  # type: ignore[no-untyped-call]
        return DoubleQuotedScalarString(value)
    return value


def _foldable(value: str) -> bool:
    return value == value.strip() and value.isprintable() and "  " not in value


def _fold_positions(value: str) -> list[int]:
    """Spaces to break lines at, so that no line is much longer than FOLD_AT."""
    positions, line_start, last_space = [], 0, -1
    for index, char in enumerate(value):
        if char == " ":
            if index - line_start > FOLD_AT and last_space > line_start:
                positions.append(last_space)
                line_start = last_space + 1
            last_space = index
    if len(value) - line_start > FOLD_AT and last_space > line_start:
        positions.append(last_space)
    return positions
