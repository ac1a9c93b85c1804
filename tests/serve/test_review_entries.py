"""Review decisions → curated entries, checked through the real writer, loader, anchoring and
merge: an accepted proposal comes out exactly as the machine made it, a rejected one is gone,
a correction lands where the editor selected (no spaCy: the proposals are made by hand)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from sitegen.analyse.merge import merge
from sitegen.curate.anchor import anchor_file
from sitegen.curate.curated import parse_annotation_text
from sitegen.curate.edit import append_entry
from sitegen.errors import Diagnostics
from sitegen.model import AnnotatedDoc, Annotation, DocMeta, Entity, EntityRegistry, Origin, Part, Proposal, SourceDoc
from sitegen.serve.review.entries import (
    PROPOSED,
    REVIEWED,
    Decision,
    Edit,
    Span,
    accept,
    check_edit,
    correct,
    reject,
    review_state,
)

TEXT = (
    "Kiev held. The ministry said the troops held their lines near Kiev. "
    "The ministry said the troops held their lines near Kiev. Acme Corp denied it."
)
REGISTRY = EntityRegistry((Entity("kyiv", "Kyiv", "place", ("Kiev",)), Entity("acme", "Acme Corp", "organisation")))
MACHINE = Origin("machine", "test", "1", "rule")


def doc() -> SourceDoc:
    raw = TEXT.encode()
    return SourceDoc("report", "seeds/report.txt", "text", raw, "0" * 64, TEXT, "", (), DocMeta(), "Report")


def at(needle: str, occurrence: int = 1) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence):
        start = TEXT.index(needle, start + 1)
    return start, start + len(needle)


Spans = dict[str, tuple[int, int]]


def proposal(kind: str, span: tuple[int, int], parts: Spans | None = None, **attrs: str) -> Proposal:
    made = tuple(Part(role, *where) for role, where in sorted((parts or {}).items(), key=lambda p: p[1]))
    return Proposal(kind, *span, made, tuple(sorted(attrs.items())), (MACHINE,), 0.8)


def merged(machine: tuple[Proposal, ...], decision: Decision) -> AnnotatedDoc:
    """The document as the build merges it with the file the review desk would write."""
    diagnostics = Diagnostics()
    curated = parse_annotation_text(append_entry(None, decision.entry, "seeds/report.txt").text, "a.yml", diagnostics)
    anchored = anchor_file(doc(), curated, diagnostics)
    result = merge(doc(), machine, anchored, REGISTRY, diagnostics)
    assert not diagnostics.items, [str(d) for d in diagnostics.items]
    return result


def annotation(made: Proposal) -> Annotation:
    """What merging ``made`` alone gives (ids, links)."""
    (found,) = merge(doc(), (made,), (), REGISTRY, Diagnostics()).annotations
    return found


def same_but_provenance(a: Annotation, b: Annotation) -> bool:
    return replace(a, provenance=(), confidence=0) == replace(b, provenance=(), confidence=0)


CLAIM = proposal(
    "claim",
    at("The ministry said the troops held their lines near Kiev", 2),
    {"source": at("The ministry", 2), "cue": at("said", 2), "content": at("the troops held their lines near Kiev", 2)},
    source_kind="unnamed",
)
ENTITIES = [
    proposal("entity", at("Kiev", 2), entity_id="kyiv", name="Kyiv", entity_type="place"),  # the registry, by alias
    proposal("entity", at("Acme Corp"), entity_id="acme", name="Acme Corp", entity_type="person"),  # retyped
    proposal("entity", at("ministry"), entity_id="ministry", name="ministry", entity_type="other"),  # the defaults
    proposal("entity", at("troops"), entity_id="troops", name="troops", entity_type="group"),  # a type only
    proposal("entity", at("Kiev"), entity_id="kiev-city", name="Kiev city", entity_type="place"),  # not the registry's
]


@pytest.mark.parametrize("made", [CLAIM, *ENTITIES], ids=["claim", "alias", "retyped", "default", "typed", "other"])
def test_review_accept_keeps_the_machine_annotation_exactly(made: Proposal) -> None:
    (result,) = merged((made,), accept(TEXT, annotation(made), REGISTRY)).annotations
    assert same_but_provenance(result, annotation(made))
    assert [o.kind for o in result.provenance] == ["machine", "curated"]
    assert review_state(result) == REVIEWED and review_state(annotation(made)) == PROPOSED


def test_review_accept_writes_no_more_than_the_merge_needs() -> None:
    entry = accept(TEXT, annotation(ENTITIES[0]), REGISTRY).entry
    assert (entry.entity, entry.type, entry.attrs) == ("kyiv", "", ())
    assert (entry.quote, entry.occurrence) == ("Kiev", "") and entry.prefix + entry.suffix  # unique by context
    assert accept(TEXT, annotation(ENTITIES[2]), REGISTRY).entry.type == ""


def test_review_reject_suppresses_only_that_kind_and_span() -> None:
    entity = proposal("entity", at("The ministry", 2), entity_id="m", name="m", entity_type="group")
    result = merged((CLAIM, entity), reject(TEXT, annotation(CLAIM)))
    assert [a.kind for a in result.annotations] == ["entity"]


def test_review_correct_moves_span_and_parts_and_drops_stale_links() -> None:
    ann = replace(annotation(CLAIM), attrs=(("source_entity", "x"), ("source_kind", "unnamed"), ("topic", "war")))
    span = Span(*at("ministry said the troops held their lines", 2))
    parts = (("cue", Span(*at("said", 2))), ("source", Span(*at("ministry", 2))))
    decision = correct(TEXT, ann, Edit(span, parts))
    assert decision.entry.target is not None and decision.entry.action == "correct"
    (result,) = merged((CLAIM,), decision).annotations
    assert (result.start, result.end) == (span.start, span.end)
    assert {p.role: TEXT[p.start : p.end] for p in result.parts} == {"cue": "said", "source": "ministry"}
    assert result.attrs == (("topic", "war"),)


def test_review_correct_sets_reason_and_entity_fields() -> None:
    dispute = proposal("dispute", at("Kiev held"), {"cue": at("denied")}, reason="unverified")
    edit = Edit(Span(*at("Kiev held")), (("cue", Span(*at("denied"))), ("disputant", Span(*at("Acme Corp")))), "denied")
    (result,) = [a for a in merged((dispute,), correct(TEXT, annotation(dispute), edit)).annotations]
    assert result.attr("reason") == "denied" and result.attr("disputant_entity") == ""
    entity = ENTITIES[4]
    fixed = correct(TEXT, annotation(entity), Edit(Span(entity.start, entity.end), (), entity="kyiv", type="group"))
    (result,) = merged((entity,), fixed).annotations
    assert (result.attr("entity_id"), result.attr("entity_type")) == ("kyiv", "group")


@pytest.mark.parametrize(
    ("kind", "edit", "problem"),
    [
        ("claim", Edit(Span(5, 3), ()), "not a stretch of the text"),
        ("claim", Edit(Span(0, len(TEXT) + 1), ()), "not a stretch of the text"),
        ("claim", Edit(Span(4, 5), ()), "only whitespace"),
        ("claim", Edit(Span(0, 4), (("disputant", Span(0, 4)),)), "has no part 'disputant'"),
        ("claim", Edit(Span(0, 4), (), "denied"), "reason must be one of"),
        ("dispute", Edit(Span(0, 4), (), "false"), "reason must be one of"),
        ("entity", Edit(Span(0, 4), (), entity="atlantis"), "unknown entity id"),
        ("entity", Edit(Span(0, 4), (), type="planet"), "type must be one of"),
        ("claim", Edit(Span(0, 4), (), type="place"), "only an entity"),
        ("claim", Edit(Span(0, 4), (), texts=(("span", "Kyiv"),)), "do not hold the selected text"),
    ],
)
def test_review_edit_fields_are_checked_against_the_schema(kind: str, edit: Edit, problem: str) -> None:
    assert any(problem in found for found in check_edit(kind, edit, TEXT, REGISTRY))


def test_review_state_prefers_the_model_field() -> None:
    class Marked:
        review = "reviewed"
        provenance = (MACHINE,)

    assert review_state(Marked()) == REVIEWED  # type: ignore[arg-type]
