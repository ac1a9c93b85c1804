"""Exports a user can take elsewhere: W3C Web Annotation JSON-LD and CSV of every annotation."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import orjson

from sitegen.config import SiteConfig
from sitegen.curate.ids import CONTEXT
from sitegen.model import AnnotatedDoc, Annotation, Origin, Page, StreamedPage
from sitegen.render.labels import label, origin_text
from sitegen.runtime.spool import Blob, compress, decompress, read
from sitegen.site import routes
from sitegen.sources.read import decode

CONTEXT_URL = "http://www.w3.org/ns/anno.jsonld"
CSV_COLUMNS = (
    "document", "id", "kind", "review", "start", "end", "exact", "source", "cue", "content",
    "entity_id", "entity_type", "reason", "disputant", "disputes", "confidence", "provenance", "note",
)  # fmt: skip
"""One row per annotation, nothing another column gives: no ``url`` (it is
``BASE_URL/documents/DOCUMENT.html#ID``) and no ``label`` (the document page's caption, made from
kind, entity, source and reason). Those two were a third of the file (#23).

``exact`` is empty in the rows of a plain-text document: its published original gives it, as
``text[start:end]`` of the file decoded as UTF-8 with a leading byte-order mark dropped and each
``\r\n`` or ``\r`` made ``\n`` (:func:`recover_exact`); it was a quarter of the file, a claim's
words again after its source, cue and content (#23). A Markdown document's offsets index its
page's text, not the file, so its rows keep ``exact``."""
FORMULA_START = frozenset("=+-@\t\r")


@dataclass(frozen=True, slots=True)
class ExportParts:
    """A document's part of the exports, made from its analysis and the base URL alone (so a
    one-shot build keeps it beside the analysis): its annotations as JSON-LD items, serialized,
    its rows of the archive's CSV, compressed, and how many annotations there are."""

    items: bytes
    rows: bytes
    count: int


def export_parts(config: SiteConfig, doc: AnnotatedDoc) -> ExportParts:
    """The document's annotations as Web Annotation items and as rows of the archive's CSV."""
    urls = _Urls.of(config, doc)
    text = doc.source.text
    labelled = [(ann, label(ann, text)) for ann in doc.annotations]
    items = orjson.dumps([_web_annotation(urls, text, ann, described) for ann, described in labelled])
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(_guarded(_row(doc, ann)) for ann in doc.annotations)
    return ExportParts(items, compress(out.getvalue().encode("utf-8")), len(labelled))


def jsonld_page(config: SiteConfig, slugs: list[str], index: int, parts: ExportParts) -> Page:
    """A document's JSON-LD file: its items as a page of the archive's collection, which
    depends on its neighbours too."""
    page = _annotation_page(config, slugs, index, orjson.Fragment(parts.items))
    return Page(routes.jsonld(slugs[index]), _json(page))


@dataclass(frozen=True, slots=True)
class _Urls:
    """A document's absolute URLs, made once: every one of its annotations names them."""

    page: str
    target: str
    """What selectors point into: the original file for plain text, the page for Markdown
    (plain-text offsets are offsets into the file, Markdown offsets into the page's text)."""

    @classmethod
    def of(cls, config: SiteConfig, doc: AnnotatedDoc) -> _Urls:
        source = doc.source
        page = routes.absolute(config.base_url, routes.document(source.slug))
        target = routes.absolute(config.base_url, routes.original(source)) if source.format == "text" else page
        return cls(page, target)


def archive_exports(
    config: SiteConfig, slugs: list[str], parts: Sequence[tuple[Blob, int]]
) -> tuple[Page, StreamedPage]:
    """The archive's collection file and its CSV, from each document's (compressed CSV rows,
    annotation count); the CSV is written piece by piece, as it is tens of megabytes."""
    header = io.StringIO()
    csv.writer(header, lineterminator="\n").writerow(CSV_COLUMNS)
    total = sum(count for _, count in parts)

    def rows() -> Iterator[bytes]:
        yield header.getvalue().encode("utf-8")
        for chunk, _ in parts:
            yield decompress(read(chunk))

    return (
        Page(routes.ARCHIVE_JSONLD, _json(_collection(config, slugs, total))),
        StreamedPage(routes.ARCHIVE_CSV, rows),
    )


def _json(data: object) -> bytes:
    """Compact UTF-8 JSON (what ``json.dumps(ensure_ascii=False, separators=(",", ":"))`` writes)."""
    return orjson.dumps(data) + b"\n"


def _collection(config: SiteConfig, slugs: list[str], total: int) -> dict[str, Any]:
    """The archive as a W3C AnnotationCollection whose pages are the per-document files."""
    return {
        "@context": CONTEXT_URL,
        "id": routes.absolute(config.base_url, routes.ARCHIVE_JSONLD),
        "type": "AnnotationCollection",
        "label": config.title,
        "total": total,
        "first": routes.absolute(config.base_url, routes.jsonld(slugs[0])) if slugs else "",
        "last": routes.absolute(config.base_url, routes.jsonld(slugs[-1])) if slugs else "",
    }


def _annotation_page(config: SiteConfig, slugs: list[str], index: int, items: orjson.Fragment) -> dict[str, Any]:
    """One document's annotations, as a page of the archive's collection (``partOf``/``next``)."""
    page: dict[str, Any] = {
        "@context": CONTEXT_URL,
        "id": routes.absolute(config.base_url, routes.jsonld(slugs[index])),
        "type": "AnnotationPage",
        "partOf": routes.absolute(config.base_url, routes.ARCHIVE_JSONLD),
        "startIndex": index,
        "items": items,
    }
    if index + 1 < len(slugs):
        page["next"] = routes.absolute(config.base_url, routes.jsonld(slugs[index + 1]))
    if index > 0:
        page["prev"] = routes.absolute(config.base_url, routes.jsonld(slugs[index - 1]))
    return page


PLACE_FACTS = frozenset(("geonames_id", "latitude", "longitude", "name"))
"""A linked place's facts, which its GeoNames IRI and entity page carry: one ``identifying`` body
each instead of four tags on every mention (#23)."""


def _web_annotation(urls: _Urls, text: str, ann: Annotation, described: str) -> dict[str, Any]:
    """One annotation as a W3C Web Annotation; its page's ``@context`` covers it."""
    bodies: list[dict[str, Any]] = [
        {"type": "TextualBody", "purpose": "describing", "value": described},
        {"type": "TextualBody", "purpose": "tagging", "value": ann.kind},
    ]
    linked = ann.kind == "entity" and bool(ann.attr("geonames_id"))
    attrs = [(k, v) for k, v in ann.attrs if not (linked and k in PLACE_FACTS)]
    bodies += [{"type": "TextualBody", "purpose": "tagging", "value": f"{k}:{v}"} for k, v in attrs]
    bodies.append({"type": "TextualBody", "purpose": "tagging", "value": f"review:{ann.review}"})
    if linked:
        bodies.append({"id": f"https://www.geonames.org/{ann.attr('geonames_id')}", "purpose": "identifying"})
    if ann.note:
        bodies.append({"type": "TextualBody", "purpose": "commenting", "value": ann.note})
    return {
        "id": f"{urls.page}#{ann.id}",
        "type": "Annotation",
        "motivation": "tagging" if ann.kind == "entity" else "describing",
        "body": bodies,
        "target": {
            "source": urls.target,
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": text[ann.start : ann.end],
                    "prefix": text[max(0, ann.start - CONTEXT) : ann.start],
                    "suffix": text[ann.end : ann.end + CONTEXT],
                },
                {"type": "TextPositionSelector", "start": ann.start, "end": ann.end},
            ],
        },
        "creator": _creator(ann),
        "generator": [_agent(origin) for origin in ann.provenance],
    }


