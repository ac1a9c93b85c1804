"""Route + template: every output file of the site, as Page values."""

from __future__ import annotations

from pathlib import Path

import jinja2
from markupsafe import Markup

from sitegen import routes
from sitegen.config import Project
from sitegen.markdown import make_parser
from sitegen.model import Archive, ExtraPage, Page, RenderedDoc
from sitegen.templates import document_view, index_row, make_environment, render_template, site_view


def make_pages(
    project: Project,
    rendered: tuple[RenderedDoc, ...],
    extra: tuple[ExtraPage, ...],
    archive: Archive,
) -> tuple[Page, ...]:
    """Home, one page per document, extra pages, originals, theme assets and the 404 page."""
    theme = project.theme_dir
    env = make_environment(theme)
    env.globals["nav"] = tuple((page.title, routes.page(page.slug)) for page in extra)
    ordered = sorted(
        rendered, key=lambda r: (r.annotated.source.meta.published or "9999", r.annotated.source.slug)
    )
    built = [_home(env, project, ordered)]
    built += [_document(env, project, doc) for doc in rendered]
    built += [Page(routes.original(doc.annotated.source), doc.annotated.source.raw) for doc in rendered]
    built += [_extra(env, project, page) for page in extra]
    built.append(
        Page(
            routes.NOT_FOUND,
            render_template(env, "404.html", site=site_view(project.config, routes.NOT_FOUND)),
        )
    )
    built += _static(theme)
    return tuple(sorted(built, key=lambda page: page.path))


def _home(env: jinja2.Environment, project: Project, rendered: list[RenderedDoc]) -> Page:
    path = routes.HOME
    rows = tuple(index_row(doc, path) for doc in rendered)
    return Page(path, render_template(env, "index.html", site=site_view(project.config, path), rows=rows))


def _document(env: jinja2.Environment, project: Project, rendered: RenderedDoc) -> Page:
    path = routes.document(rendered.annotated.source.slug)
    view = document_view(rendered, path)
    return Page(path, render_template(env, "document.html", site=site_view(project.config, path), doc=view))


def _extra(env: jinja2.Environment, project: Project, page: ExtraPage) -> Page:
    path = routes.page(page.slug)
    html = make_parser().render(page.markdown)
    context = {"site": site_view(project.config, path), "title": page.title, "body_html": Markup(html)}
    return Page(path, render_template(env, "page.html", **context))


def _static(theme: Path) -> list[Page]:
    folder = theme / "static"
    if not folder.is_dir():
        return []
    return [
        Page(routes.static(path.relative_to(folder).as_posix()), path.read_bytes())
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    ]
