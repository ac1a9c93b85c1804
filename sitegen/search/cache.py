"""The search data of the last build, kept as files and linked into the next site when no
searchable text changed (warm builds): neither loaded into memory nor written again."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from pathlib import Path

from sitegen.config import Project
from sitegen.model import Page
from sitegen.output.write import content_digest
from sitegen.search.entries import PackedEntries
from sitegen.search.report import Sizes

FORMAT = "search-3"
"""Bump when the index or store format changes, so old caches are never served."""
INDEX = "index.json"
"""Lists the cached files: site path → content hash, and the sizes report."""

Files = Mapping[str, tuple[Path, str]]
"""Site path → (cached file, content hash)."""


def cache_key(docs: Sequence[PackedEntries], settings: tuple[object, ...]) -> str:
    """A digest of everything the search data is made from: entries, store records, settings."""
    digest = hashlib.sha256(repr((FORMAT, settings)).encode())
    for doc in docs:
        digest.update(doc.digest.encode())
    return digest.hexdigest()[:24]


def _folder(project: Project) -> Path:
    return project.path(project.config.cache_dir) / "search"


def load(project: Project, key: str) -> tuple[Files, Sizes, Sizes] | None:
    """The cached files for ``key``; anything missing or unreadable is a miss (it is only a cache)."""
    folder = _folder(project) / key
    try:
        index = json.loads((folder / INDEX).read_text(encoding="utf-8"))
        files = {path: (folder / "files" / path, digest) for path, digest in index["files"].items()}
        if not all(file.is_file() for file, _ in files.values()):
            return None
        return files, Sizes(**index["index_sizes"]), Sizes(**index["store_sizes"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save(
    project: Project, key: str, pages: Sequence[Page], index_sizes: Sizes, store_sizes: Sizes
) -> tuple[Files, Sizes, Sizes]:
    """Keep only the latest build's files; a folder appears under its key only when complete.
    Returns what ``load`` would."""
    root = _folder(project)
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".tmp-", dir=root))
    folder = root / key
    try:
        digests = {}
        for page in pages:
            target = staging / "files" / page.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(page.content)
            digests[page.path] = content_digest(page.content)  # as the site's manifest records it
        index = {"files": digests, "index_sizes": asdict(index_sizes), "store_sizes": asdict(store_sizes)}
        (staging / INDEX).write_text(json.dumps(index), encoding="utf-8")
        for old in root.iterdir():
            if old != staging:
                shutil.rmtree(old, ignore_errors=True)
        os.rename(staging, folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    files = {path: (folder / "files" / path, digest) for path, digest in digests.items()}
    return files, index_sizes, store_sizes
