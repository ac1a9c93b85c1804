"""Search in a real Chromium: lazy loading, results, phrases, hostile input, sub-path, file://."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import sitegen.search
from sitegen.build import build
from tests.browser.conftest import serve_folder
from tests.conftest import project_at, quiet, write

SEARCH_DATA = ("/search/", "/static/vendor/lunr", "/static/search-stem.js", "/static/search-packed.js")
SHOWN = "#search-panel .search-results:not([aria-busy]) .search-result"
"""Results in the header box once all are in (the best one may come first, the list busy)."""


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    problems: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" and not _favicon(m) else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("request", lambda request: requests.append(request.url))
    page.problems = problems
    page.requests = requests
    yield page
    context.close()


def search_in_header(page, text: str) -> None:
    page.fill("#site-search-q", text)
    page.wait_for_selector(SHOWN)


def test_search_loads_nothing_until_the_box_is_used(page, served):
    page.goto(served + "index.html")
    page.wait_for_load_state("load")
    assert not [url for url in page.requests if any(part in url for part in SEARCH_DATA)]
    page.focus("#site-search-q")
    page.wait_for_function(
        "() => performance.getEntriesByType('resource').some(e => e.name.includes('search/index.js'))"
    )
    assert page.problems == []


def _search_files(requests: list[str]) -> list[str]:
    """Search data fetched, as paths under static/ or search/."""
    found = [url for url in requests if any(part in url for part in SEARCH_DATA)]
    return [url.split("/static/", 1)[-1].split("/search/", 1)[-1] for url in found]


def test_search_warms_up_when_the_pointer_reaches_the_box_then_a_query_loads_only_its_own_data(page, served):
    page.goto(served + "documents/notes.html")
    page.wait_for_load_state("load")
    page.mouse.move(5, 5)  # the pointer elsewhere on the page loads nothing
    assert _search_files(page.requests) == []
    page.hover("#site-search-q")  # not focused: the pointer only says the reader may search
    page.wait_for_function(
        "() => performance.getEntriesByType('resource').some(e => e.name.includes('search/index.js'))"
    )
    page.evaluate("() => window.sitegenSearchUi.start().then(() => true)")  # the warm-up under way, done
    assert page.evaluate("document.activeElement.id") != "site-search-q"
    warm = _search_files(page.requests)
    assert sorted(warm) == ["index.js", "search-packed.js", "search-stem.js", "vendor/lunr.min.js"]
    page.fill("#site-search-q", "troops")
    page.wait_for_selector(SHOWN)
    query = _search_files(page.requests)[len(warm) :]
    kinds = sorted({name.split("/")[1] for name in query})
    assert kinds == ["i", "s"], query  # its shard and the store chunks of the results shown, nothing else
    assert page.problems == []


def test_search_shows_the_best_result_before_the_others_texts_are_in(page, served):
    held: list = []

    def first_or_hold(route) -> None:
        if any(h is None for h in held):
            held.append(route)  # a later result's text: held back
        else:
            held.append(None)
            route.continue_()  # the first asked for: the best result's

    page.route("**/s/*.js", first_or_hold)
    page.goto(served + "index.html")
    page.fill("#site-search-q", "kyiv")
    page.wait_for_selector("#search-panel .search-results[aria-busy=true] .search-result")
    assert page.locator("#search-panel .search-result").count() == 1
    assert page.locator("#search-status").inner_text() == ""  # counts come with the rest
    assert len(held) > 1
    for route in held[1:]:
        route.continue_()
    page.wait_for_selector(SHOWN)
    assert page.locator("#search-panel .search-result").count() > 1
    assert "kyiv" in page.locator("#search-status").inner_text()
    assert page.problems == []


def test_search_type_see_results_and_land_on_the_highlighted_passage(page, served):
    page.goto(served + "documents/notes.html")
    search_in_header(page, "troops")
    panel = page.locator("#search-panel")
    assert "Officials Deny Report" in panel.inner_text()
    assert page.locator("#search-panel mark.search-hit").first.inner_text().lower() == "troops"
    assert "troops" in page.locator("#search-status").inner_text()  # announced (role=status)
    claim = page.locator('#search-panel .result-passage[data-kind="claim"] a').first
    href = claim.get_attribute("href")
    assert href.startswith("../documents/report.html?hl=troops#c-")
    claim.click()
    page.wait_for_selector("mark.search-hit")
    hit = page.locator("mark.search-hit").first
    assert hit.inner_text() == "troops"
    assert page.url.split("#")[1] in hit.evaluate(
        "node => [node.closest('mark.hl').id, node.closest('mark.hl').getAttribute('data-ann')].join(' ')"
    )
    assert hit.is_visible()
    assert page.problems == []


def test_search_keyboard_only(page, served):
    page.goto(served + "index.html")
    page.keyboard.press("Tab")  # skip link
    page.keyboard.press("Tab")  # site title
    page.locator("#site-search-q").focus()
    page.keyboard.type("kyiv")
    page.wait_for_selector(SHOWN)
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.closest('#search-panel') !== null")
    page.keyboard.press("Escape")
    assert page.locator("#search-panel").is_hidden()
    assert page.evaluate("document.activeElement.id") == "site-search-q"
    page.keyboard.press("Enter")
    page.wait_for_url("**/search.html?q=kyiv")
    page.wait_for_selector("#search-page-results .search-result")
    assert page.locator("#search-page-status").get_attribute("role") == "status"


def test_search_results_page_reproduces_a_q_link_with_filters(page, served):
    page.goto(served + "search.html?q=kyiv&kind=entity")
    page.wait_for_selector("#search-page-results .search-result")
    kinds = page.locator("#search-page-results .result-passage").evaluate_all("rows => rows.map(r => r.dataset.kind)")
    assert kinds and set(kinds) == {"entity"}
    assert page.locator("select[name=kind]").input_value() == "entity"
    page.select_option("select[name=kind]", "")
    page.wait_for_function("() => location.search === '?q=kyiv'")
    assert page.problems == []


def test_search_phrase_matches_as_a_phrase(page, served):
    page.goto(served + 'search.html?q="held their lines"')
    page.wait_for_selector("#search-page-results .search-result")
    assert "held their lines" in page.locator("#search-page-results").inner_text()
    page.goto(served + 'search.html?q="lines held"')
    page.wait_for_function("() => document.getElementById('search-page-status').textContent.startsWith('No results')")
    assert page.locator("#search-page-results .search-result").count() == 0
    assert page.problems == []


@pytest.mark.parametrize("query", ["kyiv:", "~troops^2", "+kyiv -tass", "*", '"unbalanced', "title:kiev", ':~^+-*"'])
def test_search_operator_characters_never_break(page, served, query):
    page.goto(served + "index.html")
    page.fill("#site-search-q", query)
    page.wait_for_function("() => document.getElementById('search-status').textContent !== ''")
    assert page.problems == []


def test_search_hostile_text_is_never_markup(page, served):
    page.goto(served + "search.html?q=" + "%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E%20kyiv")
    page.wait_for_selector("#search-page-results .search-result")
    assert page.locator("#search-page-results img").count() == 0
    assert "<img" in page.locator("#search-page-status").inner_text()


def test_search_under_a_sub_path(page, served_subpath):
    page.goto(served_subpath + "documents/report.html")
    search_in_header(page, "supplies")
    page.locator("#search-panel .result-passage a").first.click()
    page.wait_for_selector("mark.search-hit")
    assert page.url.startswith(served_subpath + "documents/report.html?hl=supplies#")
    assert page.problems == []


def test_search_from_disk(page, built_tiny):
    page.goto((built_tiny / "entities/index.html").as_uri())
    search_in_header(page, "governor")
    page.locator("#search-panel .result-passage a").first.click()
    page.wait_for_selector("mark.search-hit")
    assert page.url.startswith((built_tiny / "documents/notes.html").as_uri() + "?hl=governor")
    page.goto((built_tiny / "search.html").as_uri() + "?q=%22the%20claim%22")
    page.wait_for_selector("#search-page-results .search-result")
    assert page.problems == []


def _whole_list(url: str) -> bool:
    """A capped term's whole posting list: ``search/TAG/i/N-L.js``."""
    return "/i/" in url and "-" in url.rsplit("/", 1)[-1]


