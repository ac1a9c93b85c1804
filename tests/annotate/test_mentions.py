"""Entity mentions: registry first, clean spans, one identity per name."""

from __future__ import annotations

import pytest

from sitegen.annotate.consolidate import consolidate
from sitegen.annotate.entities import mention_proposal
from sitegen.annotate.mentions import Mention, build_index, find_mentions, link_short_names, registry_mentions
from sitegen.annotate.spans import clean_entity_span, slugify
from sitegen.model import Entity, EntityRegistry, Origin, Proposal, make_attrs
from tests.annotate.handmade import Tok, make_doc

REGISTRY = EntityRegistry(
    (
        Entity("kyiv", "Kyiv", "place", ("Kiev",)),
        Entity("donbas", "Donbas", "place", ("Donbass",)),
        Entity("kostiantynivka", "Kostiantynivka", "place", ("Konstantinovka",)),
    )
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kyiv’s", "Kyiv"),
        ("the Kremlin's", "Kremlin"),
        ("The Kremlin", "Kremlin"),
        ("Moscow,", "Moscow"),
        ("Headline\nUkraine", "Headline"),
        ("the U.S. army", "the U.S. army"),
    ],
)
def test_spans_clean_entity_span(text: str, expected: str) -> None:
    if text == "the U.S. army":
        start, end = clean_entity_span(text, 0, len("the U.S"))
        assert text[start:end] == "U.S."
        return
    start, end = clean_entity_span(text, 0, len(text))
    assert text[start:end] == expected


def test_spans_clean_entity_span_drops_the_inside_a_sentence() -> None:
    text = "Visas to enter the United States were denied by the State Department's office."
    for surface, expected in (("the United States", "United States"), ("the State Department's", "State Department")):
        start = text.index(surface)
        trimmed = clean_entity_span(text, start, start + len(surface))
        assert text[slice(*trimmed)] == expected


def test_spans_slugify() -> None:
    assert slugify("Andrew Marochko") == "andrew-marochko"
    assert slugify("Donetsk People’s Republic") == "donetsk-peoples-republic"
    assert slugify("Kostiantynivka") == "kostiantynivka"


def test_mentions_registry_aliases_always_found() -> None:
    text = "Kiev and Kyiv; Donbass, Donbas. Konstantinovka’s people"
    found = registry_mentions(text, build_index(REGISTRY))
    assert [(text[m.start : m.end], m.entity_id) for m in found] == [
        ("Kiev", "kyiv"),
        ("Kyiv", "kyiv"),
        ("Donbass", "donbas"),
        ("Donbas", "donbas"),
        ("Konstantinovka", "kostiantynivka"),
    ]
    assert all(m.type == "place" and m.rule == "registry" for m in found)


def test_mentions_registry_names_follow_the_span_convention() -> None:
    registry = EntityRegistry(
        (
            Entity("vladimir-putin", "Vladimir Putin", "person", ("Putin", "President Vladimir Putin")),
            Entity("speaker", "Speaker", "person"),
            Entity("maidan", "2014 Maidan revolution", "event", ("2014 Maidan protests",)),
            Entity("kostiantynivka", "Kostiantynivka", "place", ("Konstantinovka’s",)),
        )
    )
    text = "President Vladimir Putin met the Speaker; Putin left Konstantinovka’s ruins after the 2014 Maidan protests."
    found = registry_mentions(text, build_index(registry))
    assert [(text[m.start : m.end], m.entity_id, m.type, dict(m.extra).get("role")) for m in found] == [
        ("Vladimir Putin", "vladimir-putin", "person", "President"),
        ("Speaker", "speaker", "person", None),  # a name that is only a title stays whole
        ("Putin", "vladimir-putin", "person", None),
        ("Konstantinovka", "kostiantynivka", "place", None),  # the possessive outside, as for the model's
        ("2014", "2014", "date", None),
        ("Maidan protests", "maidan", "event", None),
    ]


