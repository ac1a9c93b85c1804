"""Entity clean-up on the parse: vague times are not dates, a weekday and its date are two
mentions, and a title before a name is the person's role, not part of the name.

The word lists are data (``lexicon/names.toml``); this module applies them.
"""

from __future__ import annotations

import functools
import importlib.resources
import itertools
import re
import tomllib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sitegen.annotate.spans import doc_text, strip_span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

_YEAR = re.compile(
    r"\b(?:1[0-9]|20)\d\d(?:s|'s)?\b|\b\d{1,2}/\d{1,2}\b|\b'\d\ds?\b|\b\d0s\b"
    r"|\b\d{1,2}[:.]\d\d\b|\b\d+(?:st|nd|rd|th) (?:century|centuries)\b"
    r"|\b(?:end|beginning|start|middle) of (?:the|this|last|next) (?:week|month|year|decade|century)\b",
    re.IGNORECASE,
)
"""A year, a date in figures, a clock time, a numbered century, the end of a named period."""
_WEEKDAY_DATE = re.compile(r"(\w+)\s*,\s*(?=\S)")


@dataclass(frozen=True, slots=True)
class Piece:
    """A clean mention span, with the role found before it (empty when none)."""

    start: int
    end: int
    role: str = ""
    kind: str = ""
    """Another type than the model entity's, when the piece is one (the year before an event)."""


@functools.cache
def _lists() -> dict[str, dict[str, frozenset[str]]]:
    """The word lists, as sets (looked up once per mention word)."""
    source = importlib.resources.files("sitegen.annotate") / "lexicon" / "names.toml"
    data: dict[str, dict[str, list[str]]] = tomllib.loads(source.read_text(encoding="utf-8"))
    return {section: {key: frozenset(words) for key, words in table.items()} for section, table in data.items()}


def titles() -> frozenset[str]:
    """The title and role words that stand before a name (``lexicon/names.toml``)."""
    return _lists()["roles"]["titles"]


_YEAR_FIRST = re.compile(r"((?:1[0-9]|20)\d\d)\s+(?=[A-Z])")
_COMMON_ACRONYM = re.compile(r"\b[a-z][\w-]*\s+\($")


def event_pieces(text: str, start: int, end: int) -> list[Piece]:
    """ "2014 Maidan protests" is a date and an event, as "the Maidan protests of 2014" would be."""
    year = _YEAR_FIRST.match(text, start, end)
    if year is None:
        return [Piece(start, end)]
    return [Piece(start, start + len(year.group(1)), kind="date"), Piece(year.end(), end)]


def abbreviates_common_noun(text: str, start: int, end: int) -> bool:
    """An acronym in brackets right after a lower-case phrase ("the special military operation
    (SVO)") abbreviates that phrase: it is no name, whatever the model tagged it."""
    return text[start:end].isupper() and bool(_COMMON_ACRONYM.search(text, max(0, start - 40), start))


def untitled(text: str, start: int, end: int) -> Piece:
    """A name written with its titles ("President Vladimir Putin", a registry alias): the name from
    the first word after them, the titles as the role. A span of titles only stays as it is."""
    known = titles()
    words = list(re.finditer(r"\S+", text[start:end]))
    count = 0
    while count < len(words) - 1 and words[count].group().lower() in known:
        count += 1
    if count == 0:
        return Piece(start, end)
    return Piece(start + words[count].start(), end, " ".join(w.group() for w in words[:count]))


def is_dated(surface: str) -> bool:
    """A time expression anchored to the calendar: a year, a month, a weekday, a named day or
    period, "yesterday", or "last/next/this" + a calendar unit. Not "hours", "each day", "evening"."""
    dates = _lists()["dates"]
    lowered = surface.lower()
    words = re.findall(r"[a-z]+", lowered)
    if _YEAR.search(surface) or any(w in dates["months"] or w in dates["weekdays"] for w in words):
        return True
    if any(w in dates["deictic"] for w in words) or any(name in lowered for name in dates["named"]):
        return True
    return any(a in dates["relative"] and b in dates["units"] for a, b in itertools.pairwise(words))


