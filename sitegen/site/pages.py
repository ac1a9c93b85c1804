"""Route + template: every output file of the site, as Page values."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple, TypeVar

from markupsafe import Markup

from sitegen.config import Project, SiteConfig
from sitegen.curate.verdicts import scale_of
from sitegen.model import (
    Alias,
    Archive,
    EntityRegistry,
    ExtraPage,
    Page,
    Rating,
    RenderedDoc,
    StreamedPage,
    Verdict,
)
from sitegen.output.write import Manifest, ManifestEntry
from sitegen.plugins import blamed
from sitegen.runtime.forked import PARALLEL_MIN_DOCUMENTS, map_forked
from sitegen.runtime.spool import Blob, read, unpack
from sitegen.site import exports, routes
from sitegen.site.archive_views import OverviewFacts, archive_overview, document_summary
from sitegen.site.contributions import (
    SHARDS,
    EntitySummary,
    EntityView,
    Shards,
    SourceSummary,
    SourceView,
    entity_summary,
    entity_views_of,
    place_map,
    source_summary,
    source_views_of,
)
from sitegen.site.exports import Exported
from sitegen.site.factcheck import FACT_CHECKS, CheckedClaim, claim_reviews, fact_checks_view, verdict_view
from sitegen.site.paging import paged
from sitegen.site.reference import FeedEntry, citation_meta, document_entry, feed_pages
from sitegen.site.renderer import Renderer, Sink, nav_of
from sitegen.site.views import IndexRow, Related, document_view, share_views, shared_ids
from sitegen.site.webanno import Described, context_page
from sitegen.sources.markdown import make_parser

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class ShardOutput:
    """One shard's entity and source pages as written, and their index entries."""

    files: Manifest
    entities: tuple[EntitySummary, ...]
    sources: tuple[SourceSummary, ...]


class PageSpec(NamedTuple):
    """A cross-document page: where it goes, its template, and the view it renders."""

    path: str
    template: str
    name: str
    """The view's name in the template."""
    view: object


class DocumentKey(NamedTuple):
    """A document page's inputs besides the document itself."""

    related: tuple[tuple[tuple[str, str], tuple[tuple[str, str], ...]], ...]
    """Both ends of the curated links that touch it."""
    aliases: tuple[Alias, ...]
    """Its old ids that moved, from the lock."""
    neighbours: tuple[str, str]
    """The previous and next documents' slugs."""
    inherited: tuple[Verdict, ...] = ()
    """The verdicts its claims inherit from their groups (``whole_group``): part of the key, so
    a quick rebuild renders again every document whose inherited verdicts changed."""


@dataclass(frozen=True, slots=True)
class DocumentOutput:
    """What one document left behind once its own pages were written: small parts for the
    cross-document pages, the exports and the search index, never the pages themselves."""

    key: DocumentKey
    files: Manifest
    order: tuple[str, str]
    """Where it sorts on the home page: (published date, slug)."""
    row: IndexRow
    exports: Exported
    contribution: Shards
    overview: Blob
    """Its ``OverviewFacts``, packed."""
    checked: tuple[CheckedClaim, ...] = ()
    """Its verdicts, with their claims, for the Fact checks page and feed."""
    added: str = ""
    """When the archive took it in (else when it was published): the documents feed's date."""
    lastmod: str = ""
    """The sitemap's ``lastmod`` for its page."""


