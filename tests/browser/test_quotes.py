"""Quotation marks from the text shown once and never left open by a cut, in a real Chromium (#24 item 3)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitegen.build import build
from tests.browser.conftest import serve_folder
from tests.conftest import project_at, quiet, write

SITES = Path(__file__).resolve().parents[1] / "sites"
TEXT = (
    "Toll rising\n\n"
    'The minister said "The toll is heavy and rising," and left the room.\n\n'
    'Officials warned that the army would not intervene "for the moment, while the talks in the capital go on and'
    ' the envoys of both sides keep meeting at the border crossing every week," one of them said.\n\n'
    "Medics said they carried their wounded comrades out under fire.\n"
)
YAML = """annotations:
  - kind: claim
    quote: 'The minister said "The toll is heavy and rising,"'
    parts: {source: The minister, cue: said, content: '"The toll is heavy and rising,"'}
  - kind: claim
    quote: Officials warned that the army would not intervene "for the moment
    suffix: ", while"
    parts:
      source: Officials
      cue: warned that
      content:
        quote: 'the army would not intervene "for the moment, while the talks in the capital go on and
          the envoys of both sides keep meeting at the border crossing every week,"'
"""


@pytest.fixture(scope="module")
def quoted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("quotes") / "tiny"
    shutil.copytree(SITES / "tiny", root, ignore=shutil.ignore_patterns("site", ".sitegen-cache"))
    write(root, "seeds/toll.txt", TEXT)
    write(root, "content/annotations/toll.yml", YAML)
    build(project_at(root), log=quiet)
    with serve_folder(root / "site") as url:
        yield url


@pytest.fixture
def wide(browser) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def balanced(text: str) -> bool:
    return text.count("“") == text.count("”") and text.count('"') % 2 == 0


def test_quotes_margin_notes_show_the_text_quotes_once_and_close_a_cut(wide, quoted):
    wide.goto(quoted + "documents/toll.html")
    notes = wide.locator(".sidenote .sidenote-text").all_inner_texts()
    assert len(notes) == 2, notes
    assert notes[0] == "said “The toll is heavy and rising”", notes
    assert all(balanced(note) for note in notes), notes
    assert '“"' not in notes[0] and '"”' not in notes[0], notes
    assert notes[1].endswith('both…"”'), notes  # cut inside the text's quotation, which is closed


def test_quotes_search_summary_shows_a_quoted_phrase_once(wide, quoted):
    wide.goto(quoted + "index.html")
    wide.fill("#site-search-q", '"wounded comrades"')
    wide.wait_for_selector("#search-panel .search-results:not([aria-busy]) .search-result")
    status = wide.locator("#search-status").inner_text()
    assert "for “wounded comrades”" in status and '"' not in status, status
