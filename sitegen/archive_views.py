"""Read-only views of the whole archive: entity, source and dispute pages, and share pages."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sitegen import routes
from sitegen.merge import entity_slug
from sitegen.model import RELATIONS, AnnotatedDoc, Annotation, Archive, Entity
from sitegen.render.labels import label, speaker

SNIPPET = 80


@dataclass(frozen=True, slots=True)
class Passage:
    """An annotated passage in context, as listed on cross-document pages."""

    doc_title: str
    url: str
    """Site-relative path of the passage: ``documents/x.html#id``."""
    before: str
    exact: str
    after: str
    label: str


@dataclass(frozen=True, slots=True)
class EntityView:
    id: str
    name: str
    type: str
    description: str
    aliases: tuple[str, ...]
    links: tuple[tuple[str, str], ...]
    mentions: tuple[Passage, ...]
    documents: int
    source_path: str
    """Path of this entity's source page when claims are attributed to it, else empty."""


@dataclass(frozen=True, slots=True)
class ClaimView:
    passage: Passage
    content: str
    cue: str
    disputes: tuple[Passage, ...]


@dataclass(frozen=True, slots=True)
class SourceView:
    id: str
    name: str
    kind: str
    entity_path: str
    claims: tuple[ClaimView, ...]


@dataclass(frozen=True, slots=True)
class DisputeView:
    passage: Passage
    reason: str
    disputant: str
    claim: Passage | None


def passage(doc: AnnotatedDoc, ann: Annotation) -> Passage:
    text = doc.source.text
    before = text[max(0, ann.start - SNIPPET) : ann.start]
    after = text[ann.end : ann.end + SNIPPET]
    return Passage(
        doc_title=doc.source.title,
        url=f"{routes.document(doc.source.slug)}#{ann.id}",
        before=_fold(before.split(" ", 1)[-1] if len(before) == SNIPPET else before),
        exact=_fold(text[ann.start : ann.end]),
        after=_fold(after.rsplit(" ", 1)[0] if len(after) == SNIPPET else after),
        label=label(ann, text),
    )


def _fold(text: str) -> str:
    return " ".join(text.split()) if text.strip() else text.replace("\n", " ")


def _all(archive: Archive, kind: str) -> list[tuple[AnnotatedDoc, Annotation]]:
    return [(doc, ann) for doc in archive.docs for ann in doc.annotations if ann.kind == kind]


def source_key(ann: Annotation, text: str) -> str:
    """Which source page a claim belongs on: its linked entity, else its source's words."""
    if ann.attr("source_entity"):
        return ann.attr("source_entity")
    part = ann.part("source")
    return entity_slug(text[part.start : part.end]) if part else "unattributed"


def entity_views(archive: Archive) -> tuple[EntityView, ...]:
    """One view per entity: every registry entry and every entity mentioned anywhere."""
    mentions: dict[str, list[tuple[AnnotatedDoc, Annotation]]] = defaultdict(list)
    for doc, ann in _all(archive, "entity"):
        mentions[ann.attr("entity_id")].append((doc, ann))
    sources = {source_key(ann, doc.source.text) for doc, ann in _all(archive, "claim")}
    registered = {entity.id: entity for entity in archive.registry.entities}
    views = []
    for ident in sorted(set(mentions) | set(registered)):
        found = mentions.get(ident, [])
        entity = registered.get(ident) or _unregistered(ident, found)
        views.append(
            EntityView(
                id=ident,
                name=entity.name,
                type=entity.type,
                description=entity.description,
                aliases=entity.aliases,
                links=entity.links,
                mentions=tuple(passage(doc, ann) for doc, ann in found),
                documents=len({doc.source.slug for doc, _ in found}),
                source_path=routes.source(ident) if ident in sources else "",
            )
        )
    return tuple(sorted(views, key=lambda v: (v.name.casefold(), v.id)))


