"""Whole-site builds: golden output, determinism, atomicity and the public HTML contract."""

from __future__ import annotations

import filecmp
import json
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


def test_build_embeds_annotation_records(tiny):
    build(project_at(tiny), log=quiet)
    html = (tiny / "site/documents/report.html").read_text()
    payload = re.search(r'<script type="application/json" id="sitegen-annotations">(.*?)</script>', html, re.S)
    records = json.loads(payload.group(1))
    text = (tiny / "seeds/report.txt").read_text().replace("\r\n", "\n")
    assert {r["kind"] for r in records} == {"claim", "entity", "dispute"}
    for record in records:
        assert text[record["start"] : record["end"]] == record["exact"]
        assert record["provenance"][0]["kind"] == "curated"
        assert record["review"] == "reviewed"
        anchor = f'<span class="anchor" id="{record["id"]}" data-kind="{record["kind"]}" data-review="reviewed"></span>'
        assert anchor in html
        for part in record["parts"]:
            assert text[part["start"] : part["end"]] == part["exact"]
    marks = re.findall(r'<mark class="hl" data-ann="([^"]+)" data-kind="([^"]+)"', html)
    ids = {r["id"] for r in records}
    assert marks and all(set(a.split()) <= ids for a, _ in marks)


def test_build_note_cannot_inject_script(tiny):
    build(project_at(tiny), log=quiet)
    html = (tiny / "site/documents/report.html").read_text()
    assert '<script>alert("notes are text")' not in html
    # the theme scripts (scheme, sitegen, search, search-ui) and two JSON data blocks
    assert html.count("<script") == 6


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

    from sitegen.analyse import analysis
    from sitegen.site import pages

    build(project_at(tiny), log=quiet)
    serial = site_files(tiny / "site")
    monkeypatch.setattr(pages, "PARALLEL_MIN_DOCUMENTS", 0)  # documents, shards and indexes on workers
    monkeypatch.setattr(analysis, "PARALLEL_MIN_DOCUMENTS", 0)  # the analysis too
    project = project_at(tiny)
    build(replace(project, config=replace(project.config, jobs=2)), log=quiet)
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
