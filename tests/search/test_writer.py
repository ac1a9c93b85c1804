"""The index writer against lunr.py's own Builder, and lunr.js querying what it writes."""

from __future__ import annotations

import json
import shutil
import subprocess

import lunr
import pytest
from lunr.index import Index

from sitegen.search.entries import FIELDS, Entry, doc_entries
from sitegen.search.shards import partition, shard
from sitegen.search.terms import Analyzer, fold
from sitegen.search.vendor import SITEGEN_ROOT
from sitegen.search.writer import build_index, to_lunr

QUERIES = ["kyiv", "kiev", "ministry", "troops lines", "tass", "supplies", "convoy", "officials deny", "governor"]
HOSTILE = [
    Entry("a", ("The troops (Kyiv's) held, said U.S. officials — “quoted” 1990s café", "Title", "The ministry", "")),
    Entry("b", ("a convoy... of convoys; lay try by / x-ray", "", "", "Kyiv")),
    Entry("c", ("", "", "", "")),
]


def entries_of(rendered) -> list[Entry]:
    return [e for n, doc in enumerate(rendered) for e in doc_entries(n, doc).entries] + HOSTILE


def lunr_py_index(entries: list[Entry]) -> Index:
    fields = [{"field_name": name, "boost": boost} for name, boost in FIELDS]
    docs = [
        {"id": e.ref, **{name: fold(text) for (name, _), text in zip(FIELDS, e.texts, strict=True)}} for e in entries
    ]
    return lunr.lunr("id", fields, docs)


def test_writer_serializes_what_lunr_py_builds(tiny_rendered):
    entries = entries_of(tiny_rendered)
    mine = to_lunr(build_index(entries, FIELDS, Analyzer()), lunr.__TARGET_JS_VERSION__)
    theirs = json.loads(json.dumps(lunr_py_index(entries).serialize()))
    assert json.loads(json.dumps(mine)) == theirs


def merged(shards: list[dict]) -> dict:
    """What search.js does with the shards a query needs: offsets ``_index`` and joins vectors."""
    inverted, vectors, offset = [], {}, 0
    for data in shards:
        for term, posting in data["invertedIndex"]:
            inverted.append([term, {**posting, "_index": posting["_index"] + offset}])
        for ref, elements in data["fieldVectors"]:
            into = vectors.setdefault(ref, [])
            for i in range(0, len(elements), 2):
                into += [elements[i] + offset, elements[i + 1]]
        offset += len(data["invertedIndex"])
    return {**shards[0], "invertedIndex": inverted, "fieldVectors": list(vectors.items())}


def results(index: Index, query: str) -> list[tuple[str, float]]:
    return [(r["ref"], round(r["score"], 9)) for r in index.search(query)]


@pytest.mark.parametrize("target", [150, 600, 100_000])
def test_writer_shards_answer_like_the_whole_lunr_py_index(tiny_rendered, target):
    entries = entries_of(tiny_rendered)
    data = build_index(entries, FIELDS, Analyzer())
    shards = [shard(data, terms, "2.3.9").index for terms in partition(data, target)]
    whole = lunr_py_index(entries)
    loaded = Index.load(merged(shards))
    for query in QUERIES:
        assert results(loaded, query) == results(whole, query), query
    if target == 150:
        assert len(shards) > 5


@pytest.mark.skipif(not shutil.which("node"), reason="needs node")
def test_writer_lunr_js_gives_lunr_py_results(tiny_rendered):
    entries = entries_of(tiny_rendered)
    data = build_index(entries, FIELDS, Analyzer())
    shards = [shard(data, terms, "2.3.9").index for terms in partition(data, 300)]
    whole = lunr_py_index(entries)
    analyzer = Analyzer()
    queries = {q: analyzer.terms(q) for q in QUERIES}
    script = """
const lunr = require(process.argv[1]);
const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const index = lunr.Index.load(input.index);
const out = {};
for (const [q, terms] of Object.entries(input.queries)) {
  out[q] = index.query(query => terms.forEach(t => query.term(t, {usePipeline: false})))
    .map(r => [r.ref, Math.round(r.score * 1e9) / 1e9]);
}
console.log(JSON.stringify(out));
"""
    node = subprocess.run(
        ["node", "-e", script, str(SITEGEN_ROOT / "node_modules" / "lunr")],
        input=json.dumps({"index": merged(shards), "queries": queries}),
        capture_output=True,
        text=True,
        check=True,
    )
    from_js = json.loads(node.stdout)
    for query in QUERIES:
        expected = [[ref, score] for ref, score in results(whole, query)]
        assert sorted(from_js[query]) == sorted(expected), query


def test_writer_terms_never_carry_lunr_operators():
    terms = Analyzer().terms('kyiv: ~2 ^3 +foo -bar "x" * title:kiev field~1 a*b')
    assert terms and not any(set(t) & set(':~^+*"') for t in terms)
