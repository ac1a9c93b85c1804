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
    found = re.search(r' id="(c-[^"]+)"', (site / f"documents/{slug}.html").read_text())
    assert found
    return found[1]


def test_claimgroups_site_group_page_and_document_line(travel: Path):
    build(project_at(travel), log=quiet)
    site = travel / "site"
    pages = sorted(p.name for p in (site / "claims").iterdir())
    assert len(pages) == 2 and "index.html" in pages  # one page of groups, and the index of groups
    page = next(p for p in pages if p != "index.html")
    html = (site / "claims" / page).read_text()
    ident = re.search(r'<section class="claim-group" id="(g-[0-9a-f]{12})"', html)[1]
    assert page == f"{ident[2:4]}.html"  # the page of the groups whose ids start alike (#23)
    group = html
    # Every appearance, first said first, with outlet, date and speaker, linking to its passage.
    order = [group.index(f"documents/{slug}.html#{claim_id(site, slug)}") for slug in ("first", "second", "third")]
    assert order == sorted(order)
    for date, outlet, speaker in (DOCS[s][:3] for s in ("first", "second", "third")):
        assert date in group and outlet in group and upper(speaker) in group
    assert "nearmiss" not in group
    assert "first by Andrei Marochko in Outlet One on 2024-03-01" in group
    second = (site / "documents/second.html").read_text()
    line = re.search(r'<a href="([^"]+)">Also claimed in 2 other documents</a>', second)
    assert line and line[1] == f"../claims/{page}#{ident}"
    assert f'href="{page}#{ident}"' in (site / "claims/index.html").read_text()
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


def add_verdict(root: Path, slug: str, extra: str = "") -> None:
    curated = root / f"content/annotations/{slug}.yml"
    curated.write_text(
        curated.read_text()
        + "    verdict: {rating: false, explanation: No such abandonment is documented., reviewer: A. Editor, "
        f"date: '2024-03-10'{extra}}}\n"
    )


def claim_reviews(page: str) -> list[dict[str, object]]:
    import json

    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    if not found or "ClaimReview" not in found[1]:
        return []
    data = json.loads(found[1])
    return list(data.get("@graph", [data]))


def test_claimgroups_site_whole_group_verdict_reaches_every_appearance(travel: Path):
    add_verdict(travel, "second", ", whole_group: true")
    result = build(project_at(travel), log=quiet)
    assert not [line for line in result.diagnostics if "whole_group" in line]
    site = travel / "site"
    judged = f"second.html#{claim_id(site, 'second')}"  # from a page in documents/
    for slug in ("first", "third"):
        page = (site / f"documents/{slug}.html").read_text()
        assert '<strong class="verdict-label" data-rating="false">False</strong>' in page
        assert f'given to <a href="{judged}">its appearance in Report second</a>' in page
        (review,) = claim_reviews(page)
        assert review["url"] == f"https://example.org/travel/documents/{slug}.html#{claim_id(site, slug)}"
        assert review["reviewRating"]["alternateName"] == "False"  # type: ignore[index]
        assert DOCS[slug][3] in str(review["claimReviewed"])
    nearmiss = (site / "documents/nearmiss.html").read_text()
    assert "verdict-label" not in nearmiss and not claim_reviews(nearmiss)
    checks = (site / "fact-checks.html").read_text()
    assert checks.count('<li class="fact-check"') == 3
    assert "Applied from the claim's appearance in Report second" in (site / "feeds/verdicts.atom").read_text()
    group = next(p for p in (site / "claims").iterdir() if p.name != "index.html").read_text()
    assert group.count("given to the appearance in") == 1  # the judged appearance, not its heirs


def test_claimgroups_site_verdict_without_whole_group_stays_on_its_claim(travel: Path):
    add_verdict(travel, "second")
    build(project_at(travel), log=quiet)
    site = travel / "site"
    for slug in ("first", "third", "nearmiss"):
        page = (site / f"documents/{slug}.html").read_text()
        assert "verdict-label" not in page and not claim_reviews(page)
    assert len(claim_reviews((site / "documents/second.html").read_text())) == 1
    assert (site / "fact-checks.html").read_text().count('<li class="fact-check"') == 1


def test_claimgroups_site_own_verdict_wins_over_the_groups(travel: Path):
    add_verdict(travel, "second", ", whole_group: true")
    curated = travel / "content/annotations/third.yml"
    curated.write_text(
        curated.read_text() + "    verdict: {rating: disputed, explanation: Sources disagree., reviewer: B. Editor, "
        "date: '2024-03-11'}\n"
    )
    build(project_at(travel), log=quiet)
    third = (travel / "site/documents/third.html").read_text()
    assert ">Disputed</strong>" in third and ">False</strong>" not in third
    assert ">False</strong>" in (travel / "site/documents/first.html").read_text()


