"""Client-side search: a vocabulary-sharded lunr index and a per-document store, built at build time."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

import lunr.stop_word_filter

from sitegen.annotate import gazetteer
from sitegen.config import Project
from sitegen.errors import Diagnostics
from sitegen.model import EntityRegistry, Page
from sitegen.search import cache, delta
from sitegen.search import state as kept
from sitegen.search.cap import CAP_DOCS, Capped, cap, split_ref
from sitegen.search.entries import FIELDS, Entry, PackedEntries
from sitegen.search.made import Made, ShardWork, directory_page, facts_of, shards_files, store_file, tag_of
from sitegen.search.names import Mentions, by_shard, doc_mentions, mentioned, name_table, shard_of
from sitegen.search.refs import base36
from sitegen.search.report import report
from sitegen.search.shards import FORMAT, SHARD_BYTES, js_order, partition
from sitegen.search.terms import ANALYZER_VERSION, Analyzer
from sitegen.search.vendor import target_version, vendor_pages
from sitegen.search.writer import Basis, build_index

T = TypeVar("T")
STOP_WORDS: frozenset[str] = frozenset(lunr.stop_word_filter.WORDS)


def build_search(
    project: Project,
    docs: Sequence[PackedEntries],
    diagnostics: Diagnostics,
    log: Callable[[str], None],
    registry: EntityRegistry,
) -> tuple[cache.Files, tuple[Page, ...]]:
    """Every file the browser needs to search the archive: the data (directory, index shards,
    store) as files in the cache, to be linked into the site, and lunr.js as pages. Entities
    are found by every name ``registry`` and, when the entity annotator runs, the gazetteer give.
    The last build's data is reused as it is when no document changed, updated when a few did
    (``delta.py``), else made in full."""
    places = "entities" in project.config.annotate.annotators
    names = sorted((entity.name, sorted(entity.aliases)) for entity in registry.entities)
    settings = (target_version(), ANALYZER_VERSION, FIELDS, SHARD_BYTES, CAP_DOCS, sorted(STOP_WORDS), FORMAT)
    settings_key = cache.settings_key((*settings, names, gazetteer.version() if places else ""))
    key = cache.cache_key(docs, settings_key)
    found = cache.load(project, key)
    if found is None:
        gazette = _Gazette(project, places)
        jobs = project.config.jobs
        last = cache.previous(project, settings_key)
        made = _updated(settings_key, docs, last, registry, gazette, jobs) if last else None
        if made is not None and last is not None:
            found = _saved(project, key, settings_key, made, last)
            if found is not None:
                log(_updated_line(made, last.state))
        if found is None:
            made = _without_gc(lambda d, j: _build(d, j, registry, gazette()), docs, jobs)
            found = cache.save(project, key, settings_key, made, None)
    files, index_sizes, store_sizes = found
    log(report(project, index_sizes, store_sizes, diagnostics))
    return files, vendor_pages(project)


def _updated_line(made: Made, old: kept.State) -> str:
    docs = sum(a != b for a, b in zip(made.state.digests, old.digests, strict=True))
    shards = sum(1 for key in made.written if key.startswith("i/") and "-" not in key)
    return (
        f"  search    updated for {docs} changed document(s): {shards} of {len(made.state.firsts)} shards made "
        f"again; {len(made.state.drifted)} of {delta.allowed(len(made.state.digests))} documents may differ "
        "from the last full build"
    )


class _Gazette:
    """The gazetteer when the entity annotator runs, loaded once and only when needed."""

    def __init__(self, project: Project, places: bool) -> None:
        self.project, self.places = project, places
        self.loaded: list[gazetteer.Gazetteer | None] = []

    def __call__(self) -> gazetteer.Gazetteer | None:
        if not self.loaded:
            folder = self.project.path(self.project.config.cache_dir)
            self.loaded.append(gazetteer.load(folder) if self.places else None)
        return self.loaded[0]


def _updated(
    settings: str,
    docs: Sequence[PackedEntries],
    last: cache.Previous,
    registry: EntityRegistry,
    gazette: _Gazette,
    jobs: int,
) -> Made | None:
    """The last build's data updated for the documents that changed, or None (``delta.py``)."""
    folder = last.folder / cache.STATE
    context = delta.Context(
        load=lambda wanted: kept.load_shards(folder, settings, last.state, wanted),
        table=lambda seen: name_table(seen, registry, gazette()),
        version=target_version(),
        stop=sorted(STOP_WORDS),
        jobs=jobs,
    )
    made = _without_gc(lambda d, _: delta.update(last.state, d, context), docs, jobs)
    if made is None:
        return None
    unchanged = [n for n in range(len(made.state.firsts)) if n not in made.shards]
    if not last.intact([key for key in made.facts if key not in made.written], unchanged):
        return None
    return made


