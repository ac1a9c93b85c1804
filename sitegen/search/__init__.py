"""Client-side search: the lunr index and its store, built at build time."""

from __future__ import annotations

from sitegen.config import Project
from sitegen.model import Page, RenderedDoc


def build_search(project: Project, rendered: tuple[RenderedDoc, ...]) -> tuple[Page, ...]:
    """Every file the browser needs to search the archive (index shards, store, lunr.js)."""
    return ()
