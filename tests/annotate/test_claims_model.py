"""Claim rules on sentences we wrote, parsed by the real model: one case per mechanism."""

from __future__ import annotations

import pytest

from sitegen.annotate import claims
from sitegen.annotate.component import Context
from sitegen.annotate.mentions import build_index, find_mentions
from sitegen.annotate.nlp import load_model
from sitegen.config import AnnotateConfig
from sitegen.model import EntityRegistry, Proposal

pytestmark = pytest.mark.model


def _claims(text: str) -> list[tuple[str, str, str]]:
    """(cue, content, source) of every claim, content pieces joined by " | "."""
    settings = AnnotateConfig()
    doc = load_model(settings.model)(text)
    mentions = find_mentions(doc, build_index(EntityRegistry()), keep_numbers=False)
    found: tuple[Proposal, ...] = claims.run(doc, Context(text, settings, mentions, ()))
    return [
        (
            " ".join(text[p.start : p.end] for p in c.parts if p.role == "cue"),
            " | ".join(text[p.start : p.end] for p in c.parts if p.role == "content"),
            " ".join(text[p.start : p.end] for p in c.parts if p.role == "source"),
        )
        for c in found
    ]


def _cues(text: str) -> list[str]:
    return [cue for cue, _, _ in _claims(text)]


def test_claims_model_quotation_runs_on_after_the_cue() -> None:
    text = "“We will hold the line,” the mayor said. “Nobody is leaving this city.”\n\nThe weather was cold."
    ((cue, content, source),) = _claims(text)
    assert (cue, source) == ("said", "the mayor")
    assert content == "“We will hold the line,” | “Nobody is leaving this city.”"


def test_claims_model_run_on_stops_at_another_speaker() -> None:
    text = "“We will hold the line,” the mayor said. “Nobody is leaving,” the governor added."
    found = _claims(text)
    assert [(cue, content) for cue, content, _ in found] == [
        ("said", "“We will hold the line,”"),
        ("added", "“Nobody is leaving,”"),
    ]


def test_claims_model_content_ends_with_the_quotation_it_opens() -> None:
    text = "The editors wrote that he “has offended voters, veterans and his own party, and he cannot win.”"
    ((_, content, _),) = _claims(text)
    assert content == "that he “has offended voters, veterans and his own party, and he cannot win.”"
