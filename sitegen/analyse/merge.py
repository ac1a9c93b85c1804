"""Machine proposals + anchored curated entries → one annotation set per document."""

from __future__ import annotations

import bisect
import re
from dataclasses import replace

from sitegen.analyse.overlaps import SpanKey, settle_near_duplicates
from sitegen.curate.anchor import Anchored
from sitegen.curate.curated import CuratedEntry
from sitegen.curate.ids import IdMaker, digest
from sitegen.errors import Diagnostics, Location
from sitegen.model import AnnotatedDoc, Annotation, EntityRegistry, Origin, Part, Proposal, SourceDoc
from sitegen.names import bounded


def merge(
    doc: SourceDoc,
    machine: tuple[Proposal, ...],
    curated: tuple[Anchored, ...],
    registry: EntityRegistry,
    diagnostics: Diagnostics,
    reviewed_only: bool = False,
) -> AnnotatedDoc:
    """Apply curated entries to the machine's proposals, settle overlaps, link and name them;
    with ``reviewed_only`` (``publish: reviewed``), drop every proposal nobody reviewed."""
    by_span: SpanIndex = {}
    for proposal in dedupe(machine):
        by_span.setdefault((proposal.start, proposal.end), []).append(proposal)
    kept_apart: set[SpanKey] = set()
    for anchored in curated:
        apply_curated(doc, anchored, by_span, registry, diagnostics, kept_apart)
    proposals = dedupe([p for group in by_span.values() for p in group])
    proposals = resolve_entity_overlaps(settle_near_duplicates(proposals, kept_apart))
    if reviewed_only:
        proposals = tuple(p for p in proposals if p.review == "reviewed")
    annotations = assign_ids(doc.text, proposals)
    return AnnotatedDoc(doc, link(annotations, doc.text))


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
    starts: list[int] = []
    kept: list[Proposal] = []  # sorted by start and never overlapping, so only a neighbour can clash
    for candidate in order:
        index = bisect.bisect_left(starts, candidate.end)
        if index and kept[index - 1].end > candidate.start:
            continue
        starts.insert(index, candidate.start)
        kept.insert(index, candidate)
    return tuple(kept) + tuple(p for p in proposals if p.kind != "entity")


SpanIndex = dict[tuple[int, int], list[Proposal]]
"""Proposals by (start, end): curated entries find their targets without a scan."""


def apply_curated(
    doc: SourceDoc,
    anchored: Anchored,
    by_span: SpanIndex,
    registry: EntityRegistry,
    diagnostics: Diagnostics,
    kept_apart: set[SpanKey] | None = None,
) -> None:
    """Let one curated entry add, confirm, correct or suppress proposals in ``by_span``; what it
    makes with ``keep_overlaps`` goes into ``kept_apart``."""
    entry, location = anchored.entry.entry, anchored.entry.location
    origin = Origin("curated", location.path, "", entry.action, location.line)
    for start, end in anchored.spans:
        target = anchored.target or (start, end)
        here = by_span.get(target, [])
        matches = [p for p in here if not entry.kind or p.kind == entry.kind]
        by_span[target] = [p for p in here if p not in matches]
        if entry.action == "suppress":
            if not matches:
                diagnostics.warn(location, "nothing to suppress here: no machine annotation has this span")
            continue
        if entry.action in ("confirm", "correct") and not matches:
            diagnostics.warn(location, f"nothing to {entry.action}: no machine {entry.kind} here; added as curated")
        history = tuple(o for p in matches for o in p.provenance)
        made = _proposal(doc, entry, start, end, anchored.parts, (*history, origin), registry, diagnostics, location)
        if made is not None:
            made = _keep_machine_details(made, matches) if entry.action == "confirm" else made
            by_span.setdefault((made.start, made.end), []).append(made)
            if entry.keep_overlaps and kept_apart is not None:
                kept_apart.add((made.kind, made.start, made.end))


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
        # An explicit entity_id or name in attrs (a confirmed machine mention) wins.
        attrs = entity_attrs | attrs
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
    return bounded(slug, name) if slug.isascii() and slug else f"x-{digest(name)}"


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