def test_mentions_registry_wins_over_model_and_numbers_dropped() -> None:
    doc = make_doc(
        [
            Tok("Kyiv", 1, "nsubj", "PROPN"),
            Tok("sent", 1, "ROOT", "VERB"),
            Tok("500", 3, "nummod", "NUM"),
            Tok("tanks", 1, "dobj", "NOUN", space=False),
            Tok(".", 1, "punct", "PUNCT", space=False),
        ],
        ents=[(0, 1, "PERSON"), (2, 3, "CARDINAL")],
    )
    found = find_mentions(doc, build_index(REGISTRY), keep_numbers=False)
    assert [(m.entity_id, m.type, m.rule) for m in found] == [("kyiv", "place", "registry")]
    kept = find_mentions(doc, build_index(REGISTRY), keep_numbers=True)
    assert [m.type for m in kept] == ["place", "other"]


def test_mentions_surname_of_two_full_names_is_a_person_of_its_own() -> None:
    text = "Kristin Wilkins and Kristen Wilkins met. Wilkins left."

    def mention(surface: str, kind: str, start: int = 0) -> Mention:
        at = text.index(surface, start)
        return Mention(at, at + len(surface), slugify(surface), kind, surface, f"ner:{kind}", 0.7)

    found = link_short_names(
        [
            mention("Kristin Wilkins", "person"),
            mention("Kristen Wilkins", "person"),
            mention("Wilkins", "organisation", text.index(". ")),
        ],
        text,
    )
    assert (found[2].type, found[2].entity_id) == ("person", "wilkins")  # no identity to pick, the type is clear


def test_mentions_surname_takes_full_name_identity() -> None:
    doc = make_doc(
        [
            Tok("Andrew", 1, "compound", "PROPN"),
            Tok("Marochko", 2, "nsubj", "PROPN"),
            Tok("spoke", 2, "ROOT", "VERB", space=False),
            Tok(".", 2, "punct", "PUNCT"),
            Tok("Marochko", 5, "nsubj", "PROPN"),
            Tok("left", 5, "ROOT", "VERB", space=False),
            Tok(".", 5, "punct", "PUNCT", space=False),
        ],
        ents=[(0, 2, "PERSON"), (4, 5, "ORG")],
    )
    found = find_mentions(doc, build_index(EntityRegistry()), keep_numbers=False)
    assert [(m.entity_id, m.type, m.name) for m in found] == [
        ("andrew-marochko", "person", "Andrew Marochko"),
        ("andrew-marochko", "person", "Andrew Marochko"),
    ]


def _entity(text: str, surface: str, kind: str, occurrence: int = 0) -> Proposal:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(surface, start + 1)
    mention = Mention(start, start + len(surface), slugify(surface), kind, surface, f"ner:{kind}", 0.7)
    return mention_proposal(mention)


def test_consolidate_majority_type_across_archive() -> None:
    texts = ["Kyiv said. Kyiv is far.", "Kyiv again."]
    results = [
        (_entity(texts[0], "Kyiv", "person"), _entity(texts[0], "Kyiv", "place", 1)),
        (_entity(texts[1], "Kyiv", "place"),),
    ]
    settled = consolidate(texts, results)
    assert {p.attr("entity_type") for doc in settled for p in doc} == {"place"}


def test_consolidate_surname_relinks_claim_source() -> None:
    texts = ["Vladimir Putin spoke.", "Putin said so."]
    claim = Proposal(
        "claim",
        0,
        14,
        (),
        make_attrs(source_entity="putin", source_name="Putin", source_kind="named"),
        (Origin("machine", "claims.rules", "1", "say:ccomp"),),
        0.8,
    )
    results = [(_entity(texts[0], "Vladimir Putin", "person"),), (_entity(texts[1], "Putin", "person"), claim)]
    settled = consolidate(texts, results)
    assert settled[1][0].attr("entity_id") == "vladimir-putin"
    assert settled[1][1].attr("source_entity") == "vladimir-putin"
    assert settled[1][1].attr("source_name") == "Vladimir Putin"
