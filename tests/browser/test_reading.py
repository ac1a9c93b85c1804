"""The reading experience in a real browser: markers, margin notes, summary, schemes, print, phones."""

from __future__ import annotations

import importlib.util
import itertools
import re
import shutil
from pathlib import Path

import pytest

from sitegen.build import build
from tests.conftest import project_at, quiet, write

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("screenshots", ROOT / "bench" / "screenshots.py")
assert spec and spec.loader
SHOTS = importlib.util.module_from_spec(spec)
spec.loader.exec_module(SHOTS)

OVERLAP_TEXT = "Andrew Marochko said that Russian troops took Konstantinovka, which Ukrainian officials denied.\n"
OVERLAP_YAML = """annotations:
  - kind: claim
    quote: "Andrew Marochko said that Russian troops took Konstantinovka"
    parts: {source: Andrew Marochko, cue: said that, content: Russian troops took Konstantinovka}
  - kind: entity
    quote: Russian
    type: group
  - kind: entity
    quote: Konstantinovka
    occurrence: 2
    type: place
  - kind: dispute
    quote: "Russian troops took Konstantinovka"
    parts: {cue: denied, disputant: Ukrainian officials}
    attrs: {reason: denied}
"""


@pytest.fixture(scope="module")
def site(built_tiny):
    with SHOTS.serving(built_tiny) as url:
        yield url


@pytest.fixture(scope="module")
def overlap_site(tmp_path_factory):
    """The tiny site plus a document where a claim holds two entities and a dispute."""
    root = tmp_path_factory.mktemp("overlap") / "tiny"
    shutil.copytree(ROOT / "tests" / "sites" / "tiny", root, ignore=shutil.ignore_patterns("site", ".sitegen-cache"))
    write(root, "seeds/overlap.txt", "Fighting near Konstantinovka\n" + OVERLAP_TEXT)
    write(root, "content/annotations/overlap.yml", OVERLAP_YAML)
    build(project_at(root), log=quiet)
    with SHOTS.serving(root / "site") as url:
        yield url


