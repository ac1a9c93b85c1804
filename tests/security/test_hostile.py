"""A hostile corpus: markup, script URLs and entity tricks in every input show as text, never run."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from sitegen.build import check
from sitegen.errors import SitegenError
from tests.conftest import project_at, quiet, write
from tests.records import records as site_records
from tests.security.checks import audit, csp_problems, problems, site_problems
from tests.security.conftest import ODD_NAMES, THEME

PAGE_TYPES = {
    "index.html": "home",
    "404.html": "not found",
    "search.html": "search",
    "disputes.html": "disputes",
    "exports.html": "exports",
    "entities/index.html": "entity index",
    "entities/evil.html": "entity",
    "sources/index.html": "source index",
    "documents/script-tags.html": "plain-text document",
    "documents/markdown-tricks.html": "Markdown document",
    "pages/about.html": "extra page",
}


def test_hostile_every_page_passes_the_audit(hostile: Path) -> None:
    site = hostile / "site"
    assert len(list(site.rglob("*.html"))) >= 20
    assert site_problems(site, THEME) == []


def test_hostile_every_page_type_forbids_inline_script(hostile: Path) -> None:
    site = hostile / "site"
    shares = sorted((site / "p").rglob("*.html"))
    sources = sorted((site / "sources").glob("*.html"))
    pages = [site / name for name in PAGE_TYPES] + shares + sources
    assert len(shares) >= 2 and len(sources) >= 2
    for page in pages:
        assert page.is_file(), page
        assert csp_problems(page.read_text(encoding="utf-8"), str(page)) == []


class _Text(HTMLParser):
    """The text of the <title> and the JSON of the data blocks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.current = ""
        self.texts: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.current = dict(attrs).get("id") or tag

    def handle_endtag(self, tag: str) -> None:
        self.current = ""

    def handle_data(self, data: str) -> None:
        self.texts[self.current] = self.texts.get(self.current, "") + data


def _texts(path: Path) -> dict[str, str]:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.texts


