"""Rendering pages for one build: the site's navigation, the template environment and the
site-wide context every page shares, and where pages go as they are made."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import jinja2

from sitegen.config import Project
from sitegen.model import ExtraPage, Page, StreamedPage
from sitegen.output.write import Manifest
from sitegen.site import routes
from sitegen.site.factcheck import FACT_CHECKS
from sitegen.site.hooks import page_context_hooks, with_hooks
from sitegen.site.templates import make_environment, render_template, site_view, stream_template

NAV = (("Documents", routes.HOME), ("Entities", routes.ENTITIES), ("Sources", routes.SOURCES),
       ("Disputes", routes.DISPUTES), ("Data", routes.EXPORTS))  # fmt: skip


Nav = tuple[tuple[str, str], ...]
"""(title, site path) of every entry of the site's navigation."""


def nav_of(extra: tuple[ExtraPage, ...], checks: bool = False) -> Nav:
    """The navigation; ``checks``: the archive has verdicts, so its Fact checks page is listed."""
    checked = (("Fact checks", FACT_CHECKS),) if checks else ()
    return NAV[:4] + checked + NAV[4:] + tuple((page.title, routes.page(page.slug)) for page in extra)


_RENDERERS: dict[str, Renderer] = {}
"""This process's renderer for the build it works for (``Renderer.of``)."""


class Renderer:
    """Renders templates for one build: the environment and the site-wide context."""

    def __init__(self, project: Project, nav: Nav) -> None:
        self.project = project
        self.env: jinja2.Environment = make_environment(project.theme_dir, project.theme_dirs[:-1])
        self.env.globals["nav"] = nav
        self.env.globals["extra"] = dict(project.config.extra)
        self.env.globals["footer"] = project.config.footer
        self.hooks = page_context_hooks(project.config.plugins.page_context)

    @staticmethod
    def of(project: Project, nav: Nav, build: str) -> Renderer:
        """The renderer for a build's documents, made once per process and ``build`` (a
        worker's first document makes it, and its other documents share it; templates are read
        once, so a new full build, which may follow a theme edit, makes a new one). Keyed by
        the build's name alone: a project's ``extra`` values may be lists, which do not hash."""
        made = _RENDERERS.get(build)
        if made is None:
            _RENDERERS.clear()
            made = _RENDERERS[build] = Renderer(project, nav)
        return made

    def page(self, path: str, template: str, **context: Any) -> Page:
        site = site_view(self.project.config, path)
        context = with_hooks(self.hooks, template, path, context)
        return Page(path, render_template(self.env, template, site=site, **context))

    def streamed(self, path: str, template: str, **context: Any) -> StreamedPage:
        site = site_view(self.project.config, path)
        context = with_hooks(self.hooks, template, path, context)
        return StreamedPage(path, lambda: stream_template(self.env, template, site=site, **context))


Sink = Callable[[Sequence[Page | StreamedPage]], Manifest]
"""Where pages go as they are made: the staging folder of a build, or the live site in place.
It returns the manifest entries of what it wrote."""


def chunked(sink: Sink, pages: Iterable[Page], size: int = 200) -> Manifest:
    """Pages made one by one, written ``size`` at a time (a big archive's are never all held)."""
    manifest: Manifest = {}
    chunk: list[Page] = []
    for page in pages:
        chunk.append(page)
        if len(chunk) == size:
            manifest |= sink(chunk)
            chunk = []
    return manifest | (sink(chunk) if chunk else {})
