"""The default theme in a real browser: highlights without JavaScript, enhancements with it."""

from __future__ import annotations

import pytest


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.problems = problems
    yield page
    context.close()


def style(page, selector: str, prop: str) -> str:
    return page.eval_on_selector(selector, f"node => getComputedStyle(node).{prop}")


def test_theme_highlights_visible_without_javascript(browser, served):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served + "documents/report.html")
    assert "underline" in style(page, "mark.hl.c", "textDecorationLine")
    tint = style(page, "mark.hl.e", "backgroundColor")
    assert tint not in ("rgba(0, 0, 0, 0)", "transparent")
    assert style(page, "mark.hl.d", "borderBottomStyle") == "dashed"
    assert page.locator("input.kind-toggle").first.is_hidden()  # toggles need the script
    context.close()


def test_theme_page_loads_without_errors_or_csp_violations(page, served):
    page.goto(served + "documents/report.html")
    page.wait_for_load_state("load")
    assert page.locator("input.kind-toggle").first.is_visible()
    assert page.problems == []


def test_theme_toggle_hides_a_kind_and_persists_across_pages(page, served):
    page.goto(served + "documents/report.html")
    claim = "mark.hl.c"
    page.locator('input.kind-toggle[value="claim"]').uncheck()
    assert style(page, claim, "textDecorationLine") == "none"
    assert style(page, "mark.hl.e", "backgroundColor") != "rgba(0, 0, 0, 0)"
    page.goto(served + "documents/notes.html")
    assert not page.locator('input.kind-toggle[value="claim"]').is_checked()
    assert style(page, claim, "textDecorationLine") == "none"


def test_theme_popover_by_keyboard(page, served):
    page.goto(served + "documents/report.html")
    # One tab stop per annotation: the start marker before its first highlighted stretch.
    first = page.locator("button.ann-start").first
    first.focus()
    assert first.bounding_box()["width"] > 20  # visible while focused
    page.keyboard.press("Enter")
    popover = page.locator("#ann-popover")
    assert popover.is_visible()
    assert "Disputed (denied) by Officials" in popover.inner_text()
    assert page.evaluate("document.activeElement.className") == "close"
    page.keyboard.press("Escape")
    assert popover.is_hidden()
    assert page.evaluate("document.activeElement.className") == "ann-start"


def test_theme_arriving_at_an_annotation_marks_it_and_opens_it_on_request(page, served, built_tiny):
    html = (built_tiny / "documents/report.html").read_text()
    claim_id = html.split('<li id="note-c-', 1)[1].split('"', 1)[0]
    page.goto(f"{served}documents/report.html#c-{claim_id}")
    target = page.locator("mark.hl.is-target")
    assert target.count() >= 3 and all(
        f"c-{claim_id}" in f"{a.get_attribute('data-ann')} {a.get_attribute('id')}" for a in target.all()
    )
    assert page.locator("#ann-popover").is_hidden()
    target.first.click()
    assert "Claim by The ministry" in page.locator("#ann-popover").inner_text()


def test_theme_note_text_is_not_executed(page, served):
    page.goto(served + "documents/report.html")
    page.locator("mark.hl.d").first.click()
    assert "<script>" in page.locator("#ann-popover").inner_text()
    assert page.evaluate("typeof window.alertCalled") == "undefined"
