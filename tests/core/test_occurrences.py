"""``occurrence: N`` and ``occurrence: all`` stay linear in the text and bounded in what they make."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.build import check
from sitegen.curate import anchor
from sitegen.curate.curated import QuoteSelector
from sitegen.errors import SitegenError
from tests.conftest import project_at, quiet, write

SENTENCE = "The mayor said the town fell. "


def _project(root: Path, entries: list[str], repeats: int) -> Path:
    write(root, "sitegen.yml", "annotate: {annotators: []}\n")
    write(root, "seeds/a.txt", "Headline\n" + SENTENCE * repeats + "\n")
    write(root, "content/annotations/a.yml", "annotations:\n" + "".join(entries))
    return root


def test_occurrences_many_numbered_entries_scan_the_text_once_per_quote(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scans: list[str] = []
    find_all = anchor._find_all

    def counted(text: str, quote: str) -> list[int]:
        scans.append(quote)
        return find_all(text, quote)

    monkeypatch.setattr(anchor, "_find_all", counted)
    entries = [f"  - {{kind: entity, quote: mayor, occurrence: {n}}}\n" for n in range(1, 3001)]
    entries += [f"  - {{kind: entity, quote: town, occurrence: {n}}}\n" for n in range(1, 3001, 7)]
    check(project_at(_project(tmp_path / "p", entries, 3000)), False, quiet)
    assert sorted(set(scans)) == ["mayor", "town"] and len(scans) == 2


@pytest.mark.parametrize(("kind", "limit"), [("claim", 1_000), ("dispute", 1_000), ("entity", 10_000)])
def test_occurrences_all_is_bounded_per_entry(tmp_path: Path, kind: str, limit: int) -> None:
    entry = f"  - {{kind: {kind}, quote: 'the town fell', occurrence: all}}\n"
    with pytest.raises(SitegenError) as caught:
        check(project_at(_project(tmp_path / "p", [entry], limit + 1)), False, quiet)
    message = str(caught.value)
    assert f"content/annotations/a.yml:2:5: error: occurrence: all selects {limit + 1:,} places" in message
    assert not (tmp_path / "p" / "site").exists()


def test_occurrences_all_under_the_bound_selects_every_place(tmp_path: Path) -> None:
    entry = "  - {kind: claim, quote: 'the town fell', occurrence: all}\n"
    root = _project(tmp_path / "p", [entry], 1_000)
    assert check(project_at(root), False, quiet) == ()
    text = (root / "seeds/a.txt").read_text()
    assert len(anchor.anchor_quote(text, QuoteSelector("the town fell", occurrence="all"))) == 1_000
