"""Route + template: every output file of the site, as Page values."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from sitegen import routes
from sitegen.archive_views import dispute_views, entity_views, relations, source_views
from sitegen.config import Project
from sitegen.exports import export_pages
from sitegen.markdown import make_parser
from sitegen.model import Archive, ExtraPage, Page, RenderedDoc
from sitegen.templates import make_environment, render_template, site_view
from sitegen.views import Related, document_view, index_row, share_views

NAV = (("Documents", routes.HOME), ("Entities", routes.ENTITIES), ("Sources", routes.SOURCES),
       ("Disputes", routes.DISPUTES), ("Data", routes.EXPORTS))  # fmt: skip


class Renderer:
    """Renders templates for one build: the environment and the site-wide context."""

    def __init__(self, project: Project, extra: tuple[ExtraPage, ...]) -> None:
        self.project = project
        self.env: jinja2.Environment = make_environment(project.theme_dir)
        self.env.globals["nav"] = NAV + tuple((page.title, routes.page(page.slug)) for page in extra)

    def page(self, path: str, template: str, **context: Any) -> Page:
        site = site_view(self.project.config, path)
        return Page(path, render_template(self.env, template, site=site, **context))


def make_pages(
    project: Project,
    rendered: tuple[RenderedDoc, ...],
    extra: tuple[ExtraPage, ...],
    archive: Archive,
) -> tuple[Page, ...]:
    """Home, documents, cross-document pages, share pages, exports, originals, assets, 404."""
    out = Renderer(project, extra)
    related = relations(archive)
    built = [_home(out, rendered)]
    built += [_document(out, doc, related) for doc in rendered]
    built += [Page(routes.original(doc.annotated.source), doc.annotated.source.raw) for doc in rendered]
    built += _archive_pages(out, archive)
    built += [out.page(share.path, "share.html", share=share) for share in share_views(project.config, archive)]
    built += [_extra(out, page) for page in extra]
    built += export_pages(project.config, archive)
    built.append(out.page(routes.EXPORTS, "exports.html", docs=_export_rows(rendered)))
    built.append(out.page(routes.NOT_FOUND, "404.html"))
    built += _static(project.theme_dir)
    return tuple(sorted(built, key=lambda page: page.path))


def _home(out: Renderer, rendered: tuple[RenderedDoc, ...]) -> Page:
    ordered = sorted(rendered, key=lambda r: (r.annotated.source.meta.published or "9999", r.annotated.source.slug))
    rows = tuple(index_row(doc, routes.HOME) for doc in ordered)
    return out.page(routes.HOME, "index.html", rows=rows)


def _document(out: Renderer, rendered: RenderedDoc, related: Related) -> Page:
    path = routes.document(rendered.annotated.source.slug)
    return out.page(path, "document.html", doc=document_view(rendered, path, related, out.project.config))


def _archive_pages(out: Renderer, archive: Archive) -> list[Page]:
    entities, sources = entity_views(archive), source_views(archive)
    pages = [
        out.page(routes.ENTITIES, "entities.html", entities=entities),
        out.page(routes.SOURCES, "sources.html", sources=sources),
        out.page(routes.DISPUTES, "disputes.html", disputes=dispute_views(archive)),
    ]
    pages += [out.page(routes.entity(view.id), "entity.html", entity=view) for view in entities]
    pages += [out.page(routes.source(view.id), "source.html", source=view) for view in sources]
    return pages


def _extra(out: Renderer, page: ExtraPage) -> Page:
    html = Markup(make_parser().render(page.markdown))
    return out.page(routes.page(page.slug), "page.html", title=page.title, body_html=html)


def _export_rows(rendered: tuple[RenderedDoc, ...]) -> tuple[tuple[str, str, str], ...]:
    """(title, JSON-LD path, original path) per document."""
    return tuple(
        (
            r.annotated.source.title,
            routes.jsonld(r.annotated.source.slug),
            routes.original(r.annotated.source),
        )
        for r in rendered
    )


def _static(theme: Path) -> list[Page]:
    folder = theme / "static"
    if not folder.is_dir():
        return []
    return [
        Page(routes.static(path.relative_to(folder).as_posix()), path.read_bytes())
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    ]
