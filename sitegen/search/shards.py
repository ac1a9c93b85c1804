"""Cut an index by vocabulary: contiguous term ranges, each a small lunr index of its own."""

from __future__ import annotations

from dataclasses import dataclass

from sitegen.search.writer import IndexData

SHARD_BYTES = 48_000
"""Target size of one shard before gzip: about 10 kB on the wire."""


@dataclass(frozen=True, slots=True)
class Shard:
    """A term range and its serialized lunr index."""

    first: str
    index: dict[str, object]


def js_order(term: str) -> bytes:
    """Sort key matching JavaScript string comparison (UTF-16 code units), which the browser uses."""
    return term.encode("utf-16-be")


def partition(data: IndexData, target: int = SHARD_BYTES) -> list[list[str]]:
    """Sorted terms in runs of about ``target`` serialized bytes; a huge term gets a shard alone."""
    runs: list[list[str]] = []
    run: list[str] = []
    size = 0
    for term in sorted(data.terms, key=js_order):
        cost = _cost(term, data)
        if run and size + cost > target:
            runs.append(run)
            run, size = [], 0
        run.append(term)
        size += cost
    if run:
        runs.append(run)
    return runs


def _cost(term: str, data: IndexData) -> int:
    """Roughly what a term adds: its posting entries plus its field-vector elements."""
    return len(term) + 40 + sum(2 * len(ref) + 18 for rows in data.postings[term] for ref, _ in rows)


def shard(
    data: IndexData,
    terms: list[str],
    version: str,
    capped: dict[str, dict[str, list[int]]] | None = None,
    names: dict[str, list[list[object]]] | None = None,
) -> Shard:
    """A lunr index holding only ``terms``: ``_index`` numbers are local, search.js offsets them
    when it merges the shards a query needs, so every shard stays a loadable lunr index.
    ``capped`` gives the true counts of its capped terms, ``names`` the entity names whose first
    term falls in its range (``names.py``); lunr.js ignores the extra keys."""
    vectors: dict[str, list[float]] = {}
    inverted = []
    for index, term in enumerate(terms):
        posting: dict[str, object] = {"_index": index}
        for name, rows in zip(data.fields, data.postings[term], strict=True):
            posting[name] = {ref: {} for ref, _ in rows}
            for ref, score in rows:
                vectors.setdefault(f"{name}/{ref}", []).extend((index, score))
        inverted.append([term, posting])
    lunr_index: dict[str, object] = {
        "version": version,
        "fields": list(data.fields),
        "fieldVectors": [[key, vectors[key]] for key in sorted(vectors)],
        "invertedIndex": inverted,
        "pipeline": ["stemmer"],
    }
    found = {term: capped[term] for term in terms if capped and term in capped}
    if found:
        lunr_index["capped"] = found
    if names:
        lunr_index["names"] = names
    return Shard(terms[0], lunr_index)
