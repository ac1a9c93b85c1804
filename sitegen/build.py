"""The orchestrator: one line per stage, read top to bottom as the pipeline."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TypeVar

from sitegen.analyse.analysis import Analysis, analyse, lock_path
from sitegen.analyse.links import warn_unlocked
from sitegen.config import Project
from sitegen.curate.lock import LOCK_NAME, read_lock, updated_lock, write_lock
from sitegen.errors import Diagnostics
from sitegen.output.linkcheck import LinkReport, check_site
from sitegen.output.write import Manifest, Staging, Stamp, WriteStats, check_output_dir, marker_stamp
from sitegen.runtime import collector, spool
from sitegen.search import build_search
from sitegen.site import pages, routes
from sitegen.site.sitemap import sitemap_pages

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
    reminders: tuple[tuple[str, str], ...] = ()
    """(name, line) of the diagnostics that are standing reminders (``Diagnostic.reminder``)."""


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


def build(project: Project, strict: bool = False, log: Log = print) -> BuildResult:
    """Build the whole site into the output folder, or leave the previous one untouched."""
    with collector.paused():
        return full_build(project, strict, log)[0]


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


def full_build(
    project: Project, strict: bool = False, log: Log = print, keep: bool = False
) -> tuple[BuildResult, Built]:
    """The whole pipeline: analyse, then render, index and write into a staging folder that
    replaces the site at once. ``keep`` holds on to what a quick rebuild can reuse."""
    output = project.path(project.config.output_dir)
    check_output_dir(output, project.config.output_dir)
    diagnostics = Diagnostics()
    clock = StageClock(log)
    scratch = None if keep else project.path(project.config.cache_dir)
    with spool.opened(scratch) as parts:
        analysis = analyse(project, diagnostics, clock, deferred=not keep)
        diagnostics.raise_errors(strict)
        maker = pages.SiteMaker(project, analysis.pages, keep, parts)
        with Staging(output, project.config.output_dir) as staging:
            made = clock.run("render", maker.make, analysis.archive, staging.put)
            diagnostics.extend(made.found)  # from the documents analysed as they were rendered
            warn_unlocked(analysis.unlocked + made.unlocked, diagnostics)
            diagnostics.raise_errors(strict)
            files, vendor = clock.run("index", build_search, project, made.search, diagnostics, log)
            search = staging.adopt(files) | staging.put(vendor)
            manifest = made.manifest | search
            manifest |= staging.put(clock.run("sitemap", sitemap_pages, project.config, tuple(manifest)))
            diagnostics.raise_errors(strict)
            written = clock.run("write", staging.commit, manifest)
    built = Built(project, analysis, maker, search, manifest, marker_stamp(output))
    return build_result(len(analysis.archive.docs), written, diagnostics, clock), built


def build_result(documents: int, written: WriteStats, diagnostics: Diagnostics, clock: StageClock) -> BuildResult:
    clock.log(f"  wrote {written.written} files, kept {written.linked} unchanged, {written.size / 1e6:.1f} MB in all")
    pages_made = written.written + written.linked
    lines = tuple(str(d) for d in diagnostics.items)
    reminders = tuple((d.reminder, str(d)) for d in diagnostics.items if d.reminder)
    return BuildResult(documents, pages_made, written.size, lines, tuple(clock.timings), reminders)


def check(project: Project, strict: bool = False, log: Log = print) -> tuple[str, ...]:
    """Validate every input and report all problems, without rendering or writing."""
    diagnostics = Diagnostics()
    analyse(project, diagnostics, StageClock(log), spool.Spool(None))
    diagnostics.raise_errors(strict)
    return tuple(str(d) for d in diagnostics.items)


def lock(project: Project) -> tuple[int, int]:
    """Add every current annotation id to the lock file; returns (new ids, all ids)."""
    diagnostics = Diagnostics()
    analysis = analyse(project, diagnostics, StageClock(lambda _: None), spool.Spool(None))
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
