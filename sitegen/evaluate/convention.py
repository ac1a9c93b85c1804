"""GUM's mentions read as named entities under our span and type conventions (docs/annotators.md).

GUM marks every mention as a whole noun phrase ("U.S. President Donald Trump 's", "Lee Cheuk-yan of
the Labour Party", "the last five months of her life"); a named-entity annotator marks names and
points in time. This module decides which GUM mentions are scored and where their span is; the ones
it leaves out are kept as *outside* mentions, on which a prediction counts neither way.
"""

from __future__ import annotations

import re

from sitegen.annotate.tidy import titles

_OPENERS = """i me my we us our you your he him his she her it its they them their this that these those
a an some any all both each every many most several other another such one"""
PRONOUNS = frozenset(_OPENERS.split())
"""Words that open a pronoun or a description, never a name ("I", "His father", "A group of …"):
capitalised only because they start a sentence."""

_CLITIC = re.compile(r"\s*['’]s?$")
_ARTICLE = re.compile(r"(?:the|The|THE)\s+")
_POSSESSOR = re.compile(r"^.*?\S\s*['’]s?\s+(?=[A-Z])")
"""A possessor before a name: "DAB 's Starry Lee", "Mecca 's Grand Mosque"."""
_AFTER_NAME = re.compile(r"\s+(?:,|\(|of\b|from\b|in\b|who\b|which\b|that\b|where\b)")
"""Where a modifier after a person's name starts: ", who …", "of the Labour Party", "from Texas"."""
_AFTER_PLACE = re.compile(r"\s+(?:,|\(|in\b|who\b|which\b|that\b|where\b)")
"""After an organisation or a place a comma, "in" or a relative clause ends the name ("Museum of Flight in
Seattle"); "of" does not ("Church of Scientology")."""

_POINT = re.compile(
    r"\b(?:1[0-9]|20)\d\d(?:s|'s)?\b|\b\d{1,2}[:.]\d\d\b|\b\d0s\b|\b\d{1,2}/\d{1,2}\b"
    r"|\b(?:jan(?:uary)?|feb(?:ruary)?|march|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b"
    r"|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(?:today|tonight|yesterday|tomorrow|ago)\b"
    r"|\b(?:last|next|this|past|previous|coming|following)\s+(?:week|weekend|month|year|season|spring"
    r"|summer|autumn|fall|winter|decade|century|day|night|morning|afternoon|evening)\b"
    r"|\b\d+(?:st|nd|rd|th)\s+centur|\b(?:christmas|easter|ramadan|eid|hajj|new year|thanksgiving)\b",
    re.IGNORECASE,
)
"""A time expression anchored to the calendar or the clock: a year, a date in figures, a month, a
weekday, a clock time, a deictic day, "two years ago", "last week", a century, a named feast."""
_NAMED_DAY = re.compile(r"\b[A-Z]\w+ (?:Day|Eve)\b")
"""A named day ("Waitangi Day", "Election Day")."""


def is_point_in_time(surface: str) -> bool:
    """Whether a GUM time mention is a date in our sense; durations ("four hours", "a decade"),
    frequencies ("each year"), parts of a day ("evening"), times within an event ("the 20th
    minute", "the first half") and vague times ("that time") are not. Written apart from the
    annotator's own test (``tidy.is_dated``), so the annotator's mistakes still show."""
    return bool(_POINT.search(surface) or _NAMED_DAY.search(surface))


def is_name(text: str, start: int, end: int) -> bool:
    """A mention that starts like a name: a capital letter, and not a pronoun or a determiner."""
    first = re.match(r"[\w.’'-]+", text[start:end])
    return bool(first and first.group()[0].isupper() and first.group().lower() not in PRONOUNS)


def our_convention(text: str, start: int, end: int, kind: str = "") -> tuple[int, int]:
    """A gold span under our span convention (docs/annotators.md): GUM puts the possessive clitic
    and a leading "the" inside a mention ("Afghanistan 's", "The World Health Organisation"); we
    keep both outside, so the gold is trimmed the same way before scoring. For a named mention
    (``kind`` person, organization or place) the name is also cut from a possessor before it and
    from modifiers after it, and a person's name from the titles before it ("U.S. President")."""
    clitic = _CLITIC.search(text, start, end)
    if clitic is not None and clitic.start() > start:
        end = clitic.start()
    article = _ARTICLE.match(text, start, end)
    if article is not None and article.end() < end:
        start = article.end()
    if kind in ("person", "organization", "place"):
        start, end = _name_of(text, start, end, kind)
    return start, end


def _name_of(text: str, start: int, end: int, kind: str) -> tuple[int, int]:
    after = (_AFTER_NAME if kind == "person" else _AFTER_PLACE).search(text, start, end)
    if after is not None and after.start() > start:
        end = after.start()
    possessor = _POSSESSOR.match(text[start:end])
    if possessor is not None:
        start += possessor.end()
    if kind == "person":
        start = _after_titles(text, start, end)
    return start, end


def _after_titles(text: str, start: int, end: int) -> int:
    """Past the last title word ("English captain", "NASA Administrator"), when a name follows it."""
    words = list(re.finditer(r"\S+", text[start:end]))
    known = titles()
    for position in range(len(words) - 2, -1, -1):
        if words[position].group().lower() in known:
            rest = words[position + 1 :]
            if rest[0].group()[0].isupper() and not any(w.group().lower() in known for w in rest):
                return start + rest[0].start()
            break
    return start