def test_claimgroups_site_whole_group_on_a_lone_claim_warns_at_its_line(travel: Path):
    add_verdict(travel, "nearmiss", ", whole_group: true")
    result = build(project_at(travel), log=quiet)
    (warning,) = [line for line in result.diagnostics if "whole_group" in line]
    assert warning.startswith("content/annotations/nearmiss.yml:2:5: warning: whole_group: claim nearmiss#c-")
    assert "in no group of claims that travel" in warning
    assert ">False</strong>" in (travel / "site/documents/nearmiss.html").read_text()  # its own still shows
    with pytest.raises(SitegenError):
        build(project_at(travel), strict=True, log=quiet)


def test_claimgroups_site_quick_rebuild_follows_a_whole_group_line(travel: Path):
    from sitegen.serve.rebuild import Builder

    add_verdict(travel, "second")
    builder = Builder(travel, log=quiet)
    builder.rebuild()
    first = travel / "site/documents/first.html"
    assert "verdict-label" not in first.read_text()
    curated = travel / "content/annotations/second.yml"
    plain = curated.read_text()
    curated.write_text(plain.replace("date: '2024-03-10'", "date: '2024-03-10', whole_group: true"))
    maker = builder.last.maker if builder.last else None
    builder.rebuild(frozenset({curated}))
    assert builder.last is not None and builder.last.maker is maker  # a quick rebuild
    assert ">False</strong>" in first.read_text() and claim_reviews(first.read_text())
    curated.write_text(plain)
    builder.rebuild(frozenset({curated}))
    assert "verdict-label" not in first.read_text() and not claim_reviews(first.read_text())


def test_claimgroups_site_a_warm_build_brings_back_only_the_grouped_claims(travel: Path, monkeypatch):
    """Records stay in the documents while the kept groups stand: the main process holds a
    digest of each document's claims, and the records of the claims the groups name (when
    the whole stage's result is not kept: here, gone)."""
    from sitegen.analyse import claimstage

    build(project_at(travel), log=quiet)
    (travel / ".sitegen-cache" / claimstage.STAGE).unlink()
    first = (travel / "site/claims").exists(), sorted(p.name for p in (travel / "site").rglob("*.html"))
    asked: list[tuple[str, ...]] = []
    gather = claimstage.gather_records

    def noted(executor, sources):  # type: ignore[no-untyped-def]
        asked.append(tuple(seed.slug for seed in sources.seeds))
        return gather(executor, sources)

    monkeypatch.setattr(claimstage, "gather_records", noted)
    build(project_at(travel), log=quiet)
    assert asked == []  # the grouped claims' records came back with the digests
    assert ((travel / "site/claims").exists(), sorted(p.name for p in (travel / "site").rglob("*.html"))) == first


def test_claimgroups_site_a_warm_build_keeps_the_whole_claims_stage(travel: Path, tmp_path: Path, monkeypatch):
    """Nothing changed: the stage's result comes back whole, without a brief (or a document)
    read; a document whose claim changed makes it again, as a build from nothing would."""
    from sitegen.analyse import claimstage

    build(project_at(travel), log=quiet)
    first = {p.relative_to(travel): p.read_bytes() for p in (travel / "site").rglob("*.html")}

    def no_briefs(*_: object) -> None:
        raise AssertionError("a brief was read though nothing the claims stage depends on changed")

    with monkeypatch.context() as patched:
        patched.setattr(claimstage, "analysis_brief", no_briefs)
        build(project_at(travel), log=quiet)
    assert {p.relative_to(travel): p.read_bytes() for p in (travel / "site").rglob("*.html")} == first
    for name in ("seeds/third.txt", "content/annotations/third.yml"):  # a claim of its own now
        (travel / name).write_text((travel / name).read_text().replace("outside Bakhmut", "near Kupiansk"))
    build(project_at(travel), log=quiet)
    fresh = tmp_path / "fresh"
    shutil.copytree(travel, fresh, ignore=shutil.ignore_patterns("site", ".sitegen-cache"))
    build(project_at(fresh), log=quiet)
    made = {p.relative_to(travel): p.read_bytes() for p in (travel / "site").rglob("*.html")}
    assert made == {p.relative_to(fresh): p.read_bytes() for p in (fresh / "site").rglob("*.html")} != first
