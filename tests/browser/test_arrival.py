"""Arriving at a passage and reading around a mention, in a real Chromium (#24 items 1 and 2)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitegen.build import build
from tests.browser.conftest import serve_folder
from tests.conftest import project_at, quiet, write

SITES = Path(__file__).resolve().parents[1] / "sites"
FILLER = "".join(f"Paragraph {n} says nothing of note about the weather in the valley that day.\n\n" for n in range(40))
CLAIM = "Late in the day the mayor said that the old bridge was closed.\n\n"
LONG_TEXT = "A long dispatch from the valley\n\n" + FILLER + CLAIM + FILLER
LONG_YAML = """annotations:
  - kind: claim
    quote: the mayor said that the old bridge was closed
    parts: {source: the mayor, cue: said that, content: the old bridge was closed}
"""


@pytest.fixture(scope="module")
def long_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """The tiny site plus a long document with one claim far down; yields (base URL, claim id)."""
    root = tmp_path_factory.mktemp("arrival") / "tiny"
    shutil.copytree(SITES / "tiny", root, ignore=shutil.ignore_patterns("site", ".sitegen-cache"))
    write(root, "seeds/long.txt", LONG_TEXT)
    write(root, "content/annotations/long.yml", LONG_YAML)
    build(project_at(root), log=quiet)
    html = (root / "site/documents/long.html").read_text(encoding="utf-8")
    claim = re.search(r'<li id="note-(c-[a-z0-9]+)"', html)
    assert claim
    with serve_folder(root / "site") as url:
        yield url, claim.group(1)


def new_page(browser, javascript: bool = True, width: int = 1280):
    context = browser.new_context(viewport={"width": width, "height": 700}, java_script_enabled=javascript)
    return context, context.new_page()


SHOWN = """id => {
  const legend = document.querySelector('.legend').getBoundingClientRect();
  const marks = [...document.querySelectorAll(`mark.hl[data-ann~="${id}"], mark.hl[id="${id}"]`)];
  const anchor = document.getElementById(id).getBoundingClientRect();
  return {
    legendBottom: legend.bottom,
    anchorTop: anchor.top,
    tops: marks.map(m => m.getBoundingClientRect().top),
    bottoms: marks.map(m => m.getBoundingClientRect().bottom),
    targeted: marks.filter(m => m.classList.contains('is-target')).length,
    marks: marks.length,
    height: innerHeight,
    popoverHidden: document.getElementById('ann-popover').hidden,
  };
}"""


def assert_shown_below_the_legend(page, claim: str) -> None:
    page.wait_for_function(
        "id => document.querySelector(`mark.hl.is-target[data-ann~='${id}'], mark.hl.is-target[id='${id}']`)", arg=claim
    )
    page.evaluate("document.fonts.ready")
    shown = page.evaluate(SHOWN, claim)
    assert shown["marks"] >= 3 and shown["targeted"] == shown["marks"], shown  # highlighted, every piece
    assert min(shown["tops"]) >= shown["legendBottom"], shown  # nothing under the sticky legend
    assert max(shown["bottoms"]) <= shown["height"], shown  # the whole passage on screen
    assert shown["popoverHidden"], shown  # the details stay closed until asked for


def test_arrival_at_a_passage_by_its_id_shows_it_below_the_sticky_legend(browser, long_site):
    url, claim = long_site
    context, page = new_page(browser)
    page.goto(f"{url}documents/long.html#{claim}")
    assert_shown_below_the_legend(page, claim)
    page.locator(f'mark.hl[data-ann~="{claim}"], mark.hl[id="{claim}"]').first.click()  # asked for: the details open
    assert page.locator("#ann-popover").is_visible()
    context.close()


def test_arrival_through_a_share_page_and_a_search_hit(browser, long_site):
    url, claim = long_site
    context, page = new_page(browser)
    page.goto(f"{url}p/long/{claim}.html")
    page.wait_for_url(re.compile(f"documents/long.html#{claim}$"))
    assert_shown_below_the_legend(page, claim)
    page.goto(f"{url}documents/long.html?hl=bridge#{claim}")
    page.wait_for_selector("mark.search-hit")
    assert_shown_below_the_legend(page, claim)
    context.close()


def test_arrival_without_javascript_stops_below_the_legend(browser, long_site):
    url, claim = long_site
    context, page = new_page(browser, javascript=False)
    page.goto(f"{url}documents/long.html#{claim}")
    shown = page.evaluate(SHOWN.replace("document.getElementById('ann-popover').hidden", "true"), claim)
    assert shown["legendBottom"] <= shown["anchorTop"] <= shown["height"] - 100, shown
    context.close()


MENTIONS = """() => [...document.querySelectorAll('.entity-mentions > li > a')].map(a => [a.textContent, a.hash])"""


def test_entity_page_mentions_lead_to_their_passages(browser, served):
    # A mention is a numbered link, with its words where they are not the entity's name (#23):
    # the link arrives at it.
    context, page = new_page(browser)
    page.goto(served + "entities/kyiv.html")
    mentions = page.evaluate(MENTIONS)
    assert [words for words, _ in mentions] == ["1 Kiev", "2 Kiev"]
    page.locator(".entity-mentions > li > a").first.click()
    page.wait_for_url(f"**/documents/report.html{mentions[0][1]}")
    assert page.evaluate("document.querySelector(location.hash).closest('mark, .anchor, [id]') !== null")
    context.close()