class SiteMaker:
    """Makes the cross-document pages from every document's output, writing each through a sink.

    With ``keep``, it remembers what each document and cross-document page was made from,
    so ``make(..., fresh=slugs)`` re-renders only the cross-document pages whose content those
    documents change (the preview server's quick rebuilds). A one-shot build keeps nothing, so
    its memory does not grow with the archive's pages.
    """

    def __init__(
        self, project: Project, extra: tuple[ExtraPage, ...], keep: bool = False, checks: bool = False
    ) -> None:
        self.out = Renderer(project, nav_of(extra, checks))
        self.checks = checks
        self.extra = extra
        self.keep = keep
        self.documents: dict[str, DocumentOutput] = {}
        self.views: dict[str, tuple[object, ManifestEntry]] = {}
        self.overview: object = None
        self.bulk: Manifest = {}
        self.described = Described({}, ())
        self.shards: dict[int, ShardOutput] = {}
        self.checked: list[CheckedClaim] = []

    def make(
        self, archive: Archive, outputs: list[DocumentOutput], sink: Sink, fresh: frozenset[str] | None = None
    ) -> Manifest:
        """Every page but the documents' own, from their outputs (in the archive's order)."""
        before = self.documents
        if self.keep:
            self.documents = {output.contribution.slug: output for output in outputs}
        big = len(outputs) >= PARALLEL_MIN_DOCUMENTS
        manifest: Manifest = {}
        jobs = self.out.project.config.jobs
        checked = [claim for output in outputs for claim in output.checked]  # before the shards' pages
        if checked != self.checked:  # verdicts show on source and entity pages, outside their views
            self.views, self.checked, fresh = {}, checked, None
        todo = range(SHARDS) if fresh is None else self._touched(before, outputs)
        self.out.env.globals["verdicts"] = {claim.passage: claim.verdict for claim in checked}
        self.out.env.globals["checked_by_source"] = _by_slug((claim.source_id, claim) for claim in checked)
        fresh_shards = map_forked(
            todo, lambda k: self._shard(k, outputs, archive.registry, sink), jobs, big and not self.keep
        )
        shards = list((self.shards | fresh_shards).values())
        if self.keep:
            self.shards |= fresh_shards
        for shard in shards:
            manifest.update(shard.files)
        entities = tuple(sorted((e for shard in shards for e in shard.entities), key=_by_name))
        sources = tuple(sorted((s for shard in shards for s in shard.sources), key=_by_name))
        if fresh is None or self.overview is None:  # charts on the home and cross-document pages
            facts = [unpack(read(o.overview), OverviewFacts) for o in outputs]
            self.overview = archive_overview(facts, entities, sources)
        self.out.env.globals["overview"] = self.overview
        self.out.env.globals["place_map"] = place_map(entities)
        rows = tuple(output.row for output in sorted(outputs, key=lambda output: output.order))
        disputes = tuple(view for o in outputs for view in o.contribution.dispute_views())
        # The lists of the whole archive are paged: the first page keeps its address (#23).
        views = [PageSpec(path, "index.html", "rows", page) for path, page in paged(rows, routes.HOME, routes.LIST)]
        views += [
            PageSpec(routes.ENTITIES, "entities.html", "entities", entities),
            PageSpec(routes.SOURCES, "sources.html", "sources", sources),
            PageSpec(routes.EXPORTS, "exports.html", "docs", len(outputs)),
        ]
        views += [
            PageSpec(path, "disputes.html", "disputes", page)
            for path, page in paged(disputes, routes.DISPUTES, routes.DISPUTES_FOLDER)
        ]
        if self.checks:
            scale = scale_of(self.out.project.config)
            views.append(PageSpec(FACT_CHECKS, "fact-checks.html", "checks", fact_checks_view(checked, scale)))
        bulk = self._bulk(outputs, list(archive.slugs), sink, fresh)
        manifest.update(self._views(views, sink, big, bulk))
        pages = [
            self.out.page(routes.SEARCH, "search.html"),
            self.out.page(routes.NOT_FOUND, "404.html"),
            *(_extra(self.out, page) for page in self.extra),
            *_feeds(self.out.project.config, outputs, checked if self.checks else None),
            *_static(self.out.project.theme_dirs),
            context_page(),
        ]
        manifest.update(sink(pages))
        if self.keep:  # a page that went away is written again when it comes back, not assumed kept
            self.views = {path: known for path, known in self.views.items() if path in manifest}
        return manifest

    def render(self, specs: list[PageSpec], sink: Sink) -> Manifest:
        """Pages of views made elsewhere (the claim groups'), rendered as the cross-document
        pages are: on every core for a big archive, each written as soon as it is made."""
        return self._views(specs, sink, big=len(specs) >= PARALLEL_MIN_DOCUMENTS)

    def _bulk(
        self, outputs: list[DocumentOutput], slugs: list[str], sink: Sink, fresh: frozenset[str] | None
    ) -> list[Callable[[], Manifest]]:
        """The pieces of work that write the archive-wide data files (tens of megabytes for a
        big archive) and every document's JSON-LD, which refers to what the archive describes
        once (``exports.export_work``)."""
        config, parts = self.out.project.config, [output.exports for output in outputs]
        archive = exports.described_once(parts)
        if self.keep:
            return [functools.partial(self._kept_bulk, slugs, parts, archive, sink, fresh)]
        return exports.export_work(sink, config, slugs, parts, archive)

    def _kept_bulk(
        self, slugs: list[str], parts: list[Exported], archive: Described, sink: Sink, fresh: frozenset[str] | None
    ) -> Manifest:
        """A quick rebuild keeps the last full build's collection and CSV, and writes its
        documents' JSON-LD (all, when what the archive describes changed) as a full build would."""
        config, only = self.out.project.config, None
        if fresh is None or not self.bulk:
            written = sink(list(exports.archive_exports(config, slugs, parts, archive)))
        elif archive == self.described:
            written, only = self.bulk, fresh
        else:
            written = self.bulk | sink(list(exports.described_pages(config, archive)))
        self.bulk, self.described = written | exports.write_jsonld(sink, config, slugs, parts, archive, only), archive
        return self.bulk

    def _touched(self, before: dict[str, DocumentOutput], outputs: list[DocumentOutput]) -> list[int]:
        """The shards whose content a quick rebuild's documents changed (a long-lived maker)."""
        now = {output.contribution.slug: output for output in outputs}
        changed = [slug for slug in before.keys() | now.keys() if before.get(slug) is not now.get(slug)]
        return [
            k
            for k in range(SHARDS)
            if k not in self.shards or any(_piece(before.get(slug), k) != _piece(now.get(slug), k) for slug in changed)
        ]

    def _shard(self, index: int, outputs: list[DocumentOutput], registry: EntityRegistry, sink: Sink) -> ShardOutput:
        """One shard's entity and source pages, from that shard of every document's contribution."""
        parts = [output.contribution.shard(index) for output in outputs]
        entities = entity_views_of(parts, registry, index)
        sources = source_views_of(parts, registry)
        specs = [PageSpec(routes.entity(view.id), "entity.html", "entity", view) for view in entities]
        specs += [PageSpec(routes.source(view.id), "source.html", "source", view) for view in sources]
        files = self._views(specs, sink, big=False)
        return ShardOutput(files, tuple(map(entity_summary, entities)), tuple(map(source_summary, sources)))

    def _views(
        self, views: list[PageSpec], sink: Sink, big: bool, alongside: Sequence[Callable[[], Manifest]] = ()
    ) -> Manifest:
        """Cross-document pages: on every core for a big archive, each rendered from its view,
        with ``alongside`` (more files) as more pieces of work. A long-lived maker renders
        here only the pages whose view changed since last time."""
        if not self.keep:
            work: list[Callable[[], Manifest]] = [functools.partial(self._written, spec, sink) for spec in views]
            work = [*alongside, *work]  # first: the CSV takes as long as the longest page
            made = map_forked(range(len(work)), lambda i: work[i](), self.out.project.config.jobs, big)
            return {path: entry for files in made.values() for path, entry in files.items()}
        manifest: Manifest = {}
        todo = []
        for spec in views:
            known = self.views.get(spec.path)
            if known is not None and known[0] == spec.view:
                manifest[spec.path] = known[1]
            else:
                todo.append(spec)
        written = sink([self._page(spec) for spec in todo])
        self.views.update((spec.path, (spec.view, written[spec.path])) for spec in todo)
        for piece in alongside:
            manifest |= piece()
        return manifest | written

    def _written(self, spec: PageSpec, sink: Sink) -> Manifest:
        return sink([self._page(spec)])

    def _page(self, spec: PageSpec) -> Page | StreamedPage:
        """A page; one that lists much of the archive is written in pieces by a one-shot build."""
        if not self.keep and _items(spec.view) > LONG_PAGE_ITEMS:
            return self.out.streamed(spec.path, spec.template, **{spec.name: spec.view})
        return self.out.page(spec.path, spec.template, **{spec.name: spec.view})


