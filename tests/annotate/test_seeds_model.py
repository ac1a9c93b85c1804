"""The real model on the two seed documents: contract checks and a quality floor against our gold."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sitegen.annotate.pipeline import annotate_documents
from sitegen.config import AnnotateConfig
from sitegen.evaluate.gold import read_gold
from sitegen.evaluate.mention_classes import NOTHING
from sitegen.evaluate.runner import evaluate
from sitegen.model import ENTITY_TYPES, DocMeta, Entity, EntityRegistry, Proposal, SourceDoc

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
GOLD = ROOT / "tests" / "gold"
REGISTRY = EntityRegistry(
    (
        Entity("kyiv", "Kyiv", "place", ("Kiev",)),
        Entity("donbas", "Donbas", "place", ("Donbass",)),
        Entity("kostiantynivka", "Kostiantynivka", "place", ("Konstantinovka",)),
    )
)
FLOOR = {"claims": (0.88, 0.85), "entities": (0.95, 0.95), "disputes": (0.95, 0.80)}
"""Per kind (precision, F1) reached on the seed gold, less a small margin."""

pytestmark = pytest.mark.model


def _seed_docs() -> list[SourceDoc]:
    docs = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        docs.append(SourceDoc(path.stem, f"seeds/{path.name}", "text", text.encode(), "", text, "", (), DocMeta(), ""))
    return docs


@pytest.fixture(scope="module")
def annotated() -> list[tuple[SourceDoc, tuple[Proposal, ...]]]:
    docs = _seed_docs()
    return list(zip(docs, annotate_documents(docs, REGISTRY, AnnotateConfig(), None), strict=True))


def test_seeds_proposals_honour_the_contract(annotated: list[tuple[SourceDoc, tuple[Proposal, ...]]]) -> None:
    for doc, proposals in annotated:
        assert proposals
        for p in proposals:
            assert 0 <= p.start < p.end <= len(doc.text)
            assert all(0 <= part.start < part.end <= len(doc.text) for part in p.parts)
            assert p.kind in ("entity", "claim", "dispute")
            assert p.provenance[0].kind == "machine" and p.provenance[0].rule and 0 < p.confidence <= 1
            if p.kind == "entity":
                assert p.attr("entity_id") and p.attr("name") and p.attr("entity_type") in ENTITY_TYPES
            if p.kind == "claim":
                assert p.part("cue") and p.part("content")
                assert (p.start, p.end) == (min(x.start for x in p.parts), max(x.end for x in p.parts))
            if p.kind == "dispute":
                assert p.attr("reason") in ("denied", "unverified", "contradicted") and p.part("cue")


def test_seeds_registry_names_are_found_with_their_type(
    annotated: list[tuple[SourceDoc, tuple[Proposal, ...]]],
) -> None:
    for doc, proposals in annotated:
        entities = {
            (doc.text[p.start : p.end], p.attr("entity_id"), p.attr("entity_type"))
            for p in proposals
            if p.kind == "entity"
        }
        for surface in ("Kyiv", "Kiev", "Donbass", "Donbas", "Konstantinovka"):
            if re.search(rf"\b{surface}\b", doc.text):
                assert any(s == surface and t == "place" for s, _, t in entities), surface
        assert not any(s in ("Kyiv", "Kiev") and i != "kyiv" for s, i, _ in entities)


def test_seeds_sources_are_linked_and_resolved(annotated: list[tuple[SourceDoc, tuple[Proposal, ...]]]) -> None:
    claims = [(doc.text, p) for doc, proposals in annotated for p in proposals if p.kind == "claim"]
    by_source = {text[p.part("source").start : p.part("source").end]: p for text, p in claims if p.part("source")}
    his = by_source["His administration"]
    assert his.attr("source_kind") == "pronoun" and his.attr("source_entity") == "vladimir-putin"
    assert by_source["Marochko"].attr("source_entity") == "andrew-marochko"
    marochko = next(p for text, p in claims if p.part("intermediary"))
    part = marochko.part("intermediary")
    assert part is not None
    assert any(text[part.start : part.end] == "Tass" for text, _ in claims)
    assert by_source["sources close to the Russian government"].attr("source_kind") == "unnamed"


def test_seeds_quality_does_not_drop() -> None:
    report = evaluate(list(read_gold(SEEDS, GOLD)), AnnotateConfig(), REGISTRY)
    assert report.relations is not None
    scores = {
        "claims": report.relations.relations,
        "entities": report.mentions["exact+type"],
        "disputes": report.disputes["overlap+reason"],
    }
    for kind, counts in scores.items():
        precision, f1 = FLOOR[kind]
        assert counts.precision >= precision and counts.f1 >= f1, f"{kind}: {counts.row()}"
    junk = [e.snippet for e in report.examples if e.kind == "entity" and e.group == NOTHING["fp"]]
    assert junk == [], "entities where the gold has none"
