"""Verdicts as readers and machines see them: the views templates show, the Fact checks page,
and the schema.org ClaimReview JSON-LD a document page carries for its verdicts.

ClaimReview follows the field list Google documents for fact-check rich results
(https://developers.google.com/search/docs/appearance/structured-data/factcheck) and the
schema.org vocabulary; ``tests/core/test_claimreview.py`` checks both.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import orjson
from markdown_it import MarkdownIt
from markupsafe import Markup

from sitegen.config import SiteConfig
from sitegen.model import AnnotatedDoc, Annotation, EntityRegistry, Rating, Verdict
from sitegen.render.labels import speaker
from sitegen.site import routes
from sitegen.site.contributions import source_key

FACT_CHECKS = "fact-checks.html"
LINK_SCHEMES = re.compile(r"(?i)(https?:|mailto:)")


def _explanation_parser() -> MarkdownIt:
    """CommonMark without raw HTML; links only to absolute http(s) and mailto addresses (an
    explanation is shown on pages in different folders, so a relative link would break)."""
    parser = MarkdownIt("commonmark", {"html": False}).enable(["strikethrough"])
    parser.validateLink = lambda url: LINK_SCHEMES.match(url.strip()) is not None  # type: ignore[method-assign]
    return parser


_PARSER = _explanation_parser()


@dataclass(frozen=True, slots=True)
class VerdictView:
    """A verdict as shown to readers, beside its claim or in the Fact checks list."""

    rating: str
    label: str
    meaning: str
    explanation_html: Markup
    evidence: tuple[tuple[str, str, str], ...]
    """(title, URL, archived URL or empty) per evidence link."""
    reviewer: str
    date: str
    applied_from: str = ""
    """Site path of the appearance the verdict was given to, when this claim has it from its
    group (``whole_group``); empty for the claim's own verdict."""
    applied_title: str = ""
    """That appearance's document title."""


@dataclass(frozen=True, slots=True)
class CheckedClaim:
    """A verdict with its claim in context: a row of the Fact checks page and the verdicts feed."""

    verdict: VerdictView
    passage: str
    """Site path of the claim: ``documents/DOC.html#ID``."""
    claim: str
    """What is claimed (the claim's content part, else its whole text)."""
    source: str
    source_id: str
    """The source page's id (``sources/ID.html``): the linked entity, else the source's words."""
    doc_title: str
    outlet: str
    published: str


def verdict_view(verdict: Verdict) -> VerdictView:
    rating = verdict.rating
    evidence = tuple((e.title, e.url, e.archived_url) for e in verdict.evidence)
    html = Markup(_PARSER.render(verdict.explanation))
    judged = verdict.applied_from
    applied = f"{routes.document(judged.doc)}#{judged.id}" if judged is not None else ""
    return VerdictView(
        rating.id, rating.label, rating.meaning, html, evidence, verdict.reviewer, verdict.date, applied,
        verdict.applied_title,
    )  # fmt: skip


def claim_text(ann: Annotation, text: str) -> str:
    part = ann.part("content")
    start, end = (part.start, part.end) if part else (ann.start, ann.end)
    return " ".join(text[start:end].split())


def checked_claims(doc: AnnotatedDoc, verdicts: tuple[Verdict, ...]) -> tuple[CheckedClaim, ...]:
    """Each verdict of a document with what the archive-wide pages show beside it."""
    by_id = {a.id: a for a in doc.annotations}
    source = doc.source
    rows = []
    for verdict in verdicts:
        ann = by_id[verdict.claim.id]
        rows.append(
            CheckedClaim(
                verdict_view(verdict),
                f"{routes.document(source.slug)}#{ann.id}",
                claim_text(ann, source.text),
                speaker(ann, source.text),
                source_key(ann, source.text),
                source.title,
                source.meta.outlet,
                source.meta.published,
            )
        )
    return tuple(rows)


@dataclass(frozen=True, slots=True)
class FactChecksView:
    """The Fact checks page: every verdict, newest first, and the choices its filters offer."""

    items: tuple[CheckedClaim, ...]
    ratings: tuple[tuple[str, str, str], ...]
    """(id, label, meaning) of every rating of the scale, worst first."""
    sources: tuple[tuple[str, str], ...]
    outlets: tuple[str, ...]


