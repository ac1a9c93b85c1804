"""A plain-text document's headline and quotes under the real claims annotator, in a real Chromium (#24 item 4)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitegen.build import build
from tests.browser.conftest import serve_folder
from tests.conftest import project_at, quiet, write

pytestmark = pytest.mark.model

SITES = Path(__file__).resolve().parents[1] / "sites"
TEXT = (
    "Sudden Retreat in Donetsk as Reports Surface\n"
    "Officials said the town fell overnight.\n\n"
    "He called it ‘the key.’ This assertion reflects the view that the city matters, analysts said.\n\n"
    "“The toll is heavy,” the mayor said. Union leaders said the strike would start on Monday.\n"
)
CLOSING = "’”"


@pytest.fixture(scope="module")
def annotated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("headline") / "tiny"
    shutil.copytree(SITES / "tiny", root, ignore=shutil.ignore_patterns("site", ".sitegen-cache"))
    yml = (root / "sitegen.yml").read_text(encoding="utf-8").replace("annotators: []", "annotators: [claims]")
    write(root, "sitegen.yml", yml)
    write(root, "seeds/retreat.txt", TEXT)
    build(project_at(root), log=quiet)
    with serve_folder(root / "site") as url:
        yield url


def test_headline_is_never_underlined_as_a_claim_and_no_claim_starts_at_a_closing_quote(browser, annotated):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(annotated + "documents/retreat.html")
    assert page.locator("h1").inner_text().startswith("Sudden Retreat in Donetsk")
    assert page.locator("h1 mark.hl.c").count() == 0
    underline = page.evaluate(
        "() => [...document.querySelectorAll('h1 *, h1')].map(e => getComputedStyle(e).textDecorationLine)"
    )
    assert "underline" not in underline
    claims = page.locator(".doc-body mark.hl.c")
    assert claims.count() > 0  # the annotator ran
    starts = page.evaluate(
        """() => { const seen = new Set(), starts = [];
        for (const m of document.querySelectorAll('mark.hl.c'))
          for (const id of (m.dataset.ann || m.id).split(' ')) if (id.startsWith('c-') && !seen.has(id)) {
            seen.add(id); starts.push(m.textContent); }
        return starts; }"""
    )
    assert starts and not [s for s in starts if s[:1] in CLOSING], starts
    context.close()
