"""The search data of the last build, reused when no searchable text changed (warm builds)."""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

from sitegen.config import Project
from sitegen.model import Page
from sitegen.search.entries import DocEntries
from sitegen.search.report import Sizes

FORMAT = "search-2"
"""Bump when the index or store format changes, so old caches are never served."""

Built = tuple[tuple[Page, ...], Sizes, Sizes]
"""Data pages, index sizes, store sizes."""


def cache_key(docs: list[DocEntries], settings: tuple[object, ...]) -> str:
    """A digest of everything the search data is made from: entries, store records, settings."""
    digest = hashlib.sha256(repr((FORMAT, settings)).encode())
    for doc in docs:
        digest.update(repr((doc.entries, doc.store)).encode())
    return digest.hexdigest()[:24]


def _path(project: Project) -> Path:
    return project.path(project.config.cache_dir) / "search.pickle"


def load(project: Project, key: str) -> Built | None:
    """The cached build for ``key``; anything unreadable counts as a miss (it is only a cache)."""
    try:
        with _path(project).open("rb") as handle:
            found_key, built = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
        return None
    return built if found_key == key else None


def save(project: Project, key: str, built: Built) -> None:
    """Keep only the latest build, written atomically."""
    path = _path(project)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    with temporary.open("wb") as handle:
        pickle.dump((key, built), handle, protocol=pickle.HIGHEST_PROTOCOL)
    temporary.replace(path)
