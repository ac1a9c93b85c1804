"""The two seed pages as published: every annotation reviewed, no twins, labels as the text
words them (#21). Built from the repository's own seeds and curated files with the real model."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from sitegen.analyse.overlaps import near_duplicates
from sitegen.model import Origin, Part, Proposal

SEEDS = ("000_9be2b83fb5a5b46a", "003_c01150496b76e7b6")

pytestmark = pytest.mark.model


def records(site: Path, slug: str) -> list[dict]:
    html = (site / "documents" / f"{slug}.html").read_text(encoding="utf-8")
    return json.loads(re.search(r'id="sitegen-annotations">(.*?)</script>', html, re.S).group(1))


def proposal(record: dict) -> Proposal:
    parts = tuple(Part(p["role"], p["start"], p["end"]) for p in record["parts"])
    origins = tuple(Origin(o["kind"], o["name"], o["version"], o["rule"], o["line"]) for o in record["provenance"])
    return Proposal(record["kind"], record["start"], record["end"], parts, (), origins, record["confidence"])


@pytest.mark.parametrize("slug", SEEDS)
def test_seed_review_every_annotation_is_reviewed(seed_site, slug):
    found = records(seed_site, slug)
    assert found
    assert [r["exact"] for r in found if r["review"] != "reviewed"] == []


@pytest.mark.parametrize("slug", SEEDS)
def test_seed_review_no_two_annotations_of_a_kind_over_the_same_passage(seed_site, slug):
    found = [proposal(r) for r in records(seed_site, slug)]
    twins = [(a, b) for i, a in enumerate(found) for b in found[i + 1 :] if near_duplicates(a, b)]
    assert twins == []


def test_seed_review_the_twins_of_the_issue_are_one_annotation_each(seed_site):
    def over(slug: str, kind: str, words: str) -> list[dict]:
        return [r for r in records(seed_site, slug) if r["kind"] == kind and words in r["exact"]]

    assert len(over("003_c01150496b76e7b6", "claim", "the key to the last bastion of Kiev in Donbas")) == 1
    described = [r for r in over("003_c01150496b76e7b6", "claim", "intense and serious") if "described" in r["exact"]]
    cues = [p["exact"] for r in described for p in r["parts"] if p["role"] == "cue" and "intense" not in p["exact"]]
    assert sorted(cues) == ["described", "noting"]
    assert len(over("000_9be2b83fb5a5b46a", "dispute", "abandoning wounded comrades")) == 1


def test_seed_review_labels_say_what_the_text_says(seed_site):
    pages = {slug: (seed_site / "documents" / f"{slug}.html").read_text(encoding="utf-8") for slug in SEEDS}
    text = "".join(pages.values())
    assert "Claim by sources close to the Russian government" in text
    assert "Disputed (denied) by Ukrainian officials" in text
    for wrong in ("Claim by Russian<", 'Claim by Russian"', 'by Ukrainian"', "Claims by the fighting"):
        assert wrong not in text
    putin = (seed_site / "sources" / "vladimir-putin.html").read_text(encoding="utf-8")
    assert "unprovoked act of aggression" not in putin
    assert not (seed_site / "sources" / "russian.html").exists()
    ukraine = (seed_site / "sources" / "ukraine.html").read_text(encoding="utf-8")
    assert "unprovoked act of aggression" in ukraine
