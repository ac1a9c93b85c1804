"""Read-only views of documents for templates: the document page and the archive home."""

from __future__ import annotations

import posixpath
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from typing import Any

import orjson
from markupsafe import Markup

from sitegen.config import SiteConfig
from sitegen.model import KINDS, Alias, AnnotatedDoc, Annotation, Archive, RenderedDoc, SourceDoc
from sitegen.render.labels import as_written, in_sentence, label, origin_text, speaker
from sitegen.site import routes
from sitegen.site.contributions import source_key

KIND_COUNTED = {
    "claim": ("claim", "claims"),
    "dispute": ("disputed statement", "disputed statements"),
    "entity": ("entity mention", "entity mentions"),
}


@dataclass(frozen=True, slots=True)
class AnnotationItem:
    """One annotation as listed under a document."""

    id: str
    kind: str
    label: str
    quote: str
    details: tuple[tuple[str, str], ...]
    provenance: str
    confidence: str
    links: tuple[tuple[str, str], ...]
    """(text, relative URL): the entity or source page, the disputed claim, related passages."""
    review: str = "reviewed"


@dataclass(frozen=True, slots=True)
class EntityGroup:
    """Every mention of one entity in a document."""

    name: str
    type: str
    url: str
    mentions: tuple[tuple[str, str], ...]
    """(mentioned text, #id) per mention, in reading order."""
    proposed: int = 0
    """How many of the mentions are machine proposals nobody has reviewed."""
    numbered: tuple[tuple[str, str, int], ...] = ()
    """``mentions`` with the number each shows as, from 1: a template that numbers them with
    ``loop.index`` makes Jinja track every loop (a tenth of the page's template time)."""


@dataclass(frozen=True, slots=True)
class DocumentView:
    """A document page: its highlighted text, metadata and annotations."""

    title: str
    title_html: Markup
    lang: str
    meta: tuple[tuple[str, str, str], ...]
    """(label, text, URL-or-empty) rows: outlet, author, date, links, notes."""
    sha256: str
    original_url: str
    body_html: Markup
    annotations: tuple[AnnotationItem, ...]
    """Claims and disputes (every other kind but entities), each in full."""
    entities: tuple[EntityGroup, ...]
    """Entity mentions, one row per entity, so a name said forty times is listed once."""
    counts: tuple[tuple[str, int, str], ...]
    proposals: int
    """How many annotations are machine proposals nobody has reviewed (the legend explains them)."""
    records_json: Markup
    document_json: Markup
    jsonld_url: str


@dataclass(frozen=True, slots=True)
class IndexRow:
    url: str
    title: str
    published: str
    outlet: str
    counts: tuple[tuple[str, int, str], ...]


def counts(annotations: tuple[Annotation, ...], reviews: Sequence[str] = ()) -> tuple[tuple[str, int, str], ...]:
    """(kind, count, "3 claims, 2 reviewed") for every kind, in legend order; ``reviews``: each
    annotation's ``review``, when the caller has them (the property walks the provenance)."""
    found = dict.fromkeys(KINDS, 0)
    reviewed = dict.fromkeys(KINDS, 0)
    for ann, review in zip(annotations, reviews or [a.review for a in annotations], strict=True):
        if ann.kind in found:
            found[ann.kind] += 1
            reviewed[ann.kind] += review == "reviewed"
    return tuple((kind, count, _counted(kind, count, reviewed[kind])) for kind, count in found.items())


def _counted(kind: str, count: int, reviewed: int) -> str:
    singular, plural = KIND_COUNTED[kind]
    return f"{count} {singular if count == 1 else plural}{reviewed_note(reviewed, count)}"


def reviewed_note(reviewed: int, count: int) -> str:
    """ ", all reviewed" or ", 2 reviewed" after a count; nothing when there is nothing to count."""
    if not count:
        return ""
    return ", all reviewed" if reviewed == count else f", {reviewed} reviewed"


Related = dict[tuple[str, str], tuple[tuple[str, str], ...]]
"""(document slug, annotation id) → (text, site path) of every passage related to it."""