def _favicon(message) -> bool:
    """The test servers have no favicon.ico; the browser asking for one is not a search problem."""
    return "favicon.ico" in message.location.get("url", "")


@pytest.fixture(scope="module")
def built_capped(tmp_path_factory):
    """The tiny site plus three convoy stories, built with every term capped to its best document."""
    root = tmp_path_factory.mktemp("capped") / "tiny"
    shutil.copytree(Path(__file__).parent.parent / "sites" / "tiny", root, ignore=shutil.ignore_patterns("site"))
    write(root, "seeds/short.txt", "Short\n\nConvoy.\n")
    write(root, "seeds/long.txt", "Long\n\nA long convoy of trucks reached Zaporizhzhia at dawn, officials said.\n")
    write(root, "seeds/other.txt", "Other\n\nThe convoy was late again and nobody could say why it was late.\n")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sitegen.search, "CAP_DOCS", 1)
        build(project_at(root), log=quiet)
    return root / "site"


def test_search_capped_term_reports_true_counts_and_falls_back_to_its_whole_list(page, built_capped):
    page.goto((built_capped / "search.html").as_uri() + "?q=convoy")
    page.wait_for_selector("#search-page-results .search-result")
    assert page.locator("#search-page-results h3").all_inner_texts() == ["Short"]  # its best document only
    assert page.locator("#search-page-status").inner_text().startswith("3 passages in 3 documents")
    assert not [url for url in page.requests if _whole_list(url)]
    page.goto((built_capped / "search.html").as_uri() + "?q=convoy%20zaporizhzhia")
    page.wait_for_selector("#search-page-results .search-result")
    assert page.locator("#search-page-results h3").all_inner_texts() == ["Long"]
    assert [url for url in page.requests if _whole_list(url)]  # convoy's whole list was loaded
    assert "not every word" not in page.locator("#search-page-status").inner_text()
    assert page.problems == []


