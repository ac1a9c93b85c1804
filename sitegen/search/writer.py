"""A lunr index writer: the same postings and BM25 field vectors as lunr.py's Builder, faster."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from sitegen.search.entries import Entry
from sitegen.search.terms import Analyzer

K1 = 1.2
B = 0.75
"""lunr's BM25 defaults."""

Posting = tuple[list[tuple[str, float]], ...]
"""Per field, in field order: (ref, score) of every entry having the term in that field."""


@dataclass(frozen=True, slots=True)
class IndexData:
    """A whole lunr index before it is cut into shards."""

    fields: tuple[str, ...]
    refs: tuple[str, ...]
    terms: dict[str, int]
    """Term → lunr's ``_index``: the order in which the builder first met it."""
    postings: dict[str, Posting]


def build_index(entries: Iterable[Entry], fields: tuple[tuple[str, int], ...], analyzer: Analyzer) -> IndexData:
    """Index ``entries`` the way ``lunr.lunr(ref, fields, documents)`` would, without its per-token
    objects. Entries are read once, in order, so they can come one document at a time."""
    terms: dict[str, int] = {}
    counted: dict[str, tuple[list[tuple[str, int, int]], ...]] = {}
    totals = [0] * len(fields)
    refs: list[str] = []
    for entry in entries:
        refs.append(entry.ref)
        for f, text in enumerate(entry.texts):
            found = analyzer.terms(text) if text else []
            totals[f] += len(found)
            for term, tf in Counter(found).items():
                rows = counted.get(term)
                if rows is None:
                    rows = counted[term] = tuple([] for _ in fields)
                    terms[term] = len(terms)
                rows[f].append((entry.ref, tf, len(found)))
    averages = [total / len(refs) if refs else 0.0 for total in totals]
    boosts = [boost for _, boost in fields]
    # Each term's counts go as its scores come: both at once were most of a big build's memory.
    postings = {term: _scored(counted.pop(term), len(refs), averages, boosts) for term in terms}
    return IndexData(tuple(name for name, _ in fields), tuple(refs), terms, postings)


def _scored(
    rows: tuple[list[tuple[str, int, int]], ...], count: int, averages: list[float], boosts: list[int]
) -> Posting:
    """BM25 scores with lunr.py's exact arithmetic (same operation order, rounded to 3 places)."""
    with_term = sum(len(field_rows) for field_rows in rows)
    idf = math.log(1 + abs((count - with_term + 0.5) / (with_term + 0.5)))
    scored: list[list[tuple[str, float]]] = []
    for field_rows, average, boost in zip(rows, averages, boosts, strict=True):
        out = []
        for ref, tf, length in field_rows:
            score = idf * ((K1 + 1) * tf) / (K1 * (1 - B + B * (length / average)) + tf)
            score *= boost
            out.append((ref, round(score, 3)))
        scored.append(out)
    return tuple(scored)


def to_lunr(data: IndexData, version: str) -> dict[str, object]:
    """The whole index as ``lunr.Index.serialize()`` writes it (used to prove the writer right)."""
    vectors: dict[str, list[tuple[int, float]]] = {f"{f}/{ref}": [] for ref in data.refs for f in data.fields}
    inverted = []
    for term in sorted(data.terms):
        index = data.terms[term]
        posting: dict[str, object] = {"_index": index}
        for name, rows in zip(data.fields, data.postings[term], strict=True):
            posting[name] = {ref: {} for ref, _ in rows}
            for ref, score in rows:
                vectors[f"{name}/{ref}"].append((index, score))
        inverted.append([term, posting])
    field_vectors = [[key, [x for pair in sorted(elements) for x in pair]] for key, elements in vectors.items()]
    return {
        "version": version,
        "fields": list(data.fields),
        "fieldVectors": field_vectors,
        "invertedIndex": inverted,
        "pipeline": ["stemmer"],
    }
