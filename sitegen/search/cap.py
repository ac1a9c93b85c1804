"""Impact-ordered, capped postings: a term found in very many documents keeps only its best ones.

lunr.js scores every entry a query term matches, so a word found in every document costs a
query hundreds of milliseconds. The UI never shows more than the best few documents, so a
term in more than ``CAP_DOCS`` documents keeps only the entries of its best ``CAP_DOCS``
documents, ranked the way lunr.js ranks a one-term query: over all entries, and again for
each kind of entry (the results page filters by kind). Scores are computed from the whole
index, so what is kept scores exactly as before; for a one-word query the first
``CAP_DOCS`` result groups, in every kind view, are those of the uncapped index.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from sitegen.runtime.forked import map_forked
from sitegen.search.writer import IndexData, Posting

CAP_DOCS = 200
"""Documents a capped term keeps per view: more than the 40 the results page checks for
phrases and filters, and a fraction of a large archive."""
ALL = "*"
"""The counts key for every kind at once."""
_REF = re.compile(r"^([0-9a-z]+)([A-Z]?)")


@dataclass(frozen=True, slots=True)
class Capped:
    """The capped index, the whole one, and the true counts of every capped term."""

    data: IndexData
    whole: IndexData
    counts: dict[str, dict[str, list[int]]]
    """Capped term → ref kind letter (``""`` for a document, ``*`` for all) → [entries, documents]."""


def split_ref(ref: str) -> tuple[str, str]:
    """(document ref, kind letter) of an entry ref: ``3fC5`` → (``3f``, ``C``); ``3f`` → (``3f``, ``""``)."""
    match = _REF.match(ref)
    if match is None:
        raise ValueError(f"not a search ref: {ref!r}")
    return match.group(1), match.group(2)


def cap(data: IndexData, limit: int = CAP_DOCS, jobs: int = 1) -> Capped:
    """``data`` with every term found in more than ``limit`` documents cut to its best documents;
    the common terms are ranked on ``jobs`` forked workers when the index is big."""
    postings = dict(data.postings)
    refs = _Refs(data.refs)
    # Fewer entries than ``limit`` means fewer documents: most terms stop here.
    common = [term for term, posting in data.postings.items() if sum(len(rows) for rows in posting) > limit]
    found = map_forked(
        range(len(common)),
        lambda i: _capped(data.postings[common[i]], limit, refs),
        jobs,
        parallel=len(data.refs) >= PARALLEL_MIN_ENTRIES,
    )
    counts: dict[str, dict[str, list[int]]] = {}
    for i, term in enumerate(common):
        result = found[i]
        if result is not None:
            postings[term], counts[term] = result
    return Capped(replace(data, postings=postings), data, counts)


PARALLEL_MIN_ENTRIES = 20_000
"""Below this many entries (some 300 documents), capping on one core is quicker than forking."""


def _capped(posting: Posting, limit: int, refs: _Refs) -> tuple[Posting, dict[str, list[int]]] | None:
    """A common term's posting cut to its best documents, and its true counts; None when the
    term is in no more than ``limit`` documents after all."""
    order = ranked(posting, refs.js_order)
    found = _counts(order, refs.parts)
    if found[ALL][1] <= limit:
        return None
    keep = kept(order, limit, refs.parts)
    return tuple([row for row in rows if row[0] in keep] for rows in posting), found


class _Refs:
    """Every ref's parts and JavaScript key order, worked out once: the capped terms of a big
    archive list each ref many times."""

    def __init__(self, refs: tuple[str, ...]) -> None:
        self.parts = {ref: split_ref(ref) for ref in refs}
        self.js_order = {ref: n for n, ref in enumerate(sorted(refs, key=js_key_order))}


def ranked(posting: Posting, js_order: dict[str, int] | None = None) -> list[str]:
    """Refs in the order lunr.js 2.3.9 returns them for a one-term query.

    An entry's score is the sum of its field weights, added in field order (the query vector
    is the term alone, magnitude 1); ties keep the order in which lunr first met the entry:
    fields in order, and in a field the posting's keys as JavaScript enumerates them.
    """
    score: dict[str, float] = {}
    order: Callable[[str], Any] = js_order.__getitem__ if js_order is not None else js_key_order
    for rows in posting:
        weights = dict(rows)  # an entry is in a field's rows once
        for ref in sorted(weights, key=order):
            score[ref] = score[ref] + weights[ref] if ref in score else weights[ref]
    # Highest first; a stable sort keeps equal scores in the order lunr met them.
    return sorted(score, key=score.__getitem__, reverse=True)


def js_key_order(key: str) -> tuple[int, int, str]:
    """Where JavaScript enumerates ``key`` in an object parsed from JSON written with sorted
    keys: array-index keys first, in numeric order, then the rest as written (sorted)."""
    if key.isdigit() and (key == "0" or key[0] != "0") and int(key) < 2**32 - 1:
        return (0, int(key), "")
    return (1, 0, key)


def kept(order: list[str], limit: int, parts: dict[str, tuple[str, str]] | None = None) -> set[str]:
    """Refs of the best ``limit`` documents over all entries, and per kind over that kind's entries."""
    part = parts.__getitem__ if parts is not None else split_ref
    # One pass finds the best documents of every view (all entries, then each kind's), a
    # second keeps their entries: a common word of a big archive has a hundred thousand.
    best: dict[str | None, set[str]] = {None: set()}
    for ref in order:
        doc, kind = part(ref)
        for view in (None, kind):
            chosen = best.setdefault(view, set())
            if len(chosen) < limit:
                chosen.add(doc)
    keep: set[str] = set()
    for ref in order:
        doc, kind = part(ref)
        if doc in best[None] or doc in best[kind]:
            keep.add(ref)
    return keep


