"""Packed shards: the files name each ref once, and unpack (in Python and in search.js) to the
lunr index ``shard`` writes, key for key, so every query ranks as before."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import orjson
import pytest

from sitegen.search.cap import cap
from sitegen.search.entries import FIELDS
from sitegen.search.made import rest_of
from sitegen.search.shards import joined, numbers, packed, partition, shard, split, unnumbered, unpacked
from sitegen.search.terms import Analyzer
from sitegen.search.vendor import SITEGEN_ROOT
from sitegen.search.writer import IndexData, build_index
from tests.search.test_cap import corpus
from tests.search.test_writer import entries_of

STATIC = Path(__file__).parents[2] / "sitegen/themes/default/static"
SEARCH_JS, PACKED_JS = STATIC / "search.js", STATIC / "search-packed.js"
VERSION = "2.3.9"
NAMES = [name for name, _ in FIELDS]


def shards_of(data: IndexData, counts: dict, target: int) -> list[tuple[dict, dict]]:
    """(lunr form, packed form) of every shard, with capped counts and a names entry on the first."""
    out = []
    for n, terms in enumerate(partition(data, target)):
        names = {terms[0]: [[["kiev"], "Kyiv", ["kyiv"]]]} if n == 0 else None
        out.append((shard(data, terms, VERSION, counts, names).index, packed(data, terms, counts, names)))
    return out


def capped_corpus() -> tuple[IndexData, dict]:
    capped = cap(build_index(corpus(), FIELDS, Analyzer()), 6)
    assert capped.counts
    return capped.data, capped.counts


def test_packed_unpacks_to_the_lunr_shard(tiny_rendered):
    tiny = build_index(entries_of(tiny_rendered), FIELDS, Analyzer())
    for data, counts in ((tiny, {}), capped_corpus()):
        for lunr_form, small in shards_of(data, counts, 400):
            assert unpacked(json.loads(orjson.dumps(small)), VERSION, NAMES) == lunr_form
            assert len(orjson.dumps(small)) < 0.4 * len(orjson.dumps(lunr_form))


def test_packed_refs_in_runs_of_one_document():
    refs = sorted(["3f", "3fP0", "3fC5", "3f0", "3f0E1", "3g", "a"])
    assert joined(refs) == "3f, 3f0,,E1 3f,C5,P0 3g, a,"  # document 3f0 sorts between 3f and 3fC5
    assert split(joined(refs)) == refs and split("") == [] and joined([]) == ""
    with pytest.raises(ValueError, match="not a search ref"):
        joined(["P0"])


def test_packed_numbers_are_short_and_read_back():
    # A ref step and a score in thousandths as base-32 digits, no separators (#23): a step under
    # 32 is one character, a score under 1,024 two, where JSON wrote "1,873," (six).
    values = [1, 873, 0, 31, 32, 1023, 1024, 32767, 10**9]
    text = numbers(values)
    assert unnumbered(text) == values and unnumbered("") == [] and numbers([]) == ""
    assert len(numbers([1, 873])) == 3 and '"' not in text and "\\" not in text
    with pytest.raises(ValueError, match="negative"):
        numbers([-1])


def test_packed_refuses_a_score_it_would_change():
    data = build_index(corpus(3), FIELDS, Analyzer())
    term = next(iter(data.terms))
    rows = data.postings[term]
    bad = tuple([(ref, score + 1e-4) for ref, score in field] for field in rows)
    with pytest.raises(ValueError, match="thousandths"):
        packed(IndexData(data.fields, data.refs, data.terms, {term: bad}), [term])


@pytest.mark.skipif(not shutil.which("node"), reason="needs node")
def test_packed_search_js_unpacks_what_json_parse_of_the_lunr_shard_gives():
    # Key order included: lunr meets tied entries in the order a posting's keys enumerate, and
    # refs such as "9", "10" and "1b" (documents 9, 36 and 47) enumerate in JavaScript's own order.
    data, counts = capped_corpus()
    pairs = shards_of(data, counts, 400)
    refs = {key for lunr_form, _ in pairs for _, posting in lunr_form["invertedIndex"] for key in posting["h"]}
    assert {"9", "10"} <= refs and any(not ref.isdigit() for ref in refs)
    script = (
        "global.window = global; global.document = { querySelector: () => ({ getAttribute: () => '' }) };"
        f"require({json.dumps(str(PACKED_JS))});"
        "const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "const directory = { version: input.version, fields: input.fields };"
        "console.log(JSON.stringify(input.shards.map(([lunrText, small]) => {"
        "  const mine = window.sitegenSearchPacked.unpacked(JSON.parse(small), directory);"
        "  const theirs = JSON.parse(lunrText);"
        "  mine.capped === undefined && delete mine.capped; mine.names === undefined && delete mine.names;"
        "  const keys = o => Object.keys(o).sort().map(k => [k, o[k]]);"
        "  return JSON.stringify(keys(mine)) === JSON.stringify(keys(theirs))"
        "    && JSON.stringify(mine.invertedIndex) === JSON.stringify(theirs.invertedIndex);"
        "})));"
    )
    shards = [[orjson.dumps(a, option=orjson.OPT_SORT_KEYS).decode(), orjson.dumps(b).decode()] for a, b in pairs]
    assert node_answers(script, shards=shards) == [True] * len(pairs)


@pytest.mark.skipif(not shutil.which("node"), reason="needs node")
def test_packed_search_js_joins_a_capped_terms_whole_list_as_it_was():
    # The whole-list file holds what the shard does not; joined, it is the old whole list, key for key.
    capped = cap(build_index(corpus(), FIELDS, Analyzer()), 6)
    cases = []
    for terms in partition(capped.data, 400):
        for term in (t for t in terms if t in capped.counts):
            small = packed(capped.data, terms, capped.counts)
            rest = packed(rest_of(capped, term), [term])
            before = shard(capped.whole, [term], VERSION).index
            as_written = orjson.dumps(before, option=orjson.OPT_SORT_KEYS).decode()  # as the site wrote it
            cases.append([orjson.dumps(small).decode(), orjson.dumps(rest).decode(), term, as_written])
            assert len(orjson.dumps(rest)) < len(orjson.dumps(packed(capped.whole, [term])))
    assert len(cases) >= 3
    script = (
        "global.window = global; global.document = { querySelector: () => ({ getAttribute: () => '' }) };"
        f"require({json.dumps(str(SEARCH_JS))}); require({json.dumps(str(PACKED_JS))});"
        "const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "const ui = window.sitegenSearchUi, packed = window.sitegenSearchPacked;"
        "const directory = { version: input.version, fields: input.fields };"
        "console.log(JSON.stringify(input.cases.map(([small, rest, term, before]) => {"
        "  const kept = ui.termData(packed.unpacked(JSON.parse(small), directory), term);"
        "  const mine = packed.whole(kept, packed.unpacked(JSON.parse(rest), directory)), theirs = JSON.parse(before);"
        "  return JSON.stringify([mine.invertedIndex, mine.fieldVectors])"
        "    === JSON.stringify([theirs.invertedIndex, theirs.fieldVectors]);"
        "})));"
    )
    assert node_answers(script, cases=cases) == [True] * len(cases)


def node_answers(script: str, **data: object) -> object:
    """What ``script`` prints, run by node with the packed format's version and field names
    (and ``data``) on its standard input."""
    payload = json.dumps({"version": VERSION, "fields": NAMES, **data})
    node = subprocess.run(
        ["node", "-e", script], input=payload, capture_output=True, text=True, check=True, cwd=SITEGEN_ROOT
    )
    return json.loads(node.stdout)