def test_hostile_metadata_shows_as_text(hostile: Path) -> None:
    texts = _texts(hostile / "site/documents/script-tags.html")
    site_title = "Hostile </title><script>alert('site title')</script> archive"
    assert texts["title"] == f"</title><script>alert('meta title')</script> · {site_title}"
    html = (hostile / "site/documents/script-tags.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(&#39;outlet&#39;)&gt;" in html
    assert "]]&gt;&lt;/script&gt;&lt;!-- &lt;script&gt;alert(&#39;notes&#39;)" in html
    md = _texts(hostile / "site/documents/markdown-tricks.html")
    assert md["title"].startswith("</title><script>alert('front title')</script> · ")


def test_hostile_data_blocks_keep_the_payloads_exactly(hostile: Path) -> None:
    texts = _texts(hostile / "site/documents/script-tags.html")
    records = site_records(hostile / "site", "script-tags")  # the JSON-LD, and the page's marks
    notes = {r["note"] for r in records}
    assert "</script><script>alert('note')</script> \" onmouseover=\"alert('note')" in notes
    attributes = next(r["attributes"] for r in records if r["kind"] == "claim" and "onclick" in r["attributes"])
    assert attributes["\"><script>alert('key')</script>"] == "x"
    assert attributes["onclick"] == "alert('attr key')"
    exact = {r["exact"] for r in records}
    assert "<img src=x onerror=alert('img')>" in exact
    document = json.loads(texts["sitegen-document"])
    assert "<script>" in json.dumps(document)


def test_hostile_annotation_text_is_highlighted_as_text(hostile: Path) -> None:
    html = (hostile / "site/documents/script-tags.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert('img')&gt;</mark>" in html
    found = audit(html)
    assert not {name for name in found.attributes if name.startswith("on")}
    assert all(tag == "form" for tag, _ in found.elements)


def test_hostile_markdown_links_keep_only_safe_schemes(hostile: Path) -> None:
    html = (hostile / "site/documents/markdown-tricks.html").read_text(encoding="utf-8")
    body = html.split('<div class="doc-body">', 1)[1].split("</article>", 1)[0]
    hrefs = [value for _, name, value in audit(body).urls if name == "href"]
    assert len(hrefs) == 6, hrefs
    for href in hrefs:
        assert re.match(r"https://|%01javascript:|java%09script:|java%0Ascript:", href), href


def test_hostile_odd_file_names_get_plain_urls(hostile: Path) -> None:
    site = hostile / "site"
    documents = sorted(p.name for p in (site / "documents").glob("*.html"))
    assert len(documents) == 4 + len(ODD_NAMES)
    assert all(re.fullmatch(r"[a-z0-9._-]+\.html", name) and not name.startswith("-") for name in documents)
    originals = sorted((site / "originals").iterdir())
    for seed in (hostile / "seeds").iterdir():
        assert any(o.read_bytes() == seed.read_bytes() for o in originals), seed.name
    assert all(re.fullmatch(r"[a-z0-9._-]+", o.name) for o in originals)


@pytest.mark.parametrize(
    ("relative", "text", "where"),
    [
        ("content/documents/report.yml", "source_url: javascript:alert(1)\n", "report.yml:1:13"),
        ("content/documents/report.yml", "title: x\nsource_url: JavaScript:alert(1)\n", "report.yml:2:13"),
        ("content/documents/report.yml", "archived_url: ' javascript:alert(1)'\n", "report.yml:1:15"),
        ("content/documents/report.yml", "source_url: data:text/html,x\n", "report.yml:1:13"),
        ("content/documents/report.yml", "source_url: vbscript:msgbox(1)\n", "report.yml:1:13"),
        ("content/documents/report.yml", "source_url: 'https://x.org/\" onclick=\"a'\n", "report.yml:1:13"),
        ("content/documents/report.yml", 'source_url: "https://x.org/\\n"\n', "report.yml:1:13"),
        ("seeds/front.md", "---\ntitle: t\nsource_url: javascript:alert(1)\n---\nBody.\n", "front.md:3:13"),
    ],
)
def test_hostile_script_urls_in_metadata_are_refused_at_their_line(
    tiny: Path, relative: str, text: str, where: str
) -> None:
    write(tiny, relative, text)
    with pytest.raises(SitegenError) as caught:
        check(project_at(tiny), False, quiet)
    assert f"{where}: error:" in str(caught.value) and "http(s) URL" in str(caught.value)


def test_hostile_entity_links_must_be_http(tiny: Path) -> None:
    write(
        tiny,
        "content/entities.yml",
        "entities:\n  - id: x\n    name: X\n    links: {home: 'javascript:alert(1)'}\n",
    )
    with pytest.raises(SitegenError) as caught:
        check(project_at(tiny), False, quiet)
    assert "content/entities.yml:2:5: error: link 'home' must be an http(s) URL" in str(caught.value)


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        "<script src='https://evil.example/sitegen.js'></script>",
        "<script src='static/evil.js'></script>",
        "<script type='application/json' id='other'>{}</script>",
        "<script type='application/json' id='sitegen-annotations'>[</script>",
        "<img src=x onerror=alert(1)>",
        "<a href='&#x6A;avascript:alert(1)'>x</a>",
        "<a href=' \tjava\nscript:alert(1)'>x</a>",
        "<a href='\x01javascript:alert(1)'>x</a>",
        "<a href='DATA:text/html,x'>x</a>",
        "<img srcset='a.png 1x, javascript:alert(1) 2x'>",
        "<iframe src=x></iframe>",
        "<object data=x></object>",
        "<embed src=x>",
        "<base href=//evil.example/>",
        "<form action=//evil.example/></form>",
        "<form class=site-search action=https://evil.example/></form>",
        "<svg><script>alert(1)</script></svg>",
        "<p style='background:url(x)'>x</p>",
        "<meta http-equiv=refresh content='0;url=javascript:alert(1)'>",
        "<iframe srcdoc='<script>alert(1)</script>'></iframe>",
    ],
)
def test_checks_find_every_kind_of_injection(html: str) -> None:
    assert problems(html, THEME), html


def test_checks_accept_the_themes_own_markup() -> None:
    page = (
        '<script src="../static/sitegen.js" defer></script>'
        '<script type="application/json" id="sitegen-document">{}</script>'
        '<form class="site-search" action="../search.html"></form><a href="https://example.org/">x</a>'
    )
    assert problems(page, THEME) == []


@pytest.mark.parametrize(
    "policy",
    [
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline'",
        "script-src 'self' https:",
        "script-src *",
    ],
)
def test_checks_refuse_policies_that_allow_inline_script(policy: str) -> None:
    html = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    assert csp_problems(html, "x.html")


@pytest.mark.browser
def test_hostile_pages_run_nothing_in_a_browser(hostile: Path, browser: object) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        for name in ("documents/script-tags.html", "documents/markdown-tricks.html", "pages/about.html"):
            page.goto((hostile / "site" / name).as_uri())
            page.wait_for_load_state("load")
            for link in page.locator(".doc-body a, article a").all():
                assert not link.get_attribute("href", timeout=1000).lower().startswith("javascript:")  # type: ignore[union-attr]
            page.hover("mark.hl", timeout=2000) if page.locator("mark.hl").count() else None
    finally:
        page.close()
    assert dialogs == []


def test_hostile_audit_skips_folders_named_like_pages(tmp_path: Path) -> None:
    """A document named "fact-checks.html.md" has its share pages in p/fact-checks.html/: the
    audit read that folder as a page and failed (found by the fuzz test)."""
    (tmp_path / "p" / "fact-checks.html").mkdir(parents=True)
    assert site_problems(tmp_path, THEME) == []