def _counts(order: list[str], parts: dict[str, tuple[str, str]]) -> dict[str, list[int]]:
    """Entries and documents per kind and overall, as the UI would count the uncapped results."""
    entries: dict[str, int] = {}
    docs: dict[str, set[str]] = {}
    for ref in order:
        doc, kind = parts[ref]
        for key in (ALL, kind):
            entries[key] = entries.get(key, 0) + 1
            docs.setdefault(key, set()).add(doc)
    return {key: [entries[key], len(docs[key])] for key in sorted(entries)}


Cap = tuple[Posting, dict[str, list[int]]]
"""A capped term's posting and its true counts."""


class _Memo(dict[str, Any]):
    """A function of a ref, worked out once per ref: an update's terms list the same refs."""

    def __init__(self, of: Callable[[str], Any]) -> None:
        super().__init__()
        self.of = of

    def __missing__(self, ref: str) -> Any:
        found = self[ref] = self.of(ref)
        return found


class RefMemo:
    """Each ref's parts and JavaScript key order, worked out as refs are met."""

    def __init__(self) -> None:
        self.parts = _Memo(split_ref)
        self.order = _Memo(js_key_order)


def recapped(
    posting: Posting,
    before: Cap | None,
    gone: Posting,
    come: Posting,
    limit: int = CAP_DOCS,
    memo: RefMemo | None = None,
) -> Cap | None:
    """What ``_capped`` makes of ``posting`` after an update changed a few documents' rows
    (``gone``: their rows before, ``come``: their rows now, which ``posting`` holds), from
    the term's cap ``before`` it; None when the term is not capped. Every other entry scores
    as before, so the best documents of each view are among those the cap kept and the
    changed ones, unless a changed document was among a full view's best and fell: then, and
    for a term not capped before, ``posting`` is ranked whole."""
    memo = memo or RefMemo()
    parts = memo.parts
    changed = {parts[ref][0] for rows in (*gone, *come) for ref, _ in rows}
    if before is None:
        return _whole(posting, limit)
    counts = _moved(before[1], gone, come)
    if counts[ALL][1] <= limit:
        return None
    keys, now = _min_keys(before[0], memo), _min_keys(come, memo)
    if _outside(changed, keys, now, limit):
        return before[0], counts  # the changed documents were and stay outside every view's best
    old = ranked(before[0], memo.order)
    if _fell(changed, _best(old, limit, parts), keys, now, limit):
        return _whole(posting, limit)
    candidates = tuple(
        [row for row in rows if parts[row[0]][0] not in changed] + new
        for rows, new in zip(before[0], come, strict=True)
    )
    keep = kept(ranked(candidates, memo.order), limit, parts)
    return tuple([row for row in rows if row[0] in keep] for rows in posting), counts


