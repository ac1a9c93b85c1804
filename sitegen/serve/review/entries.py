"""A reviewer's decision on one annotation → the curated entry that records it (confirm,
suppress or correct), and the spans that entry must anchor to when read back."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sitegen.analyse.merge import entity_slug
from sitegen.curate.curated import CuratedEntry, QuoteSelector
from sitegen.curate.selectors import selector_for
from sitegen.model import ENTITY_TYPES, Annotation, EntityRegistry
from sitegen.render.labels import REASON_WORDS

PROPOSED, REVIEWED = "proposed", "reviewed"
ROLES = {"claim": ("source", "cue", "content", "intermediary"), "dispute": ("cue", "disputant"), "entity": ()}
"""The parts an editor may set, by kind (the roles the HTML contract names)."""
REASONS = tuple(REASON_WORDS)
ENTITY_ATTRS = ("entity_id", "name", "entity_type")
"""An entity's attributes come from ``entity:`` and ``type:``, never from ``attrs``."""
LINKED = {"source": ("source_entity", "source_name", "source_kind", "resolved_from"), "disputant": ()}
"""Attributes that describe a part: stale once the editor moves that part."""
DERIVED = ("disputes", "disputant_entity", "disputant_name")
"""Attributes the link stage works out again from the spans."""


def review_state(ann: Annotation) -> str:
    """``proposed`` for what only the machine says, else ``reviewed``.

    The model will carry this (``review``); until then it is read off the provenance: an
    annotation no curated entry added, confirmed or corrected is a proposal.
    """
    state = getattr(ann, "review", "")
    if isinstance(state, str) and state:
        return state
    return REVIEWED if any(origin.kind == "curated" for origin in ann.provenance) else PROPOSED


def review_record(ann: Annotation, text: str) -> dict[str, object]:
    """An annotation as the preview's review bar reads it (``records.json``): offsets in code
    points, its parts, attributes and history. Built pages carry no such record (#23); the
    preview serves them to its own script."""
    return {
        "id": ann.id,
        "kind": ann.kind,
        "start": ann.start,
        "end": ann.end,
        "exact": text[ann.start : ann.end],
        "attributes": dict(ann.attrs),
        "parts": [{"role": p.role, "start": p.start, "end": p.end, "exact": text[p.start : p.end]} for p in ann.parts],
        "provenance": [
            {"kind": o.kind, "name": o.name, "version": o.version, "rule": o.rule, "line": o.line}
            for o in ann.provenance
        ],
        "confidence": ann.confidence,
        "note": ann.note,
        "review": review_state(ann),
    }


@dataclass(frozen=True, slots=True)
class Span:
    """Half-open code-point offsets into the document's text."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Edit:
    """What the editor changed: the span, the parts, and the fields of the annotation's kind."""

    span: Span
    parts: tuple[tuple[str, Span], ...]
    reason: str = ""
    entity: str = ""
    type: str = ""
    texts: tuple[tuple[str, str], ...] = ()
    """(``span`` or a role, the text the editor selected): checked against the document."""


@dataclass(frozen=True, slots=True)
class Decision:
    """A curated entry and where it must land: its quote's span, its target's, its parts'."""

    entry: CuratedEntry
    span: Span
    target: Span | None
    parts: tuple[tuple[str, Span], ...]


def accept(text: str, ann: Annotation, registry: EntityRegistry) -> Decision:
    """A ``confirm``: the merge keeps the machine's parts and attributes; an entity's link and
    type are written only where the merge would not work them out the same way again."""
    span = Span(ann.start, ann.end)
    entry = _entry(ann.kind, "confirm", _selector(text, span, None))
    if ann.kind == "entity":
        entry = _with_entity(entry, text[ann.start : ann.end], ann, registry)
    return Decision(entry, span, None, ())


def reject(text: str, ann: Annotation) -> Decision:
    """A ``suppress`` of exactly this kind and span."""
    span = Span(ann.start, ann.end)
    return Decision(_entry(ann.kind, "suppress", _selector(text, span, None)), span, None, ())


