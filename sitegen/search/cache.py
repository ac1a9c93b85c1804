"""The search data of the last build, kept as files and copied into the next site when no
searchable text changed (warm builds): not made again.

The cache is not trusted: its index must name the key it was made under, list only files
under ``search/``, and every file's bytes must match the hash the index records, or it is a
miss and the search data is made again. Files are copied into the site, never linked: a
script written into a cached shard is never published, and editing the site never edits
the cache.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from sitegen.config import Project
from sitegen.model import Page
from sitegen.output.write import content_digest
from sitegen.runtime.data import Unreadable, decode_json, read_regular
from sitegen.search.entries import PackedEntries
from sitegen.search.report import Sizes

FORMAT = "search-6"
"""Bump when the index or store format changes, so old caches are never served."""
INDEX = "index.json"
"""Lists the cached files: site path → content hash, and the sizes report."""
SITE_PATH = re.compile(r"search(/[A-Za-z0-9_-][A-Za-z0-9._-]*)+")
"""The only site paths a cached file may have."""


@dataclass(frozen=True, slots=True)
class _Index:
    """``INDEX`` as it must read."""

    format: str
    key: str
    files: dict[str, str]
    index_sizes: Sizes
    store_sizes: Sizes


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
    """The cached files for ``key``, each checked against its hash; anything missing,
    unreadable, of another shape or altered is a miss (it is only a cache)."""
    folder = _folder(project) / key
    data = read_regular(folder / INDEX)
    try:
        index = decode_json(data or b"", _Index)
    except Unreadable:
        return None
    if index.format != FORMAT or index.key != key or not all(map(SITE_PATH.fullmatch, index.files)):
        return None
    files = {path: (folder / "files" / path, digest) for path, digest in index.files.items()}
    if not all(_intact(file, digest) for file, digest in files.values()):
        return None
    return files, index.index_sizes, index.store_sizes


def _intact(file: Path, digest: str) -> bool:
    """Whether ``file`` is a regular file holding the bytes that were hashed."""
    content = read_regular(file)
    return content is not None and content_digest(content) == digest


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
        sizes = {"index_sizes": asdict(index_sizes), "store_sizes": asdict(store_sizes)}
        index = {"format": FORMAT, "key": key, "files": digests, **sizes}
        (staging / INDEX).write_text(json.dumps(index), encoding="utf-8")
        for old in root.iterdir():
            if old != staging:
                shutil.rmtree(old, ignore_errors=True)
        os.rename(staging, folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    files = {path: (folder / "files" / path, digest) for path, digest in digests.items()}
    return files, index_sizes, store_sizes
