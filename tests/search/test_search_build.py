"""The search stage: what it writes for the tiny site, lunr.js checks, the size budget."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from sitegen.build import build
from sitegen.errors import SitegenError
from sitegen.search import vendor
from sitegen.search.entries import doc_entries
from sitegen.search.shards import unpacked
from tests.conftest import project_at, quiet, write

SNAPSHOT = Path(__file__).parent / "snapshots" / "tiny_entries.json"
UPDATE = os.environ.get("SITEGEN_UPDATE_GOLDEN") == "1"


def data(path: Path) -> dict:
    """A search data script's payload: ``sitegenSearch.add(key, DATA);``."""
    text = path.read_text(encoding="utf-8")
    assert text.startswith("sitegenSearch.add(") and text.endswith(");\n")
    return json.loads(text.split(",", 1)[1][:-3])


def test_search_entries_snapshot_tiny(tiny_rendered):
    found = [
        {"entries": [[e.ref, *e.texts] for e in doc.entries], "store": doc.store}
        for doc in (doc_entries(n, r) for n, r in enumerate(tiny_rendered))
    ]
    if UPDATE:
        SNAPSHOT.write_text(json.dumps(found, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    assert found == json.loads(SNAPSHOT.read_text(encoding="utf-8"))


def test_search_entries_cover_documents_passages_and_annotations(tiny_rendered):
    report = next(doc_entries(n, r) for n, r in enumerate(tiny_rendered) if r.annotated.source.slug == "report")
    refs = [e.ref for e in report.entries]
    kinds = {e.ref[1] for e in report.entries[1:]}  # a store row's kind is its ref's letter
    assert refs[0] == "1" and all(ref.startswith("1") for ref in refs)
    assert {"P", "C", "D", "E"} <= kinds
    claim = next(e for e in report.entries if "C" in e.ref)
    assert claim.texts[2] == "The ministry"  # the claim source is searchable
    assert any(e.texts[3] == "Kyiv" for e in report.entries)  # so is the entity's canonical name
    rendered = next(r for r in tiny_rendered if r.annotated.source.slug == "report")
    ids = {row[0] for row in report.store["e"]}
    assert {a.id for a in rendered.annotated.annotations} | {p.id for p in rendered.paragraphs} == ids


def test_search_build_writes_directory_shards_store_and_lunr(tiny):
    build(project_at(tiny), log=quiet)
    site = tiny / "site"
    directory = data(site / "search/index.js")
    assert directory["version"] == "2.3.9" and directory["docs"] == 2
    folder = site / "search" / directory["tag"]
    assert len(list((folder / "i").glob("*.js"))) == len(directory["shards"])
    assert len(list((folder / "s").glob("*.js"))) == 2
    assert "said" in directory["stop"]
    assert b"2.3.9" in (site / "static/vendor/lunr.min.js").read_bytes()[:200]
    assert (site / "static/vendor/lunr.LICENSE.txt").is_file()
    assert (site / "search.html").is_file()
    assert directory["fields"] == ["t", "h", "s", "n"]
    shard = unpacked(data(next((folder / "i").glob("*.js"))), directory["version"], directory["fields"])
    assert shard["pipeline"] == ["stemmer"] and shard["invertedIndex"] and shard["fieldVectors"]


def test_search_build_prints_sizes(tiny):
    lines: list[str] = []
    build(project_at(tiny), log=lines.append)
    line = next(line for line in lines if line.strip().startswith("search"))
    assert "gzip" in line and "store" in line


def test_search_budget_warns_and_strict_fails(tiny):
    write(tiny, "sitegen.yml", (tiny / "sitegen.yml").read_text() + "search:\n  budget_kb: 1\n")
    result = build(project_at(tiny), log=quiet)
    assert any("search.budget_kb" in d for d in result.diagnostics)
    with pytest.raises(SitegenError, match="budget_kb"):
        build(project_at(tiny), strict=True, log=quiet)


def test_search_missing_lunr_js_names_the_fix(tiny, tmp_path, monkeypatch):
    monkeypatch.setattr(vendor, "SITEGEN_ROOT", tmp_path / "nowhere")
    with pytest.raises(SitegenError) as caught:
        build(project_at(tiny), log=quiet)
    assert "lunr.js is not installed" in str(caught.value) and "npm ci" in str(caught.value)


def test_search_wrong_lunr_js_version_fails(tiny, tmp_path, monkeypatch):
    fake = tmp_path / "fake"
    write(fake, "node_modules/lunr/package.json", '{"version": "2.3.8"}')
    write(fake, "node_modules/lunr/lunr.min.js", "/* lunr 2.3.8 */")
    monkeypatch.setattr(vendor, "SITEGEN_ROOT", fake)
    monkeypatch.setattr(vendor, "lunr_package", lambda project: fake / "node_modules/lunr")
    with pytest.raises(SitegenError, match=r"lunr.js 2.3.8 is installed.*2.3.9"):
        build(project_at(tiny), log=quiet)


def test_packed_entries_digest_ignores_which_equal_strings_are_one_object() -> None:
    # A cold build's strings come fresh from spaCy, a warm build's from the cache: equal
    # entries must give the same digest, or a warm build would rebuild the whole index.
    import pickle

    from sitegen.search.entries import DocEntries, Entry

    shared = "".join(["Kyiv ", "said"])
    one = DocEntries((Entry("r", (shared, shared, "", "")),), {"t": shared})
    fresh = [("".join(["Kyiv ", "said"])) for _ in range(3)]
    other = DocEntries((Entry("r", (fresh[0], fresh[1], "", "")),), {"t": fresh[2]})
    assert pickle.dumps((one.entries, one.store)) != pickle.dumps((other.entries, other.store))
    assert one.pack().digest == other.pack().digest
    assert one.pack().unpack() == one
