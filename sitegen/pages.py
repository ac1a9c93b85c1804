"""Route + template: every output file of the site, as Page values."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import jinja2
from markupsafe import Markup

from sitegen import routes
from sitegen.config import Project
from sitegen.errors import Diagnostics, SitegenError
from sitegen.markdown import make_parser
from sitegen.model import EntityRegistry, Page, RenderedDoc
from sitegen.read import decode, slugify, split_front_matter
from sitegen.templates import document_view, index_row, make_environment, render_template, site_view


def make_pages(
    project: Project, rendered: tuple[RenderedDoc, ...], registry: EntityRegistry, diagnostics: Diagnostics
) -> tuple[Page, ...]:
    """Home, one page per document, extra pages, originals, theme assets and the 404 page."""
    theme = project.theme_dir
    env = make_environment(theme)
    extra = _extra_pages(project, diagnostics)
    nav = tuple((title, routes.page(slug)) for slug, title, _ in extra)
    env.globals["nav"] = nav
    ordered = sorted(
        rendered, key=lambda r: (r.annotated.source.meta.published or "9999", r.annotated.source.slug)
    )
    built = [_home(env, project, ordered)]
    built += [_document(env, project, doc) for doc in rendered]
    built += [Page(routes.original(doc.annotated.source), doc.annotated.source.raw) for doc in rendered]
    built += [_extra(env, project, slug, title, html) for slug, title, html in extra]
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


def _extra(env: jinja2.Environment, project: Project, slug: str, title: str, html: str) -> Page:

    path = routes.page(slug)
    context = {"site": site_view(project.config, path), "title": title, "body_html": Markup(html)}
    return Page(path, render_template(env, "page.html", **context))


def _extra_pages(project: Project, diagnostics: Diagnostics) -> list[tuple[str, str, str]]:
    """(slug, title, HTML) of each Markdown page in content/pages/."""
    folder = project.path(project.config.content_dir) / "pages"
    found = []
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        relative = path.relative_to(project.root).as_posix()
        try:
            body, meta = split_front_matter(decode(path.read_bytes(), relative), relative, diagnostics)
        except SitegenError as exc:
            diagnostics.extend(exc)
            continue
        title = (
            meta.title if meta and meta.title else PurePosixPath(relative).stem.replace("-", " ").capitalize()
        )
        found.append((slugify(path.stem), title, make_parser().render(body)))
    return found


def _static(theme: Path) -> list[Page]:
    folder = theme / "static"
    if not folder.is_dir():
        return []
    return [
        Page(routes.static(path.relative_to(folder).as_posix()), path.read_bytes())
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    ]
