"""Claims that travel in a built site: the group page, the line on each document page, the
curated rules' errors, and the same bytes from the same input."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from sitegen.build import build
from sitegen.errors import SitegenError
from tests.conftest import project_at, quiet, write

DOCS = {
    # slug: (date, outlet, speaker, content)
    "first": ("2024-03-01", "Outlet One", "Andrei Marochko",
              "the wounded soldiers had been abandoned near Bakhmut by Ukrainian units"),
    "second": ("2024-03-04", "Outlet Two", "Denis Pushilin",
               "Ukrainian units abandoned their wounded soldiers near Bakhmut"),
    "third": ("2024-03-09", "Outlet Three", "a military source",
              "wounded soldiers were abandoned by the Ukrainian units outside Bakhmut"),
    "nearmiss": ("2024-03-02", "Outlet Two", "Yuri Podolyaka",
                 "Russian units abandoned their wounded soldiers near Bakhmut"),
}  # fmt: skip


def make_archive(root: Path) -> Path:
    write(root, "sitegen.yml", "title: Travel\nbase_url: https://example.org/travel/\nannotate:\n  annotators: []\n")
    for slug, (date, outlet, speaker, content) in DOCS.items():
        sentence = f"{upper(speaker)} said that {content}."
        write(root, f"seeds/{slug}.txt", f"Report from the front\n{sentence} Nothing else was said.\n")
        write(root, f"content/documents/{slug}.yml", f"title: Report {slug}\noutlet: {outlet}\npublished: {date}\n")
        write(
            root,
            f"content/annotations/{slug}.yml",
            f"annotations:\n  - kind: claim\n    quote: {sentence[:-1]}\n"
            f"    parts: {{source: {upper(speaker)}, cue: said that, content: {content}}}\n",
        )
    return root


def upper(text: str) -> str:
    return text[0].upper() + text[1:]


@pytest.fixture
def travel(tmp_path: Path) -> Path:
    return make_archive(tmp_path / "travel")


def claim_id(site: Path, slug: str) -> str:
    found = re.search(r'<span class="anchor" id="(c-[^"]+)"', (site / f"documents/{slug}.html").read_text())
    assert found
    return found[1]


def test_claimgroups_site_group_page_and_document_line(travel: Path):
    build(project_at(travel), log=quiet)
    site = travel / "site"
    pages = sorted(p.name for p in (site / "claims").iterdir())
    assert len(pages) == 2 and "index.html" in pages  # one group, and the index of groups
    group = (site / "claims" / next(p for p in pages if p != "index.html")).read_text()
    # Every appearance, first said first, with outlet, date and speaker, linking to its passage.
    order = [group.index(f"documents/{slug}.html#{claim_id(site, slug)}") for slug in ("first", "second", "third")]
    assert order == sorted(order)
    for date, outlet, speaker in (DOCS[s][:3] for s in ("first", "second", "third")):
        assert date in group and outlet in group and upper(speaker) in group
    assert "nearmiss" not in group
    assert "first by Andrei Marochko in Outlet One on 2024-03-01" in group
    second = (site / "documents/second.html").read_text()
    line = re.search(r'<a href="([^"]+)">Also claimed in 2 other documents</a>', second)
    assert line and line[1] == f"../claims/{next(p for p in pages if p != 'index.html')}"
    assert "Also claimed in" not in (site / "documents/nearmiss.html").read_text()


def test_claimgroups_site_curated_merge_reaches_the_pages(travel: Path):
    build(project_at(travel), log=quiet)
    ids = {slug: claim_id(travel / "site", slug) for slug in DOCS}
    write(
        travel, "content/claim-groups.yml", f"groups:\n  - merge: [first#{ids['first']}, nearmiss#{ids['nearmiss']}]\n"
    )
    build(project_at(travel), log=quiet)
    assert "Also claimed in 3 other documents" in (travel / "site/documents/nearmiss.html").read_text()


def test_claimgroups_site_bad_rule_fails_at_its_line(travel: Path):
    build(project_at(travel), log=quiet)
    before = (travel / "site/documents/first.html").read_bytes()
    write(travel, "content/claim-groups.yml", "groups:\n  - split: [first#c-nothere]\n")
    with pytest.raises(SitegenError) as raised:
        build(project_at(travel), log=quiet)
    assert "content/claim-groups.yml:2:13: error: no claim 'first#c-nothere' in the archive" in str(raised.value)
    assert (travel / "site/documents/first.html").read_bytes() == before  # nothing already built is lost


def test_claimgroups_site_is_deterministic(travel: Path, tmp_path: Path):
    build(project_at(travel), log=quiet)
    shutil.copytree(travel / "site", tmp_path / "once")
    shutil.rmtree(travel / ".sitegen-cache")
    build(project_at(travel), log=quiet)  # cold again: grouped afresh
    for path in sorted((tmp_path / "once").rglob("*")):
        if path.is_file():
            assert path.read_bytes() == (travel / "site" / path.relative_to(tmp_path / "once")).read_bytes(), path


def test_claimgroups_site_group_page_shows_a_members_verdict(travel: Path):
    curated = travel / "content/annotations/second.yml"
    curated.write_text(
        curated.read_text()
        + "    verdict: {rating: false, explanation: No such abandonment is documented., reviewer: A. Editor, "
        "date: '2024-03-10'}\n"
    )
    build(project_at(travel), log=quiet)
    site = travel / "site"
    group = next(p for p in (site / "claims").iterdir() if p.name != "index.html").read_text()
    assert "<strong>False</strong>, given to the appearance in" in group
    assert f"documents/second.html#{claim_id(site, 'second')}" in group
    assert group.count("<strong>False</strong>") == 2  # the Fact check line and the appearance's row
