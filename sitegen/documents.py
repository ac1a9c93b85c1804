"""The per-document pass: one document from its seed to its pages and its parts, as one
function of the document (``DocumentTask``) and a small, picklable context (``DocumentContext``).

    read → settle its machine proposals → anchor → merge → render → its pages → its parts

An executor maps it over the archive (``runtime/executors.py``): here, on forked local
processes, or on a Dask cluster; nothing here knows which. Each call writes its document's
files through the context's sink (the build's staging folder, which every worker sees) and
spools its parts; what comes back is small: the manifest entries of what it wrote, and where its
parts for the archive-wide stages are (its contribution to the cross-document pages, its search
entries, its part of the exports). Those stages are reduces over what comes back.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TypeVar

from sitegen.analyse.analysis import AnalyseContext, Seed, analyse_document
from sitegen.analyse.cache import salt
from sitegen.analyse.groupverdicts import Inherited
from sitegen.config import Project, SiteConfig
from sitegen.curate.curated import CuratedFile
from sitegen.curate.lock import Lock
from sitegen.curate.verdicts import settle_verdicts
from sitegen.errors import Diagnostics
from sitegen.model import Alias, AnnotatedDoc, Archive, Keeper, Opened, Page, Rating, RenderedDoc, Verdict
from sitegen.render.document import render_document
from sitegen.runtime.data import shape
from sitegen.runtime.executors import Executor
from sitegen.runtime.spool import Spool, pack
from sitegen.search.entries import PackedEntries, doc_entries, readable_entries
from sitegen.site import routes
from sitegen.site.archive_views import overview_facts, relations
from sitegen.site.contributions import Shards, contribution, packed_shards, readable_shards, shards_of
from sitegen.site.exports import ExportParts, export_parts, exported
from sitegen.site.factcheck import checked_claims
from sitegen.site.pages import DocumentKey, DocumentOutput, document_pages
from sitegen.site.reference import lastmod
from sitegen.site.renderer import Nav, Renderer, Sink
from sitegen.site.views import Related, index_row

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class DocumentContext:
    """What every document's pass shares; an executor sends it once to each worker."""

    analysis: AnalyseContext
    project: Project
    nav: Nav
    slugs: tuple[str, ...]
    """Every document's slug, in order (a document's JSON-LD names its neighbours)."""
    sink: Sink | None
    """Where its files go: the build's staging folder, or the live site for a quick rebuild.
    None: they go back with the result, for the caller to write (``WORKERS_WRITE``)."""
    spool: Spool
    """Where a one-shot build's parts go until the archive-wide stages read them."""
    keep: bool
    """A long-lived process: parts are kept as objects, for the next quick rebuild."""
    build: str
    """Names the full build (its staging folder); quick rebuilds after it share its name."""
    scale: tuple[Rating, ...]
    """The fact-check scale (``scale_of``), made once for every document."""


@dataclass(frozen=True, slots=True)
class DocumentTask:
    """One document's own inputs: its seed, curated file and lock entry, and where it stands
    in the archive. ``opened``: its analysis, when an earlier stage made it already."""

    index: int
    seed: Seed
    curated: CuratedFile | None
    lock: Lock
    key: DocumentKey
    opened: Opened | None = None


@dataclass(frozen=True, slots=True)
class Made:
    """One document's pass: its output (None if its analysis failed), its search entries, what
    its analysis found and how many of its ids the lock lacks."""

    output: DocumentOutput | None
    search: PackedEntries | None
    found: Diagnostics
    unlocked: int
    pages: tuple[Page, ...] = ()
    """Its files, when the caller writes them."""


WORKERS_WRITE = True
"""Workers write each document's files into the staging folder themselves, which must be on
storage every worker shares with the client; else the pages go back to the client, which
writes them (``bench/dask.py --pages both`` times both). Workers write: a document's ~34 files
are ~370 kB, so sent back a million documents' pages would all cross the network to one
process and be written from one core, while the staging folder must be shared storage anyway
for the caches and the spool. On one 2-core machine the client wrote a warm 100-document build
faster (docs/scaling.md), as its workers compete with it for the same cores."""