def document_view(
    rendered: RenderedDoc, page_path: str, related: Related, config: SiteConfig, shared: Collection[str] = ()
) -> DocumentView:
    """The document page's view; ``shared``: the ids whose share page exists (``shared_ids``).
    Everything the template prints is worked out here once per annotation: the page lists
    about a hundred of them, so a template that recomputes per item pays for it a hundredfold."""
    doc = rendered.annotated.source
    annotations = rendered.annotated.annotations
    reviews = [a.review for a in annotations]  # a property that walks the provenance: once each
    labels = dict(rendered.labels)
    folder = posixpath.dirname(page_path)
    items = [
        _item(a, doc, labels[a.id], _links(a, doc, related, folder, a.id in shared), review)
        for a, review in zip(annotations, reviews, strict=True)
        if a.kind != "entity"
    ]
    items.sort(key=lambda item: _KIND_ORDER.get(item.kind, 9))
    return DocumentView(
        title=doc.title,
        title_html=Markup(rendered.title_html),
        lang=doc.meta.language,
        meta=_meta_rows(doc),
        sha256=doc.sha256,
        original_url=routes.relative_in(folder, routes.original(doc)),
        body_html=Markup(rendered.body_html),
        annotations=tuple(items),
        entities=_entity_groups(annotations, reviews, doc.text, folder),
        counts=counts(annotations, reviews),
        proposals=reviews.count("proposed"),
        records_json=Markup(records_json(annotations, doc.text, reviews)),
        document_json=Markup(_document_json(doc, config)),
        jsonld_url=routes.relative_in(folder, routes.jsonld(doc.slug)),
    )


_KIND_ORDER = {kind: n for n, kind in enumerate(KINDS)}


def _entity_groups(
    annotations: tuple[Annotation, ...], reviews: Sequence[str], text: str, folder: str
) -> tuple[EntityGroup, ...]:
    groups: dict[str, list[tuple[Annotation, str]]] = {}
    for ann, review in zip(annotations, reviews, strict=True):
        if ann.kind == "entity":
            groups.setdefault(ann.attr("entity_id"), []).append((ann, review))
    ordered = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))
    return tuple(_entity_group(ident, mentions, text, folder) for ident, mentions in ordered)


def _entity_group(ident: str, mentions: list[tuple[Annotation, str]], text: str, folder: str) -> EntityGroup:
    first = mentions[0][0]
    listed = tuple((text[m.start : m.end], f"#{m.id}") for m, _ in mentions)
    return EntityGroup(
        name=first.attr("name") or text[first.start : first.end],
        type=first.attr("entity_type", "other"),
        url=routes.relative_in(folder, routes.entity(ident)),
        mentions=listed,
        proposed=sum(review == "proposed" for _, review in mentions),
        numbered=tuple((said, anchor, n) for n, (said, anchor) in enumerate(listed, 1)),
    )


def _document_json(doc: SourceDoc, config: SiteConfig) -> str:
    """What the page script needs to build citations and share links."""
    data = {
        "title": doc.title,
        "outlet": doc.meta.outlet,
        "published": doc.meta.published,
        "author": doc.meta.author,
        "url": routes.absolute(config.base_url, routes.document(doc.slug)),
        "source_url": doc.meta.source_url,
        "share": routes.absolute(config.base_url, routes.share(doc.slug, "")).removesuffix(".html"),
        "entities": routes.relative(routes.document(doc.slug), routes.entity("x")).removesuffix("x.html"),
    }
    return _script_safe(orjson.dumps(data).decode("utf-8"))


def _links(ann: Annotation, doc: SourceDoc, related: Related, folder: str, shared: bool) -> tuple[tuple[str, str], ...]:
    links: list[tuple[str, str]] = []
    if ann.kind == "entity" and ann.attr("entity_id"):
        links.append((f"All about {ann.attr('name') or 'this entity'}", routes.entity(ann.attr("entity_id"))))
    if ann.kind == "claim":
        links.append((f"Everything {in_sentence(ann, doc.text)} said", routes.source(source_key(ann, doc.text))))
    if ann.kind == "dispute" and ann.attr("disputes"):
        links.append(("The disputed claim", f"{routes.document(doc.slug)}#{ann.attr('disputes')}"))
    if shared:
        links.append(("Share page", routes.share(doc.slug, ann.id)))
    links += related.get((doc.slug, ann.id), ())
    return tuple((text, routes.relative_in(folder, path)) for text, path in links)


def index_row(rendered: RenderedDoc, page_path: str) -> IndexRow:
    doc = rendered.annotated.source
    return IndexRow(
        url=routes.relative(page_path, routes.document(doc.slug)),
        title=doc.title,
        published=doc.meta.published,
        outlet=doc.meta.outlet,
        counts=counts(rendered.annotated.annotations),
    )


def _meta_rows(doc: SourceDoc) -> tuple[tuple[str, str, str], ...]:
    meta = doc.meta
    rows = [
        ("Outlet", meta.outlet, ""),
        ("Author", meta.author, ""),
        ("Published", meta.published, ""),
        ("Source", meta.source_url, meta.source_url),
        ("Archived copy", meta.archived_url, meta.archived_url),
        ("Notes", meta.notes, ""),
    ]
    return tuple(row for row in rows if row[1])


def _item(
    ann: Annotation, doc: SourceDoc, label: str, links: tuple[tuple[str, str], ...], review: str
) -> AnnotationItem:
    text = doc.text
    return AnnotationItem(
        id=ann.id,
        kind=ann.kind,
        label=label,
        quote=text[ann.start : ann.end],
        details=_details(ann, text),
        provenance="; ".join(origin_text(o) for o in ann.provenance),
        confidence=f"{ann.confidence:.2f}",
        links=links,
        review=review,
    )