def _whole(posting: Posting, limit: int) -> Cap | None:
    if sum(map(len, posting)) <= limit:
        return None
    return _capped(posting, limit, _Refs(tuple({ref for rows in posting for ref, _ in rows})))


def _best(order: list[str], limit: int, parts: dict[str, tuple[str, str]]) -> dict[str | None, list[str]]:
    """The best ``limit`` documents of each view (all kinds: None), best first."""
    best: dict[str | None, dict[str, None]] = {None: {}}
    for ref in order:
        doc, kind = parts[ref]
        for view in (None, kind):
            chosen = best.setdefault(view, {})
            if len(chosen) < limit:
                chosen[doc] = None
    return {view: list(docs) for view, docs in best.items()}


Key = tuple[float, int, tuple[int, int, str]]


def _min_keys(posting: Posting, memo: RefMemo) -> dict[tuple[str, str | None], Key]:
    """(document, view) → the sort key of its best entry in that view, as ``ranked`` orders
    entries: score, highest first, then the first field, then JavaScript's key order."""
    score: dict[str, float] = {}
    first: dict[str, int] = {}
    for f, rows in enumerate(posting):
        for ref, weight in rows:
            if ref in score:
                score[ref] = score[ref] + weight
            else:
                score[ref], first[ref] = weight, f
    best: dict[tuple[str, str | None], Key] = {}
    for ref, total in score.items():
        doc, kind = memo.parts[ref]
        key = (-total, first[ref], memo.order[ref])
        for view in (None, kind):
            if (doc, view) not in best or key < best[doc, view]:
                best[doc, view] = key
    return best


def _outside(
    changed: set[str],
    before: dict[tuple[str, str | None], Key],
    now: dict[tuple[str, str | None], Key],
    limit: int,
) -> bool:
    """Whether no changed document had a kept entry, and none now comes before the last of the
    best of a view it has entries in: ``limit`` kept documents come before each of them. (The
    kept entries give every best document's exact best key in each view; a kept document
    outside a view's best has a key there after its last one, or none.)"""
    if any(doc in changed for doc, _ in before):
        return False
    by_view: dict[str | None, list[Key]] = {}
    for (_, view), key in before.items():
        by_view.setdefault(view, []).append(key)
    for keys in by_view.values():
        keys.sort()
    return all(bisect.bisect_left(by_view.get(view, []), key) >= limit for (_, view), key in now.items())


def _fell(
    changed: set[str],
    best: dict[str | None, list[str]],
    before: dict[tuple[str, str | None], Key],
    now: dict[tuple[str, str | None], Key],
    limit: int,
) -> bool:
    """Whether a changed document was among a full view's best and its best entry there fell
    behind the last of them: a document the cap left out might now come before it."""
    for view, docs in best.items():
        if len(docs) < limit:
            continue  # every document of the view was kept
        last = max(before[doc, view] for doc in docs)
        for doc in changed.intersection(docs):
            if (doc, view) not in now or now[doc, view] > last:
                return True
    return False


def _moved(counts: dict[str, list[int]], gone: Posting, come: Posting) -> dict[str, list[int]]:
    """True counts with the changed documents' entries before taken out and now put in."""
    moved = {key: list(found) for key, found in counts.items()}
    for rows, sign in ((gone, -1), (come, 1)):
        refs = {ref for field in rows for ref, _ in field}
        docs: dict[str, set[str]] = {}
        for ref in refs:
            doc, kind = split_ref(ref)
            for key in (ALL, kind):
                docs.setdefault(key, set()).add(doc)
                moved.setdefault(key, [0, 0])[0] += sign
        for key, found in docs.items():
            moved[key][1] += sign * len(found)
    return {key: moved[key] for key in sorted(moved) if moved[key][0] > 0}