def document_pass(task: DocumentTask, context: DocumentContext) -> Made:
    """Analyse one document (unless that was done), render it, write its files, keep its parts."""
    if task.opened is None:
        doc, moved, unlocked, found, kept = analyse_document(task.seed, task.curated, task.lock, context.analysis)
    else:  # what its analysis found, moved and missed was reported with the link stage's
        doc, moved, unlocked, found, kept = task.opened.doc, (), 0, Diagnostics(), task.opened.kept
    if doc is None:
        return Made(None, None, found, 0)
    written = task.curated.verdicts if task.curated is not None else ()
    verdicts = own_and_inherited(doc, settle_verdicts(doc, written, context.scale, found), task.key)
    key = task.key._replace(aliases=task.key.aliases + moved)
    own = Archive((doc.source.slug,), (doc,), context.analysis.registry, (), key.aliases)
    config = context.project.config
    rendered = render_document(doc, own.aliases, config.plugins.markdown)
    parts = held_parts if context.keep else spooled_parts
    shards, search, exports = parts(config, task.index, doc, rendered, key.aliases, kept, context.spool)
    out = Renderer.of(context.project, context.nav, context.build)
    related = dict(key.related)
    locked = task.lock.get(doc.source.slug, {})
    pages = document_pages(out, rendered, related, own, locked, verdicts, context.scale)
    files = context.sink(pages) if context.sink is not None else {}
    source = doc.source
    output = DocumentOutput(
        key=key,
        files=files,
        order=(source.meta.published or "9999", source.slug),
        row=index_row(rendered, routes.HOME),
        exports=exported(exports, context.spool),
        contribution=shards,
        overview=context.spool.put(pack(overview_facts(doc))),
        checked=checked_claims(doc, verdicts),
        added=source.meta.added or source.meta.published,
        lastmod=lastmod(source, verdicts),
    )
    return Made(output, search, found, unlocked, () if context.sink is not None else tuple(pages))


def own_and_inherited(doc: AnnotatedDoc, own: tuple[Verdict, ...], key: DocumentKey) -> tuple[Verdict, ...]:
    """A document's verdicts: its own, and those its claims inherit from their groups (a claim
    with its own verdict keeps it), in document order."""
    if not key.inherited:
        return own
    order = {a.id: n for n, a in enumerate(doc.annotations) if a.kind == "claim"}
    rated = {v.claim.id for v in own}
    heirs = tuple(v for v in key.inherited if v.claim.id in order and v.claim.id not in rated)
    return tuple(sorted(own + heirs, key=lambda v: order[v.claim.id]))


Parts = tuple[Shards, PackedEntries, ExportParts]

Kept = tuple[bytes, tuple[int, ...], str, bytes, ExportParts]
"""What a one-shot build keeps beside a document's analysis: its shards encoded and where each
starts, the digest of its search entries and the entries encoded, its part of the exports."""
_KEPT: type[Kept] = shape(Kept)


def held_parts(
    config: SiteConfig,
    index: int,
    doc: AnnotatedDoc,
    rendered: RenderedDoc,
    aliases: tuple[Alias, ...],
    kept: Keeper | None,
    spool: Spool,
) -> Parts:
    """For a long-lived process: the shards as objects, the entries compressed in memory, the
    export part made afresh."""
    return shards_of(contribution(doc)), doc_entries(index, rendered).pack(), export_parts(config, doc)


def spooled_parts(
    config: SiteConfig,
    index: int,
    doc: AnnotatedDoc,
    rendered: RenderedDoc,
    aliases: tuple[Alias, ...],
    kept: Keeper | None,
    spool: Spool,
) -> Parts:
    """For a one-shot build: from where the last build kept them beside the document's analysis
    when it can; the shards and entries spooled, the export part (used at once) as it is."""
    # Entries number their document, moved ids change its anchors, the exports name its URLs.
    used = salt(index, aliases, config.base_url)
    found = kept.load(used, _KEPT) if kept is not None else None
    if found is not None and _readable(found):
        blob, bounds, digest, entries, exports = found
    else:
        blob, bounds = packed_shards(contribution(doc))
        digest, entries = doc_entries(index, rendered).encoded()
        exports = export_parts(config, doc)
        if kept is not None:
            kept.store(used, (blob, bounds, digest, entries, exports))
    shards = Shards.spooled(doc.source.slug, (blob, bounds), spool)
    return shards, PackedEntries(digest, spool.put(entries)), exports


