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

from sitegen.analyse.analysis import Analysis, DocumentStep, Seed, annotation_survey, finish_survey, lock_path
from sitegen.analyse.links import link_archive
from sitegen.annotate.nlp import preload
from sitegen.build import BuildResult, Built, Log, StageClock, build_result, full_build
from sitegen.config import Project
from sitegen.curate.curated import CuratedFile, load_annotation_file
from sitegen.curate.lock import LOCK_NAME, read_lock, resolve_aliases, unlocked
from sitegen.errors import Diagnostics
from sitegen.model import AnnotatedDoc, Archive, Documents, SourceDoc, SourceFile
from sitegen.output.write import InPlace, Manifest, marker_stamp
from sitegen.project import load_project
from sitegen.runtime import collector
from sitegen.serve.guard import UpdateGuard
from sitegen.site.sitemap import ROBOTS, SITEMAP, sitemap_pages
from sitegen.sources.discover import DOCUMENT_SUFFIXES
from sitegen.sources.read import read_document


class Builder:
    """Builds once in full, then rebuilds as little as each change needs."""

    def __init__(self, root: Path, strict: bool = False, log: Log = print, guard: UpdateGuard | None = None) -> None:
        self.root = root
        self.strict = strict
        self.log = log
        self.guard = guard or UpdateGuard()
        """Quick rebuilds update the site in place while holding this for writing."""
        self._last: Built | None = None

    def rebuild(self, changed: frozenset[Path] = frozenset()) -> BuildResult:
        """Build again after ``changed`` files changed (everything when empty)."""
        project = load_project(self.root)
        last = self._last
        seeds = document_changes(project, last, changed) if last is not None else None
        with collector.paused():
            if last is None or seeds is None or last.project != project:
                result, self._last = full_build(project, self.strict, self.log, keep=True)
            else:
                analysed = quick_analysis(project, last, seeds, self.strict, self.log)  # input errors stop here
                self._last = None  # rendering updates the maker: if it fails, the next build is a full one
                result, self._last = quick_write(project, last, analysed, self.strict, self.log, self.guard)
        quick = last is not None and self._last.maker is last.maker  # a quick build keeps the maker
        if not quick and project.config.annotate.annotators:
            preload(project.config.annotate.model)  # the first edit's rebuild needs it
        del last  # a full build's predecessor goes before the collector looks for its garbage
        collector.settle(kept=quick)
        return result


def document_changes(project: Project, last: Built, changed: frozenset[Path]) -> frozenset[str] | None:
    """The seeds (project-relative paths) a change touches, or None when it needs a full build."""
    config = project.config
    by_stem = {PurePosixPath(doc.source.path).stem: doc.source.path for doc in last.analysis.archive.docs}
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

    archive: Archive
    analysis: Analysis
    slugs: frozenset[str]
    diagnostics: Diagnostics
    clock: StageClock


def quick_analysis(project: Project, last: Built, seeds: frozenset[str], strict: bool, log: Log) -> QuickAnalysis:
    """Re-read, re-annotate and re-merge ``seeds`` only, and link them with the rest of ``last``;
    raises on errors in the input before anything is written."""
    diagnostics = Diagnostics()
    clock = StageClock(log)
    analysis = last.analysis
    registry = analysis.archive.registry
    fresh = clock.run("read", _read, project, seeds, diagnostics)
    curated = _curated(project, analysis.curated, fresh, diagnostics)
    survey = annotation_survey(project, registry, hold=True)
    if survey is not None:
        for doc in fresh:
            survey.add(doc.text)
    machine = clock.run("annotate", finish_survey, survey, project.config.jobs)
    step = DocumentStep(project, registry, curated, machine, {doc.path: doc for doc in fresh}.pop)
    annotated = clock.run("merge", lambda: [step.one(Seed(doc.slug, doc.path, None), diagnostics) for doc in fresh])
    docs = _replace(analysis.archive.docs, annotated)
    lock = read_lock(lock_path(project), f"{project.config.content_dir}/{LOCK_NAME}", diagnostics)
    missing = unlocked(lock, docs) if lock else 0
    archive = clock.run(
        "link", link_archive, docs, registry, curated, resolve_aliases(lock, docs), missing, diagnostics
    )
    diagnostics.raise_errors(strict)
    slugs = frozenset(doc.slug for doc in fresh)
    return QuickAnalysis(archive, replace(analysis, archive=archive, curated=curated), slugs, diagnostics, clock)


def quick_write(
    project: Project, last: Built, quick: QuickAnalysis, strict: bool, log: Log, guard: UpdateGuard
) -> tuple[BuildResult, Built]:
    """Render what ``quick`` changed into staging and apply it to the site at once; a failure
    on the way leaves the site as ``last`` left it."""
    clock = quick.clock
    output = project.path(project.config.output_dir)
    site = InPlace.open(output, last.manifest, last.stamp)
    if site is None:  # the folder changed under us: build it anew
        return full_build(project, strict, log, keep=True)
    with site:
        made = clock.run("render", last.maker.make, quick.archive, site.put, quick.slugs)
        manifest = made.manifest | last.search
        manifest |= _sitemap(project, manifest, last.manifest, site, clock)
        with guard.writing():
            written = clock.run("write", site.commit, manifest)
    result = build_result(len(quick.archive.docs), written, quick.diagnostics, clock)
    built = replace(last, project=project, analysis=quick.analysis, manifest=manifest, stamp=marker_stamp(output))
    return result, built


def _sitemap(project: Project, manifest: Manifest, last: Manifest, site: InPlace, clock: StageClock) -> Manifest:
    """The sitemap again only when pages came or went."""
    if manifest.keys() == last.keys() - {SITEMAP, ROBOTS}:
        return {path: last[path] for path in (SITEMAP, ROBOTS)}
    return site.put(clock.run("sitemap", sitemap_pages, project.config, tuple(manifest)))


def _read(project: Project, seeds: frozenset[str], diagnostics: Diagnostics) -> tuple[SourceDoc, ...]:
    content = project.config.content_dir
    docs = []
    for path in sorted(seeds):
        sidecar = f"{content}/documents/{PurePosixPath(path).stem}.yml"
        meta = SourceFile(sidecar, "document-meta") if project.path(sidecar).is_file() else None
        docs.append(read_document(project.root, SourceFile(path, "seed"), meta, diagnostics))
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


def _replace(docs: Documents, fresh: list[AnnotatedDoc]) -> Documents:
    """The archive's documents with ``fresh`` ones in place (or added), in path order."""
    by_path = {doc.source.path: doc for doc in docs} | {doc.source.path: doc for doc in fresh}
    return Documents(by_path[path] for path in sorted(by_path))
