"""A quick rebuild that fails midway leaves the site exactly as the last good build left it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from sitegen.build import build
from sitegen.config import BUNDLED_THEMES
from sitegen.errors import SitegenError
from sitegen.output.apply import apply_staged
from sitegen.output.write import MARKER
from sitegen.project import load_project
from sitegen.serve.rebuild import Builder
from tests.conftest import quiet

TRAP = '{% for source in sources %}{% if "saboteur" in source.name|lower %}{{ no_such_value }}{% endif %}{% endfor %}\n'
"""A theme bug that only shows with some data: the sources page fails once a saboteur is quoted."""
SABOTEUR = b"The saboteur said the bridge was gone.\n"
CLAIM = (
    "  - kind: claim\n    quote: The saboteur said the bridge was gone\n"
    "    parts: {source: The saboteur, cue: said, content: the bridge was gone}\n"
)


def snapshot(site: Path) -> dict[str, bytes]:
    """Every file of a site but its marker (which records times), with its bytes."""
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file() and path.name != MARKER
    }


@pytest.fixture
def trapped(tiny: Path) -> Path:
    shutil.copytree(BUNDLED_THEMES / "default", tiny / "themes" / "trap")
    sources = tiny / "themes" / "trap" / "templates" / "sources.html"
    sources.write_text(sources.read_text().replace("{% block main %}\n", "{% block main %}\n" + TRAP, 1))
    config = tiny / "sitegen.yml"
    config.write_text(config.read_text() + "theme: trap\n")
    return tiny


def test_quick_failure_leaves_no_half_site_and_a_revert_leaves_nothing_stale(trapped: Path, tmp_path: Path) -> None:
    builder = Builder(trapped, log=quiet)
    builder.rebuild()
    site = trapped / "site"
    before = snapshot(site)
    seed = trapped / "seeds" / "report.txt"
    notes = trapped / "content" / "annotations" / "report.yml"
    good_seed, good_notes = seed.read_bytes(), notes.read_text()
    seed.write_bytes(good_seed + SABOTEUR)
    notes.write_text(good_notes + CLAIM)
    with pytest.raises(SitegenError, match=r"sources\.html"):
        builder.rebuild(frozenset({seed, notes}))
    # Before staging, the document page, its original, its JSON-LD, the saboteur's source page
    # and a new share page were already in the site when the sources page failed.
    assert snapshot(site) == before
    assert not list(trapped.glob(".site.*"))
    seed.write_bytes(good_seed)
    notes.write_text(good_notes)
    builder.rebuild(frozenset({seed, notes}))
    assert snapshot(site) == before  # nothing stale, no orphan share page
    seed.write_bytes(good_seed + b"A later, harmless sentence.\n")
    builder.rebuild(frozenset({seed}))
    fresh = tmp_path / "fresh"
    shutil.copytree(trapped, fresh, ignore=shutil.ignore_patterns("site", ".sitegen-cache"))
    build(load_project(fresh), log=quiet)
    # Quick rebuilds keep the search index and the archive-wide exports until the next full
    # build (by design); every other file, and the list of files, is what a full build makes.
    quick, full = (
        {path: data for path, data in snapshot(folder).items() if not path.startswith(("search/", "exports/"))}
        for folder in (site, fresh / "site")
    )
    assert quick == full


def test_apply_staged_undoes_every_step_when_one_fails(tmp_path: Path) -> None:
    site, staged, aside = tmp_path / "site", tmp_path / "new", tmp_path / "old"
    for root, files in ((site, {"a.html": "old a", "gone.html": "gone", "keep/b.html": "old b"}), (staged, {})):
        for name, text in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text)
    for name, text in {"a.html": "new a", "fresh/deep/c.html": "new c"}.items():
        (staged / name).parent.mkdir(parents=True, exist_ok=True)
        (staged / name).write_text(text)
    before = {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}
    folders = sorted(p for p in site.rglob("*") if p.is_dir())
    changed = ["a.html", "fresh/deep/c.html", "keep/b.html"]  # b was never staged: the third step fails
    with pytest.raises(FileNotFoundError):
        apply_staged(os.fspath(site), os.fspath(staged), os.fspath(aside), changed, ["gone.html"], then=lambda: None)
    assert {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()} == before
    assert sorted(p for p in site.rglob("*") if p.is_dir()) == folders


def test_apply_staged_a_failing_last_step_undoes_the_files(tmp_path: Path) -> None:
    site, staged = tmp_path / "site", tmp_path / "new"
    site.mkdir()
    staged.mkdir()
    (site / "a.html").write_text("old")
    (site / "gone.html").write_text("gone")
    (staged / "a.html").write_text("new")

    def fail() -> None:
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space"):
        apply_staged(os.fspath(site), os.fspath(staged), os.fspath(tmp_path / "old"), ["a.html"], ["gone.html"], fail)
    assert (site / "a.html").read_text() == "old" and (site / "gone.html").read_text() == "gone"
