"""Reference metadata: Highwire citation tags on document pages, the Atom feeds (parsed by
feedparser, as feed readers do) and the sitemap's lastmod."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import feedparser

from sitegen.build import build
from tests.conftest import project_at, quiet, write
from tests.core.verdict_site import with_verdicts

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_reference_citation_tags_on_document_pages(tiny):
    with_verdicts(tiny)
    meta = tiny / "content/documents/report.yml"
    meta.write_text(meta.read_text() + "author: Ann Writer; Bo Reporter\ntitle: A <b>title</b>\n")
    build(project_at(tiny), log=quiet)
    page = (tiny / "site/documents/report.html").read_text()
    tags = re.findall(r'<meta name="(citation_[a-z_]+)" content="([^"]*)">', page)
    assert tags == [
        ("citation_title", "A &lt;b&gt;title&lt;/b&gt;"),
        ("citation_author", "Ann Writer"),
        ("citation_author", "Bo Reporter"),
        ("citation_publication_date", "2024/11/21"),
        ("citation_journal_title", "Example Gazette"),
        ("citation_public_url", "https://gazette.example/report"),
        ("citation_fulltext_html_url", "https://example.org/tiny/documents/report.html"),
        ("citation_language", "en"),
    ]


def test_reference_feeds_parse_as_atom(tiny):
    with_verdicts(tiny)
    write(tiny, "seeds/later.txt", "A later dispatch\nThe governor said the bridge was repaired.\n")
    write(tiny, "content/documents/later.yml", "published: 2024-12-01\nadded: 2024-12-02\noutlet: Other Times\n")
    build(project_at(tiny), log=quiet)
    documents = feedparser.parse((tiny / "site/feeds/documents.atom").read_bytes())
    assert documents.bozo == 0 and documents.version == "atom10"
    assert documents.feed.title == "Tiny archive: documents"
    assert documents.feed.updated == "2024-12-02T00:00:00Z"
    assert [e.link for e in documents.entries] == [
        "https://example.org/tiny/documents/later.html",  # added last, listed first
        "https://example.org/tiny/documents/report.html",
        "https://example.org/tiny/documents/notes.html",
    ]
    assert [e.updated for e in documents.entries][:2] == ["2024-12-02T00:00:00Z", "2024-11-22T00:00:00Z"]
    verdicts = feedparser.parse((tiny / "site/feeds/verdicts.atom").read_bytes())
    assert verdicts.bozo == 0 and verdicts.version == "atom10"
    assert [e.title for e in verdicts.entries] == [
        "False: The ministry — the troops held their lines near Kiev",
        "Disputed: Analysts — supplies were running low",
    ]
    assert verdicts.entries[0].id == "https://example.org/tiny/documents/report.html#c-zxjdpqsa"
    assert len({e.id for e in verdicts.entries}) == 2
    assert verdicts.feed.author == "Tiny archive"
    assert 'href="feeds/verdicts.atom"' in (tiny / "site/fact-checks.html").read_text()


def test_reference_sitemap_lastmod_from_metadata(tiny):
    build(project_at(with_verdicts(tiny)), log=quiet)
    root = ET.parse(tiny / "site/sitemap.xml").getroot()
    dates = {u.findtext(f"{SITEMAP}loc"): u.findtext(f"{SITEMAP}lastmod") for u in root}
    # The newest of published, added and the document's verdicts.
    assert dates["https://example.org/tiny/documents/report.html"] == "2024-11-25"
    assert dates["https://example.org/tiny/index.html"] is None
    assert "https://example.org/tiny/fact-checks.html" in dates