def date_pieces(text: str, start: int, end: int) -> list[Piece]:
    """ "Tuesday, June 19, 2018" is the weekday and the date, "November 20 to December 11" two
    dates, "Thursday night" one; a vague time is no date at all."""
    if not is_dated(text[start:end]):
        return []
    start = _past_opener(text, start, end)
    pieces = []
    for low, high in _range_ends(text, start, end):
        head = _WEEKDAY_DATE.match(text, low, high)
        if (
            head is not None
            and head.group(1).lower() in _lists()["dates"]["weekdays"]
            and is_dated(text[head.end() : high])
        ):
            pieces += [Piece(low, low + len(head.group(1))), Piece(head.end(), high)]
        else:
            pieces.append(Piece(low, high))
    last = pieces[-1]
    pieces[-1] = Piece(last.start, _with_part_of_day(text, last.start, last.end))
    return pieces


def _past_opener(text: str, start: int, end: int) -> int:
    """Past a leading "between" or "from" ("between July 2003 and …")."""
    first = re.match(r"(\w+)\s+", text[start:end])
    if first is not None and first.group(1).lower() in _lists()["dates"]["range_openers"]:
        return start + first.end()
    return start


def _range_ends(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The two ends of a range when both are dates of their own, else the whole span."""
    joiners = _lists()["dates"]["range_joiners"]
    for joiner in re.finditer(r"(?<=\s)\S+(?=\s)", text[start:end]):
        if joiner.group().lower() in joiners:
            left = strip_span(text, start, start + joiner.start())
            right = strip_span(text, start + joiner.end(), end)
            if all(is_dated(text[a:b]) for a, b in (left, right)):
                return [left, right]
    return [(start, end)]


def _with_part_of_day(text: str, start: int, end: int) -> int:
    """The end of a date that a part of the day follows ("Thursday" + " night")."""
    dates = _lists()["dates"]
    words = re.findall(r"[a-z]+", text[start:end].lower())
    after = re.match(r"\s+([A-Za-z]+)\b", text[end : end + 20])
    if words and words[-1] in dates["anchors_of_parts"] and after and after.group(1).lower() in dates["parts_of_day"]:
        return end + after.end()
    return end


def person_piece(doc: Doc, ent: Span, start: int, end: int) -> Piece | None:
    """The name without leading titles, and the role: those titles plus the title words right
    before the span ("Defence Minister" in "Defence Minister Sergei Shoigu")."""
    titles = _lists()["roles"]["titles"]
    tokens = [t for t in ent if t.idx >= start and t.idx + len(t.text) <= end]
    role = []
    while tokens and tokens[0].lower_ in titles:
        role.append(tokens.pop(0))
    if not tokens:
        return None  # a title alone ("Sheriff") is no name
    before = ent.start - 1 if ent.start > 0 and not role else (role[0].i - 1 if role else -1)
    while before >= 0 and _title_word(doc, before, titles):
        role.insert(0, doc[before])
        before -= 1
    name_start = tokens[0].idx
    text = ""
    if role and any(t.lower_ in titles for t in role):
        text = doc_text(doc)[role[0].idx : role[-1].idx + len(role[-1].text)]
    return Piece(name_start, end, " ".join(text.split()))


def _title_word(doc: Doc, i: int, titles: frozenset[str]) -> bool:
    """A title, or a capitalised word that qualifies the title after it ("Defence" Minister)."""
    token = doc[i]
    if "\n" in token.text or "\n" in token.whitespace_:
        return False
    if token.lower_ in titles:
        return True
    following = doc[i + 1] if i + 1 < len(doc) else None
    return (
        following is not None
        and following.lower_ in titles
        and token.pos_ in ("PROPN", "NOUN", "ADJ")
        and token.text[:1].isupper()
        and token.ent_type_ not in ("PERSON",)
    )
