"""Cut an index by vocabulary: contiguous term ranges, each a small lunr index of its own."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

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


FORMAT = "packed-4"
"""How shard files are written: part of the search cache's settings, so cached data of another
format is never reused."""
SCORE_SCALE = 1000
"""Scores are BM25 weights rounded to 3 places (``writer.scored``): written as thousandths."""


def packed(
    data: IndexData,
    terms: list[str],
    capped: dict[str, dict[str, list[int]]] | None = None,
    names: dict[str, list[list[object]]] | None = None,
) -> dict[str, object]:
    """What ``shard`` makes, written without repeating itself (#23): ``r`` every ref of the shard,
    sorted (``joined``); ``w`` one row per term, ``[term, per field in field order: [ref step, score in
    thousandths, ...] as one string of ``numbers``]`` (refs as steps through ``r``, empty fields
    at the end left out). lunr's
    form names each ref twice per term and field (posting and field vector); this names it once
    per shard. ``unpacked`` (and ``search.js``) make lunr's form again, key for key."""
    refs = sorted({ref for term in terms for rows in data.postings[term] for ref, _ in rows})
    at = {ref: n for n, ref in enumerate(refs)}
    words: list[list[object]] = []
    for term in terms:
        row: list[object] = [term]
        for rows in data.postings[term]:
            flat: list[int] = []
            last = 0
            for n, score in sorted((at[ref], score) for ref, score in rows):
                flat += (n - last, _thousandths(score))
                last = n
            row.append(numbers(flat))
        while len(row) > 1 and not row[-1]:
            row.pop()
        words.append(row)
    out: dict[str, object] = {"r": joined(refs), "w": words}
    found = {term: capped[term] for term in terms if capped and term in capped}
    if found:
        out["capped"] = found
    if names:
        out["names"] = names
    return out


DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_"
"""A number's base-32 digits: the last in the first half, the others in the second, so numbers
follow each other with no separator and no character JSON escapes."""


def numbers(values: Sequence[int]) -> str:
    """Non-negative integers as one string, each its base-32 digits, most significant first, all
    but the last from ``DIGITS[32:]``: a ref step is mostly one character, a score two, where
    JSON's decimals and commas took two and four (#23)."""
    out: list[str] = []
    for value in values:
        if value < 0:
            raise ValueError(f"cannot pack a negative number: {value}")
        digits = [DIGITS[value % 32]]
        value //= 32
        while value:
            digits.append(DIGITS[32 + value % 32])
            value //= 32
        out += reversed(digits)
    return "".join(out)


_DIGIT = {char: n for n, char in enumerate(DIGITS)}


def unnumbered(text: str) -> list[int]:
    """The integers ``numbers`` wrote, in order."""
    values: list[int] = []
    value = 0
    for char in text:
        digit = _DIGIT[char]
        if digit >= 32:
            value = value * 32 + digit - 32
        else:
            values.append(value * 32 + digit)
            value = 0
    return values


_REF = re.compile(r"([0-9a-z]+)(.*)", re.S)


def joined(refs: list[str]) -> str:
    """Sorted refs as one string: each run of refs of one document as the document's ref and
    what follows it in each (``3f,,P0,C5`` is ``3f``, ``3fP0`` and ``3fC5``), runs joined by
    spaces. A ref is its document's base-36 number and, for a passage, a capital letter and
    more (``refs.py``), so neither a comma nor a space is in one."""
    runs: list[list[str]] = []
    for ref in refs:
        match = _REF.fullmatch(ref)
        if match is None or "," in ref or " " in ref:
            raise ValueError(f"not a search ref: {ref!r}")
        doc, rest = match.groups()
        if not runs or runs[-1][0] != doc:
            runs.append([doc])
        runs[-1].append(rest)
    return " ".join(",".join(run) for run in runs)


def split(text: str) -> list[str]:
    """The refs ``joined`` wrote, in order."""
    refs = []
    for run in text.split(" ") if text else ():
        doc, *rests = run.split(",")
        refs += [doc + rest for rest in rests]
    return refs


def _thousandths(score: float) -> int:
    scaled = round(score * SCORE_SCALE)
    if scaled / SCORE_SCALE != score:
        raise ValueError(f"score {score!r} is not rounded to thousandths")
    return scaled


def unpacked(data: dict[str, Any], version: str, fields: Sequence[str]) -> dict[str, object]:
    """A ``packed`` shard in lunr's serialized form, as ``shard`` writes it (what search.js does)."""
    refs = split(data["r"])
    vectors: dict[str, list[float]] = {}
    inverted = []
    for index, (term, *flats) in enumerate(data["w"]):
        posting: dict[str, object] = {"_index": index}
        for f, name in enumerate(fields):
            flat = unnumbered(flats[f]) if f < len(flats) else []
            found: dict[str, object] = {}
            at = 0
            for i in range(0, len(flat), 2):
                at += flat[i]
                found[refs[at]] = {}
                vectors.setdefault(f"{name}/{refs[at]}", []).extend((index, flat[i + 1] / SCORE_SCALE))
            posting[name] = found
        inverted.append([term, posting])
    out: dict[str, object] = {
        "version": version,
        "fields": list(fields),
        "fieldVectors": [[key, vectors[key]] for key in sorted(vectors)],
        "invertedIndex": inverted,
        "pipeline": ["stemmer"],
    }
    out |= {key: data[key] for key in ("capped", "names") if key in data}
    return out