def _creator(ann: Annotation) -> dict[str, str]:
    """Who stands behind the annotation: the editor once it is reviewed, else the software that
    proposed it (Web Annotation tools show ``creator`` as the annotation's author)."""
    if ann.review == "reviewed":
        curated = next(o for o in ann.provenance if o.kind == "curated")
        return {"type": "Person", "name": "editor", "nickname": f"{curated.rule} in {curated.name}:{curated.line}"}
    return {"type": "Software", "name": "sitegen machine proposal (not reviewed)"}


def _agent(origin: Origin) -> dict[str, str]:
    if origin.kind == "machine":
        return {"type": "Software", "name": f"{origin.name} {origin.version}", "nickname": origin.rule}
    return {"type": "Person", "name": f"curated in {origin.name}:{origin.line}", "nickname": origin.rule}


def recover_exact(original: bytes, start: int, end: int) -> str:
    """A row's words from its plain-text document's published original and its offsets: the
    text the offsets index is the file as the reader decodes it."""
    return decode(original, "original")[start:end]


def _row(doc: AnnotatedDoc, ann: Annotation) -> list[object]:
    text = doc.source.text
    exact = "" if doc.source.format == "text" else text[ann.start : ann.end]
    attrs = dict(ann.attrs)
    parts = {}
    for found in reversed(ann.parts):  # the first part of a role wins, as in ``ann.part``
        parts[found.role] = text[found.start : found.end]
    provenance = "; ".join(origin_text(o) for o in ann.provenance)
    return [
        doc.source.slug, ann.id, ann.kind, ann.review, ann.start, ann.end, exact,
        parts.get("source", ""), parts.get("cue", ""), parts.get("content", ""), attrs.get("entity_id", ""),
        attrs.get("entity_type", ""), attrs.get("reason", ""),
        attrs.get("disputant_name") or parts.get("disputant", ""), attrs.get("disputes", ""),
        f"{ann.confidence:.2f}", provenance, ann.note,
    ]  # fmt: skip


def _guarded(row: list[object]) -> list[str]:
    """Cells that a spreadsheet would run as a formula are prefixed with an apostrophe."""
    return ["'" + text if text[:1] in FORMULA_START else text for text in map(str, row)]


def _cell(value: object) -> str:
    return _guarded([value])[0]