def fact_checks_view(claims: Iterable[CheckedClaim], scale: tuple[Rating, ...]) -> FactChecksView:
    items = tuple(sorted(claims, key=lambda c: (c.verdict.date, c.passage), reverse=True))
    sources = sorted({(c.source_id, c.source) for c in items}, key=lambda pair: (pair[1].casefold(), pair[0]))
    outlets = sorted({c.outlet for c in items if c.outlet}, key=str.casefold)
    return FactChecksView(items, tuple((r.id, r.label, r.meaning) for r in scale), tuple(sources), tuple(outlets))


# --- ClaimReview JSON-LD ------------------------------------------------------------------------

PERSON_TYPES = ("person",)


def claim_reviews(
    config: SiteConfig,
    doc: AnnotatedDoc,
    verdicts: tuple[Verdict, ...],
    registry: EntityRegistry,
    scale: tuple[Rating, ...],
) -> Markup:
    """The document page's ClaimReview JSON-LD (empty without verdicts), safe inside ``<script>``."""
    if not verdicts:
        return Markup("")
    by_id = {a.id: a for a in doc.annotations}
    reviews = [_review(config, doc, by_id[v.claim.id], v, registry, scale) for v in verdicts]
    data = (
        {"@context": "https://schema.org", "@graph": reviews}
        if len(reviews) > 1
        else {"@context": "https://schema.org", **reviews[0]}
    )
    return Markup(script_safe(orjson.dumps(data, option=orjson.OPT_SORT_KEYS).decode("utf-8")))


def script_safe(data: str) -> str:
    """JSON that cannot end its ``<script>`` element or open a comment: ``<``, ``>`` and ``&``
    as JSON escapes, which parse back to the same characters."""
    return data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _review(
    config: SiteConfig,
    doc: AnnotatedDoc,
    ann: Annotation,
    verdict: Verdict,
    registry: EntityRegistry,
    scale: tuple[Rating, ...],
) -> dict[str, Any]:
    source = doc.source
    page = routes.absolute(config.base_url, routes.document(source.slug))
    checks = config.fact_checks
    return {
        "@type": "ClaimReview",
        "url": f"{page}#{ann.id}",
        "claimReviewed": claim_text(ann, source.text),
        "datePublished": verdict.date,
        "author": {
            "@type": "Organization",
            "name": checks.publisher or config.title,
            "url": checks.publisher_url or config.base_url,
        },
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": verdict.rating.value,
            "bestRating": max(r.value for r in scale),
            "worstRating": min(r.value for r in scale),
            "alternateName": verdict.rating.label,
        },
        "itemReviewed": _claim(page, doc, ann, registry),
    }


def _claim(page: str, doc: AnnotatedDoc, ann: Annotation, registry: EntityRegistry) -> dict[str, Any]:
    source = doc.source
    meta = source.meta
    appearance: dict[str, Any] = {"@type": "NewsArticle", "headline": source.title, "url": meta.source_url or page}
    if meta.published:
        appearance["datePublished"] = meta.published
    if meta.outlet:
        appearance["publisher"] = {"@type": "Organization", "name": meta.outlet}
    archived = {"@type": "CreativeWork", "name": f"Archived copy: {source.title}", "url": page}
    claim: dict[str, Any] = {
        "@type": "Claim",
        "author": _author(ann, source.text, registry),
        "appearance": [appearance, archived] if meta.source_url else [archived],
        "firstAppearance": appearance,
    }
    if meta.published:
        claim["datePublished"] = meta.published
    return claim


def _author(ann: Annotation, text: str, registry: EntityRegistry) -> dict[str, Any]:
    """Who made the claim: the linked entity (with its links as ``sameAs``), else the source's words."""
    entity = registry.get(ann.attr("source_entity")) if ann.attr("source_entity") else None
    if entity is None:
        kind = "Person" if ann.attr("source_kind") == "named" else "Organization"
        return {"@type": kind, "name": speaker(ann, text)}
    kind = "Person" if entity.type in PERSON_TYPES else "Organization"
    author: dict[str, Any] = {"@type": kind, "name": entity.name}
    same = [url for _, url in entity.links]
    if same:
        author["sameAs"] = same
    return author
