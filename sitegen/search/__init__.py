"""Client-side search: a vocabulary-sharded lunr index and a per-document store, built at build time."""

from __future__ import annotations

import gc
import hashlib
import json
from collections.abc import Callable, Sequence

import lunr.stop_word_filter
import orjson

from sitegen.annotate import gazetteer
from sitegen.config import Project
from sitegen.errors import Diagnostics
from sitegen.model import EntityRegistry, Page
from sitegen.search import cache
from sitegen.search.cap import CAP_DOCS, cap
from sitegen.search.entries import FIELDS, PackedEntries
from sitegen.search.names import by_shard, name_table, noting_mentions
from sitegen.search.refs import base36
from sitegen.search.report import Sizes, report, sizes
from sitegen.search.shards import SHARD_BYTES, partition, shard
from sitegen.search.terms import ANALYZER_VERSION, Analyzer
from sitegen.search.vendor import target_version, vendor_pages
from sitegen.search.writer import build_index

STOP_WORDS: frozenset[str] = frozenset(lunr.stop_word_filter.WORDS)
FOLDER = "search"
DIRECTORY = f"{FOLDER}/index.js"
"""The one file with a fixed name: it names the build's folder of shards and store chunks."""


def build_search(
    project: Project,
    docs: Sequence[PackedEntries],
    diagnostics: Diagnostics,
    log: Callable[[str], None],
    registry: EntityRegistry,
) -> tuple[cache.Files, tuple[Page, ...]]:
    """Every file the browser needs to search the archive: the data (directory, index shards,
    store) as files in the cache, to be linked into the site, and lunr.js as pages. Entities
    are found by every name ``registry`` and, when the entity annotator runs, the gazetteer give."""
    places = "entities" in project.config.annotate.annotators
    names = sorted((entity.name, sorted(entity.aliases)) for entity in registry.entities)
    settings = (target_version(), ANALYZER_VERSION, FIELDS, SHARD_BYTES, CAP_DOCS, sorted(STOP_WORDS))
    key = cache.cache_key(docs, (*settings, names, gazetteer.version() if places else ""))
    found = cache.load(project, key)
    if found is None:
        gazette = gazetteer.load(project.path(project.config.cache_dir)) if places else None
        made = _without_gc(lambda d, jobs: _build(d, jobs, registry, gazette), docs, project.config.jobs)
        found = cache.save(project, key, *made)
    files, index_sizes, store_sizes = found
    log(report(project, index_sizes, store_sizes, diagnostics))
    return files, vendor_pages(project)


Built = tuple[tuple[Page, ...], Sizes, Sizes]
"""Data pages, index sizes, store sizes."""


def _without_gc(
    step: Callable[[Sequence[PackedEntries], int], Built], docs: Sequence[PackedEntries], jobs: int
) -> Built:
    """Run ``step`` with the cycle collector paused: the index is millions of small acyclic
    objects, and in a big build each collection would walk every page made so far."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return step(docs, jobs)
    finally:
        if enabled:
            gc.enable()


def _build(
    docs: Sequence[PackedEntries], jobs: int, registry: EntityRegistry, places: gazetteer.Gazetteer | None
) -> Built:
    """Index, shard and store pages, with their sizes. Each document's entries are unpacked
    when the index reads them, and its store record again when its chunk is written, and each
    shard is serialized as soon as it is cut: never all of any of them at once. Common terms
    are capped on ``jobs`` workers. Entities' other names go with the shards of their terms."""
    version = target_version()
    mentioned: dict[str, set[str]] = {}
    entries = noting_mentions((entry for doc in docs for entry in doc.unpack().entries), mentioned)
    capped = cap(build_index(entries, FIELDS, Analyzer()), CAP_DOCS, jobs)
    data = capped.data
    runs = partition(data)
    names = by_shard(name_table(mentioned, registry, places), [terms[0] for terms in runs])
    # A capped term's whole posting list, alone, for the rare query its best documents cannot answer.
    whole = [
        (n, local, term) for n, terms in enumerate(runs) for local, term in enumerate(terms) if term in capped.counts
    ]
    index = _Scripts()
    for n, terms in enumerate(runs):
        index.add(f"i/{base36(n)}", _json(shard(data, terms, version, capped.counts, names[n]).index))
    for n, local, term in whole:
        index.add(f"i/{base36(n)}-{base36(local)}", _json(shard(capped.whole, [term], version).index))
    store = _Scripts(index.tag)
    for n, doc in enumerate(docs):
        store.add(f"s/{base36(n)}", _json(doc.unpack().store))
    tag = store.tag.hexdigest()[:12]
    directory = {
        "version": version,
        "tag": tag,
        "fields": list(data.fields),
        "docs": len(docs),
        "shards": [terms[0] for terms in runs],
        "stop": sorted(STOP_WORDS),
    }
    directory_page = Page(DIRECTORY, _script("index", _json(directory)))
    all_index = (directory_page, *index.pages(tag))
    store_pages = store.pages(tag)
    return (*all_index, *store_pages), sizes(all_index), sizes(store_pages)


class _Scripts:
    """Data files as they are made, and the hash of their content that names their folder, so
    it changes whenever the data does (no stale caches)."""

    def __init__(self, tag: hashlib._Hash | None = None) -> None:
        self.tag = tag or hashlib.sha256()
        self.contents: list[tuple[str, bytes]] = []

    def add(self, key: str, text: str) -> None:
        self.tag.update(key.encode() + b"\0" + text.encode() + b"\0")
        self.contents.append((key, _script(key, text)))

    def pages(self, tag: str) -> tuple[Page, ...]:
        return tuple(Page(f"{FOLDER}/{tag}/{key}.js", content) for key, content in self.contents)


def _script(key: str, text: str) -> bytes:
    """Data as a script that hands itself to search.js: script elements load on file:// too."""
    return f"sitegenSearch.add({json.dumps(key)},{text});\n".encode()


def _json(value: object) -> str:
    """Compact JSON with sorted keys (as ``json.dumps(ensure_ascii=False, sort_keys=True)`` writes it)."""
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode("utf-8")