def correct(text: str, ann: Annotation, edit: Edit) -> Decision:
    """A ``correct`` that replaces the machine's annotation with the edited one."""
    old = Span(ann.start, ann.end)
    target = None if edit.span == old else old
    window = (edit.span.start, edit.span.end)
    parts = tuple(
        (role, _selector(text, span, window if window[0] <= span.start and span.end <= window[1] else None))
        for role, span in edit.parts
    )
    entry = replace(
        _entry(ann.kind, "correct", _selector(text, edit.span, None)),
        target=None if target is None else _selector(text, target, None),
        parts=tuple(sorted(parts)),
        attrs=_kept_attrs(ann, edit),
        entity=edit.entity,
        type=edit.type,
        note=ann.note,
    )
    return Decision(entry, edit.span, target, edit.parts)


def _entry(kind: str, action: str, selector: QuoteSelector) -> CuratedEntry:
    return CuratedEntry(
        kind=kind,
        action=action,
        quote=selector.quote,
        prefix=selector.prefix,
        suffix=selector.suffix,
        occurrence=selector.occurrence,
    )


def _selector(text: str, span: Span, window: tuple[int, int] | None) -> QuoteSelector:
    return selector_for(text, span.start, span.end, window)


def _kept_attrs(ann: Annotation, edit: Edit) -> tuple[tuple[str, str], ...]:
    """The machine's attributes, less what the edit makes stale or the build derives again."""
    attrs = dict(ann.attrs)
    dropped = set(DERIVED) | (set(ENTITY_ATTRS) if ann.kind == "entity" else set())
    moved = {role for role in LINKED if dict(edit.parts).get(role) != _part_span(ann, role)}
    dropped |= {key for role in moved for key in LINKED[role]}
    kept = {key: value for key, value in attrs.items() if key not in dropped}
    if ann.kind == "dispute" and edit.reason:
        kept["reason"] = edit.reason
    return tuple(sorted(kept.items()))


def _part_span(ann: Annotation, role: str) -> Span | None:
    part = ann.part(role)
    return None if part is None else Span(part.start, part.end)


def _with_entity(entry: CuratedEntry, surface: str, ann: Annotation, registry: EntityRegistry) -> CuratedEntry:
    """Link and type as the machine had them, in as few fields as the merge needs."""
    entity_id, name, entity_type = (ann.attr(key) for key in ENTITY_ATTRS)
    known = registry.get(entity_id)
    if known is not None:
        return replace(entry, entity=entity_id, type="" if entity_type == known.type else entity_type)
    by_name = next((entity for found, entity in registry.names() if found == surface), None)
    default_type = by_name.type if by_name is not None else "other"
    default = (by_name.id, by_name.name) if by_name is not None else (entity_slug(surface), surface)
    attrs = () if (entity_id, name) == default else (("entity_id", entity_id), ("name", name))
    return replace(entry, attrs=attrs, type="" if entity_type == default_type else entity_type)


def check_edit(kind: str, edit: Edit, text: str, registry: EntityRegistry) -> list[str]:
    """Every way ``edit`` breaks the curated schema for ``kind``; empty when it is sound."""
    problems = []
    spans = [("span", edit.span), *edit.parts]
    for name, span in spans:
        if not 0 <= span.start < span.end <= len(text):
            problems.append(f"{name}: offsets {span.start}–{span.end} are not a stretch of the text")
        elif not text[span.start : span.end].strip():
            problems.append(f"{name}: only whitespace is selected")
        elif dict(edit.texts).get(name, text[span.start : span.end]) != text[span.start : span.end]:
            problems.append(f"{name}: the offsets do not hold the selected text; reload the page")
    roles = [role for role, _ in edit.parts]
    for role in roles:
        if role not in ROLES.get(kind, ()):
            problems.append(f"a {kind} has no part {role!r}; it has: {', '.join(ROLES.get(kind, ())) or 'none'}")
    if len(set(roles)) != len(roles):
        problems.append("each part may be given once")
    if edit.reason and (kind != "dispute" or edit.reason not in REASONS):
        problems.append(f"reason must be one of {', '.join(REASONS)} (disputes only)")
    if (edit.entity or edit.type) and kind != "entity":
        problems.append("only an entity has an entity link and type")
    if edit.entity and registry.get(edit.entity) is None:
        problems.append(f"unknown entity id {edit.entity!r}: add it to the registry first")
    if edit.type and edit.type not in ENTITY_TYPES:
        problems.append(f"type must be one of {', '.join(ENTITY_TYPES)}")
    return problems
