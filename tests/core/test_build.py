"""Whole-site builds: golden output, determinism, atomicity and the public HTML contract."""

from __future__ import annotations

import filecmp
import os
import re
import shutil
from pathlib import Path

import pytest

from sitegen.build import build
from sitegen.errors import SitegenError
from sitegen.output.write import MARKER
from sitegen.site import templates
from tests.conftest import project_at, quiet, write
from tests.records import records

GOLDEN = Path(__file__).parent.parent / "golden" / "tiny"
UPDATE = os.environ.get("SITEGEN_UPDATE_GOLDEN") == "1"


def site_files(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        # The marker records file times, so it is the one file that differs between builds.
        if p.is_file() and not p.relative_to(site).as_posix().startswith("static/") and p.name != MARKER
    }


def test_build_golden_tiny_site(tiny):
    build(project_at(tiny), log=quiet)
    if UPDATE:
        shutil.rmtree(GOLDEN, ignore_errors=True)
        shutil.copytree(tiny / "site", GOLDEN, ignore=shutil.ignore_patterns("static", MARKER))
    built, golden = site_files(tiny / "site"), site_files(GOLDEN)
    assert sorted(built) == sorted(golden)
    for name, content in golden.items():
        assert built[name] == content, f"{name} differs from tests/golden/tiny (SITEGEN_UPDATE_GOLDEN=1 to accept)"


def test_build_is_deterministic(tiny, tmp_path):
    build(project_at(tiny), log=quiet)
    first = tmp_path / "first"
    shutil.copytree(tiny / "site", first)
    build(project_at(tiny), log=quiet)
    comparison = filecmp.dircmp(first, tiny / "site")
    assert not comparison.diff_files and not comparison.left_only and not comparison.right_only
    for name in site_files(first):
        assert (first / name).read_bytes() == (tiny / "site" / name).read_bytes()


def test_build_keeps_originals_byte_identical(tiny):
    build(project_at(tiny), log=quiet)
    assert (tiny / "site/originals/report.txt").read_bytes() == (tiny / "seeds/report.txt").read_bytes()
    assert b"\r\n" in (tiny / "site/originals/report.txt").read_bytes()


def test_build_failure_leaves_previous_site_untouched(tiny):
    # No link names report, so it is analysed in the render pass: its error still stops the build.
    build(project_at(tiny), log=quiet)
    before = site_files(tiny / "site")
    write(tiny, "content/annotations/report.yml", "annotations:\n  - kind: claim\n    quote: not in the text\n")
    with pytest.raises(SitegenError) as caught:
        build(project_at(tiny), log=quiet)
    assert "content/annotations/report.yml:2" in str(caught.value)
    assert site_files(tiny / "site") == before
    assert not list(tiny.glob(".site.*")), "no staging folder is left behind"


def test_build_refuses_to_replace_a_folder_it_did_not_make(tiny):
    write(tiny, "site/precious.txt", "my notes")
    with pytest.raises(SitegenError) as caught:
        build(project_at(tiny), log=quiet)
    assert "did not build" in str(caught.value)
    assert (tiny / "site/precious.txt").read_text() == "my notes"


def test_build_links_unchanged_files_and_rewrites_edited_ones(tiny):
    build(project_at(tiny), log=quiet)
    index = tiny / "site/index.html"
    first_inode = index.stat().st_ino
    build(project_at(tiny), log=quiet)
    assert index.stat().st_ino == first_inode, "an unchanged page is linked, not written again"
    index.write_text(index.read_text() + "<!-- edited by hand -->")
    build(project_at(tiny), log=quiet)
    assert "edited by hand" not in index.read_text()


def test_build_replaces_its_own_output(tiny):
    build(project_at(tiny), log=quiet)
    assert (tiny / "site" / MARKER).exists()
    write(tiny, "site/stale.html", "old")
    build(project_at(tiny), log=quiet)
    assert not (tiny / "site/stale.html").exists()


def test_build_restores_site_after_a_kill_between_renames(tiny):
    build(project_at(tiny), log=quiet)
    os.rename(tiny / "site", tiny / ".site.old-123")
    build(project_at(tiny), log=quiet)
    assert (tiny / "site/index.html").exists()
    assert not list(tiny.glob(".site.*"))


