"""Update the last build's search data for a few changed documents instead of making it again.

BM25 weighs a term's counts against the whole archive (the number of entries, each field's
average length, the term's document frequency). An update keeps that **basis** from the last
full build and scores only the changed documents' entries against it, so every other entry's
scores stay valid; a term the basis lacks is weighed against its count in the changed
documents and joins the basis. Only the shards whose terms those entries had or have are made
again (with their capped terms' whole lists), and the changed documents' store chunks; the
shard boundaries stay those of the full build. The result is exactly what a full build scored
against the same basis, cut at the same boundaries, would write.

The basis drifts from what a full build would measure as documents change, so once more than
``DRIFT`` of the documents have changed since the last full build, or documents were added or
removed (every ref after them would move), the data is made in full again.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from sitegen.search.cap import CAP_DOCS, Cap, Capped, RefMemo, recapped
from sitegen.search.entries import FIELDS, DocEntries, PackedEntries
from sitegen.search.made import Made, ShardWork, directory_page, facts_of, shards_files, store_file, tag_of
from sitegen.search.names import Mentions, Table, by_shard, doc_mentions, mentioned, shard_of
from sitegen.search.refs import base36
from sitegen.search.shards import js_order
from sitegen.search.state import ShardPostings, State
from sitegen.search.terms import Analyzer
from sitegen.search.writer import Basis, Counts, IndexData, Posting, scored

DRIFT = 0.01
"""The share of documents that may change between full builds: each changed document moves
the archive's counts by about 1/N of themselves, so at 1% a term's weight moves by about 1%
(measured: see docs/search.md)."""
_DOC = re.compile(r"[0-9a-z]+")


def allowed(docs: int) -> int:
    """How many documents may differ from the last full build's before it is made again."""
    return int(docs * DRIFT)


@dataclass(frozen=True, slots=True)
class Context:
    """What an update needs besides the documents: shard posting files and the names table
    are loaded only when needed."""

    load: Callable[[Sequence[int]], dict[int, ShardPostings] | None]
    table: Callable[[dict[str, set[str]]], Table]
    version: str
    stop: list[str]
    jobs: int = 1
    """Workers that pack the changed shards."""


def update(old: State, docs: Sequence[PackedEntries], context: Context) -> Made | None:
    """The search data for ``docs`` made from ``old``'s, or None when it must be made in full."""
    changed = _changed(old, docs)
    unpacked = {n: docs[n].unpack() for n in changed}
    found = _counted(unpacked, old.basis) if changed else None
    if found is None:
        return None
    counts, doc_terms = found
    firsts = [js_order(first) for first in old.firsts]
    had = set().union(*(old.doc_terms[n] for n in changed))
    mentions, table, names, renamed = _names(old, unpacked, context)
    touched = {shard_of(firsts, js_order(term)) for term in had.union(*doc_terms.values())} | renamed
    loaded = context.load(sorted(touched))
    merged = _merged(loaded, changed, had, _scored(counts, old.basis), firsts) if loaded else None
    if merged is None:
        return None
    written, shards, same = _files(merged, names, unpacked, context)
    stale = {key for n in touched for key in old.files if key.startswith(f"i/{base36(n)}-")} - same
    facts = {key: found for key, found in old.files.items() if key not in stale} | facts_of(written)
    terms = list(old.doc_terms)
    for n, found_terms in doc_terms.items():
        terms[n] = tuple(sorted(found_terms))
    state = replace(
        old,
        basis=_extended(old.basis, counts),
        drifted=tuple(sorted(set(old.drifted) | set(changed))),
        digests=tuple(doc.digest for doc in docs),
        doc_terms=tuple(terms),
        mentions=mentions,
        names=table,
        files=facts,
    )
    fields = [name for name, _ in FIELDS]
    directory = directory_page(context.version, tag_of(facts), fields, len(docs), old.firsts, context.stop)
    return Made(written, facts, directory, state, shards)