def link(annotations: tuple[Annotation, ...], text: str) -> tuple[Annotation, ...]:
    """Tie claim sources and disputants to the entity they are, and disputes to the claim they dispute."""
    entities = Intervals([(a.start, a.end, a) for a in annotations if a.kind == "entity"])
    contents = Intervals([(*_content(a), a) for a in annotations if a.kind == "claim"])
    linked = []
    for ann in annotations:
        attrs = dict(ann.attrs)
        before = len(attrs), attrs.get("source_entity"), attrs.get("disputant_entity")
        for role in ("source", "disputant"):
            part = ann.part(role)
            mention = _mention_in(part, entities) if part else None
            if mention is not None and part is not None and not is_the_entity(mention, part, text):
                mention = None
            if mention is not None and not attrs.get(f"{role}_entity"):
                attrs[f"{role}_entity"] = mention.attr("entity_id")
                attrs[f"{role}_name"] = mention.attr("name")
        if ann.kind == "dispute" and "disputes" not in attrs:
            claim = _most_overlapping(ann, contents)
            if claim is not None:
                attrs["disputes"] = claim.id
        after = len(attrs), attrs.get("source_entity"), attrs.get("disputant_entity")
        linked.append(ann if after == before else replace(ann, attrs=tuple(sorted(attrs.items()))))
    return tuple(linked)


class Intervals:
    """Annotations sorted by start, to find those overlapping a span in O(log n + k)."""

    def __init__(self, items: list[tuple[int, int, Annotation]]) -> None:
        self.items = sorted(items, key=lambda item: (item[0], item[1]))
        self.starts = [start for start, _, _ in self.items]
        self.longest = max((end - start for start, end, _ in self.items), default=0)

    def overlapping(self, start: int, end: int) -> list[tuple[int, int, Annotation]]:
        first = bisect.bisect_left(self.starts, start - self.longest)
        last = bisect.bisect_left(self.starts, end)
        return [item for item in self.items[first:last] if item[1] > start]


def _content(claim: Annotation) -> tuple[int, int]:
    content = claim.part("content")
    return (content.start, content.end) if content else (claim.start, claim.end)


def _mention_in(part: Part, entities: Intervals) -> Annotation | None:
    found = entities.overlapping(part.start, part.end)
    inside = [a for start, end, a in found if part.start <= start and end <= part.end]
    return max(inside, key=lambda e: (e.end - e.start, -e.start), default=None)


def is_the_entity(mention: Annotation, part: Part, text: str) -> bool:
    """Whether a source phrase *is* the entity mentioned in it ("military analyst Andrew Marochko",
    "Vitaly Kiselyev, another expert", "the Kremlin") rather than merely naming one: "Ukrainian
    officials", "sources close to the Russian government" and "Russia's narrative" are not
    Ukraine, Russia or the Russians, and an adjective is never a speaker's name."""
    after = text[mention.end : part.end].strip(" \n.;:")
    before = text[part.start : mention.start].strip().casefold()
    return not after or (before in ("", "the") and after.startswith(","))


def _most_overlapping(ann: Annotation, contents: Intervals) -> Annotation | None:
    """The claim whose content a dispute covers most, never the denial itself ("Z denied the
    report that ..." is a claim by Z whose cue is the dispute's)."""
    cue = ann.part("cue")
    scored = [
        (min(ann.end, end) - max(ann.start, start), -claim.start, claim)
        for start, end, claim in contents.overlapping(ann.start, ann.end)
        if not _same_cue(cue, claim.part("cue"))
    ]
    return max(scored, key=lambda item: item[:2])[2] if scored else None


def _same_cue(a: Part | None, b: Part | None) -> bool:
    return a is not None and b is not None and a.start < b.end and b.start < a.end


def _part_order(part: Part) -> tuple[int, int, str]:
    return (part.start, part.end, part.role)
