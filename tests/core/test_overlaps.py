"""One annotation per passage: near-duplicates merge, curated wins, history is kept (#21)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.analyse.merge import merge
from sitegen.analyse.overlaps import near_duplicates, settle_near_duplicates
from sitegen.curate.anchor import anchor_file
from sitegen.curate.curated import CuratedFile, load_annotation_file
from sitegen.errors import Diagnostics
from sitegen.model import AnnotatedDoc, EntityRegistry, Origin, Part, Proposal, SourceDoc, SourceFile
from sitegen.sources.read import read_document

ROOT = Path(__file__).resolve().parents[2]
MACHINE = Origin("machine", "claims.rules", "3", "test")
CURATED = Origin("curated", "content/annotations/x.yml", "", "add", 3)


# --- The invariant, for any set of claims and disputes --------------------------------------


@st.composite
def proposals(draw: st.DrawFn) -> Proposal:
    kind = draw(st.sampled_from(["claim", "dispute"]))
    start = draw(st.integers(0, 60))
    end = draw(st.integers(start + 1, start + 40))
    parts = []
    if draw(st.booleans()):
        cue = draw(st.integers(start, end - 1))
        parts.append(Part("cue", cue, min(end, cue + draw(st.integers(1, 6)))))
    if kind == "claim" and draw(st.booleans()):
        content = draw(st.integers(start, end - 1))
        parts.append(Part("content", content, end))
    origin = draw(st.sampled_from([MACHINE, CURATED, Origin("machine", "disputes.rules", "2", "hedge")]))
    confidence = draw(st.sampled_from([0.5, 0.7, 0.85, 1.0]))
    return Proposal(kind, start, end, tuple(parts), (), (origin,), confidence)


@settings(max_examples=300, deadline=None)
@given(st.lists(proposals(), max_size=12))
def test_overlaps_no_two_near_duplicates_survive_and_nothing_is_forgotten(found):
    settled = settle_near_duplicates(tuple(found))
    for i, a in enumerate(settled):
        for b in settled[i + 1 :]:
            assert not near_duplicates(a, b), (a, b)
    # every origin of every input is in the history of some survivor
    kept = {o for p in settled for o in p.provenance}
    assert {o for p in found for o in p.provenance} <= kept
    # a survivor is one of the inputs' spans, and no reviewed passage becomes a proposal
    assert {(p.kind, p.start, p.end, p.parts) for p in settled} <= {(p.kind, p.start, p.end, p.parts) for p in found}
    for p in found:
        if p.review == "reviewed":
            assert any(q.review == "reviewed" and (q == p or near_duplicates(p, q)) for q in settled)


@settings(max_examples=100, deadline=None)
@given(st.lists(proposals(), max_size=10))
def test_overlaps_kept_apart_annotations_are_never_merged(found):
    apart = {(p.kind, p.start, p.end) for p in found if p.review == "reviewed"}
    settled = settle_near_duplicates(tuple(found), apart)
    assert apart <= {(p.kind, p.start, p.end) for p in settled}


def test_overlaps_curated_wins_and_keeps_the_machine_history():
    machine = Proposal("claim", 0, 20, (Part("cue", 5, 9), Part("content", 10, 20)), (), (MACHINE,), 0.85)
    curated = Proposal("claim", 0, 21, (Part("cue", 5, 14), Part("content", 15, 21)), (), (CURATED,), 1.0)
    (winner,) = settle_near_duplicates((machine, curated))
    assert (winner.start, winner.end, winner.parts) == (curated.start, curated.end, curated.parts)
    assert winner.provenance == (MACHINE, CURATED)
    assert winner.review == "reviewed"


def test_overlaps_different_claims_in_one_sentence_stay_apart():
    said = Proposal("claim", 0, 30, (Part("cue", 4, 8), Part("content", 9, 30)), (), (MACHINE,), 0.85)
    warned = Proposal("claim", 0, 60, (Part("cue", 35, 41), Part("content", 42, 60)), (), (MACHINE,), 0.85)
    assert len(settle_near_duplicates((said, warned))) == 2


# --- The seed twins of issue #21: the machine's proposals as its annotators made them ---------


def seed(slug: str) -> tuple[SourceDoc, CuratedFile]:
    diagnostics = Diagnostics()
    doc = read_document(ROOT, SourceFile(f"seeds/{slug}.txt", "seed"), None, diagnostics)
    return doc, load_annotation_file(ROOT, f"content/annotations/{slug}.yml", diagnostics)


def machine(text: str, kind: str, quote: str, rule: str, **parts: str) -> Proposal:
    start = text.index(quote)
    made = []
    for role, exact in parts.items():
        at = text.index(exact, start - 200 if role in ("cue", "disputant") else start)
        made.append(Part(role, at, at + len(exact)))
    return Proposal(kind, start, start + len(quote), tuple(made), (), (Origin("machine", "x", "1", rule),), 0.85)


def merged(slug: str, *found: Proposal) -> AnnotatedDoc:
    doc, curated = seed(slug)
    diagnostics = Diagnostics()
    anchored = anchor_file(doc, curated, diagnostics)
    return merge(doc, tuple(found), anchored, EntityRegistry(), diagnostics)


def over(doc: AnnotatedDoc, kind: str, words: str):
    at = doc.source.text.index(words)
    return [a for a in doc.annotations if a.kind == kind and a.start <= at and at + len(words) <= a.end]


def test_overlaps_seed_twin_belousov_key_to_the_last_bastion():
    slug = "003_c01150496b76e7b6"
    text = seed(slug)[0].text
    stating = machine(
        text,
        "claim",
        "Defence Minister Andrei Belousov has emphasized the city’s symbolic and strategic importance, stating "
        "that Konstantinovka is ‘the key to the last bastion of Kiev in Donbas",
        "state:ccomp",
        source="Defence Minister Andrei Belousov",
        cue="stating",
        content="that Konstantinovka is ‘the key to the last bastion of Kiev in Donbas",
    )
    doc = merged(slug, stating)
    (claim,) = over(doc, "claim", "the key to the last bastion of Kiev in Donbas")
    assert claim.review == "reviewed"
    assert [o.rule for o in claim.provenance] == ["state:ccomp", "add"]


def test_overlaps_seed_twin_marochko_intense_and_serious():
    slug = "003_c01150496b76e7b6"
    text = seed(slug)[0].text
    described = machine(
        text,
        "claim",
        "Marochko described the fighting as ‘intense and serious",
        "describe:dobj",
        source="Marochko",
        cue="described",
        content="the fighting as ‘intense and serious",
    )
    doc = merged(slug, described)
    at = text.index("intense and serious")
    claims = [c for c in doc.annotations if c.kind == "claim" and c.part("content").start <= at < c.part("content").end]
    assert [text[c.part("cue").start : c.part("cue").end] for c in claims] == ["described"]
    assert claims[0].review == "reviewed"


def test_overlaps_seed_twin_disputes_of_kimakovski():
    slug = "000_9be2b83fb5a5b46a"
    text = seed(slug)[0].text
    denied = machine(
        text,
        "dispute",
        "some Ukrainian units were reportedly abandoning wounded comrades as they retreated from the area",
        "deny:dismiss",
        disputant="Ukrainian officials",
        cue="dismissing the claims as disinformation",
    )
    doc = merged(slug, denied)
    (dispute,) = over(doc, "dispute", "abandoning wounded comrades")
    assert dispute.review == "reviewed"
    assert [o.rule for o in dispute.provenance] == ["deny:dismiss", "add"]


def test_overlaps_keep_overlaps_keeps_a_curated_twin(tmp_path):
    from tests.conftest import write

    write(tmp_path, "seeds/a.txt", "Ann said the bridge is closed, and the bridge is closed today, Bob said.\n")
    write(
        tmp_path,
        "content/annotations/a.yml",
        "annotations:\n"
        "  - kind: claim\n    quote: Ann said the bridge is closed\n"
        "    parts: {source: Ann, cue: said, content: the bridge is closed}\n"
        "  - kind: claim\n    quote: Ann said the bridge\n    keep_overlaps: true\n"
        "    parts: {source: Ann, cue: said, content: the bridge}\n",
    )
    diagnostics = Diagnostics()
    doc = read_document(tmp_path, SourceFile("seeds/a.txt", "seed"), None, diagnostics)
    curated = load_annotation_file(tmp_path, "content/annotations/a.yml", diagnostics)
    made = merge(doc, (), anchor_file(doc, curated, diagnostics), EntityRegistry(), diagnostics)
    assert len([a for a in made.annotations if a.kind == "claim"]) == 2
    assert not diagnostics.errors


def test_overlaps_keep_overlaps_is_refused_on_a_confirmation(tmp_path):
    from tests.conftest import write

    write(
        tmp_path,
        "content/annotations/a.yml",
        "annotations:\n  - kind: claim\n    action: confirm\n    quote: Ann said\n    keep_overlaps: true\n",
    )
    diagnostics = Diagnostics()
    load_annotation_file(tmp_path, "content/annotations/a.yml", diagnostics)
    (problem,) = diagnostics.errors
    assert "keep_overlaps" in str(problem) and "a.yml:2" in str(problem)
