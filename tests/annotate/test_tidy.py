"""Entity clean-up: vague times are no dates, a weekday and its date are two, titles are roles."""

from __future__ import annotations

import pytest

from sitegen.annotate.mentions import build_index, find_mentions
from sitegen.annotate.tidy import abbreviates_common_noun, date_pieces, event_pieces, is_dated
from sitegen.model import EntityRegistry
from tests.annotate.handmade import Tok, make_doc


@pytest.mark.parametrize(
    "surface",
    ["November 22nd", "2014", "Friday", "last week", "yesterday", "the 1990s", "Christmas Eve", "22:30",
     "the 20th century", "the end of the year", "early March"],
)  # fmt: skip
def test_tidy_anchored_times_are_dates(surface: str) -> None:
    assert is_dated(surface)


@pytest.mark.parametrize(
    "surface", ["hours rather than days", "each day", "evening", "three months of night", "48 hours", "the day"]
)
def test_tidy_durations_and_frequencies_are_not_dates(surface: str) -> None:
    assert not is_dated(surface)


def test_tidy_weekday_and_date_are_two_mentions() -> None:
    text = "on Tuesday, June 19, 2018 it rained"
    start = text.index("Tuesday")
    pieces = date_pieces(text, start, text.index(" it"))
    assert [text[p.start : p.end] for p in pieces] == ["Tuesday", "June 19, 2018"]
    assert date_pieces("for hours", 4, 9) == []


@pytest.mark.parametrize(
    ("text", "marked", "expected"),
    [
        ("open from November 20 to December 11.", "November 20 to December 11", ["November 20", "December 11"]),
        ("open January 23 - March 9 2014.", "January 23 - March 9 2014", ["January 23", "March 9 2014"]),
        ("built between July 2003 and 2004.", "between July 2003 and 2004", ["July 2003", "2004"]),
        ("seen on Thursday night.", "Thursday", ["Thursday night"]),
        ("seen yesterday afternoon.", "yesterday", ["yesterday afternoon"]),
        ("seen on March 3 night after night.", "March 3", ["March 3"]),  # only after a day's name
        ("from March to the end.", "March to the end", ["March to the end"]),  # one end no date: one mention
    ],
)
def test_tidy_ranges_are_two_dates_and_a_part_of_day_joins_its_day(text: str, marked: str, expected: list[str]) -> None:
    start = text.index(marked)
    pieces = date_pieces(text, start, start + len(marked))
    assert [text[p.start : p.end] for p in pieces] == expected


def test_tidy_a_year_before_an_event_is_a_date_of_its_own() -> None:
    text = "after the 2014 Maidan protests and the 1990s Balkan wars"
    start = text.index("2014")
    pieces = event_pieces(text, start, text.index(" and"))
    assert [(text[p.start : p.end], p.kind) for p in pieces] == [("2014", "date"), ("Maidan protests", "")]
    start = text.index("1990s")
    assert [(p.start, p.end, p.kind) for p in event_pieces(text, start, len(text))] == [(start, len(text), "")]


def test_tidy_an_acronym_of_a_common_noun_is_no_name() -> None:
    text = "the special military operation (SVO) and the World Health Organization (WHO)"
    svo, who = text.index("SVO"), text.index("WHO")
    assert abbreviates_common_noun(text, svo, svo + 3)
    assert not abbreviates_common_noun(text, who, who + 3)


def test_tidy_title_is_the_role_not_the_name() -> None:
    doc = make_doc(
        [
            Tok("Defence", 1, "compound", "PROPN"),
            Tok("Minister", 3, "compound", "PROPN"),
            Tok("Sergei", 3, "compound", "PROPN"),
            Tok("Shoigu", 4, "nsubj", "PROPN"),
            Tok("spoke", 4, "ROOT", "VERB", space=False),
            Tok(".", 4, "punct", "PUNCT"),
            Tok("Defender", 7, "compound", "PROPN"),
            Tok("Hassan", 8, "compound", "PROPN"),
            Tok("Abbas", 9, "nsubj", "PROPN"),
            Tok("scored", 9, "ROOT", "VERB", space=False),
            Tok(".", 9, "punct", "PUNCT"),
        ],
        ents=[(2, 4, "PERSON"), (6, 9, "PERSON")],
    )
    found = find_mentions(doc, build_index(EntityRegistry()), keep_numbers=False)
    assert [(m.name, dict(m.extra).get("role")) for m in found] == [
        ("Sergei Shoigu", "Defence Minister"),
        ("Hassan Abbas", "Defender"),
    ]