def _saved(project: Project, key: str, settings: str, made: Made, last: cache.Previous) -> cache.Found | None:
    """``made`` saved over ``last``; None when the last build's files cannot be moved (the
    cache is then made in full)."""
    try:
        return cache.save(project, key, settings, made, last)
    except OSError:
        return None


def _without_gc(step: Callable[[Sequence[PackedEntries], int], T], docs: Sequence[PackedEntries], jobs: int) -> T:
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
    docs: Sequence[PackedEntries],
    jobs: int,
    registry: EntityRegistry,
    places: gazetteer.Gazetteer | None,
    basis: Basis | None = None,
    firsts: Sequence[str] | None = None,
) -> Made:
    """Index, shard and store files, with what the next build needs to update them. Each
    document's entries are unpacked when the index reads them, and its store record again
    when its chunk is written: never all of them at once. Common terms are capped on ``jobs``
    workers. Entities' other names go with the shards of their terms. ``basis`` and ``firsts``
    (scores weighed against another basis, shards cut at given terms) are for tests: an
    update must write what a full build so made would."""
    version = target_version()
    mentions: list[Mentions] = []
    doc_terms: dict[str, set[str]] = {}
    noting = lambda ref: doc_terms.setdefault(split_ref(ref)[0], set())  # noqa: E731
    data = build_index(_entries(docs, mentions), FIELDS, Analyzer(), basis, noting)
    capped = cap(data, CAP_DOCS, jobs)
    runs = partition(capped.data) if firsts is None else _cut(capped.data.terms, firsts)
    table = name_table(mentioned(mentions), registry, places)
    firsts = [terms[0] for terms in runs] if firsts is None else list(firsts)
    names = by_shard(table, firsts)
    written = shards_files([ShardWork(capped, n, terms, names[n]) for n, terms in enumerate(runs)], jobs)
    for n, doc in enumerate(docs):
        store_key, content = store_file(n, doc.unpack().store)
        written[store_key] = content
    facts = facts_of(written)
    state = kept.State(
        basis=data.basis or Basis(0, (), {}),
        drifted=(),
        digests=tuple(doc.digest for doc in docs),
        doc_terms=tuple(tuple(sorted(doc_terms.get(base36(n), ()))) for n in range(len(docs))),
        mentions=tuple(mentions),
        names=table,
        firsts=tuple(firsts),
        shard_hashes=("",) * len(runs),
        files=facts,
    )
    shards = {n: _postings(capped, terms) for n, terms in enumerate(runs)}
    directory = directory_page(version, tag_of(facts), data.fields, len(docs), state.firsts, sorted(STOP_WORDS))
    return Made(written, facts, directory, state, shards)


def _postings(capped: Capped, terms: list[str]) -> kept.ShardPostings:
    """What an update needs of a shard's postings: each term's whole one, and the capped ones."""
    limited = {t: (capped.data.postings[t], capped.counts[t]) for t in terms if t in capped.counts}
    return kept.ShardPostings(tuple(terms), tuple(capped.whole.postings[t] for t in terms), limited)


def _entries(docs: Sequence[PackedEntries], mentions: list[Mentions]) -> Iterator[Entry]:
    """Every document's entries in order; each document's entity mentions go to ``mentions``."""
    for doc in docs:
        entries = doc.unpack().entries
        mentions.append(doc_mentions(entries))
        yield from entries


def _cut(terms: dict[str, int], firsts: Sequence[str]) -> list[list[str]]:
    """``terms`` in runs starting at ``firsts``, as search.js finds each term's shard."""
    keys = [js_order(first) for first in firsts]
    runs: list[list[str]] = [[] for _ in firsts]
    for term in sorted(terms, key=js_order):
        runs[shard_of(keys, js_order(term))].append(term)
    return runs