def test_build_page_follows_the_html_contract(tiny):
    """README's HTML contract: every annotation has one link target where it starts (its first
    mark's id, or an empty span.anchor), every mark names its annotations and their kinds, a
    claim's or dispute's list item is its one record on the page."""
    build(project_at(tiny), log=quiet)
    html = (tiny / "site/documents/report.html").read_text()
    found = records(tiny / "site", "report")
    text = (tiny / "seeds/report.txt").read_text().replace("\r\n", "\n")
    assert {r["kind"] for r in found} == {"claim", "entity", "dispute"}
    assert "sitegen-annotations" not in html  # no second copy of the records
    marks = re.findall(r'<mark class="hl ([^"]+)"( id="[^"]+")?( data-ann="[^"]+")?>', html)
    kinds = {r["id"]: r["kind"][0] for r in found}
    for classes, ident, ann in marks:
        ids = [*(ann.split('"')[1].split() if ann else ()), *(ident.split('"')[1:2] if ident else ())]
        assert ids and set(ids) <= set(kinds)
        assert {kinds[i] for i in ids} <= set(classes.split())
        assert "p" not in classes.split()  # every annotation of the tiny site is reviewed
    for record in found:
        assert text[record["start"] : record["end"]] == record["exact"]
        assert record["provenance"][0]["kind"] == "curated" and record["review"] == "reviewed"
        assert html.count(f'id="{record["id"]}"') == 1
        assert re.search(rf'<(span class="anchor"|mark class="hl [^"]+") id="{record["id"]}"', html)
        if record["kind"] != "entity":
            assert f'<li id="note-{record["id"]}" class="{record["kind"][0]}">' in html


def test_build_note_cannot_inject_script(tiny):
    build(project_at(tiny), log=quiet)
    html = (tiny / "site/documents/report.html").read_text()
    assert '<script>alert("notes are text")' not in html
    # the theme scripts (scheme, sitegen, search, search-ui) and the document's data block
    assert html.count("<script") == 5


def test_build_headline_is_the_title_and_not_repeated(tiny):
    build(project_at(tiny), log=quiet)
    html = (tiny / "site/documents/report.html").read_text()
    body = html.split('<div class="doc-body">', 1)[1]
    assert "<title>Officials Deny Report of Retreat From Kiev" in html
    assert "Retreat From" not in body.split("</div>", 1)[0]


def test_build_url_does_not_depend_on_title(tiny):
    write(tiny, "content/documents/report.yml", "title: A new title\n")
    build(project_at(tiny), log=quiet)
    assert "A new title" in (tiny / "site/documents/report.html").read_text()


def test_build_in_worker_processes_gives_the_same_site(tiny, tmp_path, monkeypatch):
    from dataclasses import replace

    from sitegen.runtime import executors
    from sitegen.site import pages

    project = project_at(tiny)
    build(replace(project, config=replace(project.config, executor="inprocess")), log=quiet)
    serial = site_files(tiny / "site")
    monkeypatch.setattr(pages, "PARALLEL_MIN_DOCUMENTS", 0)  # shards and indexes on workers
    monkeypatch.setattr(executors, "PARALLEL_MIN_DOCUMENTS", 0)  # reading, analysis and documents too
    build(replace(project, config=replace(project.config, jobs=2, executor="processes")), log=quiet)
    assert site_files(tiny / "site") == serial


def test_build_writes_long_pages_in_pieces_to_the_same_bytes(tiny, monkeypatch):
    from sitegen.site import pages

    build(project_at(tiny), log=quiet)
    whole = site_files(tiny / "site")
    monkeypatch.setattr(pages, "LONG_PAGE_ITEMS", 0)  # every entity and source page streamed
    monkeypatch.setattr(templates, "STREAM_PIECES", 3)  # in many small chunks
    build(project_at(tiny), log=quiet)
    assert site_files(tiny / "site") == whole


def test_build_analysing_documents_where_they_render_gives_the_same_site(tiny):
    # A one-shot build analyses each document in the worker that renders it; the preview
    # server analyses them all first and keeps them. Same documents, same site.
    from sitegen.build import full_build

    write(tiny, "seeds/later.txt", "Later\n\nThe mayor of Odesa spoke.\n")
    write(tiny, "content/annotations/later.yml", "annotations:\n  - kind: entity\n    quote: Odesa\n")
    build(project_at(tiny), log=quiet)
    one_shot = site_files(tiny / "site")
    full_build(project_at(tiny), log=quiet, keep=True)
    assert site_files(tiny / "site") == one_shot


def test_build_markdown_title_repeated_by_its_first_heading_shows_once(tiny):
    write(tiny, "seeds/other.md", "---\ntitle: Another story\n---\n# A different heading\n\nBody text.\n")
    build(project_at(tiny), log=quiet)
    notes = (tiny / "site/documents/notes.html").read_text(encoding="utf-8")
    body = notes.split('<div class="doc-body">', 1)[1]
    assert notes.count(">Field notes</") == 1 and "Field notes" not in body.split("</div>", 1)[0]
    assert '<h1><span id="p-' in notes  # the heading's paragraph id still lands on the title
    other = (tiny / "site/documents/other.html").read_text(encoding="utf-8")
    assert "<h1>Another story</h1>" in other and ">A different heading</h1>" in other