LONG_PAGE_ITEMS = 1000
"""Entity and source pages listing more passages than this are streamed: the most mentioned
entities of a big archive have pages of several megabytes."""


def _items(view: object) -> int:
    if isinstance(view, EntityView):
        return view.mention_count
    return view.claim_count if isinstance(view, SourceView) else 0


def _piece(output: DocumentOutput | None, shard: int) -> tuple[object, ...]:
    """What a document files in a shard (nothing when it is not in the archive)."""
    if output is None:
        return (), ()
    part = output.contribution.shard(shard)
    return part.mentions, part.claims


def _by_name(view: EntitySummary | SourceSummary) -> tuple[str, str]:
    return view.name.casefold(), view.id


def _by_slug(pairs: Iterable[tuple[str, T]]) -> dict[str, tuple[T, ...]]:
    grouped: dict[str, list[T]] = defaultdict(list)
    for slug, item in pairs:
        grouped[slug].append(item)
    return {slug: tuple(items) for slug, items in grouped.items()}


def document_pages(
    out: Renderer,
    rendered: RenderedDoc,
    related: Related,
    own: Archive,
    locked: Collection[str],
    verdicts: tuple[Verdict, ...],
    scale: tuple[Rating, ...],
) -> list[Page]:
    """A document's own files: its page, its original and its share pages (``locked``: its ids
    in the id lock); its JSON-LD is written with the archive's exports."""
    doc = rendered.annotated
    shared = shared_ids(doc, locked, own.aliases)
    return [
        _document(out, rendered, related, own, verdicts, shared, scale),
        Page(routes.original(doc.source), doc.source.raw),
        *(out.page(v.path, "share.html", share=v) for v in share_views(out.project.config, own, shared)),
    ]


