"""Quick rebuilds: a document edit re-runs its own stages and gives the site a full build gives."""

from __future__ import annotations

import shutil
from pathlib import Path

from sitegen.build import build
from sitegen.output.write import MARKER, content_digest, read_manifest
from sitegen.serve.rebuild import Builder, document_changes
from tests.conftest import project_at, quiet, write


def site_files(site: Path) -> dict[str, bytes]:
    # The search index, the bulk exports and the overview charts follow the last full build
    # (see rebuild.py); documents' own exports are up to date.
    bulk = {"search", "exports"}
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file() and not p.name.startswith(".") and not bulk & set(p.parts) and b"<svg" not in p.read_bytes()
    }


def edit_notes(root: Path) -> Path:
    return write(
        root,
        "content/annotations/notes.yml",
        (root / "content/annotations/notes.yml").read_text()
        + "  - kind: entity\n    quote: Donbass\n    note: a new mention\n",
    )


def test_rebuild_quick_equals_full(tiny, tmp_path):
    builder = Builder(tiny, log=quiet)
    builder.rebuild()
    changed = edit_notes(tiny)
    builder.rebuild(frozenset({changed}))
    seed = write(tiny, "seeds/report.txt", (tiny / "seeds/report.txt").read_text() + "Officials said more.\n")
    result = builder.rebuild(frozenset({seed}))
    assert [name for name, _ in result.timings][:2] == ["read", "annotate"], "a quick rebuild re-reads one document"
    quick = site_files(tiny / "site")
    full_root = tmp_path / "full"
    shutil.copytree(tiny, full_root, ignore=shutil.ignore_patterns("site", ".site*", ".sitegen-cache"))
    build(project_at(full_root), log=quiet)
    assert quick == site_files(full_root / "site")
    for described in ("exports/entities.jsonld", "exports/agents.jsonld"):  # what documents' JSON-LD refers to
        assert (tiny / "site" / described).read_bytes() == (full_root / "site" / described).read_bytes()


def test_rebuild_a_page_that_goes_and_comes_back_is_written_again(tiny):
    builder = Builder(tiny, log=quiet)
    builder.rebuild()
    notes = tiny / "content/annotations/report.yml"
    original = notes.read_text()
    page = tiny / "site/entities/ministry.html"
    for text, there in ((original + "  - kind: entity\n    quote: ministry\n", True), (original, False)) * 2:
        notes.write_text(text)
        builder.rebuild(frozenset({notes}))  # failed with FileNotFoundError when the page came back
        assert page.is_file() == there


def test_rebuild_new_document_is_quick(tiny):
    builder = Builder(tiny, log=quiet)
    builder.rebuild()
    seed = write(tiny, "seeds/extra.txt", "Extra Headline\nA brand new report said little.\n")
    result = builder.rebuild(frozenset({seed}))
    assert dict(result.timings).keys() >= {"read", "annotate", "documents"}
    assert "Extra Headline" in (tiny / "site/index.html").read_text()
    assert (tiny / "site/documents/extra.html").is_file()


def test_rebuild_needs_a_full_build_for_registry_config_theme_and_deletions(tiny):
    builder = Builder(tiny, log=quiet)
    builder.rebuild()
    last = builder._last
    project = project_at(tiny)
    for relative in ("content/entities.yml", "sitegen.yml", "themes/default/templates/base.html"):
        assert document_changes(project, last, frozenset({tiny / relative})) is None
    (tiny / "seeds/notes.md").unlink()
    assert document_changes(project, last, frozenset({tiny / "seeds/notes.md"})) is None
    assert document_changes(project, last, frozenset({tiny / "seeds/report.txt"})) == {"seeds/report.txt"}


def test_rebuild_falls_back_when_the_site_changed_underneath(tiny):
    builder = Builder(tiny, log=quiet)
    builder.rebuild()
    build(project_at(tiny), log=quiet)  # another process rebuilt the folder
    changed = edit_notes(tiny)
    result = builder.rebuild(frozenset({changed}))
    assert "discover" in dict(result.timings), "a folder this builder did not leave gets a full build"
    assert "a new mention" in (tiny / "site/documents/notes.html").read_text()


def test_quick_rebuilds_keep_the_marker_true_to_the_files(tiny):
    builder = Builder(tiny, log=quiet)
    builder.rebuild()
    builder.rebuild(frozenset({edit_notes(tiny)}))
    builder.rebuild(frozenset({write(tiny, "seeds/extra.txt", "Extra Headline\nA new report said little.\n")}))
    site = tiny / "site"
    marker = (site / MARKER).read_text().splitlines()
    assert len(marker) > len(read_manifest(site)) + 1, "quick rebuilds append their changes"
    on_disk = {
        p.relative_to(site).as_posix(): content_digest(p.read_bytes())
        for p in site.rglob("*")
        if p.is_file() and p.name != MARKER
    }
    assert {path: entry[0] for path, entry in read_manifest(site).items()} == on_disk


def test_marker_lines_later_win_and_dashes_delete(tmp_path):
    (tmp_path / MARKER).write_text("header\naa 1 5 a.html\nbb 2 6 b.html\ncc 3 7 a.html\n- 0 0 b.html\n")
    assert read_manifest(tmp_path) == {"a.html": ("cc", 3, 7)}


def test_rebuild_verdict_edits_quick_equals_full(tiny, tmp_path):
    """A verdict edited in the preview reaches its source and entity pages, the Fact checks
    page and the sitemap as a full build would; the first verdict (a page and a nav entry that
    were not there) takes a full build."""
    from tests.core.verdict_site import with_verdicts

    builder = Builder(tiny, log=quiet)
    builder.rebuild()
    report = tiny / "content/annotations/report.yml"
    before = report.read_text()
    with_verdicts(tiny)  # the registry and metadata it needs first, then the verdicts
    verdicts = report.read_text()
    report.write_text(before)
    builder.rebuild(frozenset({tiny / "content/entities.yml", tiny / "content/documents/report.yml"}))
    report.write_text(verdicts)
    first = builder.rebuild(frozenset({report}))
    assert first.timings[0][0] == "discover", "the first verdict takes a full build"
    write(tiny, "content/annotations/report.yml", report.read_text().replace('date: "2024-11-25"', 'date: "2024-12-09"')
          .replace("rating: false", "rating: misleading"))  # fmt: skip
    result = builder.rebuild(frozenset({report}))
    assert [name for name, _ in result.timings][:2] == ["read", "annotate"]
    assert "2024-12-09" in (tiny / "site/sitemap.xml").read_text()
    assert 'data-rating="misleading"' in (tiny / "site/sources/ministry.html").read_text()
    full_root = tmp_path / "full"
    shutil.copytree(tiny, full_root, ignore=shutil.ignore_patterns("site", ".site*", ".sitegen-cache"))
    build(project_at(full_root), log=quiet)
    assert site_files(tiny / "site") == site_files(full_root / "site")
