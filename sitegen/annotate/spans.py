"""Span clean-up on plain text offsets: what a reader expects a highlight to cover."""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from sitegen.names import bounded

if TYPE_CHECKING:
    from spacy.tokens import Doc

_LEADING = re.compile(r"(?:the|The|THE)\s+")
"""Used with ``match(text, start)``: a ``^`` there would only match at the text's very start."""
_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$")
_EDGE = " \t\n\r\"'“”‘’«»()[]{},.;:!?—–-"


def doc_text(doc: Doc) -> str:
    """The parse's text, joined once: spaCy rebuilds ``Doc.text`` from every token on each access."""
    text = doc.user_data.get("sitegen.text")
    if text is None:
        text = doc.user_data["sitegen.text"] = doc.text
    return str(text)


def slugify(name: str) -> str:
    """A stable id from a canonical name: ``Andrew Marochko`` -> ``andrew-marochko``."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return bounded(re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-"), name)


def clean_entity_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim an entity span: one line, no leading "the", possessive outside, no edge punctuation."""
    start, end = _longest_line(text, start, end)
    for _ in range(3):
        before = (start, end)
        start, end = _strip_edges(text, start, end)
        leading = _LEADING.match(text, start, end)
        if leading and end - leading.end() > 1:
            start = leading.end()
        possessive = _POSSESSIVE.search(text, start, end)
        if possessive and possessive.start() > start:
            end = possessive.start()
        if (start, end) == before:
            break
    return start, end


def strip_span(text: str, start: int, end: int, chars: str = " \t\n\r") -> tuple[int, int]:
    """Trim ``chars`` from both ends of a span."""
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


def _strip_edges(text: str, start: int, end: int) -> tuple[int, int]:
    start, end = strip_span(text, start, end, _EDGE)
    # A trailing full stop belongs to an abbreviation such as "U.S." or "Jr.".
    if end < len(text) and text[end : end + 1] == "." and _is_abbreviation(text[start:end]):
        end += 1
    return start, end


def _is_abbreviation(surface: str) -> bool:
    return bool(re.search(r"(?:\b[A-Z]\.[A-Z]|\bJr|\bSr|\bInc|\bCo|\bCorp|\bLtd|\bSt)$", surface))


def _longest_line(text: str, start: int, end: int) -> tuple[int, int]:
    """An entity never spans a line break: keep the longest line of the span."""
    if "\n" not in text[start:end]:
        return start, end
    best = (start, start)
    offset = start
    for line in text[start:end].split("\n"):
        if len(line) > best[1] - best[0]:
            best = (offset, offset + len(line))
        offset += len(line) + 1
    return best