def _details(ann: Annotation, text: str) -> tuple[tuple[str, str], ...]:
    """The rows under a list item's quote: its parts but the content, which the quote shows
    whole, and a source only where it says more than the speaker (#23: one copy per page)."""
    rows = [
        (part.role.capitalize(), " ".join(text[part.start : part.end].split()))
        for part in ann.parts
        if part.role != "content"
    ]
    if ann.kind == "claim" and ann.attr("source_name"):
        said = speaker(ann, text)
        rows = [("Speaker", said), *(row for row in rows if row != ("Source", said))]
    rows += [(key.replace("_", " ").capitalize(), value) for key, value in ann.attrs if key in _SHOWN_ATTRS]
    if ann.note:
        rows.append(("Note", ann.note))
    return tuple(rows)


_SHOWN_ATTRS = ("reason", "entity_type", "source_kind", "resolved_from", "intermediary")


def records_json(annotations: tuple[Annotation, ...], text: str, reviews: Sequence[str] = ()) -> str:
    """The annotation records embedded in each page: the public JSON contract.

    ``<``, ``>`` and ``&`` are written as ``\\u`` escapes so no text can close the script element.
    """
    reviews = reviews or [a.review for a in annotations]
    records = [_record(a, text, review) for a, review in zip(annotations, reviews, strict=True)]
    return _script_safe(orjson.dumps(records).decode("utf-8"))


def _script_safe(data: str) -> str:
    return data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _record(ann: Annotation, text: str, review: str) -> dict[str, Any]:
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
        "review": review,
    }


@dataclass(frozen=True, slots=True)
class ShareView:
    """A tiny page per claim and dispute whose link previews the quote and speaker."""

    path: str
    title: str
    description: str
    quote: str
    speaker: str
    doc_title: str
    target: str
    """Site path of the passage the page forwards to."""
    url: str
    """``target`` as written in the page (a moved id's page sits in the same folder)."""
    canonical_target: str
    review: str = "reviewed"


def shared_ids(doc: AnnotatedDoc, locked: Collection[str], aliases: tuple[Alias, ...]) -> frozenset[str]:
    """The claims and disputes that get a share page: those an editor reviewed (a preview card
    that quotes a speaker is worth it once someone vouches for it), and every one whose id is in
    the lock or took over a locked id that moved (its share link may be out there already).
    One page per machine proposal was 29 files per document at the benchmark's density (#23)."""
    kept = set(locked) | {alias.new for alias in aliases if alias.doc == doc.source.slug and alias.new}
    return frozenset(
        ann.id
        for ann in doc.annotations
        if ann.kind in ("claim", "dispute") and (ann.review == "reviewed" or ann.id in kept)
    )


def share_views(config: SiteConfig, archive: Archive, shared: Collection[str]) -> tuple[ShareView, ...]:
    """Share pages for the ``shared`` claims and disputes, and for the old ids of those that moved."""
    views = _share_views(config, archive, shared)
    by_path = {view.path: view for view in views}
    for alias in archive.aliases:
        current = by_path.get(routes.share(alias.doc, alias.new)) if alias.new else None
        if current is not None:
            views += (replace(current, path=routes.share(alias.doc, alias.old)),)
    return views


def _share_views(config: SiteConfig, archive: Archive, shared: Collection[str]) -> tuple[ShareView, ...]:
    views = []
    for doc in archive.docs:
        source = doc.source
        page_url = routes.absolute(config.base_url, routes.document(source.slug))
        for ann in doc.annotations:
            if ann.id not in shared:
                continue
            quote = " ".join(source.text[ann.start : ann.end].split())
            who = as_written(ann, "source", source.text) if ann.kind == "claim" else label(ann, source.text)
            who = who or speaker(ann, source.text)
            flag = "Machine proposal, not reviewed: " if ann.review == "proposed" else ""
            target = f"{routes.document(source.slug)}#{ann.id}"
            path = routes.share(source.slug, ann.id)
            views.append(
                ShareView(
                    path=path,
                    title=f"{who}: “{quote[:120]}{'…' if len(quote) > 120 else ''}”",
                    description=f"{flag}{label(ann, source.text)}, in “{source.title}”"
                    + (f", {source.meta.outlet}" if source.meta.outlet else "")
                    + (f", {source.meta.published}" if source.meta.published else ""),
                    quote=quote,
                    speaker=who,
                    doc_title=source.title,
                    target=target,
                    url=routes.relative(path, target),
                    canonical_target=f"{page_url}#{ann.id}",
                    review=ann.review,
                )
            )
    return tuple(views)
