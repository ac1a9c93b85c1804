"""The store chunk: each passage points into the document's text, stored once (#23)."""

from __future__ import annotations

import shutil

from sitegen.build import StageClock, analyse
from sitegen.errors import Diagnostics
from sitegen.render.document import render_document
from sitegen.runtime.executors import InProcess
from sitegen.search.entries import Record, _named, doc_entries, utf16_offsets
from sitegen.search.refs import base36, passage_ref
from tests.conftest import SITES, project_at, quiet, write


def _js_slice(text: str, start: int, end: int) -> str:
    """``text.slice(start, end)`` as JavaScript does it, over UTF-16 code units."""
    units = text.encode("utf-16-le")
    return units[2 * start : 2 * end].decode("utf-16-le")


def test_store_rows_point_into_the_text_once_even_past_the_basic_plane(tmp_path):
    root = tmp_path / "tiny"
    shutil.copytree(SITES / "tiny", root, ignore=shutil.ignore_patterns("site", ".sitegen-cache"))
    text = "Emoji \U0001f30d Report\n\nThe \U0001f6a8 ministry said Kyiv held. \U0001f4dd Later Kyiv spoke.\n"
    write(root, "seeds/emoji.txt", text)
    mention = "annotations:\n  - kind: entity\n    quote: Kyiv\n    occurrence: all\n    entity: kyiv\n"
    write(root, "content/annotations/emoji.yml", mention)
    analysis = analyse(project_at(root), InProcess(), False, True, StageClock(quiet), Diagnostics())
    checked = 0
    for n, doc in enumerate(analysis.archive.docs):
        rendered = render_document(doc, analysis.archive.aliases)
        entries = doc_entries(n, rendered)
        store = entries.store
        assert store["x"] == doc.source.text  # the text, once
        passages = entries.entries[1:]  # after the document's own, one a row, in order
        assert len(passages) == len(store["e"])
        for i, (row, entry) in enumerate(zip(store["e"], passages, strict=True)):
            assert entry.ref.endswith(base36(i)) and len(row) < 9  # the ref's letter gives the kind
            shown = _js_slice(store["x"], row[1], row[1] + row[2])
            assert shown == entry.texts[0]  # what is shown is what was indexed
            checked += 1
        if doc.source.slug == "emoji":
            rows = enumerate(zip(store["e"], passages, strict=True))
            mentions = [row for i, (row, entry) in rows if entry.ref == passage_ref(n, "entity", i)]
            assert [_js_slice(store["x"], row[1], row[1] + row[2]) for row in mentions] == ["Kyiv", "Kyiv"]
    assert checked > 10


def test_store_offsets_count_utf16_units():
    offset = utf16_offsets("a\U0001f30db\U0001f30dc")
    assert [offset(i) for i in range(6)] == [0, 1, 3, 4, 6, 7]
    assert utf16_offsets("plain")(4) == 4


def test_store_rows_leave_out_their_defaults():
    paragraph = Record("p-1", "paragraph", "Some text", "", "", "", -1, "", 3, 12)
    mention = Record("e-1", "entity", "Kyiv", "Kyiv (place)", "", "Kyiv", 0, "proposed", 3, 7)
    claim = Record("c-1", "claim", "x", "Claim by Ann", "Ann", "", -1, "reviewed", 0, 1)
    other = Record("s-1", "shouting", "x", "Shouting", "", "", -1, "reviewed", 0, 1)
    # A row gives a length, not an end, and a kind only where its ref's letter does not (#23).
    assert paragraph.row(int) == ["p-1", 3, 9]
    assert mention.row(int) == ["e-1", 3, 4, "Kyiv (place)", "", "Kyiv", 0, 1]
    assert claim.row(int) == ["c-1", 0, 1, "Claim by Ann", "Ann", "", -1, 0]
    assert other.row(int) == ["s-1", 0, 1, "Shouting", "", "", -1, 0, "shouting"]


def test_store_names_each_label_source_and_entity_once():
    rows = [
        ["p-1", 0, 9],
        ["e-1", 3, 4, "Kyiv (place)", "", "Kyiv", 0, 1],
        ["e-2", 9, 4, "Kyiv (place)", "", "Kyiv", 0, 0],
    ]
    rows += [["c-1", 0, 9, "Claim by Kyiv", "Kyiv", "", -1, 1]]
    named, names = _named([list(row) for row in rows])
    assert names == ["Kyiv (place)", "Kyiv", "Claim by Kyiv"]
    assert named[1][3:6] == [0, "", 1] and named[2][3:6] == [0, "", 1] and named[3][3:6] == [2, 1, ""]
    assert named[0] == rows[0]
    shown = [[names[v] if isinstance(v, int) and 3 <= i <= 5 else v for i, v in enumerate(row)] for row in named]
    assert shown == rows  # what search.js reads back