def _changed(old: State, docs: Sequence[PackedEntries]) -> list[int]:
    """The documents that changed, or none when the data must be made in full: documents were
    added or removed, or more than ``allowed`` would differ from the last full build's."""
    if len(docs) != len(old.digests):
        return []
    changed = [n for n, doc in enumerate(docs) if doc.digest != old.digests[n]]
    return changed if len(set(old.drifted) | set(changed)) <= allowed(len(docs)) else []


def _names(
    old: State, docs: dict[int, DocEntries], context: Context
) -> tuple[tuple[Mentions, ...], Table, list[Table], set[int]]:
    """Every document's entity mentions, the names table, its part for each shard, and the
    shards whose part changed: made again only when the changed documents' mentions did."""
    mentions = list(old.mentions)
    for n, doc in docs.items():
        mentions[n] = doc_mentions(doc.entries)
    table = old.names
    if any(mentions[n] != old.mentions[n] for n in docs):
        table = context.table(mentioned(mentions))
    names, before = by_shard(table, list(old.firsts)), by_shard(old.names, list(old.firsts))
    return tuple(mentions), table, names, {n for n, part in enumerate(names) if part != before[n]}


def _counted(docs: dict[int, DocEntries], basis: Basis) -> tuple[dict[str, Counts], dict[int, set[str]]] | None:
    """The changed documents' term counts as ``build_index`` counts them, and each one's terms;
    None when an entry's ref is not its document's (its rows could never be taken out again)
    or an entry has a field no entry had before (its average length, 0, cannot weigh it)."""
    analyzer = Analyzer()
    counts: dict[str, Counts] = {}
    doc_terms: dict[int, set[str]] = {}
    for n, doc in docs.items():
        seen = doc_terms[n] = set()
        for entry in doc.entries:
            if _doc(entry.ref) != base36(n):
                return None
            for f, text in enumerate(entry.texts):
                found = analyzer.terms(text) if text else []
                for term, tf in Counter(found).items():
                    rows = counts.get(term)
                    if rows is None:
                        rows = counts[term] = tuple([] for _ in FIELDS)
                    rows[f].append((entry.ref, tf, len(found)))
                seen.update(found)
                if found and not basis.averages[f]:
                    return None
    return counts, doc_terms


def _extended(basis: Basis, counts: dict[str, Counts]) -> Basis:
    """``basis`` with the terms it lacks, weighed as they were now: later updates weigh them so too."""
    new = {term: sum(map(len, rows)) for term, rows in counts.items() if term not in basis.frequencies}
    return replace(basis, frequencies=basis.frequencies | new) if new else basis


def _scored(counts: dict[str, Counts], basis: Basis) -> dict[str, Posting]:
    boosts = [boost for _, boost in FIELDS]
    return {term: scored(rows, basis, boosts, term) for term, rows in counts.items()}


@dataclass(frozen=True, slots=True)
class _Shard:
    """A shard being updated: its postings, and the changed documents' rows before (``gone``)
    and now (``come``) of each term they had or have."""

    before: ShardPostings
    postings: dict[str, Posting]
    gone: dict[str, Posting]
    come: dict[str, Posting]

    def terms(self) -> list[str]:
        return sorted(self.postings, key=js_order)

    def dirty(self, term: str) -> bool:
        return term in self.gone or term in self.come


def _merged(
    loaded: dict[int, ShardPostings], changed: list[int], had: set[str], new: dict[str, Posting], firsts: list[bytes]
) -> dict[int, _Shard] | None:
    """Each loaded shard without the changed documents' rows (in the terms they ``had``) and
    with their ``new`` ones; None if a shard would be left empty or a posting file does not
    fit the fields. A posting's rows are in document order (a full build adds them so, an
    update puts a document's rows where its old ones were), so a document's rows are found
    by bisection, not by reading every row of a common term."""
    shards = {
        n: _Shard(found, dict(zip(found.terms, found.postings, strict=True)), {}, {}) for n, found in loaded.items()
    }
    if any(len(posting) != len(FIELDS) for shard in loaded.values() for posting in shard.postings):
        return None
    for term in had:
        shard = shards[shard_of(firsts, js_order(term))]
        posting = shard.postings.get(term)
        if posting is None:
            continue
        parts = [_cut(rows, changed) for rows in posting]
        if any(gone for _, gone in parts):
            shard.gone[term] = tuple(gone for _, gone in parts)
            posting = tuple(rows for rows, _ in parts)
            if any(posting):
                shard.postings[term] = posting
            else:
                del shard.postings[term]
    for term, posting in new.items():
        found = shards.get(shard_of(firsts, js_order(term)))
        if found is None:
            return None  # the state's shard lists disagree with its documents'
        into = found.postings.get(term)
        found.postings[term] = posting if into is None else tuple(map(_joined, into, posting))
        found.come[term] = posting
    return shards if all(shard.postings for shard in shards.values()) else None