def new_page(browser, width=1280, scheme="light", javascript=True):
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme,
                                  java_script_enabled=javascript)  # fmt: skip
    page = context.new_page()
    page.problems = []
    page.on("console", lambda message: page.problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    return context, page


def test_reading_each_annotation_is_announced_once_at_its_start_and_end(browser, overlap_site):
    context, page = new_page(browser)
    page.goto(overlap_site + "documents/overlap.html")
    tree = page.locator(".doc-body p").first.aria_snapshot()
    flat = tree.replace("'", "")
    assert flat.count('button "claim by Andrew Marochko"') == 1
    assert flat.count("end of claim by Andrew Marochko") == 1
    assert flat.count('button "disputed: denied by Ukrainian officials"') == 1
    assert flat.count("end of disputed statement") == 1
    assert flat.count('button "entity: Russian, group"') == 1
    # The dispute starts inside the claim and, with its cue and disputant, ends after it.
    order = [flat.index(s) for s in ("claim by Andrew", "disputed: denied", "end of claim", "end of disputed")]
    assert order == sorted(order)
    # The marks themselves say nothing: no per-fragment "highlight" announcements.
    assert "mark" not in flat
    assert page.evaluate("[...document.querySelectorAll('mark.hl')].every(m => m.getAttribute('role') === 'none')")
    # The document text itself is unchanged apart from the hidden markers.
    visible = page.evaluate(
        "(() => { const p = document.querySelector('.doc-body p').cloneNode(true);"
        " p.querySelectorAll('.ann-start, .ann-end, .fn-ref, .para-link').forEach(n => n.remove());"
        " return p.textContent; })()"
    )
    assert visible == OVERLAP_TEXT.strip()
    assert page.problems == []
    context.close()


def test_reading_overlapping_highlights_stay_legible(browser, overlap_site, tmp_path):
    context, page = new_page(browser)
    page.goto(overlap_site + "documents/overlap.html")
    styles = page.evaluate(
        """[...document.querySelectorAll('.doc-body mark.hl')].map(m => {
             const s = getComputedStyle(m);
             const kind = ["claim", "dispute", "entity"].filter(k => m.classList.contains(k[0])).join(" ");
             return {kind: kind, line: s.textDecorationLine, border: s.borderBottomStyle,
                     pad: parseFloat(s.paddingBottom), size: parseFloat(s.fontSize), bg: s.backgroundColor,
                     edge: s.boxShadow};
           })"""
    )
    triple = [s for s in styles if s["kind"] == "claim dispute entity"]
    assert triple, styles
    for s in triple:
        assert "underline" in s["line"] and s["border"] == "dashed" and s["bg"] != "rgba(0, 0, 0, 0)"
        assert s["edge"] != "none"
    for s in (s for s in styles if s["kind"] == "claim dispute"):
        assert s["pad"] >= 0.25 * s["size"]  # the dashed rule sits clear of the underline
    page.locator(".doc-body p").first.screenshot(path=str(tmp_path / "overlap.png"))
    context.close()


def test_reading_margin_notes_on_wide_screens(browser, site):
    context, page = new_page(browser, width=1280)
    page.goto(site + "documents/report.html")
    notes = page.locator(".sidenote")
    records = page.locator(".notes > li").count()
    assert notes.count() == records == 3
    boxes = []
    for note in notes.all():
        ident = note.get_attribute("data-for")
        mark = page.locator(f'mark.hl[data-ann~="{ident}"], mark.hl[id="{ident}"]').first.bounding_box()
        box = note.bounding_box()
        assert box["x"] > mark["x"] + 300  # in the margin, to the right of the text
        assert box["y"] >= mark["y"] - 2
        boxes.append(box)
    for upper, lower in itertools.pairwise(boxes):
        assert lower["y"] >= upper["y"] + upper["height"]  # never on top of each other
    notes.first.click()
    assert page.locator("#ann-popover").is_visible()
    context.close()


def test_reading_details_as_an_expandable_panel_on_phones(browser, site):
    context, page = new_page(browser, width=360)
    page.goto(site + "documents/report.html")
    assert page.locator(".sidenotes").is_hidden()
    page.locator("mark.hl.c").first.click()
    popover = page.locator("#ann-popover")
    assert page.evaluate("getComputedStyle(document.getElementById('ann-popover')).position") == "fixed"
    box = popover.bounding_box()
    assert box["x"] == 0 and box["width"] == 360 and abs(box["y"] + box["height"] - 900) <= 1
    expand = popover.locator("button.expand")
    assert expand.get_attribute("aria-expanded") == "false"
    expand.click()
    assert expand.get_attribute("aria-expanded") == "true"
    assert "is-expanded" in popover.get_attribute("class")
    context.close()


def test_reading_summary_panel_links_every_item_to_its_passage(browser, site):
    context, page = new_page(browser, javascript=False)
    page.goto(site + "documents/report.html")
    panel = page.locator(".summary-panel")
    assert "2 claims by 2 sources" in panel.locator("summary").inner_text()
    assert panel.get_attribute("open") is not None  # the page's summary: open until closed
    assert [h.inner_text() for h in panel.locator("h2").all()] == ["Claims by speaker", "Disputed statements"]
    assert page.locator("#entities-heading").inner_text() == "Entities by type"  # with the list, linked
    assert "The ministry" in panel.inner_text() and "denied by Officials" in panel.inner_text()
    for link in panel.locator('a[href^="#"]').all():
        ident = link.get_attribute("href")[1:]
        assert page.locator(f'[id="{ident}"]').count() == 1, ident
    panel.locator('[data-kind="claim"] li a[href^="#c-"]').first.click()  # the list says its kind once
    assert page.evaluate("location.hash").startswith("#c-")
    context.close()


def test_reading_colour_scheme_switch_persists(browser, site):
    context, page = new_page(browser, scheme="light")
    page.goto(site + "index.html")
    light = page.evaluate("getComputedStyle(document.body).backgroundColor")
    page.select_option("#scheme-select", "dark")
    page.goto(site + "entities/index.html")
    assert page.evaluate("document.documentElement.dataset.scheme") == "dark"
    assert page.locator("#scheme-select").input_value() == "dark"
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") != light
    page.select_option("#scheme-select", "")
    page.goto(site + "index.html")
    assert page.evaluate("document.documentElement.dataset.scheme") is None
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == light
    context.close()


def test_reading_dark_scheme_follows_the_system(browser, site):
    context, page = new_page(browser, scheme="dark")
    page.goto(site + "documents/report.html")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(22, 23, 25)"
    context.close()


def test_reading_print_keeps_highlights_and_makes_footnotes(browser, site):
    context, page = new_page(browser)
    page.goto(site + "documents/report.html")
    page.emulate_media(media="print")
    entity = "mark.hl.e"
    assert page.eval_on_selector(entity, "m => getComputedStyle(m).outlineStyle") == "dotted"
    assert "underline" in page.eval_on_selector("mark.hl.c", "m => getComputedStyle(m).textDecorationLine")
    assert page.eval_on_selector("mark.hl.d", "m => getComputedStyle(m).borderBottomStyle") == "dashed"
    refs = page.locator(".fn-ref")
    assert refs.count() == 3 and refs.first.is_visible()
    assert page.evaluate("getComputedStyle(document.querySelector('.fn-ref'), '::after').content") == '"1"'
    numbered = page.locator(".notes > li[data-n]")
    assert numbered.count() == 3
    first = "getComputedStyle(document.querySelector('.notes > li[data-n]'), '::before').content"
    assert page.evaluate(first) in ('"[1]"', '"[2]"', '"[3]"')
    for hidden in (".sidenotes", ".legend input", ".site-search", ".summary-panel"):
        assert page.locator(hidden).first.is_hidden(), hidden
    context.close()


@pytest.mark.parametrize("kind", ["home", "document", "entities", "entity", "sources", "source", "disputes",
                                  "exports", "extra", "search", "not-found", "share"])  # fmt: skip
def test_reading_fits_a_360_pixel_phone_without_errors(browser, site, built_tiny, kind):
    context, page = new_page(browser, width=360)
    context.route("**/p/**", SHOTS.without_refresh)
    page.goto(site + SHOTS.page_types(built_tiny)[kind])
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.problems == []  # no script errors, no CSP violations
    context.close()


def luminance(rgb: str) -> float:
    values = [int(v) / 255 for v in re.findall(r"\d+", rgb)[:3]]
    lin = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in values]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_reading_highlight_contrast(browser, site, scheme):
    """Text in every highlight ≥ 4.5:1; every line, rule and edge ≥ 3:1 against what it sits on."""
    context, page = new_page(browser, scheme=scheme)
    page.goto(site + "documents/report.html")
    colours = page.evaluate(
        """(() => { const s = getComputedStyle(document.documentElement), v = n => s.getPropertyValue(n).trim();
             const probe = document.createElement('span'); document.body.appendChild(probe);
             const rgb = c => { probe.style.color = c; return getComputedStyle(probe).color; };
             const out = {}; for (const n of ['--text', '--bg', '--entity-bg', '--entity-edge', '--claim-line',
               '--dispute-line', '--link', '--muted', '--panel', '--focus', '--active']) out[n] = rgb(v(n));
             probe.remove(); return out; })()"""
    )
    pairs = {
        ("--text", "--entity-bg"): 4.5,
        ("--text", "--bg"): 4.5,
        ("--muted", "--panel"): 4.5,
        ("--link", "--entity-bg"): 4.5,
        ("--entity-edge", "--bg"): 3,
        ("--claim-line", "--bg"): 3,
        ("--claim-line", "--entity-bg"): 3,
        ("--dispute-line", "--bg"): 3,
        ("--dispute-line", "--entity-bg"): 3,
        ("--focus", "--bg"): 3,
        ("--active", "--bg"): 3,
    }
    for (fore, back), minimum in pairs.items():
        ratio = contrast(colours[fore], colours[back])
        assert ratio >= minimum, f"{scheme}: {fore} on {back} is {ratio:.2f}:1"
    context.close()


def test_reading_screenshot_script_photographs_every_page_type(browser, built_tiny, tmp_path):
    """bench/screenshots.py on the tiny site: phone and desktop, light and dark, every page type."""
    saved = SHOTS.take(browser, built_tiny, tmp_path / "shots")
    assert len(saved) == 12 * 2 * 2
    for path in saved:
        data = path.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5000, path.name
        width = int.from_bytes(data[16:20], "big")
        assert width in (360, 1280), path.name
    assert len({p.read_bytes() for p in saved if p.name.startswith("document-")}) == 4  # schemes differ
