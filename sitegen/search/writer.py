"""A lunr index writer: the same postings and BM25 field vectors as lunr.py's Builder, faster."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sitegen.search.entries import Entry
from sitegen.search.terms import Analyzer

K1 = 1.2
B = 0.75
"""lunr's BM25 defaults."""

Posting = tuple[list[tuple[str, float]], ...]
"""Per field, in field order: (ref, score) of every entry having the term in that field."""


Counts = tuple[list[tuple[str, int, int]], ...]
"""Per field, in field order: (ref, term frequency, field length) of every entry having the term."""


@dataclass(frozen=True, slots=True)
class Basis:
    """What BM25 weighs a term's counts against: the number of entries, each field's average
    length and each term's document frequency. A full build measures it; an update of a few
    documents scores their entries against the last full build's (``delta.py``)."""

    entries: int
    averages: tuple[float, ...]
    frequencies: dict[str, int]
    """Term → entry fields having it (lunr counts an entry once per field it has the term in)."""


@dataclass(frozen=True, slots=True)
class IndexData:
    """A whole lunr index before it is cut into shards."""

    fields: tuple[str, ...]
    refs: tuple[str, ...]
    terms: dict[str, int]
    """Term → lunr's ``_index``: the order in which the builder first met it."""
    postings: dict[str, Posting]
    basis: Basis | None = None
    """What the scores were weighed against."""


def build_index(
    entries: Iterable[Entry],
    fields: tuple[tuple[str, int], ...],
    analyzer: Analyzer,
    basis: Basis | None = None,
    noting: Callable[[str], set[str]] | None = None,
) -> IndexData:
    """Index ``entries`` the way ``lunr.lunr(ref, fields, documents)`` would, without its per-token
    objects. Entries are read once, in order, so they can come one document at a time. With
    ``basis``, scores are weighed against it (a term it lacks, against its own count here), not
    against these entries; ``noting(ref)`` gives a set to add each entry's terms to."""
    terms: dict[str, int] = {}
    counted: dict[str, Counts] = {}
    totals = [0] * len(fields)
    refs: list[str] = []
    for entry in entries:
        refs.append(entry.ref)
        seen = noting(entry.ref) if noting else None
        for f, text in enumerate(entry.texts):
            found = analyzer.terms(text) if text else []
            totals[f] += len(found)
            for term, tf in Counter(found).items():
                rows = counted.get(term)
                if rows is None:
                    rows = counted[term] = tuple([] for _ in fields)
                    terms[term] = len(terms)
                rows[f].append((entry.ref, tf, len(found)))
            if seen is not None:
                seen.update(found)
    averages = tuple(total / len(refs) if refs else 0.0 for total in totals)
    measured = basis or Basis(len(refs), averages, {term: sum(map(len, rows)) for term, rows in counted.items()})
    boosts = [boost for _, boost in fields]
    # Each term's counts go as its scores come: both at once were most of a big build's memory.
    postings = {term: scored(counted.pop(term), measured, boosts, term) for term in terms}
    return IndexData(tuple(name for name, _ in fields), tuple(refs), terms, postings, measured)


def scored(rows: Counts, basis: Basis, boosts: list[int], term: str) -> Posting:
    """BM25 scores with lunr.py's exact arithmetic (same operation order, rounded to 3 places),
    against ``basis`` (for a term it lacks, the number of ``rows``)."""
    count, averages = basis.entries, basis.averages
    with_term = basis.frequencies.get(term)
    if with_term is None:
        with_term = sum(len(field_rows) for field_rows in rows)
    idf = math.log(1 + abs((count - with_term + 0.5) / (with_term + 0.5)))
    weighed: list[list[tuple[str, float]]] = []
    for field_rows, average, boost in zip(rows, averages, boosts, strict=True):
        out = []
        for ref, tf, length in field_rows:
            score = idf * ((K1 + 1) * tf) / (K1 * (1 - B + B * (length / average)) + tf)
            score *= boost
            out.append((ref, round(score, 3)))
        weighed.append(out)
    return tuple(weighed)


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
