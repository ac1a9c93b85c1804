"""The orchestrator: one line per stage, read top to bottom as the pipeline."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import TypeVar

from sitegen import pages, routes
from sitegen.anchor import Anchored, anchor_file
from sitegen.config import Project
from sitegen.crosslink import link_archive
from sitegen.curated import CuratedFile, load_annotation_file, load_registry
from sitegen.discover import Inventory, discover
from sitegen.errors import Diagnostics, Location, SitegenError
from sitegen.linkcheck import LinkReport, check_site
from sitegen.lock import LOCK_NAME, read_lock, updated_lock, write_lock
from sitegen.merge import merge
from sitegen.model import AnnotatedDoc, Archive, EntityRegistry, ExtraPage, Page, Proposal, RenderedDoc, SourceDoc
from sitegen.read import read_documents, read_pages
from sitegen.render.document import render_document
from sitegen.search import build_search
from sitegen.sitemap import sitemap_pages
from sitegen.write import Manifest, check_output_dir, read_manifest, write_site

T = TypeVar("T")
Log = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a build made and what it found wrong."""

    documents: int
    pages: int
    bytes_written: int
    diagnostics: tuple[str, ...]
    timings: tuple[tuple[str, float], ...]


class StageClock:
    """Runs stages, logging each one's time; stages never call each other."""

    PROGRESS_EVERY = 2.0
    """Seconds between progress lines of a long per-document stage."""

    def __init__(self, log: Log) -> None:
        self.log = log
        self.timings: list[tuple[str, float]] = []

    def map(self, name: str, step: Callable[..., T], items: tuple[object, ...], *args: object) -> tuple[T, ...]:
        """Run a per-document stage over ``items``, reporting progress when it takes a while."""

        def each() -> tuple[T, ...]:
            done: list[T] = []
            last = time.perf_counter()
            for item in items:
                done.append(step(item, *args))
                if time.perf_counter() - last > self.PROGRESS_EVERY:
                    last = time.perf_counter()
                    self.log(f"  {name:<10}{len(done):>6}/{len(items)} documents …")
            return tuple(done)

        return self.run(name, each)

    def run(self, name: str, stage: Callable[..., T], *args: object) -> T:
        started = time.perf_counter()
        result = stage(*args)
        elapsed = time.perf_counter() - started
        self.timings.append((name, elapsed))
        size = f"{len(result):>6} items" if isinstance(result, tuple | list) else " " * 12
        self.log(f"  {name:<10}{size}  {elapsed * 1000:8.1f} ms")
        return result


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything known about the archive before anything is rendered."""

    docs: tuple[SourceDoc, ...]
    pages: tuple[ExtraPage, ...]
    archive: Archive
    curated: dict[str, CuratedFile]
    machine: tuple[tuple[Proposal, ...], ...]
    anchored: tuple[tuple[Anchored, ...], ...]


def analyse(project: Project, diagnostics: Diagnostics, clock: StageClock) -> Analysis:
    """discover → read → annotate → anchor → merge: gather all data before writing any."""
    config = project.config
    inventory = clock.run("discover", discover, project, diagnostics)
    docs = clock.run("read", read_documents, project, inventory, diagnostics)
    extra = clock.run("pages", read_pages, project, inventory, diagnostics)
    registry = clock.run("registry", load_registry, project.root, _entities_path(inventory), diagnostics)
    curated = clock.run("curated", load_curated, project, inventory, docs, diagnostics)
    machine = clock.run("annotate", annotate_all, project, docs, registry)
    anchored = clock.run("anchor", anchor_all, docs, curated, diagnostics)
    annotated = clock.run("merge", merge_all, docs, machine, anchored, registry, diagnostics)
    lock = read_lock(lock_path(project), f"{config.content_dir}/{LOCK_NAME}", diagnostics)
    archive = clock.run("link", link_archive, annotated, registry, curated, lock, diagnostics)
    return Analysis(docs, extra, archive, curated, machine, anchored)


def build(project: Project, strict: bool = False, log: Log = print) -> BuildResult:
    """Build the whole site into the output folder, or leave the previous one untouched."""
    return full_build(project, strict, log)[0]


@dataclass(frozen=True, slots=True)
class Built:
    """What a full build knew, kept by a long-lived Builder so the next rebuild can reuse it."""

    project: Project
    analysis: Analysis
    rendered: tuple[RenderedDoc, ...]
    maker: pages.SiteMaker
    search: tuple[Page, ...]
    contents: dict[str, bytes]
    """The content written last to each path (the very objects, so reuse is an identity check)."""
    manifest: Manifest
    """What the site's marker file said after that write."""


def full_build(project: Project, strict: bool = False, log: Log = print) -> tuple[BuildResult, Built]:
    """The whole pipeline: analyse, render, template, index, write."""
    output = project.path(project.config.output_dir)
    check_output_dir(output, project.config.output_dir)
    diagnostics = Diagnostics()
    clock = StageClock(log)
    analysis = analyse(project, diagnostics, clock)
    diagnostics.raise_errors(strict)
    rendered = clock.map("render", render_document, analysis.archive.docs, analysis.archive.aliases)
    maker = pages.SiteMaker(project, analysis.pages)
    site_pages = clock.run("template", maker.make, rendered, analysis.archive)
    search_pages = clock.run("index", build_search, project, rendered, diagnostics, log)
    result, contents, manifest = finish(
        project, len(analysis.docs), site_pages, search_pages, diagnostics, clock, strict
    )
    return result, Built(project, analysis, rendered, maker, search_pages, contents, manifest)


