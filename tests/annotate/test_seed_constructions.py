"""The seed errors of issue #21, in new sentences: the real model, so the same constructions come
out right in documents nobody has curated."""

from __future__ import annotations

import pytest

from sitegen.annotate.claims import _trimmed, headline_end
from sitegen.annotate.frames import Frame
from sitegen.annotate.pipeline import annotate_with
from sitegen.config import AnnotateConfig
from sitegen.model import EntityRegistry, Proposal


def proposals(text: str) -> tuple[Proposal, ...]:
    (found,) = annotate_with([text], EntityRegistry(), AnnotateConfig(), None)
    return found


def said(text: str, p: Proposal, role: str) -> str:
    part = p.part(role)
    return text[part.start : part.end] if part else ""


def claims(text: str) -> list[tuple[str, str, str]]:
    return [
        (said(text, p, "source"), said(text, p, "cue"), said(text, p, "content"))
        for p in proposals(text)
        if p.kind == "claim"
    ]


@pytest.mark.model
def test_seed_constructions_participle_after_a_relative_clause_belongs_to_its_subject():
    text = (
        "The ministry has accused the mayor of hiding the losses, a charge that the mayor denies, "
        "arguing that the figures were published in full."
    )
    arguing = [c for c in claims(text) if c[1] == "arguing"]
    assert arguing == [("the mayor", "arguing", "that the figures were published in full")]


@pytest.mark.model
def test_seed_constructions_others_condemning_is_said_by_the_others():
    text = (
        "The region remains divided, with some towns siding with the governor’s account of events "
        "and others condemning the decision as unlawful."
    )
    condemning = [c for c in claims(text) if c[1] == "condemning"]
    assert [c[0] for c in condemning] == ["others"]


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "Aid is arriving, even as the shelling shows no signs of abating.",
        "The old bridge still bears the scars of the last flood.",
    ],
)
def test_seed_constructions_verbs_of_state_are_not_claims(text):
    assert claims(text) == []


@pytest.mark.model
def test_seed_constructions_a_headline_is_never_inside_a_claim():
    text = "Sudden Retreat in Donetsk as Reports Surface\nOfficials said the town fell overnight.\n"
    end = headline_end(text)
    assert end == text.index("\n")
    assert all(not p.start < end < p.end for p in proposals(text) if p.kind == "claim")


def test_seed_constructions_content_never_starts_at_a_closing_quote():
    text = "He called it ‘the key.’ This assertion reflects the view that the city matters."
    start = text.index("’ This")
    frame = Frame((0, 2), None, ((start, len(text)),), "test", 0.8, 0)
    (content,) = _trimmed(text, frame).content
    assert text[content[0] :].startswith("This assertion")


@pytest.mark.model
def test_seed_constructions_a_denial_disputes_the_claim_it_names_or_none():
    other = (
        "The factory owner said that wages were paid on time. The union denied the report that wages had been withheld."
    )
    assert [p for p in proposals(other) if p.kind == "dispute"] == []
    named = (
        "A local paper reported that wages had been withheld for months. "
        "The union denied the report that wages had been withheld."
    )
    (dispute,) = [p for p in proposals(named) if p.kind == "dispute"]
    assert named[dispute.start : dispute.end] == "that wages had been withheld for months"
    assert said(named, dispute, "disputant") == "The union"
