"""Capped postings: a one-word query shows what the uncapped index shows, in lunr.js."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys

import pytest

from sitegen.search.cap import ALL, cap, kept, ranked, split_ref
from sitegen.search.entries import FIELDS, Entry
from sitegen.search.refs import doc_ref, passage_ref
from sitegen.search.shards import partition, shard
from sitegen.search.terms import Analyzer
from sitegen.search.vendor import SITEGEN_ROOT
from sitegen.search.writer import build_index
from tests.search.test_writer import merged

LIMIT = 6
KINDS = ("paragraph", "claim", "entity")
COMMON = ["ministry", "convoy", "winter", "kyiv", "petrova", "supplies"]
QUERIES = ["ministry", "convoy", "winter", "kyiv", "petrova", "ministry convoy", "winter supplies", "rare"]


def corpus(docs: int = 60) -> list[Entry]:
    """Documents with a title, paragraphs, a claim and an entity; repeated texts make score ties."""
    rng = random.Random(7)
    filler = [f"w{n}" for n in range(40)]
    entries = []
    for d in range(docs):
        entries.append(Entry(doc_ref(d), ("", f"report {rng.choice(COMMON)}", "petrova", "kyiv")))
        for p in range(rng.randint(1, 4)):
            kind = KINDS[(d + p) % 3]
            words = rng.choices(COMMON + filler, k=rng.choice((3, 8, 8, 20)))
            text = "the ministry sent a convoy" if p == 1 else " ".join(words)
            source = "petrova" if kind == "claim" else ""
            entity = "kyiv" if kind == "entity" else ""
            entries.append(Entry(passage_ref(d, kind, p), (text, "", source, entity)))
    entries.append(Entry(passage_ref(docs, "paragraph", 0), ("a rare word", "", "", "")))
    return entries


def groups(results: list[list], kind: str | None, limit: int) -> list[tuple[str, list]]:
    """What the UI shows: results of one kind (or all), grouped by document, best group first."""
    out: dict[str, list] = {}
    for ref, score in results:
        doc, letter = split_ref(ref)
        if kind is None or letter == kind:
            out.setdefault(doc, []).append([ref, score])
    return list(out.items())[:limit]


def lunr_js(index: dict, queries: dict[str, list[str]]) -> dict[str, list[list]]:
    script = """
const lunr = require(process.argv[1]);
const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const index = lunr.Index.load(input.index);
const out = {};
for (const [q, terms] of Object.entries(input.queries)) {
  out[q] = index.query(query => terms.forEach(t => query.term(t, {usePipeline: false,
    presence: lunr.Query.presence.REQUIRED}))).map(r => [r.ref, r.score]);
}
console.log(JSON.stringify(out));
"""
    node = subprocess.run(
        ["node", "-e", script, str(SITEGEN_ROOT / "node_modules" / "lunr")],
        input=json.dumps({"index": index, "queries": queries}, sort_keys=True),  # as the site writes it
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(node.stdout)


def test_cap_keeps_rare_terms_whole_and_counts_common_ones():
    data = build_index(corpus(), FIELDS, Analyzer())
    capped = cap(data, LIMIT)
    assert "rare" not in capped.counts and capped.data.postings["rare"] is data.postings["rare"]
    assert {"ministri", "convoi", "kyiv"} <= set(capped.counts)
    for term, counts in capped.counts.items():
        refs = [ref for rows in data.postings[term] for ref, _ in rows]
        assert counts[ALL] == [len(set(refs)), len({split_ref(r)[0] for r in refs})]
        assert sum(n for key, (n, _) in counts.items() if key != ALL) == counts[ALL][0]
        kept_refs = [ref for rows in capped.data.postings[term] for ref, _ in rows]
        assert set(kept_refs) <= set(refs)
        assert len(kept_refs) < len(refs) or term not in {"ministri", "convoi", "kyiv"}


def test_cap_on_forked_workers_cuts_the_same_postings(monkeypatch):
    capping = sys.modules["sitegen.search.cap"]  # the package's ``cap`` is the function
    data = build_index(corpus(), FIELDS, Analyzer())
    alone = cap(data, 10)
    monkeypatch.setattr(capping, "PARALLEL_MIN_ENTRIES", 0)
    forked = cap(data, 10, jobs=2)
    assert forked.counts == alone.counts and list(forked.counts) == list(alone.counts)
    assert forked.data.postings == alone.data.postings
    assert alone.counts, "the corpus has common terms to cap"


def test_cap_kept_takes_the_best_documents_of_each_view():
    order = ["1C0", "2", "1P1", "3P0", "4C2", "2P0", "5E1"]
    assert kept(order, 2) == {"1C0", "2", "1P1", "2P0", "3P0", "4C2", "5E1"}
    assert kept(order, 1) == {"1C0", "1P1", "2", "5E1"}


def test_cap_ranked_breaks_ties_like_javascript_objects():
    posting = ([("a", 1.0), ("10", 1.0), ("9", 1.0), ("0P1", 2.0)], [("a", 0.5)])
    assert ranked(posting) == ["0P1", "a", "9", "10"]


@pytest.mark.skipif(not shutil.which("node"), reason="needs node")
def test_cap_one_word_queries_show_what_the_whole_index_shows_in_lunr_js():
    entries = corpus()
    data = build_index(entries, FIELDS, Analyzer())
    capped = cap(data, LIMIT)
    analyzer = Analyzer()
    queries = {q: analyzer.terms(q) for q in QUERIES}
    whole = lunr_js(merged([shard(data, t, "2.3.9").index for t in partition(data, 400)]), queries)
    runs = partition(capped.data, 400)
    mine = lunr_js(merged([shard(capped.data, t, "2.3.9", capped.counts).index for t in runs]), queries)
    for query, terms in queries.items():
        if len(terms) > 1:  # several words: the best documents of each word only (documented)
            assert {r for r, _ in mine[query]} <= {r for r, _ in whole[query]}, query
            continue
        assert len(mine[query]) < len(whole[query]) or query == "rare", query
        for kind in (None, "", "P", "C", "E"):
            assert groups(mine[query], kind, LIMIT) == groups(whole[query], kind, LIMIT), (query, kind)
