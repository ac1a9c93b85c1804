"""The annotation list under a document: each claim's and dispute's one record on its page,
every entity's mentions by type, and the legend of where they come from (#23)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from sitegen.model import ENTITY_TYPES, Annotation, Origin, Part, SourceDoc
from sitegen.render.highlight import kind_class
from sitegen.render.labels import origin_text
from sitegen.site import routes


@dataclass(frozen=True, slots=True)
class Origins:
    """Where a page's annotations come from, numbered once per page: the list says
    "from 3" and the legend under it says what 3 is (#23: the same prose on every item
    was a tenth of the page)."""

    numbers: dict[Origin, int]

    def of(self, ann: Annotation) -> tuple[int, ...]:
        return tuple(self.numbers.setdefault(origin, len(self.numbers) + 1) for origin in ann.provenance)

    def legend(self) -> tuple[tuple[int, str], ...]:
        return tuple((n, origin_text(origin)) for origin, n in self.numbers.items())


@dataclass(frozen=True, slots=True)
class AnnotationItem:
    """One annotation as listed under a document: the page's one copy of its record."""

    id: str
    kind: str
    css: str
    """Its kind's class, and ``p`` for a machine proposal."""
    label: str
    quote: str
    """A claim's content (its source and cue are details), else the annotated text."""
    details: tuple[tuple[str, str, str], ...]
    """(term, value, class) rows: the parts but the content, then the attributes shown."""
    origins: tuple[int, ...]
    """Its history's steps, as numbers of the page's ``Origins`` legend."""
    confidence: str
    links: tuple[tuple[str, str], ...]
    """(text, relative URL): the entity or source page, the disputed claim, related passages."""
    review: str = "reviewed"


@dataclass(frozen=True, slots=True)
class Mention:
    """One mention of an entity in the list: its number, ``#id``, the words when they differ
    from the entity's name, ``p`` for a proposal, and its provenance when it differs from its
    group's."""

    number: int
    anchor: str
    said: str
    css: str
    origins: tuple[int, ...] = ()
    confidence: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class EntityGroup:
    """Every mention of one entity in a document."""

    name: str
    type: str
    url: str
    mentions: tuple[Mention, ...]
    """In reading order, numbered from 1."""
    origins: tuple[int, ...]
    confidence: str
    """The provenance most of its mentions share (a mention that differs says its own)."""
    proposed: int = 0
    """How many of the mentions are machine proposals nobody has reviewed."""


def entity_groups(
    annotations: tuple[Annotation, ...], text: str, folder: str, origins: Origins
) -> tuple[tuple[EntityGroup, ...], tuple[tuple[int, ...], str]]:
    """Each entity's mentions, by type, and the provenance most mentions share (said once:
    a row that differs says its own)."""
    groups: dict[str, list[Annotation]] = {}
    for ann in annotations:
        if ann.kind == "entity":
            groups.setdefault(ann.attr("entity_id"), []).append(ann)
    made = [_entity_group(ident, mentions, text, folder, origins) for ident, mentions in groups.items()]
    made.sort(key=lambda g: (_TYPE_ORDER.get(g.type, len(_TYPE_ORDER)), g.type, -len(g.mentions), g.url))
    shared: Counter[tuple[tuple[int, ...], str]] = Counter()
    for group in made:
        shared[(group.origins, group.confidence)] += len(group.mentions)
    common = shared.most_common(1)[0][0] if shared else ((), "")
    said = tuple(replace(g, origins=(), confidence="") if (g.origins, g.confidence) == common else g for g in made)
    return said, common


_TYPE_ORDER = {kind: n for n, kind in enumerate(ENTITY_TYPES)}


def _entity_group(ident: str, mentions: list[Annotation], text: str, folder: str, origins: Origins) -> EntityGroup:
    first = mentions[0]
    name = first.attr("name") or text[first.start : first.end]
    said = [(m, origins.of(m), f"{m.confidence:.2f}") for m in mentions]
    common = Counter((steps, confidence) for _, steps, confidence in said).most_common(1)[0][0]
    listed = []
    for n, (m, steps, confidence) in enumerate(said, 1):
        words = text[m.start : m.end]
        own = (steps, confidence) != common
        css = "p" if m.review == "proposed" else ""
        said_as = "" if words == name else words
        listed.append(Mention(n, f"#{m.id}", said_as, css, steps if own else (), confidence if own else "", m.note))
    return EntityGroup(
        name=name,
        type=first.attr("entity_type", "other"),
        url=routes.relative_in(folder, routes.entity(ident)),
        mentions=tuple(listed),
        origins=common[0],
        confidence=common[1],
        proposed=sum(m.review == "proposed" for m in mentions),
    )


def list_item(
    ann: Annotation, doc: SourceDoc, label: str, links: tuple[tuple[str, str], ...], origins: Origins
) -> AnnotationItem:
    text = doc.text
    content = ann.part("content")
    shown: Part | Annotation | None = content if content is not None and ann.kind == "claim" else ann
    if ann.kind == "dispute" and ann.attr("disputes"):
        shown = None  # the disputed claim's item, linked, quotes it: the page says it once
    return AnnotationItem(
        id=ann.id,
        kind=ann.kind,
        css=f"{kind_class(ann.kind)} p" if ann.review == "proposed" else kind_class(ann.kind),
        label=label,
        quote=text[shown.start : shown.end] if shown is not None else "",
        details=_details(ann, text),
        origins=origins.of(ann),
        confidence=f"{ann.confidence:.2f}",
        links=links,
        review=ann.review,
    )


def _details(ann: Annotation, text: str) -> tuple[tuple[str, str, str], ...]:
    """The rows under a list item's quote: what its label ("Claim by X", "Disputed (denied)
    by Y") and quote do not already say (#23: one copy per page). A part's row has its role
    as class, which the page script reads."""
    said = _LABELLED.get(ann.kind, ())
    rows = [
        (part.role.capitalize(), " ".join(text[part.start : part.end].split()), part.role)
        for part in ann.parts
        if part.role not in said
    ]
    rows += [
        (key.replace("_", " ").capitalize(), value, "")
        for key, value in ann.attrs
        if key in _SHOWN_ATTRS and key not in said and (key, value) != ("source_kind", "named")
    ]
    if ann.note:
        rows.append(("Note", ann.note, "note"))
    return tuple(rows)


_LABELLED = {"claim": ("source", "content"), "dispute": ("disputant", "reason")}
"""What a kind's label and quote show of its parts and attributes."""
_SHOWN_ATTRS = ("reason", "entity_type", "source_kind", "resolved_from", "intermediary")
