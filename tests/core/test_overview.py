"""Overview charts: pure functions from data to accessible, escaped, deterministic SVG."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from sitegen.site import overview
from sitegen.site.overview import Bar

HOSTILE = '<script>alert("x")</script> & "quotes"'
SVG = "{http://www.w3.org/2000/svg}"


def parsed(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # well-formed XML: every text escaped


def test_overview_bar_chart_is_an_accessible_image():
    svg = overview.bar_chart("c1", "Claims per source", "3 claims", [Bar("Ann", 2), Bar("Bob", 1)], "claims")
    root = parsed(svg)
    assert root.get("role") == "img" and root.get("aria-labelledby") == "c1-title c1-desc"
    assert root.find(f"{SVG}title").text == "Claims per source"
    assert root.find(f"{SVG}desc").text == "3 claims"
    assert len(root.findall(f".//{SVG}rect")) == 2
    assert "style=" not in svg  # CSP: colours come from classes


def test_overview_escapes_every_text():
    svg = overview.bar_chart(HOSTILE, HOSTILE, HOSTILE, [Bar(HOSTILE, 1, HOSTILE)], HOSTILE)
    svg += overview.timeline("t", HOSTILE, HOSTILE, [(HOSTILE, 1)])
    svg += overview.matrix("m", HOSTILE, HOSTILE, [HOSTILE, "b"], [[1, 1], [1, 1]])
    assert "<script>" not in svg
    for part in svg.split("</svg>")[:-1]:
        parsed(part + "</svg>")


def test_overview_is_deterministic():
    def draw() -> str:
        return overview.matrix("m", "t", "d", ["a", "b", "c"], [[2, 1, 0], [1, 2, 1], [0, 1, 1]])

    assert draw() == draw()


def test_overview_matrix_writes_numbers_not_only_shades():
    root = parsed(overview.matrix("m", "t", "d", ["Kyiv", "TASS"], [[2, 1], [1, 3]]))
    numbers = [t.text for t in root.iter(f"{SVG}text") if "chart-number" in (t.get("class") or "")]
    assert numbers == ["2", "1", "1", "3"]


def test_overview_periods_fill_gaps():
    assert overview.periods([(2024, 1, 5), (2024, 3, 1), (2024, 3, 9)]) == (
        ("2024-01", 1), ("2024-02", 0), ("2024-03", 2),
    )  # fmt: skip
    assert overview.periods([(2024, 11, 21), (2024, 11, 23)]) == (
        ("2024-11-21", 1), ("2024-11-22", 0), ("2024-11-23", 1),
    )  # fmt: skip
    assert overview.periods([(2001, 1, 1), (2010, 6, 1)])[0] == ("2001", 1)
    assert overview.periods([]) == ()


def test_overview_shorten_cuts_at_words():
    assert overview.shorten("one two three four", 10) == "one two…"
    assert overview.shorten("  spaced\n out ", 40) == "spaced out"
