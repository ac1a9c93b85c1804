"""Rebuilds for a long-lived process (the preview server): a change re-runs only the stages
it affects, the way Hugo's fast render mode does.

Edits to a document, its metadata or its curated annotations re-read, re-annotate,
re-anchor and re-merge that document alone, then re-render its pages and the
cross-document pages whose content it changes; every other file is the previous build's.
The search index, the archive-wide data exports and the overview charts keep the last full
build's state until the next full build. Changes to the config, the registry, the lock, extra pages or the theme, and
deleted documents, take a full build.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from sitegen.analyse.analysis import AnalyseContext, Seed, analyse_document, annotation_survey, finish_survey, lock_path
from sitegen.analyse.cache import document_digest
from sitegen.analyse.links import link_archive, warn_unlocked
from sitegen.annotate.nlp import preload
from sitegen.build import Analysis, BuildResult, Built, Log, StageClock, build_result, full_build, travelling_claims
from sitegen.config import Project
from sitegen.curate.curated import CuratedFile, load_annotation_file
from sitegen.curate.lock import LOCK_NAME, Lock, read_lock, resolve_aliases, unlocked
from sitegen.curate.verdicts import check_ratings, has_verdicts, scale_of
from sitegen.documents import DocumentContext, document_tasks, render_documents
from sitegen.errors import Diagnostics
from sitegen.model import Opened, SourceDoc, SourceFile
from sitegen.output.inplace import InPlace
from sitegen.output.write import Manifest, marker_stamp
from sitegen.project import load_project
from sitegen.runtime import collector, spool
from sitegen.runtime.executors import InProcess
from sitegen.serve.guard import UpdateGuard
from sitegen.site.claimpages import group_links, group_specs, rated
from sitegen.site.pages import lastmods
from sitegen.site.renderer import nav_of
from sitegen.site.sitemap import ROBOTS, SITEMAP, sitemap_pages
from sitegen.sources.discover import DOCUMENT_SUFFIXES
from sitegen.sources.read import read_document


class Builder:
    """Builds once in full, then rebuilds as little as each change needs."""

    def __init__(
        self,
        root: Path,
        strict: bool = False,
        log: Log = print,
        guard: UpdateGuard | None = None,
        config_name: str | None = None,
    ) -> None:
        self.root = root
        self.config_name = config_name
        self.strict = strict
        self.log = log
        self.guard = guard or UpdateGuard()
        """Quick rebuilds update the site in place while holding this for writing."""
        self._last: Built | None = None
        self._good: Built | None = None

    @property
    def last(self) -> Built | None:
        """What the last good build knew (None before the first), also while the next one runs:
        the review desk reads it."""
        return self._good

    def rebuild(self, changed: frozenset[Path] = frozenset()) -> BuildResult:
        """Build again after ``changed`` files changed (everything when empty)."""
        project = load_project(self.root, self.config_name)
        last = self._last
        seeds = document_changes(project, last, changed) if last is not None else None
        with collector.paused():
            if last is None or seeds is None or last.project != project:
                result, self._last = full_build(project, self.strict, self.log, keep=True)
            else:
                analysed = quick_analysis(project, last, seeds, self.strict, self.log)  # input errors stop here
                self._last = None  # rendering updates the maker: if it fails, the next build is a full one
                if has_verdicts(analysed.analysis.curated) != last.maker.checks:  # Fact checks comes or goes
                    result, self._last = full_build(project, self.strict, self.log, keep=True)
                else:
                    result, self._last = quick_write(project, last, analysed, self.strict, self.log, self.guard)
        self._good = self._last
        quick = last is not None and self._last.maker is last.maker  # a quick build keeps the maker
        if not quick and project.config.annotate.annotators:
            preload(project.config.annotate.model)  # the first edit's rebuild needs it
        del last  # a full build's predecessor goes before the collector looks for its garbage
        collector.settle(kept=quick)
        return result


def document_changes(project: Project, last: Built, changed: frozenset[Path]) -> frozenset[str] | None:
    """The seeds (project-relative paths) a change touches, or None when it needs a full build."""
    config = project.config
    by_stem = {PurePosixPath(seed.path).stem: seed.path for seed in last.analysis.seeds}
    seeds: set[str] = set()
    for path in changed:
        try:
            relative = PurePosixPath(path.resolve().relative_to(project.root).as_posix())
        except ValueError:
            return None
        folder = relative.parent.as_posix()
        if folder == config.seeds_dir and relative.suffix.lower() in DOCUMENT_SUFFIXES:
            if not (project.root / relative).is_file():
                return None  # a deleted document changes links across the archive
            seeds.add(relative.as_posix())
        elif folder in (f"{config.content_dir}/documents", f"{config.content_dir}/annotations"):
            if relative.stem not in by_stem or relative.suffix != ".yml":
                return None
            seeds.add(by_stem[relative.stem])
        else:
            return None
    return frozenset(seeds)


@dataclass(frozen=True, slots=True)
class QuickAnalysis:
    """What a quick rebuild knows before it renders anything."""

    analysis: Analysis
    slugs: frozenset[str]
    """The documents it analysed again."""
    diagnostics: Diagnostics
    clock: StageClock


def quick_analysis(project: Project, last: Built, seeds: frozenset[str], strict: bool, log: Log) -> QuickAnalysis:
    """Re-read, re-annotate and re-merge ``seeds`` only, and link them with the rest of ``last``;
    raises on errors in the input before anything is written."""
    diagnostics = Diagnostics()
    clock = StageClock(log)
    analysis = _reanalysed(project, last.analysis, seeds, clock, diagnostics)
    diagnostics.raise_errors(strict)
    slugs = frozenset(seed.slug for seed in analysis.seeds if seed.path in seeds)
    return QuickAnalysis(analysis, slugs, diagnostics, clock)


def quick_write(
    project: Project, last: Built, quick: QuickAnalysis, strict: bool, log: Log, guard: UpdateGuard
) -> tuple[BuildResult, Built]:
    """Render what ``quick`` changed into staging and apply it to the site at once; a failure
    on the way leaves the site as ``last`` left it."""
    clock, analysis = quick.clock, quick.analysis
    archive = analysis.archive
    output = project.path(project.config.output_dir)
    site = InPlace.open(output, last.manifest, last.stamp)
    if site is None:  # the folder changed under us: build it anew
        return full_build(project, strict, log, keep=True)
    with site:
        nav, scratch = nav_of(analysis.extra, last.maker.checks), spool.Spool(None)
        scale = scale_of(project.config)
        documents = DocumentContext(
            analysis.context, project, nav, archive.slugs, site.put, scratch, True, last.name, scale
        )
        groups, inherited = clock.run("claims", travelling_claims, project, InProcess(), analysis, quick.diagnostics)
        quick.diagnostics.raise_errors(strict)
        travels = group_links(groups)
        first = _settled(analysis.first)
        tasks = document_tasks(archive, analysis.seeds, analysis.curated, analysis.lock, first, travels, inherited)
        known = last.maker.documents
        made = clock.run("documents", render_documents, InProcess(), tasks, documents, known, quick.slugs)
        manifest = clock.run("site", last.maker.make, archive, made.outputs, site.put, quick.slugs)
        manifest |= {path: entry for output in made.outputs for path, entry in output.files.items()}
        claim_pages = group_specs(groups, rated(last.maker.checked))
        manifest |= clock.run("claim pages", last.maker.render, claim_pages, site.put)
        manifest |= last.search
        dates = (lastmods(known.values()), lastmods(made.outputs))
        manifest |= _sitemap(project, manifest, last.manifest, site, clock, dates)
        with guard.writing():
            written = clock.run("write", site.commit, manifest)
    result = build_result(len(archive.slugs), written, quick.diagnostics, clock)
    built = replace(last, project=project, analysis=analysis, manifest=manifest, stamp=marker_stamp(output))
    return result, built


def _reanalysed(
    project: Project, analysis: Analysis, seeds: frozenset[str], clock: StageClock, diagnostics: Diagnostics
) -> Analysis:
    """The last build's analysis with ``seeds`` read, annotated, analysed and linked again."""
    registry = analysis.archive.registry
    fresh = clock.run("read", _read, project, seeds, diagnostics)
    curated = _curated(project, analysis.curated, fresh, diagnostics)
    check_ratings(
        (v for doc in fresh if doc.slug in curated for v in curated[doc.slug].verdicts),
        scale_of(project.config),
        diagnostics,
    )
    survey = annotation_survey(project, registry, hold=True)
    if survey is not None:
        for doc in fresh:
            survey.add(doc.text)
    machine = clock.run("annotate", finish_survey, survey, project.config.jobs)
    config = project.config
    context = AnalyseContext(
        project.root, registry, machine, None, config.publish == "reviewed", config.plugins.markdown
    )
    lock = read_lock(lock_path(project), f"{project.config.content_dir}/{LOCK_NAME}", diagnostics)
    analysed = clock.run("merge", _analyse, fresh, curated, lock, context, diagnostics)
    first = {slug: opened for slug, opened in analysis.first.items()} | analysed
    order = sorted(first.values(), key=lambda opened: opened.doc.source.path if opened.doc else "")
    docs = tuple(opened.doc for opened in order if opened.doc is not None)
    slugs = tuple(doc.source.slug for doc in docs)
    archive = clock.run(
        "link", link_archive, slugs, docs, registry, curated, resolve_aliases(lock, docs), 0, diagnostics
    )
    warn_unlocked(unlocked(lock, docs) if lock else 0, diagnostics)
    # The unchanged documents' seeds as the last build made them (digests are not free: ~15 µs each).
    last = {seed.path: seed for seed in analysis.seeds if seed.slug not in analysed}
    seeds_now = tuple(last.get(doc.source.path) or _seed(doc.source) for doc in docs)
    return replace(analysis, seeds=seeds_now, curated=curated, lock=lock, context=context, first=first, archive=archive)