@dataclass(frozen=True, slots=True)
class DocumentChecks:
    """What a document page shows of its verdicts, and the metadata reference tools read."""

    verdicts: dict[str, object]
    """Claim id → its ``VerdictView``."""
    claim_review: Markup
    """ClaimReview JSON-LD, safe inside ``<script>``; empty without verdicts."""
    citation: tuple[tuple[str, str], ...]
    """(name, content) of the Highwire ``citation_*`` tags."""


def _document(
    out: Renderer,
    rendered: RenderedDoc,
    related: Related,
    own: Archive,
    verdicts: tuple[Verdict, ...],
    shared: frozenset[str],
    scale: tuple[Rating, ...],
) -> Page:
    doc, config = rendered.annotated, out.project.config
    path = routes.document(doc.source.slug)
    view = document_view(rendered, path, related, config, shared)
    checks = DocumentChecks(
        {v.claim.id: verdict_view(v) for v in verdicts},
        claim_reviews(config, doc, verdicts, own.registry, scale),
        citation_meta(config, doc.source),
    )
    return out.page(path, "document.html", doc=view, summary=document_summary(doc), checks=checks)


def lastmods(outputs: Iterable[DocumentOutput]) -> dict[str, str]:
    """The sitemap's ``lastmod`` of every document page that has one."""
    return {routes.document(o.contribution.slug): o.lastmod for o in outputs if o.lastmod}


def _feeds(config: SiteConfig, outputs: list[DocumentOutput], checked: list[CheckedClaim] | None) -> list[Page]:
    return feed_pages(config, _feed_entries(config, outputs), checked)


def _feed_entries(config: SiteConfig, outputs: list[DocumentOutput]) -> list[FeedEntry]:
    return [
        document_entry(
            config, o.row.title, routes.document(o.contribution.slug), o.added, o.row.outlet, o.row.published
        )
        for o in outputs
    ]


def _extra(out: Renderer, page: ExtraPage) -> Page:
    markdown = out.project.config.plugins.markdown
    with blamed(markdown, "plugins.markdown", f"rendering the page {page.slug!r}"):
        html = Markup(make_parser(markdown).render(page.markdown))
    return out.page(routes.page(page.slug), "page.html", title=page.title, body_html=html)


def _static(theme_dirs: tuple[Path, ...]) -> list[Page]:
    """Every static file of the theme, each replaced by the ``custom_dir``'s file of the same path."""
    found: dict[str, Path] = {}
    for theme in reversed(theme_dirs):
        folder = theme / "static"
        if folder.is_dir():
            found |= {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*")) if p.is_file()}
    return [Page(routes.static(name), found[name].read_bytes()) for name in sorted(found)]
