"""The page frame at a desktop width, in a real Chromium (#24 item 6)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitegen.build import build
from tests.browser.conftest import serve_folder
from tests.conftest import project_at, quiet, write

SITES = Path(__file__).resolve().parents[1] / "sites"
CLAIM_YAML = """annotations:
  - kind: claim
    quote: The transport ministry said the bridge was closed
    parts: {source: The transport ministry, cue: said, content: the bridge was closed}
    verdict: {rating: accurate, explanation: The ministry's notice says so., reviewer: A. Editor, date: "2026-12-07"}
"""


@pytest.fixture(scope="module")
def seedlike(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The tiny site with the seed site's title and page names (Fact checks among them), and a
    claim by "The transport ministry" with a verdict."""
    root = tmp_path_factory.mktemp("layout") / "tiny"
    shutil.copytree(SITES / "tiny", root, ignore=shutil.ignore_patterns("site", ".sitegen-cache"))
    yml = (root / "sitegen.yml").read_text(encoding="utf-8").replace("Tiny archive", "Konstantinovka dispatches")
    write(root, "sitegen.yml", yml)
    write(root, "content/pages/about.md", "---\ntitle: About this archive\n---\nA tiny archive for tests.\n")
    write(root, "seeds/bridge.txt", "Bridge closed\n\nThe transport ministry said the bridge was closed.\n")
    write(root, "content/annotations/bridge.yml", CLAIM_YAML)
    build(project_at(root), log=quiet)
    with serve_folder(root / "site") as url:
        yield url


@pytest.fixture
def wide(browser) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    yield context.new_page()
    context.close()


ROWS = """() => [...document.querySelector('.site-header').children]
  .filter(e => e.offsetParent !== null && getComputedStyle(e).position !== 'absolute')
  .map(e => [e.className || e.tagName, Math.round(e.getBoundingClientRect().top),
             Math.round(e.getBoundingClientRect().bottom)])"""
PLACEHOLDER = """() => {
  const input = document.querySelector('#site-search-q'), style = getComputedStyle(input);
  const context = document.createElement('canvas').getContext('2d');
  context.font = style.font;
  return [context.measureText(input.placeholder).width,
          input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)];
}"""


@pytest.mark.parametrize("path", ["index.html", "documents/bridge.html", "entities/index.html", "fact-checks.html"])
def test_layout_header_is_one_row_at_1280_with_the_whole_placeholder(wide, seedlike, path):
    wide.goto(seedlike + path)
    rows = wide.evaluate(ROWS)
    assert len(rows) >= 3
    # One row: every part of the header overlaps the same horizontal band.
    assert max(top for _, top, _ in rows) < min(bottom for _, _, bottom in rows), rows
    needed, room = wide.evaluate(PLACEHOLDER)
    assert needed <= room, f"placeholder needs {needed:.0f} px, the box has {room:.0f}"


def test_layout_who_said_what_is_open_and_links_each_speakers_page(wide, seedlike):
    wide.goto(seedlike + "documents/bridge.html")
    assert wide.locator(".summary-panel").get_attribute("open") is not None
    assert wide.locator(".summary-panel .summary-body").is_visible()
    speakers = wide.locator('.summary-groups a[href*="sources/"]').all_inner_texts()
    assert "The transport ministry" in speakers, speakers
