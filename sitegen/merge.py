"""Machine proposals + anchored curated entries → one annotation set per document."""

from __future__ import annotations

import re
from dataclasses import replace

from sitegen.anchor import Anchored
from sitegen.curated import CuratedEntry
from sitegen.errors import Diagnostics, Location
from sitegen.ids import IdMaker, digest
from sitegen.model import AnnotatedDoc, Annotation, EntityRegistry, Origin, Part, Proposal, SourceDoc


def merge(
    doc: SourceDoc,
    machine: tuple[Proposal, ...],
    curated: tuple[Anchored, ...],
    registry: EntityRegistry,
    diagnostics: Diagnostics,
) -> AnnotatedDoc:
    """Apply curated entries to the machine's proposals, settle overlaps, link and name them."""
    proposals = dedupe(machine)
    for anchored in curated:
        proposals = apply_curated(doc, anchored, proposals, registry, diagnostics)
    proposals = resolve_entity_overlaps(dedupe(proposals))
    annotations = assign_ids(doc.text, proposals)
    return AnnotatedDoc(doc, link(annotations))


def dedupe(proposals: tuple[Proposal, ...] | list[Proposal]) -> tuple[Proposal, ...]:
    """One proposal per (kind, span); duplicates pool their provenance, the surest one wins."""
    best: dict[tuple[str, int, int], Proposal] = {}
    for proposal in proposals:
        key = (proposal.kind, proposal.start, proposal.end)
        kept = best.get(key)
        if kept is None:
            best[key] = proposal
            continue
        winner, other = (proposal, kept) if _rank(proposal) > _rank(kept) else (kept, proposal)
        extra = tuple(o for o in other.provenance if o not in winner.provenance)
        best[key] = replace(winner, provenance=winner.provenance + extra)
    return tuple(best.values())


def _rank(proposal: Proposal) -> tuple[bool, float]:
    return (any(o.kind == "curated" for o in proposal.provenance), proposal.confidence)


def resolve_entity_overlaps(proposals: tuple[Proposal, ...]) -> tuple[Proposal, ...]:
    """Entity mentions never overlap: curated first, then the longer, then the surer one wins.

    Claims and disputes may overlap anything: two speakers can share words.
    """
    entities = [p for p in proposals if p.kind == "entity"]
    order = sorted(entities, key=lambda p: (not _rank(p)[0], -(p.end - p.start), -p.confidence, p.start))
    kept: list[Proposal] = []
    for candidate in order:
        if all(candidate.end <= k.start or k.end <= candidate.start for k in kept):
            kept.append(candidate)
    return tuple(kept) + tuple(p for p in proposals if p.kind != "entity")


def apply_curated(
    doc: SourceDoc,
    anchored: Anchored,
    proposals: tuple[Proposal, ...],
    registry: EntityRegistry,
    diagnostics: Diagnostics,
) -> tuple[Proposal, ...]:
    """The proposals after one curated entry has added, confirmed, corrected or suppressed."""
    entry, location = anchored.entry.entry, anchored.entry.location
    origin = Origin("curated", location.path, "", entry.action, location.line)
    result = list(proposals)
    for start, end in anchored.spans:
        target = anchored.target or (start, end)
        matches = [p for p in result if _same_target(p, entry, target)]
        if entry.action == "suppress":
            if not matches:
                diagnostics.warn(location, "nothing to suppress here: no machine annotation has this span")
            result = [p for p in result if p not in matches]
            continue
        if entry.action in ("confirm", "correct") and not matches:
            diagnostics.warn(location, f"nothing to {entry.action}: no machine {entry.kind} here; added as curated")
        history = tuple(o for p in matches for o in p.provenance)
        result = [p for p in result if p not in matches]
        made = _proposal(doc, entry, start, end, anchored.parts, (*history, origin), registry, diagnostics, location)
        if made is not None:
            result.append(_keep_machine_details(made, matches) if entry.action == "confirm" else made)
    return tuple(result)


def _same_target(proposal: Proposal, entry: CuratedEntry, span: tuple[int, int]) -> bool:
    same_kind = not entry.kind or proposal.kind == entry.kind
    return same_kind and (proposal.start, proposal.end) == span


def _keep_machine_details(made: Proposal, matches: list[Proposal]) -> Proposal:
    """A confirmation keeps what the machine found unless the curator said otherwise."""
    if not matches:
        return made
    machine = matches[0]
    attrs = dict(machine.attrs) | dict(made.attrs)
    return replace(made, parts=made.parts or machine.parts, attrs=tuple(sorted(attrs.items())))


