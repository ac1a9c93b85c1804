"""Highlighting cases from tests/fixtures/highlight.txt and markdown.txt."""

from __future__ import annotations

import pytest

from sitegen.model import Annotation, Part
from sitegen.render.document import _render_markdown
from sitegen.render.highlight import build_coverage, highlight
from tests.fixture_cases import ids, read_cases

HIGHLIGHT = read_cases("highlight.txt", 3)
MARKDOWN = read_cases("markdown.txt", 3)


def parse_annotations(spec: str) -> tuple[Annotation, ...]:
    """``id kind start end [role:start-end ...]`` per line."""
    annotations = []
    for line in filter(None, spec.splitlines()):
        ident, kind, start, end, *parts = line.split()
        made = tuple(
            Part(role, int(span.split("-")[0]), int(span.split("-")[1])) for role, span in (p.split(":") for p in parts)
        )
        annotations.append(Annotation(kind, int(start), int(end), made, (), (), 1.0, id=ident))
    return tuple(annotations)


def coverage_for(text: str, spec: str):
    return build_coverage(parse_annotations(spec), None, text)


@pytest.mark.parametrize("case", HIGHLIGHT, ids=ids(HIGHLIGHT))
def test_highlight_fixture(case):
    text, spec, expected = case.sections
    assert highlight(text, 0, coverage_for(text, spec)) == expected


@pytest.mark.parametrize("case", MARKDOWN, ids=ids(MARKDOWN))
def test_highlight_markdown_fixture(case):
    source, spec, expected = case.sections
    from sitegen.sources.markdown import make_parser, reader_text

    text = reader_text(make_parser().parse(source))
    _, html, _ = _render_markdown(source, "", coverage_for(text, spec))
    assert html.strip() == expected.strip()


def test_highlight_offset_inside_longer_text():
    text = "0123456789"
    coverage = coverage_for(text, "e1 entity 3 6")
    # The first mark is the annotation's anchor (its id); a later piece names it in data-ann.
    assert highlight(text[2:5], 2, coverage) == '2<mark class="hl e p" id="e1">34</mark>'
    assert highlight(text[5:8], 5, coverage) == '<mark class="hl e p" data-ann="e1">5</mark>67'