def _number(row: tuple[str, float]) -> int:
    """The document number of a posting row's ref."""
    return int(_doc(row[0]), 36)


def _cut(rows: list[tuple[str, float]], docs: list[int]) -> tuple[list[tuple[str, float]], list[tuple[str, float]]]:
    """``rows`` without the rows of ``docs``, and those rows."""
    gone: list[tuple[str, float]] = []
    for doc in docs:
        start = bisect.bisect_left(rows, doc, key=_number)
        end = bisect.bisect_right(rows, doc, key=_number, lo=start)
        if end > start:
            gone += rows[start:end]
            rows = rows[:start] + rows[end:]
    return rows, gone


def _joined(rows: list[tuple[str, float]], new: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """``rows`` with ``new`` (rows of changed documents, in document order) each in its place."""
    for row in new:
        at = bisect.bisect_right(rows, _number(row), key=_number)
        rows = [*rows[:at], row, *rows[at:]] if at < len(rows) else [*rows, row]
    return rows


def _files(
    shards: dict[int, _Shard], names: list[Table], docs: dict[int, DocEntries], context: Context
) -> tuple[dict[str, bytes], dict[int, ShardPostings], set[str]]:
    """The changed shards and store chunks, the shards' new posting files, and the whole
    lists kept as they were. Common terms are capped as a full build caps them: those the
    changed documents have or had from their last cap (``cap.recapped``), the others as the
    last build capped them."""
    made: dict[int, ShardPostings] = {}
    kept: set[str] = set()
    work: list[ShardWork] = []
    memo = RefMemo()
    for n, shard in sorted(shards.items()):
        terms = shard.terms()
        made[n] = ShardPostings(tuple(terms), tuple(shard.postings[t] for t in terms), _caps(shard, terms, memo))
        key = f"i/{base36(n)}"
        at = {t: i for i, t in enumerate(shard.before.terms)}
        before = shard.before.capped
        clean = [i for i, t in enumerate(terms) if t in before and not shard.dirty(t) and at[t] == i]
        same = frozenset(f"{key}-{base36(i)}" for i in clean)
        kept |= same
        work.append(ShardWork(_limited(made[n]), n, terms, names[n], same))
    written = shards_files(work, context.jobs)
    for n, doc in sorted(docs.items()):
        key, content = store_file(n, doc.store)
        written[key] = content
    return written, made, kept


def _caps(shard: _Shard, terms: list[str], memo: RefMemo) -> dict[str, Cap]:
    """The capped terms of an updated shard, each with its capped posting and true counts."""
    caps: dict[str, Cap] = {}
    empty: Posting = tuple([] for _ in FIELDS)
    for term in terms:
        if shard.dirty(term):
            gone, come = shard.gone.get(term, empty), shard.come.get(term, empty)
            found = recapped(shard.postings[term], shard.before.capped.get(term), gone, come, CAP_DOCS, memo)
        else:
            found = shard.before.capped.get(term)
        if found is not None:
            caps[term] = found
    return caps


def _limited(shard: ShardPostings) -> Capped:
    """A shard's postings as ``shard_files`` takes them."""
    fields = tuple(name for name, _ in FIELDS)
    whole = dict(zip(shard.terms, shard.postings, strict=True))
    limited = whole | {term: posting for term, (posting, _) in shard.capped.items()}
    counts = {term: found for term, (_, found) in shard.capped.items()}
    return Capped(IndexData(fields, (), {}, limited), IndexData(fields, (), {}, whole), counts)


def _doc(ref: str) -> str:
    match = _DOC.match(ref)
    return match.group() if match else ""
