"""Exports a user can take elsewhere: W3C Web Annotation JSON-LD and CSV of every annotation."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import orjson

from sitegen.config import SiteConfig
from sitegen.model import AnnotatedDoc, Annotation, Page, StreamedPage
from sitegen.render.labels import origin_text
from sitegen.runtime.spool import Blob, compress, decompress, read
from sitegen.site import routes
from sitegen.site.webanno import W3C_CONTEXT, annotation_page, document_items
from sitegen.sources.read import decode

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
    one-shot build keeps it beside the analysis): its annotations as JSON-LD members, serialized
    (``webanno.document_items``: the IRI selectors point into and the members), its rows of the
    archive's CSV, compressed, and how many annotations there are."""

    target: str
    items: bytes
    rows: bytes
    count: int


def export_parts(config: SiteConfig, doc: AnnotatedDoc) -> ExportParts:
    """The document's annotations as Web Annotation items and as rows of the archive's CSV."""
    target, items = document_items(config, doc)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(_guarded(_row(doc, ann)) for ann in doc.annotations)
    return ExportParts(target, items, compress(out.getvalue().encode("utf-8")), len(doc.annotations))


def jsonld_page(config: SiteConfig, slugs: list[str], index: int, parts: ExportParts) -> Page:
    """A document's JSON-LD file: its items as a page of the archive's collection, which
    depends on its neighbours too."""
    return Page(routes.jsonld(slugs[index]), annotation_page(config, slugs, index, parts.target, parts.items))


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
        "@context": W3C_CONTEXT,
        "id": routes.absolute(config.base_url, routes.ARCHIVE_JSONLD),
        "type": "AnnotationCollection",
        "label": config.title,
        "total": total,
        "first": routes.absolute(config.base_url, routes.jsonld(slugs[0])) if slugs else "",
        "last": routes.absolute(config.base_url, routes.jsonld(slugs[-1])) if slugs else "",
    }


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
