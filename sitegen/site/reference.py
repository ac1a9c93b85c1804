"""Metadata that reference tools read: Highwire ``citation_*`` tags for document pages (what
Zotero's Embedded Metadata translator reads), Atom feeds of documents and of verdicts, and each
document's dates for the sitemap's ``lastmod``.

Everything here is a pure function of the archive's data: no wall-clock time, so the same
input gives the same feeds byte for byte.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from sitegen.config import SiteConfig
from sitegen.model import Page, SourceDoc, Verdict
from sitegen.site import routes
from sitegen.site.factcheck import CheckedClaim

DOCUMENTS_FEED = "feeds/documents.atom"
VERDICTS_FEED = "feeds/verdicts.atom"
FEED_LIMIT = 100
"""Newest entries per feed: readers poll the whole file, so it stays small."""
EPOCH = "1970-01-01"
"""A feed with no dated entry still needs an ``updated``: a fixed one keeps the build deterministic."""


def citation_meta(config: SiteConfig, doc: SourceDoc) -> tuple[tuple[str, str], ...]:
    """(name, content) of the document page's Highwire tags: what was published, where and
    when, the original's address and the archive's copy."""
    meta = doc.meta
    tags = [("citation_title", doc.title)]
    tags += [("citation_author", name.strip()) for name in meta.author.split(";") if name.strip()]
    if meta.published:
        tags.append(("citation_publication_date", meta.published.replace("-", "/")))
    if meta.outlet:
        tags.append(("citation_journal_title", meta.outlet))
    if meta.source_url:
        tags.append(("citation_public_url", meta.source_url))
    tags.append(("citation_fulltext_html_url", routes.absolute(config.base_url, routes.document(doc.slug))))
    tags.append(("citation_language", meta.language))
    return tuple(tags)


def lastmod(doc: SourceDoc, verdicts: Iterable[Verdict]) -> str:
    """When the document page last changed in substance, as the metadata tells: its newest
    verdict, else when it was added or published (empty when nothing says)."""
    return max((doc.meta.added, doc.meta.published, *(v.date for v in verdicts)))


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One entry of an Atom feed."""

    id: str
    """An absolute URL, stable across builds."""
    title: str
    updated: str
    """ISO date."""
    summary: str
    link: str


def atom_feed(config: SiteConfig, path: str, title: str, entries: Iterable[FeedEntry]) -> bytes:
    """An Atom 1.0 feed (RFC 4287) of the newest entries, newest first."""
    chosen = sorted(entries, key=lambda e: (e.updated, e.id), reverse=True)[:FEED_LIMIT]
    url = routes.absolute(config.base_url, path)
    author = config.fact_checks.publisher or config.title
    updated = chosen[0].updated if chosen else EPOCH
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"  <id>{escape(url)}</id>",
        f"  <title>{escape(config.title)}: {escape(title)}</title>",
        f"  <updated>{_timestamp(updated)}</updated>",
        f"  <author><name>{escape(author)}</name></author>",
        f'  <link rel="self" type="application/atom+xml" href={quoteattr(url)}/>',
        f'  <link rel="alternate" type="text/html" href={quoteattr(routes.absolute(config.base_url, routes.HOME))}/>',
    ]
    for entry in chosen:
        lines += [
            "  <entry>",
            f"    <id>{escape(entry.id)}</id>",
            f"    <title>{escape(entry.title)}</title>",
            f"    <updated>{_timestamp(entry.updated)}</updated>",
            f'    <link rel="alternate" type="text/html" href={quoteattr(entry.link)}/>',
            f"    <summary>{escape(entry.summary)}</summary>",
            "  </entry>",
        ]
    lines.append("</feed>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _timestamp(date: str) -> str:
    """An RFC 3339 timestamp for an ISO date, which may be only a year or a month."""
    year, month, day = [*date.split("-"), "01", "01"][:3]
    return f"{year}-{month}-{day}T00:00:00Z"


def document_entry(config: SiteConfig, title: str, path: str, added: str, outlet: str, published: str) -> FeedEntry:
    url = routes.absolute(config.base_url, path)
    said = ", ".join(part for part in (outlet, published) if part)
    return FeedEntry(url, title, added or published or EPOCH, f"{title} ({said})" if said else title, url)


def feed_pages(config: SiteConfig, documents: list[FeedEntry], checked: list[CheckedClaim] | None) -> list[Page]:
    """The Atom feeds: documents by the date they were added, and (in an archive with
    verdicts) verdicts by their date."""
    feeds = [Page(DOCUMENTS_FEED, atom_feed(config, DOCUMENTS_FEED, "documents", documents))]
    if checked is not None:
        verdicts = [_verdict_entry(config, claim) for claim in checked]
        feeds.append(Page(VERDICTS_FEED, atom_feed(config, VERDICTS_FEED, "fact checks", verdicts)))
    return feeds


def _verdict_entry(config: SiteConfig, claim: CheckedClaim) -> FeedEntry:
    page, _, anchor = claim.passage.partition("#")
    url = f"{routes.absolute(config.base_url, page)}#{anchor}"
    verdict = claim.verdict
    title = f"{verdict.label}: {claim.source} — {claim.claim}"
    summary = (
        f"{verdict.label} ({verdict.meaning}) Claim by {claim.source} in {claim.doc_title}. "
        f"Reviewed by {verdict.reviewer}."
    )
    if verdict.applied_from:
        summary += f" Applied from the claim's appearance in {verdict.applied_title}."
    return FeedEntry(url, title, verdict.date, summary, url)