def finish(
    project: Project,
    documents: int,
    site_pages: tuple[Page, ...],
    search_pages: tuple[Page, ...],
    diagnostics: Diagnostics,
    clock: StageClock,
    strict: bool,
) -> tuple[BuildResult, dict[str, bytes], Manifest]:
    """sitemap → write: the last stages, shared by full and quick rebuilds."""
    extra = clock.run("sitemap", sitemap_pages, project.config, site_pages + search_pages)
    diagnostics.raise_errors(strict)
    output, display = project.path(project.config.output_dir), project.config.output_dir
    everything = site_pages + search_pages + extra
    written = clock.run("write", write_site, output, everything, display)
    clock.log(f"  wrote {written.written} files, linked {written.linked} unchanged, {written.size / 1e6:.1f} MB in all")
    result = BuildResult(
        documents, len(site_pages), written.size, tuple(str(d) for d in diagnostics.items), tuple(clock.timings)
    )
    return result, {page.path: page.content for page in everything}, read_manifest(output)


def check(project: Project, strict: bool = False, log: Log = print) -> tuple[str, ...]:
    """Validate every input and report all problems, without rendering or writing."""
    diagnostics = Diagnostics()
    analyse(project, diagnostics, StageClock(log))
    diagnostics.raise_errors(strict)
    return tuple(str(d) for d in diagnostics.items)


def lock(project: Project) -> tuple[int, int]:
    """Add every current annotation id to the lock file; returns (new ids, all ids)."""
    diagnostics = Diagnostics()
    analysis = analyse(project, diagnostics, StageClock(lambda _: None))
    diagnostics.raise_errors()
    path = lock_path(project)
    old = read_lock(path, f"{project.config.content_dir}/{LOCK_NAME}", diagnostics)
    diagnostics.raise_errors()
    new = updated_lock(old, analysis.archive.docs)
    write_lock(path, new)
    count = sum(len(ids) for ids in new.values())
    return count - sum(len(ids) for ids in old.values()), count


def check_links(project: Project) -> LinkReport:
    """Build under a sub-path into the cache folder and crawl every page for broken links."""
    base_url = routes.absolute("https://links.invalid/sitegen-link-check/", "")
    config = replace(project.config, base_url=base_url, output_dir=f"{project.config.cache_dir}/link-check")
    build(replace(project, config=config), log=lambda _: None)
    return check_site(project.path(config.output_dir), routes.base_path(base_url))


def lock_path(project: Project) -> Path:
    """Where the id lock lives: ``content/ids.lock.json``."""
    return project.path(project.config.content_dir) / LOCK_NAME


def _entities_path(inventory: Inventory) -> str | None:
    return inventory.entities.path if inventory.entities else None


def load_curated(
    project: Project, inventory: Inventory, docs: tuple[SourceDoc, ...], diagnostics: Diagnostics
) -> dict[str, CuratedFile]:
    """Every annotations file, keyed by the document it is for."""
    slugs = {PurePosixPath(doc.path).stem: doc.slug for doc in docs}
    seeds = {PurePosixPath(seed.path).stem for seed in inventory.seeds}
    files: dict[str, CuratedFile] = {}
    for source in inventory.annotations:
        stem = PurePosixPath(source.path).stem
        if stem in seeds and stem not in slugs:
            continue  # the seed itself failed to read, and that error is already reported
        if stem not in slugs:
            diagnostics.error(
                Location(source.path),
                f"annotations for a document that does not exist: {stem!r}",
                "name the file after a seed (seeds/NAME.txt → content/annotations/NAME.yml)",
            )
            continue
        try:
            files[slugs[stem]] = load_annotation_file(project.root, source.path, diagnostics)
        except SitegenError as exc:
            diagnostics.extend(exc)
    return files


def annotate_all(
    project: Project, docs: tuple[SourceDoc, ...], registry: EntityRegistry
) -> tuple[tuple[Proposal, ...], ...]:
    """Machine annotations; with no annotators configured, the language stack is never imported."""
    config = project.config
    if not config.annotate.annotators or not docs:
        return tuple(() for _ in docs)
    from sitegen.annotate import annotate_documents

    return annotate_documents(docs, registry, config.annotate, project.path(config.cache_dir), config.jobs)


def anchor_all(
    docs: tuple[SourceDoc, ...], curated: dict[str, CuratedFile], diagnostics: Diagnostics
) -> tuple[tuple[Anchored, ...], ...]:
    return tuple(anchor_file(doc, curated[doc.slug], diagnostics) if doc.slug in curated else () for doc in docs)


def merge_all(
    docs: tuple[SourceDoc, ...],
    machine: tuple[tuple[Proposal, ...], ...],
    anchored: tuple[tuple[Anchored, ...], ...],
    registry: EntityRegistry,
    diagnostics: Diagnostics,
) -> tuple[AnnotatedDoc, ...]:
    return tuple(
        merge(doc, found, curated, registry, diagnostics)
        for doc, found, curated in zip(docs, machine, anchored, strict=True)
    )