def _proposal(
    doc: SourceDoc,
    entry: CuratedEntry,
    start: int,
    end: int,
    parts: tuple[tuple[str, int, int], ...],
    provenance: tuple[Origin, ...],
    registry: EntityRegistry,
    diagnostics: Diagnostics,
    location: Location,
) -> Proposal | None:
    attrs = dict(entry.attrs)
    if entry.kind == "entity":
        entity_attrs = _entity_attrs(doc.text[start:end], entry, registry)
        if entity_attrs is None:
            diagnostics.error(
                location,
                f"unknown entity id {entry.entity!r}",
                "add it to content/entities.yml, or leave 'entity' out to use the quoted name",
            )
            return None
        attrs |= entity_attrs
    kind = entry.kind or "entity"
    return Proposal(
        kind=kind,
        start=min([start] + [s for _, s, _ in parts]) if kind == "claim" else start,
        end=max([end] + [e for _, _, e in parts]) if kind == "claim" else end,
        parts=tuple(sorted((Part(role, s, e) for role, s, e in parts), key=_part_order)),
        attrs=tuple(sorted((k, v) for k, v in attrs.items() if v)),
        provenance=provenance,
        confidence=entry.confidence,
        note=entry.note,
    )


def _entity_attrs(surface: str, entry: CuratedEntry, registry: EntityRegistry) -> dict[str, str] | None:
    if entry.entity:
        entity = registry.get(entry.entity)
        if entity is None:
            return None
        return {"entity_id": entity.id, "name": entity.name, "entity_type": entry.type or entity.type}
    for name, entity in registry.names():
        if name == surface:
            return {"entity_id": entity.id, "name": entity.name, "entity_type": entry.type or entity.type}
    return {"entity_id": entity_slug(surface), "name": surface, "entity_type": entry.type or "other"}


def entity_slug(name: str) -> str:
    """The id of an entity that is not in the registry: its name, lowercased and hyphenated."""
    slug = re.sub(r"[^\w]+", "-", name.casefold()).strip("-")
    return slug if slug.isascii() and slug else f"x-{digest(name)}"


def assign_ids(text: str, proposals: tuple[Proposal, ...]) -> tuple[Annotation, ...]:
    """Ids from content, not position: kind, exact text and its immediate context."""
    ids = IdMaker()
    return tuple(
        Annotation(
            p.kind,
            p.start,
            p.end,
            p.parts,
            p.attrs,
            p.provenance,
            p.confidence,
            p.note,
            id=ids.annotation(p.kind, text, p.start, p.end),
        )
        for p in sorted(proposals, key=_position)
    )


def _position(p: Proposal) -> tuple[int, int, str, tuple[tuple[int, int, str], ...]]:
    return (p.start, -p.end, p.kind, tuple(_part_order(part) for part in p.parts))


def link(annotations: tuple[Annotation, ...]) -> tuple[Annotation, ...]:
    """Tie claim sources and disputants to entity mentions, and disputes to the claim they dispute."""
    entities = [a for a in annotations if a.kind == "entity"]
    claims = [a for a in annotations if a.kind == "claim"]
    linked = []
    for ann in annotations:
        attrs = dict(ann.attrs)
        for role, prefix in (("source", "source"), ("disputant", "disputant")):
            part = ann.part(role)
            mention = _mention_in(part, entities) if part else None
            if mention is not None and not attrs.get(f"{prefix}_entity"):
                attrs[f"{prefix}_entity"] = mention.attr("entity_id")
                attrs[f"{prefix}_name"] = mention.attr("name")
        if ann.kind == "dispute" and "disputes" not in attrs:
            claim = _most_overlapping(ann, claims)
            if claim is not None:
                attrs["disputes"] = claim.id
        linked.append(replace(ann, attrs=tuple(sorted(attrs.items()))))
    return tuple(linked)


def _mention_in(part: Part, entities: list[Annotation]) -> Annotation | None:
    inside = [e for e in entities if part.start <= e.start and e.end <= part.end]
    return max(inside, key=lambda e: (e.end - e.start, -e.start), default=None)


def _most_overlapping(ann: Annotation, claims: list[Annotation]) -> Annotation | None:
    def overlap(claim: Annotation) -> int:
        content = claim.part("content") or Part("content", claim.start, claim.end)
        return min(ann.end, content.end) - max(ann.start, content.start)

    best = max(claims, key=lambda c: (overlap(c), -c.start), default=None)
    return best if best is not None and overlap(best) > 0 else None


def _part_order(part: Part) -> tuple[int, int, str]:
    return (part.start, part.end, part.role)
