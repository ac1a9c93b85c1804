"""Client-side search: a vocabulary-sharded lunr index and a per-document store, built at build time."""

from __future__ import annotations

import gc
import hashlib
import json
from collections.abc import Callable, Sequence

import lunr.stop_word_filter
import orjson

from sitegen.config import Project
from sitegen.errors import Diagnostics
from sitegen.model import Page
from sitegen.search import cache
from sitegen.search.cap import CAP_DOCS, cap
from sitegen.search.entries import FIELDS, DocEntries, PackedEntries
from sitegen.search.refs import base36
from sitegen.search.report import Sizes, report, sizes
from sitegen.search.shards import SHARD_BYTES, partition, shard
from sitegen.search.terms import Analyzer
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
) -> tuple[cache.Files, tuple[Page, ...]]:
    """Every file the browser needs to search the archive: the data (directory, index shards,
    store) as files in the cache, to be linked into the site, and lunr.js as pages."""
    key = cache.cache_key(docs, (target_version(), FIELDS, SHARD_BYTES, CAP_DOCS, sorted(STOP_WORDS)))
    found = cache.load(project, key)
    if found is None:
        found = cache.save(project, key, *_without_gc(_build, [doc.unpack() for doc in docs]))
    files, index_sizes, store_sizes = found
    log(report(project, index_sizes, store_sizes, diagnostics))
    return files, vendor_pages(project)


Built = tuple[tuple[Page, ...], Sizes, Sizes]
"""Data pages, index sizes, store sizes."""


def _without_gc(step: Callable[[Sequence[DocEntries]], Built], docs: Sequence[DocEntries]) -> Built:
    """Run ``step`` with the cycle collector paused: the index is millions of small acyclic
    objects, and in a big build each collection would walk every page made so far."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return step(docs)
    finally:
        if enabled:
            gc.enable()


def _build(docs: Sequence[DocEntries]) -> Built:
    """Index, shard and store pages, with their sizes."""
    version = target_version()
    capped = cap(build_index([e for doc in docs for e in doc.entries], FIELDS, Analyzer()), CAP_DOCS)
    data = capped.data
    runs = partition(data)
    shards = [shard(data, terms, version, capped.counts) for terms in runs]
    index = [(f"i/{base36(n)}", _json(s.index)) for n, s in enumerate(shards)]
    # A capped term's whole posting list, alone, for the rare query its best documents cannot answer.
    index += [
        (f"i/{base36(n)}-{base36(local)}", _json(shard(capped.whole, [term], version).index))
        for n, terms in enumerate(runs)
        for local, term in enumerate(terms)
        if term in capped.counts
    ]
    store = [(f"s/{base36(n)}", _json(doc.store)) for n, doc in enumerate(docs)]
    tag = _tag(index + store)
    index_pages = tuple(_script(f"{FOLDER}/{tag}/{key}.js", key, text) for key, text in index)
    store_pages = tuple(_script(f"{FOLDER}/{tag}/{key}.js", key, text) for key, text in store)
    directory = {
        "version": version,
        "tag": tag,
        "fields": list(data.fields),
        "docs": len(docs),
        "shards": [s.first for s in shards],
        "stop": sorted(STOP_WORDS),
    }
    directory_page = _script(DIRECTORY, "index", _json(directory))
    all_index = (directory_page, *index_pages)
    return (*all_index, *store_pages), sizes(all_index), sizes(store_pages)


def _tag(files: list[tuple[str, str]]) -> str:
    """A name for this build's data folder that changes whenever the data does (no stale caches)."""
    digest = hashlib.sha256()
    for key, text in files:
        digest.update(key.encode() + b"\0" + text.encode() + b"\0")
    return digest.hexdigest()[:12]


def _script(path: str, key: str, text: str) -> Page:
    """Data as a script that hands itself to search.js: script elements load on file:// too."""
    return Page(path, f"sitegenSearch.add({json.dumps(key)},{text});\n".encode())


def _json(value: object) -> str:
    """Compact JSON with sorted keys (as ``json.dumps(ensure_ascii=False, sort_keys=True)`` writes it)."""
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode("utf-8")