@pytest.fixture(scope="module")
def served_apostrophes(tmp_path_factory):
    root = tmp_path_factory.mktemp("apostrophes") / "tiny"
    shutil.copytree(Path(__file__).parents[1] / "sites" / "tiny", root)
    write(root, "seeds/speech.txt", "Speech Reaction\nPutin’s speech was long. Kyiv's answer came later.\n")
    build(project_at(root), log=quiet)
    with serve_folder(root / "site") as url:
        yield url


@pytest.mark.parametrize(("query", "expected"), [("Putin's", "Putin’s"), ("Putin’s", "Putin’s"), ("Kyiv’s", "Kyiv's")])
def test_search_straight_and_typographic_apostrophes_are_one(page, served_apostrophes, query, expected):
    page.goto(served_apostrophes + "search.html?q=" + query)
    page.wait_for_selector("#search-page-results .search-result")
    assert expected in page.locator("#search-page-results").inner_text()
    assert page.problems == []


def _listed(page) -> int:
    """Passages the results page lists: rows shown, plus the ones its "N more" lines stand for."""
    rows = page.locator("#search-page-results .result-passage").count()
    more = page.locator("#search-page-results .result-more").all_inner_texts()
    return rows + sum(int(text.split()[0]) for text in more)


@pytest.mark.parametrize("query", ["kyiv", "troops", "officials", "supplies", "report"])
def test_search_counts_match_the_passages_listed(page, served, query):
    page.goto(served + "search.html?q=" + query)
    page.wait_for_selector("#search-page-results .search-result")
    status = page.locator("#search-page-status").inner_text()
    if "passage" in status:
        assert int(status.split()[0]) == _listed(page), status
    options = page.locator("select[name=kind] option").all_inner_texts()
    for label in options[1:]:
        if "(" not in label or label.startswith("Documents"):
            continue
        kind = page.locator("select[name=kind] option", has_text=label).get_attribute("value")
        page.select_option("select[name=kind]", kind)
        page.wait_for_function(
            "kind => { const rows = [...document.querySelectorAll('#search-page-results .result-passage')];"
            " return rows.length > 0 && rows.every(r => r.dataset.kind === kind); }",
            arg=kind,
        )
        assert int(label.rsplit("(", 1)[1].rstrip(")")) == _listed(page), label
    assert page.problems == []
