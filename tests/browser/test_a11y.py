"""Accessibility in a real browser: axe-core (from npm) on every page type, light and dark; keyboard use."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def _screenshots():
    spec = importlib.util.spec_from_file_location("screenshots", ROOT / "bench" / "screenshots.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SHOTS = _screenshots()
PAGE_TYPES = ("home", "document", "entities", "entity", "sources", "source", "disputes", "exports", "extra",
              "search", "not-found", "share")  # fmt: skip


@pytest.fixture(scope="module")
def site_url(built_tiny):
    """The tiny site over HTTP, also under its base path, so the 404 page gets its stylesheet."""
    with SHOTS.serving(built_tiny) as url:
        yield url


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.is_file():
        if os.environ.get("CI"):
            pytest.fail("axe-core is missing: ./dev runs npm ci, which installs it from package-lock.json")
        pytest.skip("axe-core is not installed; run `npm ci`")
    return AXE.read_text(encoding="utf-8")


KNOWN = {("aria-allowed-attr", "#site-search-q"), ("landmark-unique", ".site-search")}
"""Violations in markup this theme does not own, reported to its owner (see the strict xfail below):
the search box is an ``<input type=search>`` with ``aria-expanded``, which needs ``role=combobox``;
on the search page, two unnamed ``role=search`` forms need telling apart by ``aria-label``."""


def run_axe(page, axe_source: str, known: set[tuple[str, str]] = KNOWN) -> list[str]:
    page.add_script_tag(content=axe_source)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    found = []
    for violation in result["violations"]:
        nodes = [n["target"] for n in violation["nodes"] if (violation["id"], n["target"][0]) not in known]
        if nodes:
            found.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {nodes[:4]}")
    return found


def open_page(browser, site_url: str, path: str, scheme: str, width: int = 1280):
    # bypass_csp lets the test inject axe; test_reading checks the pages keep to their CSP.
    context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 900}, bypass_csp=True)
    context.route("**/p/**", SHOTS.without_refresh)
    page = context.new_page()
    page.goto(site_url + path)
    page.wait_for_load_state("load")
    return context, page


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_a11y_axe_finds_nothing_on_any_page_type(browser, site_url, built_tiny, axe_source, kind, scheme):
    path = SHOTS.page_types(built_tiny)[kind]
    context, page = open_page(browser, site_url, path, scheme)
    try:
        assert run_axe(page, axe_source) == []
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a11y_axe_with_panels_open_and_on_a_phone(browser, site_url, axe_source, scheme):
    context, page = open_page(browser, site_url, "documents/report.html", scheme, width=360)
    try:
        assert page.locator(".summary-panel").get_attribute("open") is not None  # open by default
        page.locator("button.ann-start").first.focus()
        page.keyboard.press("Enter")
        assert page.locator("#ann-popover").is_visible()
        assert run_axe(page, axe_source) == []
    finally:
        context.close()


def test_a11y_axe_with_the_scheme_switched_against_the_system(browser, site_url, axe_source):
    context, page = open_page(browser, site_url, "documents/report.html", "light")
    try:
        page.select_option("#scheme-select", "dark")
        assert page.evaluate("document.documentElement.dataset.scheme") == "dark"
        assert run_axe(page, axe_source) == []
    finally:
        context.close()


def test_a11y_axe_search_box(browser, site_url, axe_source):
    context, page = open_page(browser, site_url, "search.html", "light")
    try:
        assert run_axe(page, axe_source, known=set()) == []
    finally:
        context.close()


def test_a11y_landmarks_skip_link_and_lang(browser, site_url):
    context, page = open_page(browser, site_url, "documents/report.html", "light")
    try:
        assert page.evaluate("document.documentElement.lang") == "en"
        for selector in ("header.site-header", "nav[aria-label]", "main#main", "footer", "form[role=search]"):
            assert page.locator(selector).count() == 1, selector
        page.keyboard.press("Tab")
        skip = page.locator(".skip-link")
        assert page.evaluate("document.activeElement.className") == "skip-link"
        assert skip.bounding_box()["y"] >= 0  # visible once focused
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main"
    finally:
        context.close()


def focus_ring(page) -> str:
    return page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return s.outlineStyle + ' ' + s.outlineWidth; })()"
    )


def test_a11y_every_control_is_reachable_by_keyboard_with_visible_focus(browser, site_url):
    context, page = open_page(browser, site_url, "documents/report.html", "light")
    try:
        reached = []
        for _ in range(60):
            page.keyboard.press("Tab")
            info = page.evaluate(
                "(() => { const e = document.activeElement;"
                " return [e.tagName, e.className, e.id, e.getAttribute('value') || ''].join('|'); })()"
            )
            if info.startswith("BODY"):
                break
            assert focus_ring(page).startswith("solid"), info
            reached.append(info)
        joined = "\n".join(reached)
        for wanted in (
            "skip-link",
            "site-search-q",
            "scheme-select",
            "SUMMARY",
            "kind-toggle|",
            "ann-start",
            "para-link",
        ):
            assert wanted in joined, wanted
        for kind in ("claim", "dispute", "entity"):
            assert f"kind-toggle||{kind}" in joined
    finally:
        context.close()


def test_a11y_legend_toggle_works_from_the_keyboard(browser, site_url):
    context, page = open_page(browser, site_url, "documents/report.html", "light")
    try:
        page.locator('input.kind-toggle[value="entity"]').focus()
        page.keyboard.press("Space")
        assert page.evaluate("document.body.classList.contains('hide-entity')")
        assert page.locator('button.ann-start[data-kind="entity"]').first.is_hidden()
    finally:
        context.close()
