"""The Jinja2 environment and the read-only views that templates see."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from sitegen import routes
from sitegen.config import SiteConfig
from sitegen.errors import error
from sitegen.model import Annotation, RenderedDoc, SourceDoc
from sitegen.render.labels import origin_text, speaker

KINDS = ("claim", "dispute", "entity")
KIND_NAMES = {"claim": "Claims", "dispute": "Disputed", "entity": "Entities"}
KIND_COUNTED = {
    "claim": ("claim", "claims"),
    "dispute": ("disputed statement", "disputed statements"),
    "entity": ("entity mention", "entity mentions"),
}


@dataclass(frozen=True, slots=True)
class Link:
    url: str
    text: str


@dataclass(frozen=True, slots=True)
class SiteView:
    """What every page knows of the site."""

    title: str
    description: str
    page_path: str
    root: str
    """Relative URL of the site root from this page (``../`` or empty)."""
    canonical: str
    kinds: tuple[tuple[str, str], ...]
    base_path: str = ""
    """Set for pages served at any address (the 404 page): links are then absolute paths."""

    def url(self, path: str) -> str:
        if self.base_path:
            return self.base_path + path
        return routes.relative(self.page_path, path)


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
    counts: tuple[tuple[str, int, str], ...]
    records_json: Markup


@dataclass(frozen=True, slots=True)
class IndexRow:
    url: str
    title: str
    published: str
    outlet: str
    counts: tuple[tuple[str, int, str], ...]


def make_environment(theme_dir: Path) -> jinja2.Environment:
    """Autoescaping, strict environment: a missing variable is an error, not an empty string."""
    templates = theme_dir / "templates"
    if not templates.is_dir():
        raise error(str(theme_dir), 0, "theme has no templates/ folder", "set 'theme' in sitegen.yml")
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_template(env: jinja2.Environment, name: str, **context: Any) -> bytes:
    """Render a template, naming the template and page when it fails."""
    try:
        return env.get_template(name).render(**context).encode("utf-8")
    except jinja2.TemplateSyntaxError as exc:
        raise error(exc.filename or name, exc.lineno, f"template error: {exc.message}") from None
    except jinja2.TemplateError as exc:
        site: SiteView = context["site"]
        raise error(name, 0, f"failed to render page '{site.page_path}': {exc}") from None


def site_view(config: SiteConfig, page_path: str) -> SiteView:
    anywhere = page_path == routes.NOT_FOUND
    return SiteView(
        title=config.title,
        description=config.description,
        page_path=page_path,
        root=routes.relative(page_path, routes.HOME).removesuffix(routes.HOME),
        canonical=routes.absolute(config.base_url, page_path),
        kinds=tuple((kind, KIND_NAMES[kind]) for kind in KINDS),
        base_path=routes.base_path(config.base_url) if anywhere else "",
    )


def counts(annotations: tuple[Annotation, ...]) -> tuple[tuple[str, int, str], ...]:
    """(kind, count, "3 claims") for every kind, in legend order."""
    found = []
    for kind in KINDS:
        count = sum(1 for a in annotations if a.kind == kind)
        singular, plural = KIND_COUNTED[kind]
        found.append((kind, count, f"{count} {singular if count == 1 else plural}"))
    return tuple(found)


def document_view(rendered: RenderedDoc, page_path: str) -> DocumentView:
    doc = rendered.annotated.source
    labels = dict(rendered.labels)
    items = tuple(_item(a, doc.text, labels[a.id]) for a in rendered.annotated.annotations)
    return DocumentView(
        title=doc.title,
        title_html=Markup(rendered.title_html),
        lang=doc.meta.language,
        meta=_meta_rows(doc),
        sha256=doc.sha256,
        original_url=routes.relative(page_path, routes.original(doc)),
        body_html=Markup(rendered.body_html),
        annotations=tuple(sorted(items, key=lambda i: KINDS.index(i.kind) if i.kind in KINDS else 9)),
        counts=counts(rendered.annotated.annotations),
        records_json=Markup(records_json(rendered.annotated.annotations, doc.text)),
    )


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


def _item(ann: Annotation, text: str, label: str) -> AnnotationItem:
    return AnnotationItem(
        id=ann.id,
        kind=ann.kind,
        label=label,
        quote=text[ann.start : ann.end],
        details=_details(ann, text),
        provenance="; ".join(origin_text(o) for o in ann.provenance),
        confidence=f"{ann.confidence:.2f}",
    )


def _details(ann: Annotation, text: str) -> tuple[tuple[str, str], ...]:
    rows = [(part.role.capitalize(), " ".join(text[part.start : part.end].split())) for part in ann.parts]
    if ann.kind == "claim" and ann.attr("source_name"):
        rows.insert(0, ("Speaker", speaker(ann, text)))
    rows += [(key.replace("_", " ").capitalize(), value) for key, value in ann.attrs if key in _SHOWN_ATTRS]
    if ann.note:
        rows.append(("Note", ann.note))
    return tuple(rows)


_SHOWN_ATTRS = ("reason", "entity_type", "source_kind", "resolved_from", "intermediary")


def records_json(annotations: tuple[Annotation, ...], text: str) -> str:
    """The annotation records embedded in each page: the public JSON contract.

    ``<``, ``>`` and ``&`` are written as ``\\u`` escapes so no text can close the script element.
    """
    records = [_record(a, text) for a in annotations]
    data = json.dumps(records, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _record(ann: Annotation, text: str) -> dict[str, Any]:
    return {
        "id": ann.id,
        "kind": ann.kind,
        "start": ann.start,
        "end": ann.end,
        "exact": text[ann.start : ann.end],
        "attributes": dict(ann.attrs),
        "parts": [
            {"role": p.role, "start": p.start, "end": p.end, "exact": text[p.start : p.end]}
            for p in ann.parts
        ],
        "provenance": [
            {"kind": o.kind, "name": o.name, "version": o.version, "rule": o.rule, "line": o.line}
            for o in ann.provenance
        ],
        "confidence": ann.confidence,
        "note": ann.note,
    }
