"""Read-only views of documents for templates: the document page and the archive home."""

from __future__ import annotations

import posixpath
from collections.abc import Collection
from dataclasses import dataclass, replace

import orjson
from markupsafe import Markup

from sitegen.config import SiteConfig
from sitegen.model import (
    KINDS,
    Alias,
    AnnotatedDoc,
    Annotation,
    Archive,
    RenderedDoc,
    SourceDoc,
)
from sitegen.render.labels import as_written, label, speaker
from sitegen.site import routes
from sitegen.site.notes import AnnotationItem, EntityGroup, Origins, entity_groups, list_item

KIND_COUNTED = {
    "claim": ("claim", "claims"),
    "dispute": ("disputed statement", "disputed statements"),
    "entity": ("entity mention", "entity mentions"),
}


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
    entity_origins: tuple[tuple[int, ...], str]
    """The provenance and confidence most entity mentions share, said once above them."""
    origins: tuple[tuple[int, str], ...]
    """The legend of where the annotations come from: (number, "claims.rules 6 (say:ccomp)")."""
    counts: tuple[tuple[str, int, str], ...]
    proposals: int
    """How many annotations are machine proposals nobody has reviewed (the legend explains them)."""
    document_json: Markup
    jsonld_url: str


@dataclass(frozen=True, slots=True)
class IndexRow:
    url: str
    title: str
    published: str
    outlet: str
    counts: tuple[tuple[str, int, str], ...]


def counts(annotations: tuple[Annotation, ...]) -> tuple[tuple[str, int, str], ...]:
    """(kind, count, "3 claims, 2 reviewed") for every kind, in legend order."""
    found = dict.fromkeys(KINDS, 0)
    reviewed = dict.fromkeys(KINDS, 0)
    for ann in annotations:
        if ann.kind in found:
            found[ann.kind] += 1
            reviewed[ann.kind] += ann.review == "reviewed"
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
    labels = dict(rendered.labels)
    folder = posixpath.dirname(page_path)
    origins = Origins({})
    listed = sorted((a for a in annotations if a.kind != "entity"), key=lambda a: _KIND_ORDER.get(a.kind, 9))
    items = [list_item(a, doc, labels[a.id], _links(a, doc, related, folder, a.id in shared), origins) for a in listed]
    entities, entity_origins = entity_groups(annotations, doc.text, folder, origins)
    return DocumentView(
        title=doc.title,
        title_html=Markup(rendered.title_html),
        lang=doc.meta.language,
        meta=_meta_rows(doc),
        sha256=doc.sha256,
        original_url=routes.relative_in(folder, routes.original(doc)),
        body_html=Markup(rendered.body_html),
        annotations=tuple(items),
        entities=entities,
        entity_origins=entity_origins,
        origins=origins.legend(),
        counts=counts(annotations),
        proposals=sum(a.review == "proposed" for a in annotations),
        document_json=Markup(_document_json(doc, config)),
        jsonld_url=routes.relative_in(folder, routes.jsonld(doc.slug)),
    )


_KIND_ORDER = {kind: n for n, kind in enumerate(KINDS)}


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
    if ann.kind == "dispute" and ann.attr("disputes"):
        links.append(("The disputed claim", f"#note-{ann.attr('disputes')}"))
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


def _script_safe(data: str) -> str:
    return data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


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
