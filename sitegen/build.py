"""The orchestrator: one line per stage, read top to bottom as the pipeline.

Per-document stages are maps, run by the executor the settings name (``runtime/executors.py``);
the archive-wide stages are reduces over what the maps return.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from sitegen import documents
from sitegen.analyse.analysis import (
    AnalyseContext,
    Seed,
    analyse_document,
    analysis_cache,
    annotation_survey,
    entities_path,
    finish_survey,
    linked_slugs,
    load_curated,
    lock_path,
    survey_documents,
)
from sitegen.analyse.claimgroups import ClaimGroup
from sitegen.analyse.claimstage import ClaimSources, claim_groups
from sitegen.analyse.groupverdicts import Inherited, group_verdicts
from sitegen.analyse.links import link_archive, warn_unlocked
from sitegen.config import Project
from sitegen.curate.claimgroups import load_group_rules
from sitegen.curate.curated import CuratedFile, load_registry
from sitegen.curate.lock import LOCK_NAME, Lock, read_lock, updated_lock, write_lock
from sitegen.curate.verdicts import check_ratings, has_verdicts, scale_of
from sitegen.documents import DocumentContext, Rendered, document_tasks, render_documents
from sitegen.errors import Diagnostics
from sitegen.model import AnnotatedDoc, Archive, ExtraPage, Opened, SourceDoc
from sitegen.output.linkcheck import LinkReport, check_site
from sitegen.output.write import Manifest, Staging, Stamp, WriteStats, check_output_dir, marker_stamp
from sitegen.runtime import collector, executors, spool
from sitegen.runtime.clock import StageClock
from sitegen.runtime.executors import Executor
from sitegen.search import build_search
from sitegen.site import pages, routes
from sitegen.site.budget import check_budget
from sitegen.site.claimpages import group_links, group_specs, rated
from sitegen.site.renderer import nav_of
from sitegen.site.sitemap import sitemap_pages
from sitegen.sources.discover import discover
from sitegen.sources.read import read_pages

Log = Callable[[str], None]

__all__ = ["BuildResult", "Built", "Log", "StageClock", "build", "build_result", "check", "full_build", "lock"]


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a build made and what it found wrong."""

    documents: int
    pages: int
    bytes_written: int
    diagnostics: tuple[str, ...]
    timings: tuple[tuple[str, float], ...]
    reminders: tuple[tuple[str, str], ...] = ()
    """(name, line) of the diagnostics that are standing reminders (``Diagnostic.reminder``)."""


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything known about the archive before anything is rendered."""

    extra: tuple[ExtraPage, ...]
    seeds: tuple[Seed, ...]
    curated: dict[str, CuratedFile]
    lock: Lock
    context: AnalyseContext
    first: dict[str, Opened]
    """The documents analysed before the link stage, by slug: those curated links name (every
    document, for a long-lived process)."""
    archive: Archive


@dataclass(frozen=True, slots=True)
class Built:
    """What a full build knew, kept by a long-lived Builder so the next rebuild can reuse it."""

    project: Project
    analysis: Analysis
    maker: pages.SiteMaker
    search: Manifest
    """The search files as written (quick rebuilds keep them until the next full build)."""
    manifest: Manifest
    """What the site's marker file says: every file with its hash."""
    stamp: Stamp | None
    """The marker file's stamp once written: the site is still as this build left it while it holds."""
    name: str
    """The full build's name (``DocumentContext.build``)."""


def build(project: Project, strict: bool = False, log: Log = print) -> BuildResult:
    """Build the whole site into the output folder, or leave the previous one untouched."""
    with collector.paused():
        return full_build(project, strict, log)[0]


