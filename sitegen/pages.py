"""Route + template: every output file of the site, as Page values."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from sitegen import routes
from sitegen.archive_views import archive_overview, document_summary, relations
from sitegen.config import Project
from sitegen.contributions import (
    Contribution,
    contribution,
    dispute_views_of,
    entity_views_of,
    source_views_of,
)
from sitegen.exports import DocumentExport, archive_exports, document_export
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


@dataclass(frozen=True, slots=True)
class DocumentOutput:
    """Everything one document contributes to the site, and what it was made from."""

    key: tuple[object, ...]
    """The inputs besides the document itself: its backlinks, its aliases, its neighbours."""
    pages: tuple[Page, ...]
    export: DocumentExport
    contribution: Contribution


PARALLEL_MIN_DOCUMENTS = 200
"""Below this, forking workers costs more than rendering in one process."""


class _Forked:
    """What forked workers run; set only while a pool is open."""

    make: Callable[[int], DocumentOutput] | None = None


def _make_chunk(indices: list[int]) -> list[tuple[int, DocumentOutput]]:
    make = _Forked.make
    assert make is not None, "only called in workers forked while a pool is open"
    return [(index, make(index)) for index in indices]


class SiteMaker:
    """Makes the site's pages and remembers them, so a rebuild re-renders only what changed.

    ``make(..., fresh=slugs)`` re-renders those documents' pages and every cross-document
    page whose content they change; everything else is the previous build's Page.
    """

    def __init__(self, project: Project, extra: tuple[ExtraPage, ...]) -> None:
        self.out = Renderer(project, extra)
        self.extra = extra
        self.documents: dict[str, DocumentOutput] = {}
        self.views: dict[str, tuple[object, Page]] = {}
        self.overview: object = None

    def make(
        self, rendered: tuple[RenderedDoc, ...], archive: Archive, fresh: frozenset[str] | None = None
    ) -> tuple[Page, ...]:
        outputs = self._documents(rendered, archive, fresh)
        parts = [output.contribution for output in outputs]
        entities = entity_views_of(parts, archive.registry)
        sources = source_views_of(parts, archive.registry)
        if fresh is None or self.overview is None:  # charts on the home and cross-document pages
            self.overview = archive_overview(archive, entities, sources)
        self.out.env.globals["overview"] = self.overview
        slugs = [r.annotated.source.slug for r in rendered]
        built = [page for output in outputs for page in output.pages]
        built += [self._view(routes.entity(view.id), "entity.html", "entity", view) for view in entities]
        built += [self._view(routes.source(view.id), "source.html", "source", view) for view in sources]
        built += [
            _home(self.out, rendered),
            self.out.page(routes.ENTITIES, "entities.html", entities=entities),
            self.out.page(routes.SOURCES, "sources.html", sources=sources),
            self.out.page(routes.DISPUTES, "disputes.html", disputes=dispute_views_of(parts)),
            self.out.page(routes.EXPORTS, "exports.html", docs=_export_rows(rendered)),
            self.out.page(routes.SEARCH, "search.html"),
            self.out.page(routes.NOT_FOUND, "404.html"),
            *archive_exports(self.out.project.config, slugs, [output.export for output in outputs]),
            *(_extra(self.out, page) for page in self.extra),
            *_static(self.out.project.theme_dir),
        ]
        return tuple(sorted(built, key=lambda page: page.path))

    def _documents(
        self, rendered: tuple[RenderedDoc, ...], archive: Archive, fresh: frozenset[str] | None
    ) -> list[DocumentOutput]:
        related = relations(archive)
        slugs = [r.annotated.source.slug for r in rendered]
        keys = []
        todo = []
        for index, slug in enumerate(slugs):
            aliases = tuple(alias for alias in archive.aliases if alias.doc == slug)
            mine = tuple((key, value) for key, value in related.items() if key[0] == slug)
            neighbours = (slugs[index - 1] if index else "", slugs[index + 1] if index + 1 < len(slugs) else "")
            keys.append((mine, aliases, neighbours))
            known = self.documents.get(slug)
            if known is None or known.key != keys[index] or fresh is None or slug in fresh:
                todo.append(index)
        made = self._in_parallel(
            todo, lambda i: self._document_output(rendered[i], keys[i], related, slugs, i, archive)
        )
        outputs = {slug: made.get(index) or self.documents[slug] for index, slug in enumerate(slugs)}
        self.documents = outputs
        return list(outputs.values())

    def _in_parallel(self, todo: list[int], make: Callable[[int], DocumentOutput]) -> dict[int, DocumentOutput]:
        """Each document's pages, in worker processes when there are many and cores to spare."""
        jobs = self.out.project.config.jobs or os.cpu_count() or 1
        if jobs < 2 or len(todo) < PARALLEL_MIN_DOCUMENTS or "fork" not in multiprocessing.get_all_start_methods():
            return {index: make(index) for index in todo}
        chunks = [todo[start::jobs] for start in range(jobs)]
        _Forked.make = make  # forked workers inherit it: nothing but indices and pages cross a pipe
        try:
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
                results = list(pool.map(_make_chunk, chunks))
        finally:
            _Forked.make = None
        return {index: output for chunk in results for index, output in chunk}

    def _document_output(
        self,
        rendered: RenderedDoc,
        key: tuple[object, ...],
        related: Related,
        slugs: list[str],
        index: int,
        archive: Archive,
    ) -> DocumentOutput:
        doc = rendered.annotated
        own = Archive((doc,), archive.registry, (), tuple(a for a in archive.aliases if a.doc == slugs[index]))
        export = document_export(self.out.project.config, slugs, index, doc)
        pages = (
            _document(self.out, rendered, related),
            Page(routes.original(doc.source), doc.source.raw),
            export[0],
            *(self.out.page(v.path, "share.html", share=v) for v in share_views(self.out.project.config, own)),
        )
        return DocumentOutput(key, pages, export, contribution(doc))

    def _view(self, path: str, template: str, name: str, view: object) -> Page:
        """A cross-document page, rendered again only when its view changed."""
        known = self.views.get(path)
        if known is not None and known[0] == view:
            return known[1]
        page = self.out.page(path, template, **{name: view})
        self.views[path] = (view, page)
        return page


def _home(out: Renderer, rendered: tuple[RenderedDoc, ...]) -> Page:
    ordered = sorted(rendered, key=lambda r: (r.annotated.source.meta.published or "9999", r.annotated.source.slug))
    rows = tuple(index_row(doc, routes.HOME) for doc in ordered)
    return out.page(routes.HOME, "index.html", rows=rows)


def _document(out: Renderer, rendered: RenderedDoc, related: Related) -> Page:
    path = routes.document(rendered.annotated.source.slug)
    view = document_view(rendered, path, related, out.project.config)
    return out.page(path, "document.html", doc=view, summary=document_summary(rendered.annotated))


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
