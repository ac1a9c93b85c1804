"""The Fact checks page filters in a real browser, and works as a full list without script;
a claim's verdict shows in its popover and its margin note."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitegen.build import build
from tests.browser.conftest import serve_folder
from tests.conftest import project_at, quiet, write
from tests.core.verdict_site import with_verdicts

SITES = Path(__file__).resolve().parents[1] / "sites"
LATER = """\
annotations:
  - kind: claim
    quote: The governor said the bridge was repaired
    parts: {source: The governor, cue: said, content: the bridge was repaired}
    verdict: {rating: false, explanation: It was not., reviewer: Desk, date: "2024-12-03"}
"""


@pytest.fixture(scope="module")
def checked_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("checks") / "tiny"
    shutil.copytree(SITES / "tiny", root, ignore=shutil.ignore_patterns("site", ".sitegen-cache"))
    with_verdicts(root)
    write(root, "seeds/later.txt", "A later dispatch\nThe governor said the bridge was repaired.\n")
    write(root, "content/documents/later.yml", "published: 2024-12-01\noutlet: Other Times\n")
    write(root, "content/annotations/later.yml", LATER)
    build(project_at(root), log=quiet)
    with serve_folder(root / "site") as url:
        yield url


def shown(page) -> list[str]:
    return page.eval_on_selector_all(
        "#fact-check-list > li",
        "items => items.filter(i => !i.hidden).map(i => i.dataset.rating + ' ' + i.dataset.outlet)",
    )


def test_fact_checks_filter_by_rating_source_and_outlet(browser, checked_site):
    page = browser.new_page()
    page.goto(checked_site + "fact-checks.html")
    assert page.locator(".list-filter").is_visible()
    assert shown(page) == ["false Other Times", "false Example Gazette", "disputed Example Gazette"]
    page.select_option('select[name="rating"]', "false")
    assert shown(page) == ["false Other Times", "false Example Gazette"]
    assert page.locator(".filter-count").inner_text() == "2 of 3 shown"
    page.select_option('select[name="outlet"]', "Example Gazette")
    assert shown(page) == ["false Example Gazette"]
    page.select_option('select[name="rating"]', "")
    page.select_option('select[name="source"]', "analysts")
    assert shown(page) == ["disputed Example Gazette"]
    page.goto(checked_site + "fact-checks.html?rating=disputed")  # a filtered list has a link
    assert shown(page) == ["disputed Example Gazette"]
    page.close()


def test_fact_checks_full_list_without_script(browser, checked_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(checked_site + "fact-checks.html")
    assert page.locator("#fact-check-list > li").count() == 3
    assert all(page.locator("#fact-check-list > li").nth(n).is_visible() for n in range(3))
    assert not page.locator(".list-filter").is_visible()
    context.close()


def test_fact_checks_verdict_in_popover_and_margin(browser, checked_site):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(checked_site + "documents/report.html")
    note = page.locator('.sidenote[data-for="c-zxjdpqsa"]')
    assert note.locator(".verdict-label").inner_text() == "False"
    page.locator('mark.hl[data-ann~="c-zxjdpqsa"], mark.hl[id="c-zxjdpqsa"]').first.click()
    popover = page.locator("#ann-popover")
    assert "Fact check: False" in popover.inner_text()
    page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    "path", ["fact-checks.html", "documents/report.html", "sources/ministry.html", "entities/ministry.html"]
)
def test_fact_checks_axe_finds_nothing(browser, checked_site, scheme, path):
    from tests.browser.test_a11y import AXE, run_axe

    if not AXE.is_file():
        pytest.skip("axe-core is not installed; run `npm ci`")
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.goto(checked_site + path)
    try:
        assert run_axe(page, AXE.read_text(encoding="utf-8")) == []
    finally:
        context.close()