def full_build(
    project: Project, strict: bool = False, log: Log = print, keep: bool = False
) -> tuple[BuildResult, Built]:
    """The whole pipeline into a staging folder that replaces the site at once. ``keep`` holds
    on to what a quick rebuild can reuse (a long-lived process; every map runs locally)."""
    config = project.config
    output = project.path(config.output_dir)
    check_output_dir(output, config.output_dir)
    diagnostics = Diagnostics()
    clock = StageClock(log)
    scratch = None if keep else project.path(config.cache_dir)
    kind = "processes" if keep and config.executor == "dask" else config.executor
    with executors.opened(kind, config.jobs, config.scheduler) as executor, spool.opened(scratch) as parts:
        analysis = analyse(project, executor, keep, keep, clock, diagnostics)
        groups, inherited = clock.run("claims", travelling_claims, project, executor, analysis, diagnostics)
        diagnostics.raise_errors(strict)
        archive = analysis.archive
        with Staging(output, config.output_dir) as staging:
            sink = staging.put if documents.WORKERS_WRITE else None
            checks = has_verdicts(analysis.curated)
            nav, name = nav_of(analysis.extra, checks), staging.folder.name
            scale = scale_of(config)
            context = DocumentContext(analysis.context, project, nav, archive.slugs, sink, parts, keep, name, scale)
            tasks = document_tasks(
                archive, analysis.seeds, analysis.curated, analysis.lock, analysis.first, group_links(groups), inherited
            )
            made = clock.run("documents", render_documents, executor, tasks, context, None, None, staging.put)
            unlocked = made.unlocked + sum(opened.unlocked for opened in analysis.first.values())
            _report(made, unlocked, diagnostics, strict)
            maker = pages.SiteMaker(project, analysis.extra, keep, checks)
            manifest = clock.run("site", maker.make, archive, made.outputs, staging.put)
            manifest |= {path: entry for output in made.outputs for path, entry in output.files.items()}
            claim_pages = group_specs(groups, rated(maker.checked))
            manifest |= clock.run("claim pages", maker.render, claim_pages, staging.put)
            registry = analysis.context.registry
            files, vendor = clock.run("index", build_search, project, made.search, diagnostics, log, registry)
            search = staging.adopt(files) | staging.put(vendor)
            manifest |= search
            dates = pages.lastmods(made.outputs)
            manifest |= staging.put(clock.run("sitemap", sitemap_pages, config, tuple(manifest), dates))
            check_budget(project, manifest, diagnostics)
            diagnostics.raise_errors(strict)
            written = clock.run("write", staging.commit, manifest)
    built = Built(project, analysis, maker, search, manifest, marker_stamp(output), context.build)
    return build_result(len(archive.slugs), written, diagnostics, clock), built


def analyse(
    project: Project, executor: Executor, keep: bool, every: bool, clock: StageClock, diagnostics: Diagnostics
) -> Analysis:
    """Gather all data before writing any: the stages up to the link stage. The documents
    curated links name are analysed here (``every`` document, for a long-lived process and
    the commands that look at each); the others in their per-document pass, where they render.
    ``keep``: a long-lived process, which holds what it reads and annotates."""
    config = project.config
    inventory = clock.run("discover", discover, project, diagnostics)
    extra = clock.run("pages", read_pages, project, inventory, diagnostics)
    registry = clock.run("registry", load_registry, project.root, entities_path(inventory), diagnostics)
    survey = annotation_survey(project, registry, hold=keep)
    read: dict[str, SourceDoc] = {}
    seeds = clock.run(
        "read", survey_documents, project, inventory, survey, read if keep else None, executor, diagnostics
    )
    machine = clock.run("annotate", finish_survey, survey, config.jobs, executor)
    curated = clock.run("curated", load_curated, project, inventory, seeds, diagnostics)
    check_ratings((v for f in curated.values() for v in f.verdicts), scale_of(config), diagnostics)
    lock = read_lock(lock_path(project), f"{config.content_dir}/{LOCK_NAME}", diagnostics)
    # A long-lived process holds every document: the cache's copies would not share what the
    # annotation cache's decoding shares between documents (160 MB more at 5,000 documents).
    cache = None if keep else analysis_cache(project, machine, registry)
    context = AnalyseContext(
        project.root, registry, machine, cache, config.publish == "reviewed", config.plugins.markdown
    )
    linked = linked_slugs(curated)
    named = seeds if every else tuple(seed for seed in seeds if seed.slug in linked)
    first = clock.run("merge", analyse_documents, executor, named, curated, lock, context, read, diagnostics)
    docs = tuple(opened.doc for opened in first.values() if opened.doc is not None)
    aliases = tuple(alias for opened in first.values() for alias in opened.aliases)
    seeds = tuple(seed for seed in seeds if seed.slug not in first or first[seed.slug].doc is not None)
    slugs = tuple(seed.slug for seed in seeds)  # without those whose analysis failed (reported)
    archive = clock.run("link", link_archive, slugs, docs, registry, curated, aliases, 0, diagnostics)
    return Analysis(extra, seeds, curated, lock, context, first, archive)


