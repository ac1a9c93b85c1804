"""What the search costs a reader: sizes raw and gzipped, and the budget warning."""

from __future__ import annotations

import gzip
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from sitegen.config import Project
from sitegen.errors import Diagnostics, Location
from sitegen.model import Page


@dataclass(frozen=True, slots=True)
class Sizes:
    """Bytes of a group of files, raw and each gzipped as a server would send it."""

    files: int
    raw: int
    gzip: int
    largest_raw: int
    largest_gzip: int

    def __str__(self) -> str:
        return (
            f"{_kb(self.raw)} ({_kb(self.gzip)} gzip) in {self.files} files, "
            f"largest {_kb(self.largest_raw)} ({_kb(self.largest_gzip)} gzip)"
        )


def sizes(pages: tuple[Page, ...]) -> Sizes:
    # zlib lets go of the interpreter while it compresses, so threads use every core.
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        zipped = list(pool.map(_gzipped_size, pages, chunksize=64))
    raw = [len(page.content) for page in pages]
    return Sizes(len(pages), sum(raw), sum(zipped), max(raw, default=0), max(zipped, default=0))


def _gzipped_size(page: Page) -> int:
    return len(gzip.compress(page.content, compresslevel=6, mtime=0))


def report(project: Project, index: Sizes, store: Sizes, diagnostics: Diagnostics) -> str:
    """One log line; a warning when the gzipped index plus store is over ``search.budget_kb``."""
    total = index.gzip + store.gzip
    budget = project.config.search.budget_kb * 1024
    if total > budget:
        diagnostics.warn(
            Location(project.config_path),
            f"the search data is {_kb(total)} gzipped, over search.budget_kb ({_kb(budget)})",
            "readers only download the shards their query needs; raise search.budget_kb in sitegen.yml "
            "if the hosting allows it",
        )
    return f"  search    index {index}; store {store}"


def _kb(size: int) -> str:
    return f"{size / 1024:.1f} kB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.2f} MB"