def _unregistered(ident: str, found: list[tuple[AnnotatedDoc, Annotation]]) -> Entity:
    names = sorted((ann.attr("name") for _, ann in found), key=lambda n: (-len(n), n))
    types = sorted(ann.attr("entity_type", "other") for _, ann in found)
    return Entity(ident, names[0] if names else ident, max(set(types), key=types.count) if types else "other")


def source_views(archive: Archive) -> tuple[SourceView, ...]:
    """Who said what: one view per source with every claim attributed to it and its disputes."""
    disputes: dict[str, list[Passage]] = defaultdict(list)
    for doc, ann in _all(archive, "dispute"):
        if ann.attr("disputes"):
            disputes[f"{doc.source.slug}#{ann.attr('disputes')}"].append(passage(doc, ann))
    grouped: dict[str, list[tuple[AnnotatedDoc, Annotation]]] = defaultdict(list)
    for doc, ann in _all(archive, "claim"):
        grouped[source_key(ann, doc.source.text)].append((doc, ann))
    registered = {entity.id for entity in archive.registry.entities} | _mentioned(archive)
    views = []
    for key, claims in grouped.items():
        first_doc, first = claims[0]
        views.append(
            SourceView(
                id=key,
                name=speaker(first, first_doc.source.text),
                kind=first.attr("source_kind"),
                entity_path=routes.entity(key) if key in registered else "",
                claims=tuple(_claim_view(doc, ann, disputes) for doc, ann in claims),
            )
        )
    return tuple(sorted(views, key=lambda v: (v.name.casefold(), v.id)))


def _mentioned(archive: Archive) -> set[str]:
    return {ann.attr("entity_id") for _, ann in _all(archive, "entity")}


def _claim_view(doc: AnnotatedDoc, ann: Annotation, disputes: dict[str, list[Passage]]) -> ClaimView:
    text = doc.source.text

    def part_text(role: str) -> str:
        part = ann.part(role)
        return _fold(text[part.start : part.end]) if part else ""

    return ClaimView(
        passage=passage(doc, ann),
        content=part_text("content") or _fold(text[ann.start : ann.end]),
        cue=part_text("cue"),
        disputes=tuple(disputes.get(f"{doc.source.slug}#{ann.id}", ())),
    )


def dispute_views(archive: Archive) -> tuple[DisputeView, ...]:
    """Every disputed statement with its reason, who disputes it and the claim it disputes."""
    views = []
    for doc, ann in _all(archive, "dispute"):
        claim = next((a for a in doc.annotations if a.id == ann.attr("disputes")), None)
        disputant = ann.part("disputant")
        views.append(
            DisputeView(
                passage=passage(doc, ann),
                reason=ann.attr("reason") or "disputed",
                disputant=ann.attr("disputant_name")
                or (_fold(doc.source.text[disputant.start : disputant.end]) if disputant else ""),
                claim=passage(doc, claim) if claim is not None else None,
            )
        )
    return tuple(views)


def relations(archive: Archive) -> dict[tuple[str, str], tuple[tuple[str, str], ...]]:
    """Both ends of every curated link: (text, site path) per (document slug, annotation id)."""
    by_ref = {(doc.source.slug, ann.id): (doc, ann) for doc in archive.docs for ann in doc.annotations}
    found: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for link in archive.links:
        source = (link.source.doc, link.source.id)
        target = (link.target.doc, link.target.id)
        forward = link.relation.replace("_", " ").capitalize()
        backward = RELATIONS[link.relation].capitalize()
        found[source].append(_related_entry(forward, *by_ref[target]))
        found[target].append(_related_entry(backward, *by_ref[source]))
    return {key: tuple(sorted(set(value))) for key, value in found.items()}


def _related_entry(relation: str, doc: AnnotatedDoc, ann: Annotation) -> tuple[str, str]:
    quote = _fold(doc.source.text[ann.start : ann.end])
    short = quote if len(quote) <= 90 else quote[:89] + "…"
    return (f"{relation}: “{short}” ({doc.source.title})", f"{routes.document(doc.source.slug)}#{ann.id}")