def _readable(found: Kept) -> bool:
    """Whether the encoded pieces inside what was kept are of the right shape too: they are
    decoded only later, by other processes, where a poisoned cache could no longer be a miss."""
    blob, bounds, _, entries, _ = found
    return readable_shards(blob, bounds) and readable_entries(entries)


# --- The map over the archive, and what comes back ---------------------------------------------


@dataclass(frozen=True, slots=True)
class Rendered:
    """Every document's pass, reduced: outputs in the archive's order, search entries, problems."""

    outputs: list[DocumentOutput]
    search: tuple[PackedEntries, ...]
    found: Diagnostics
    unlocked: int


def document_tasks(
    archive: Archive,
    seeds: tuple[Seed, ...],
    curated: dict[str, CuratedFile],
    lock: Lock,
    first: dict[str, Opened],
    travels: Related | None = None,
    inherited: Inherited | None = None,
) -> list[DocumentTask]:
    """Each document's task: its place among its neighbours, both ends of the curated links
    that touch it, its moved ids, and its analysis when the link stage made it already.
    ``travels``: the line under each claim that travels, to its group's page; ``inherited``:
    the verdicts its claims inherit from their groups."""
    related = relations(archive)
    for claim, links in (travels or {}).items():
        related[claim] = related.get(claim, ()) + links
    slugs = archive.slugs
    aliases = _by_slug((alias.doc, alias) for alias in archive.aliases)
    mine = _by_slug((key[0], (key, value)) for key, value in related.items())
    tasks = []
    for index, seed in enumerate(seeds):
        neighbours = (slugs[index - 1] if index else "", slugs[index + 1] if index + 1 < len(slugs) else "")
        heirs = (inherited or {}).get(seed.slug, ())
        key = DocumentKey(mine.get(seed.slug, ()), aliases.get(seed.slug, ()), neighbours, heirs)
        own = {seed.slug: lock.get(seed.slug, {})} if lock else {}  # no entry yet: all unlocked
        tasks.append(DocumentTask(index, seed, curated.get(seed.slug), own, key, first.get(seed.slug)))
    return tasks


def render_documents(
    executor: Executor,
    tasks: list[DocumentTask],
    context: DocumentContext,
    known: dict[str, DocumentOutput] | None = None,
    fresh: frozenset[str] | None = None,
    write: Sink | None = None,
) -> Rendered:
    """Map the per-document pass over the tasks. ``known`` (a long-lived process): the last
    build's outputs, reused for every document neither in ``fresh`` nor moved in the archive.
    ``write``: where pages the workers send back go (when the context has no sink)."""
    known = known or {}
    todo = [
        task
        for task in tasks
        if fresh is None or task.seed.slug in fresh or getattr(known.get(task.seed.slug), "key", None) != task.key
    ]
    made = {
        task.seed.slug: result for task, result in zip(todo, executor.map(document_pass, todo, context), strict=True)
    }
    outputs, search, found, unlocked = [], [], Diagnostics(), 0
    for task in tasks:
        result = made.get(task.seed.slug)
        if result is None:
            outputs.append(known[task.seed.slug])
            continue
        found.extend(result.found)
        unlocked += result.unlocked
        if result.output is not None and result.search is not None:
            if result.pages and write is not None:  # sent back: written here
                outputs.append(replace(result.output, files=write(result.pages)))
            else:
                outputs.append(result.output)
            search.append(result.search)
    return Rendered(outputs, tuple(search), found, unlocked)


def _by_slug(pairs: Iterable[tuple[str, T]]) -> dict[str, tuple[T, ...]]:
    grouped: dict[str, list[T]] = defaultdict(list)
    for slug, item in pairs:
        grouped[slug].append(item)
    return {slug: tuple(items) for slug, items in grouped.items()}
