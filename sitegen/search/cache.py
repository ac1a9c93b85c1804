"""The search data of the last build, kept as files and copied into the next site when no
searchable text changed (warm builds): not made again. When a few documents changed, the next
build updates them (``delta.py``): the files it does not make again are moved into its folder.

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
from sitegen.output.write import content_digest
from sitegen.runtime.data import Unreadable, decode_json, read_regular
from sitegen.search import state
from sitegen.search.entries import PackedEntries
from sitegen.search.made import DIRECTORY, Made, site_path, tag_of
from sitegen.search.report import Sizes

FORMAT = "search-8"
"""Bump when the index or store format changes, so old caches are never served."""
INDEX = "index.json"
"""Lists the cached files: site path → content hash, and the sizes report."""
SITE_PATH = re.compile(r"search(/[A-Za-z0-9_-][A-Za-z0-9._-]*)+")
"""The only site paths a cached file may have."""
KEY = re.compile(r"[0-9a-f]{24}")
STATE = "state"
"""The folder of what an update needs (``state.py``)."""


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
Found = tuple[Files, Sizes, Sizes]
"""The files, the index's sizes and the store's."""


def settings_key(settings: tuple[object, ...]) -> str:
    """A digest of what the search data is made with besides the documents."""
    return hashlib.sha256(repr((FORMAT, settings)).encode()).hexdigest()[:24]


def cache_key(docs: Sequence[PackedEntries], settings: str) -> str:
    """A digest of everything the search data is made from: entries, store records, settings."""
    digest = hashlib.sha256(settings.encode())
    for doc in docs:
        digest.update(doc.digest.encode())
    return digest.hexdigest()[:24]


@dataclass(frozen=True, slots=True)
class Previous:
    """The last build's cached folder and its state, for an update."""

    folder: Path
    state: state.State

    def intact(self, keys: Sequence[str], shards: Sequence[int]) -> bool:
        """Whether the data files of ``keys`` and the posting files of ``shards``, which an
        update keeps, hold the bytes that were hashed."""
        tag = tag_of(self.state.files)
        files = self.state.files
        return all(
            _intact(self.folder / "files" / site_path(tag, key), files[key].digest) for key in keys
        ) and state.intact_shards(self.folder / STATE, self.state, shards)


def previous(project: Project, settings: str) -> Previous | None:
    """The last build's folder, if its state was made with ``settings`` and is intact."""
    root = _folder(project)
    found = [folder for folder in root.iterdir() if KEY.fullmatch(folder.name)] if root.is_dir() else []
    if len(found) != 1:
        return None
    made = state.load(found[0] / STATE, settings)
    return None if made is None else Previous(found[0], made)


def _folder(project: Project) -> Path:
    return project.path(project.config.cache_dir) / "search"


def load(project: Project, key: str) -> Found | None:
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


def save(project: Project, key: str, settings: str, made: Made, last: Previous | None) -> Found:
    """Keep only the latest build's files; a folder appears under its key only when complete.
    Files ``made`` keeps from ``last`` are moved from its folder, which is then gone. Returns
    what ``load`` would."""
    root = _folder(project)
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".tmp-", dir=root))
    folder = root / key
    tag = made.tag
    try:
        if last is not None and set(made.facts) - set(made.written):
            _move_kept(last, staging, tag, made)
        pages = (*made.pages(), made.directory)
        for page in pages:
            target = staging / "files" / page.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(page.content)
        digests = {site_path(tag, key): facts.digest for key, facts in made.facts.items()}
        digests[DIRECTORY] = content_digest(made.directory.content)
        state.save(staging / STATE, settings, made.state, made.shards)
        index_sizes, store_sizes = made.sizes()
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


def _move_kept(last: Previous, staging: Path, tag: str, made: Made) -> None:
    """Move the data files and shard posting files ``made`` keeps from ``last``'s folder into
    ``staging`` (the data under the new tag), one by one into folders made here: a link
    planted in the cache never leads a write elsewhere."""
    old_tag = tag_of(last.state.files)
    for key in set(made.facts) - set(made.written):
        target = staging / "files" / site_path(tag, key)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.rename(last.folder / "files" / site_path(old_tag, key), target)
    (staging / STATE / state.SHARDS).mkdir(parents=True)
    for n in range(len(made.state.firsts)):
        if n not in made.shards:
            name = state.shard_file(n)
            os.rename(last.folder / STATE / state.SHARDS / name, staging / STATE / state.SHARDS / name)