def _analyse(
    fresh: tuple[SourceDoc, ...],
    curated: dict[str, CuratedFile],
    lock: Lock,
    context: AnalyseContext,
    diagnostics: Diagnostics,
) -> dict[str, Opened]:
    """The changed documents, analysed here; a failed one is reported and raised."""
    analysed = {}
    for doc in fresh:
        seed = _seed(doc)
        opened = analyse_document(seed, curated.get(doc.slug), lock, context, doc)
        diagnostics.extend(opened.found)
        analysed[doc.slug] = opened
    diagnostics.raise_errors()
    return analysed


def _seed(doc: SourceDoc) -> Seed:
    """A document read here as its seed (the document itself goes with it: no sidecar needed)."""
    return Seed(doc.slug, doc.path, None, document_digest(doc))


def _settled(first: dict[str, Opened]) -> dict[str, Opened]:
    """Every document's analysis as the per-document pass takes it: moved ids and unlocked ids
    are the link stage's now."""
    return {slug: opened._replace(aliases=(), unlocked=0) for slug, opened in first.items()}


def _sitemap(
    project: Project,
    manifest: Manifest,
    last: Manifest,
    site: InPlace,
    clock: StageClock,
    dates: tuple[dict[str, str], dict[str, str]],
) -> Manifest:
    """The sitemap again only when pages came or went, or a document's ``lastmod`` changed
    (``dates``: before and now)."""
    if manifest.keys() == last.keys() - {SITEMAP, ROBOTS} and dates[0] == dates[1]:
        return {path: last[path] for path in (SITEMAP, ROBOTS)}
    return site.put(clock.run("sitemap", sitemap_pages, project.config, tuple(manifest), dates[1]))


def _read(project: Project, seeds: frozenset[str], diagnostics: Diagnostics) -> tuple[SourceDoc, ...]:
    content = project.config.content_dir
    docs = []
    for path in sorted(seeds):
        sidecar = f"{content}/documents/{PurePosixPath(path).stem}.yml"
        meta = SourceFile(sidecar, "document-meta") if project.path(sidecar).is_file() else None
        markdown = project.config.plugins.markdown
        docs.append(read_document(project.root, SourceFile(path, "seed"), meta, diagnostics, markdown))
    return tuple(docs)


def _curated(
    project: Project, known: dict[str, CuratedFile], fresh: tuple[SourceDoc, ...], diagnostics: Diagnostics
) -> dict[str, CuratedFile]:
    curated = dict(known)
    for doc in fresh:
        path = f"{project.config.content_dir}/annotations/{PurePosixPath(doc.path).stem}.yml"
        curated.pop(doc.slug, None)
        if project.path(path).is_file():
            curated[doc.slug] = load_annotation_file(project.root, path, diagnostics)
    return curated
