"""Search by an entity's other names and by a word still being typed, in a real Chromium (#24 items 8, 11)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitegen.build import build
from tests.browser.conftest import serve_folder
from tests.conftest import project_at, quiet, write

REPO = Path(__file__).resolve().parents[2]
SITES = REPO / "tests" / "sites"


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.problems = problems
    yield page
    context.close()


@pytest.fixture(scope="module")
def served_names(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The tiny site, its notes' "Kyiv" curated as the registry's Kyiv (the report says "Kiev"),
    and a story about Konstantinovka."""
    root = tmp_path_factory.mktemp("names") / "tiny"
    shutil.copytree(SITES / "tiny", root, ignore=shutil.ignore_patterns("site", ".sitegen-cache"))
    notes = root / "content/annotations/notes.yml"
    write(root, "content/annotations/notes.yml", notes.read_text(encoding="utf-8") + _MENTION)
    write(root, "seeds/front.txt", "Front Line\n\nShelling reached Konstantinovka overnight, residents said.\n")
    build(project_at(root), log=quiet)
    with serve_folder(root / "site") as url:
        yield url


_MENTION = """  - kind: entity
    quote: Kyiv
    occurrence: all
    entity: kyiv
"""


def _results(page) -> list[str]:
    page.wait_for_selector("#search-page-results .search-result")
    return page.locator("#search-page-results h3").all_inner_texts()


def test_search_an_alias_finds_every_mention_literal_first_and_says_so(page, served_names):
    page.goto(served_names + "search.html?q=Kiev")
    assert _results(page) == ["Officials Deny Report of Retreat From Kiev", "Field notes"]  # literal first
    status = page.locator("#search-page-status").inner_text()
    assert "also written Kyiv" in status
    notes = page.locator("#search-page-results .search-result").nth(1)
    mention = notes.locator('.result-passage[data-kind="entity"] a')
    assert mention.count() >= 1
    assert "Kyiv" in mention.first.inner_text()
    assert page.problems == []


def test_search_an_alias_in_the_header_box_too(page, served_names):
    page.goto(served_names + "index.html")
    page.fill("#site-search-q", "kiev")
    page.wait_for_function("() => document.querySelectorAll('#search-panel .search-result').length === 2")
    assert "also written Kyiv" in page.locator("#search-status").inner_text()


def test_search_the_canonical_name_is_not_said_twice(page, served_names):
    page.goto(served_names + "search.html?q=Kyiv")
    assert set(_results(page)) == {"Officials Deny Report of Retreat From Kiev", "Field notes"}
    assert "also written" not in page.locator("#search-page-status").inner_text()


def test_search_a_word_being_typed_finds_its_completions(page, served_names):
    page.goto(served_names + "index.html")
    page.fill("#site-search-q", "Konst")
    page.wait_for_selector("#search-panel .search-results:not([aria-busy]) .search-result")
    assert "Front Line" in page.locator("#search-panel").inner_text()
    assert page.locator("#search-panel mark.search-hit").first.inner_text() == "Konstantinovka"
    assert "starting with" in page.locator("#search-status").inner_text()
    page.fill("#site-search-q", "Konst ")  # a finished word is a word, not a prefix
    page.wait_for_function("() => document.getElementById('search-status').textContent.startsWith('No results')")
    assert page.problems == []


def test_search_a_prefix_with_a_whole_word_before_it(page, served_names):
    page.goto(served_names + "search.html?q=shelling%20konstan")
    assert _results(page) == ["Front Line"]
    assert "not every word" not in page.locator("#search-page-status").inner_text()


ENTITY_REFS = "q => window.sitegenSearch.search(q).then(r => r.hits.filter(h => h.kind === 'entity').map(h => h.ref))"


def test_search_an_alias_finds_what_the_canonical_name_finds(page, served_names):
    page.goto(served_names + "search.html")
    page.wait_for_function("() => window.sitegenSearch !== undefined")
    kiev, kyiv = page.evaluate(ENTITY_REFS, "Kiev"), page.evaluate(ENTITY_REFS, "Kyiv")
    assert kyiv and set(kiev) == set(kyiv)


@pytest.mark.model
def test_search_kiev_finds_every_kyiv_mention_in_both_seed_documents(page, seed_site):
    with serve_folder(seed_site) as url:
        page.goto(url + "search.html?q=Kiev")
        assert len(_results(page)) == 2
        assert "also written Kyiv" in page.locator("#search-page-status").inner_text()
        kiev, kyiv = page.evaluate(ENTITY_REFS, "Kiev"), page.evaluate(ENTITY_REFS, "Kyiv")
    assert len({ref.split("E")[0] for ref in kiev}) == 2  # mentions in both documents
    assert set(kyiv) <= set(kiev)
    assert len(kiev) >= 4  # Kiev once, Kyiv and twice Kyiv’s
