"""Claims found on hand-built parses: cue, source, content and how the source is resolved."""

from __future__ import annotations

from sitegen.annotate import claims
from sitegen.annotate.component import Context
from sitegen.annotate.mentions import build_index, find_mentions
from sitegen.config import AnnotateConfig
from sitegen.model import EntityRegistry, Proposal
from tests.annotate.handmade import (
    according_to,
    analysts_said,
    as_tass_noted,
    asked_whether,
    claim_that,
    headline,
    in_a_poll,
    officials_urging,
    putin_then_he,
    said_and_said,
)


def _claims(doc: object) -> tuple[Proposal, ...]:
    mentions = find_mentions(doc, build_index(EntityRegistry()), keep_numbers=False)  # type: ignore[arg-type]
    context = Context(doc.text, AnnotateConfig(), mentions, ())  # type: ignore[attr-defined]
    return claims.run(doc, context)  # type: ignore[arg-type]


def _part(text: str, proposal: Proposal, role: str) -> str:
    part = proposal.part(role)
    return text[part.start : part.end] if part else ""


def test_claims_said_that_has_source_cue_content() -> None:
    doc = analysts_said()
    (claim,) = _claims(doc)
    assert _part(doc.text, claim, "source") == "Analysts"
    assert _part(doc.text, claim, "cue") == "said"
    assert _part(doc.text, claim, "content") == "that Kyiv is strong"
    assert claim.attr("source_kind") == "unnamed"
    assert claim.provenance[0].name == "claims.rules" and claim.provenance[0].rule == "say:ccomp"
    assert (claim.start, claim.end) == (0, len("Analysts said that Kyiv is strong"))


def test_claims_according_to_links_named_source() -> None:
    doc = according_to()
    (claim,) = _claims(doc)
    assert _part(doc.text, claim, "cue") == "According to"
    assert _part(doc.text, claim, "source") == "Marochko"
    assert _part(doc.text, claim, "content") == "the city remains volatile"
    assert claim.attr("source_kind") == "named"
    assert claim.attr("source_entity") == "marochko"


def test_claims_pronoun_source_resolves_to_earlier_person() -> None:
    doc = putin_then_he()
    (claim,) = _claims(doc)
    assert _part(doc.text, claim, "source") == "He"
    assert claim.attr("source_kind") == "pronoun"
    assert claim.attr("resolved_from") == "He"
    assert claim.attr("source_entity") == "vladimir-putin"
    assert claim.attr("source_name") == "Vladimir Putin"


def test_claims_inside_quotation_are_not_proposed() -> None:
    from sitegen.annotate.quotes import inside, quoted_regions

    text = 'He said: "I think we will win," and left.\n"Open quote runs on'
    regions = quoted_regions(text)
    assert inside(regions, text.index("think"), text.index("think") + 5)
    assert not inside(regions, text.index("said"), text.index("said") + 4)
    assert inside(regions, text.index("runs"), text.index("runs") + 4)


def _parts(doc: object, proposal: Proposal) -> tuple[str, str, str, str]:
    text = doc.text  # type: ignore[attr-defined]
    rule = proposal.provenance[0].rule
    return rule, _part(text, proposal, "source"), _part(text, proposal, "cue"), _part(text, proposal, "content")


def test_claims_opening_participle_needs_no_source() -> None:
    doc = asked_whether()
    assert [_parts(doc, c) for c in _claims(doc)] == [("ask:ccomp", "", "Asked", "whether Kyiv is safe")]


def test_claims_as_clause_attributes_the_clause_around_it() -> None:
    doc = as_tass_noted()
    assert [_parts(doc, c) for c in _claims(doc)] == [("note:as_clause", "Tass", "noted", "the city is calm")]


def test_claims_noun_cue_with_possessive_source() -> None:
    doc = claim_that()
    assert [_parts(doc, c) for c in _claims(doc)] == [("claim:noun", "Putin's", "claim", "that Kyiv fell")]


def test_claims_in_a_poll_is_a_source() -> None:
    doc = in_a_poll()
    assert [_parts(doc, c) for c in _claims(doc)] == [("in_source", "a new poll", "In", "Kyiv leads the race")]


def test_claims_headline_colon_accepts_title_case_noun_but_not_kicker() -> None:
    doc = headline("Cruz")
    assert [_parts(doc, c) for c in _claims(doc)] == [("headline_colon", "Cruz", ":", "Kyiv will hold")]
    assert _claims(headline("Breaking")) == ()


def test_claims_second_said_inside_content_is_kept() -> None:
    doc = said_and_said()
    cues = [(_part(doc.text, c, "cue"), _part(doc.text, c, "content")) for c in _claims(doc)]
    assert cues == [("said", "Kyiv fell and said Odesa held"), ("said", "Odesa held")]


def test_claims_participle_takes_the_noun_it_modifies_as_source() -> None:
    doc = officials_urging()
    assert [_parts(doc, c) for c in _claims(doc)] == [("urge:dobj", "Officials", "urging", "restraint")]


def test_claims_closing_mark_at_a_word_start_opens_a_quotation() -> None:
    from sitegen.annotate.quotes import quoted_regions

    text = "”We stay,” said one. He left.\nOn ”paper” it held."
    regions = quoted_regions(text)
    assert (0, text.index(",”") + 2) in regions
    assert (text.index("”paper"), text.index("” it") + 1) in regions
