"""Permalink affordances and filterable index pages in a real browser."""

from __future__ import annotations

import pytest


@pytest.fixture
def clip_page(browser, served):
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=served.rstrip("/"))
    page = context.new_page()
    yield page
    context.close()


def clipboard(page) -> str:
    return page.evaluate("navigator.clipboard.readText()")


def open_first_claim(page, served):
    page.goto(served + "documents/report.html")
    page.locator("mark.hl.c.source").first.click()


def test_linking_copy_link_citation_and_text_fragment(clip_page, served):
    open_first_claim(clip_page, served)
    popover = clip_page.locator("#ann-popover")
    popover.locator('button[data-action="copy-link"]').first.click()
    link = clipboard(clip_page)
    assert link.startswith("https://example.org/tiny/documents/report.html#c-")
    popover.locator('button[data-action="copy-citation"]').first.click()
    citation = clipboard(clip_page)
    assert citation.startswith("“The ministry said the troops held their lines near Kiev” — Claim by The ministry")
    assert "Officials Deny Report of Retreat From Kiev" in citation and citation.endswith(link)
    popover.locator('button[data-action="copy-text-fragment-link"]').first.click()
    fragment = clipboard(clip_page)
    assert fragment.endswith("report.html#:~:text=The%20ministry%20said%20the,their%20lines%20near%20Kiev")
    assert "Copied:" in popover.locator(".copy-status").first.inner_text()


def test_linking_paragraph_link(clip_page, served):
    clip_page.goto(served + "documents/notes.html")
    clip_page.locator("button.para-link").first.click()
    clip_page.locator('#ann-popover button[data-action="copy-link"]').click()
    assert clipboard(clip_page).startswith("https://example.org/tiny/documents/notes.html#p-")


def test_linking_unknown_fragment_shows_notice(browser, served):
    page = browser.new_page()
    page.goto(served + "documents/report.html#c-doesnotexist")
    assert "is not in this document" in page.locator("#missing-notice").inner_text()
    page.close()


def test_linking_entity_index_filters(browser, served):
    page = browser.new_page()
    page.goto(served + "entities/index.html")
    items = page.locator("#entity-list > li")
    assert items.count() == 2
    page.locator(".filter-text").fill("kie")
    assert page.locator("#entity-list > li:not([hidden])").count() == 1
    assert "1 of 2 shown" in page.locator(".filter-count").inner_text()
    page.locator(".filter-text").fill("")
    page.locator(".filter-kind").select_option("organisation")
    assert page.locator("#entity-list > li:not([hidden])").inner_text().startswith("TASS")
    page.close()


def test_linking_dispute_list_filters_on_the_words_it_shows(browser, served):
    # Its items carry no data-text copy of their words (#23): the filter reads what they show.
    page = browser.new_page()
    page.goto(served + "disputes.html")
    items = page.locator("#dispute-list > li")
    assert items.count() == 3 and items.first.get_attribute("data-text") is None
    shown = page.locator("#dispute-list > li:not([hidden])")
    page.locator(".filter-text").fill("Denied by Critics")  # words of three elements
    assert shown.count() == 1 and "Kyiv would hold" in shown.inner_text()
    page.locator(".filter-text").fill("field notes")
    assert shown.count() == 2
    page.locator(".filter-text").fill("nowhere in it")
    assert shown.count() == 0 and "0 of 3 shown" in page.locator(".filter-count").inner_text()
    page.close()