def travelling_claims(
    project: Project, executor: Executor, analysis: Analysis, diagnostics: Diagnostics
) -> tuple[tuple[ClaimGroup, ...], Inherited]:
    """Claims that travel: every document's claims (from its analysis), grouped by what they
    say; and the verdicts each document's claims inherit from their groups (``whole_group``)."""
    rules = load_group_rules(project, diagnostics)
    folder = project.path(project.config.cache_dir)
    sources = ClaimSources(analysis.seeds, analysis.curated, analysis.context, analysis.first)
    groups, judged = claim_groups(executor, sources, folder, rules, diagnostics)
    return groups, group_verdicts(groups, judged, scale_of(project.config), diagnostics)


@dataclass(frozen=True, slots=True)
class _Analysing:
    """A document's analysis as a map's item: its seed and own inputs, and the document itself
    when the first pass kept it."""

    seed: Seed
    curated: CuratedFile | None
    lock: Lock
    read: SourceDoc | None


def _analyse_one(item: _Analysing, context: AnalyseContext) -> Opened:
    return analyse_document(item.seed, item.curated, item.lock, context, item.read)


def analyse_documents(
    executor: Executor,
    seeds: tuple[Seed, ...],
    curated: dict[str, CuratedFile],
    lock: Lock,
    context: AnalyseContext,
    read: dict[str, SourceDoc],
    diagnostics: Diagnostics,
) -> dict[str, Opened]:
    """The documents ``seeds`` name, analysed where the executor runs them, by slug."""
    items = [
        _Analysing(seed, curated.get(seed.slug), {seed.slug: lock.get(seed.slug, {})} if lock else {},
                   read.pop(seed.path, None))
        for seed in seeds
    ]  # fmt: skip
    done = {}
    for item, opened in zip(items, executor.map(_analyse_one, items, context), strict=True):
        diagnostics.extend(opened.found)
        done[item.seed.slug] = opened
    return done


def _report(made: Rendered, unlocked: int, diagnostics: Diagnostics, strict: bool) -> None:
    """What analysing the documents where they rendered found, and the ids not locked yet."""
    diagnostics.extend(made.found)
    warn_unlocked(unlocked, diagnostics)
    diagnostics.raise_errors(strict)


def build_result(documents: int, written: WriteStats, diagnostics: Diagnostics, clock: StageClock) -> BuildResult:
    clock.log(f"  wrote {written.written} files, kept {written.linked} unchanged, {written.size / 1e6:.1f} MB in all")
    pages_made = written.written + written.linked
    lines = tuple(str(d) for d in diagnostics.items)
    reminders = tuple((d.reminder, str(d)) for d in diagnostics.items if d.reminder)
    return BuildResult(documents, pages_made, written.size, lines, tuple(clock.timings), reminders)


def every_document(project: Project, diagnostics: Diagnostics, log: Log = lambda _: None) -> tuple[AnnotatedDoc, ...]:
    """Every document analysed, in order (for the commands that look at each: check, lock)."""
    config = project.config
    with executors.opened(config.executor, config.jobs, config.scheduler) as executor:
        analysis = analyse(project, executor, False, True, StageClock(log), diagnostics)
    warn_unlocked(sum(opened.unlocked for opened in analysis.first.values()), diagnostics)
    return analysis.archive.docs


def check(project: Project, strict: bool = False, log: Log = print) -> tuple[str, ...]:
    """Validate every input and report all problems, without rendering or writing."""
    diagnostics = Diagnostics()
    every_document(project, diagnostics, log)
    diagnostics.raise_errors(strict)
    return tuple(str(d) for d in diagnostics.items)


def lock(project: Project) -> tuple[int, int]:
    """Add every current annotation id to the lock file; returns (new ids, all ids)."""
    diagnostics = Diagnostics()
    docs = every_document(project, diagnostics)
    diagnostics.raise_errors()
    path = lock_path(project)
    old = read_lock(path, f"{project.config.content_dir}/{LOCK_NAME}", diagnostics)
    diagnostics.raise_errors()
    new = updated_lock(old, docs)
    write_lock(path, new)
    count = sum(len(ids) for ids in new.values())
    return count - sum(len(ids) for ids in old.values()), count


def check_links(project: Project) -> LinkReport:
    """Build under a sub-path into the cache folder and crawl every page for broken links."""
    base_url = routes.absolute("https://links.invalid/sitegen-link-check/", "")
    config = replace(project.config, base_url=base_url, output_dir=f"{project.config.cache_dir}/link-check")
    build(replace(project, config=config), log=lambda _: None)
    return check_site(project.path(config.output_dir), routes.base_path(base_url))
