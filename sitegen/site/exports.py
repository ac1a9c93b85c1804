"""Exports a user can take elsewhere: W3C Web Annotation JSON-LD and CSV of every annotation."""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import orjson

from sitegen.config import SiteConfig
from sitegen.model import AnnotatedDoc, Annotation, Page, StreamedPage
from sitegen.output.write import Manifest
from sitegen.render.labels import origin_text
from sitegen.runtime.data import pack, shape, unpack
from sitegen.runtime.spool import Blob, Spool, compress, decompress, read
from sitegen.site import routes
from sitegen.site.renderer import Sink, chunked
from sitegen.site.webanno import (
    CONTEXT_PATH,
    W3C_CONTEXT,
    Described,
    Facts,
    Machines,
    agents_file,
    annotation_page,
    described,
    document_items,
    entities_file,
)
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
_JSONLD: type[tuple[str, bytes]] = shape(tuple[str, bytes])


@dataclass(frozen=True, slots=True)
class ExportParts:
    """A document's part of the exports, made from its analysis and the base URL alone (so a
    one-shot build keeps it beside the analysis): its annotations as JSON-LD members, serialized
    (``webanno.document_items``: the IRI selectors point into and the members), its rows of the
    archive's CSV, compressed, how many annotations there are, and what its entity mentions
    say of each entity."""

    target: str
    items: bytes
    rows: bytes
    count: int
    entities: Facts
    machines: Machines


@dataclass(frozen=True, slots=True)
class Exported:
    """What a document leaves for the archive's exports: its JSON-LD page is written with the
    archive's, once every document's mentions have said what each entity is (``ENTITY_RULE``)."""

    jsonld: Blob
    """Its ``target`` and ``items``, packed."""
    rows: Blob
    """Its rows of the archive's CSV, compressed."""
    count: int
    entities: Facts
    machines: Machines


def export_parts(config: SiteConfig, doc: AnnotatedDoc) -> ExportParts:
    """The document's annotations as Web Annotation items and as rows of the archive's CSV."""
    target, items, entities, machines = document_items(config, doc)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(_guarded(_row(doc, ann)) for ann in doc.annotations)
    return ExportParts(
        target, items, compress(out.getvalue().encode("utf-8")), len(doc.annotations), entities, machines
    )


def exported(parts: ExportParts, spool: Spool) -> Exported:
    """A document's parts of the exports, spooled until the archive's are written."""
    jsonld = spool.put(pack((parts.target, parts.items)))
    return Exported(jsonld, spool.put(parts.rows), parts.count, parts.entities, parts.machines)


def described_once(parts: Sequence[Exported]) -> Described:
    """What the archive describes once: its entities and its annotators' steps."""
    return described((part.entities for part in parts), (part.machines for part in parts))


def jsonld_pages(
    config: SiteConfig, slugs: list[str], parts: Sequence[Exported], archive: Described, only: frozenset[str] | None
) -> Iterator[Page]:
    """Every document's JSON-LD file (``only`` those documents', when given), each a page of
    the archive's collection (it names its neighbours), written against what the ``archive``
    describes once."""
    for index, slug in enumerate(slugs):
        if only is None or slug in only:
            target, items = unpack(read(parts[index].jsonld), _JSONLD)
            yield Page(routes.jsonld(slug), annotation_page(config, slugs, index, target, items, archive))


JSONLD_PIECES = 8
"""A one-shot build writes the documents' JSON-LD in this many pieces of work, spread over its
cores with the cross-document pages (5,000 documents' took 3 s on one)."""


def export_work(
    sink: Sink, config: SiteConfig, slugs: list[str], parts: Sequence[Exported], archive: Described
) -> list[Callable[[], Manifest]]:
    """A one-shot build's pieces of work that write the exports: the archive's files, then
    the documents' JSON-LD in ``JSONLD_PIECES``."""
    files = archive_exports(config, slugs, parts, archive)
    pieces = [frozenset(slugs[k::JSONLD_PIECES]) for k in range(JSONLD_PIECES)]
    return [
        functools.partial(sink, files),
        *(functools.partial(write_jsonld, sink, config, slugs, parts, archive, piece) for piece in pieces),
    ]


def write_jsonld(
    sink: Sink,
    config: SiteConfig,
    slugs: list[str],
    parts: Sequence[Exported],
    archive: Described,
    only: frozenset[str] | None,
) -> Manifest:
    """Every document's JSON-LD (``only`` those documents', when given), written as made."""
    return chunked(sink, jsonld_pages(config, slugs, parts, archive, only))


def archive_exports(
    config: SiteConfig, slugs: list[str], parts: Sequence[Exported], archive: Described
) -> tuple[Page, Page, Page, StreamedPage]:
    """The archive's collection file, its entities and agents files (what the ``archive``
    describes once) and its CSV, from each document's parts; the CSV is written piece by piece, as it is
    tens of megabytes."""
    header = io.StringIO()
    csv.writer(header, lineterminator="\n").writerow(CSV_COLUMNS)
    total = sum(part.count for part in parts)

    def rows() -> Iterator[bytes]:
        yield header.getvalue().encode("utf-8")
        for part in parts:
            yield decompress(read(part.rows))

    return (
        Page(routes.ARCHIVE_JSONLD, _json(_collection(config, slugs, total))),
        *described_pages(config, archive),
        StreamedPage(routes.ARCHIVE_CSV, rows),
    )


def described_pages(config: SiteConfig, archive: Described) -> tuple[Page, Page]:
    """The entities and agents files, which every document's JSON-LD refers to."""
    return (
        Page(routes.ARCHIVE_ENTITIES, entities_file(config, archive)),
        Page(routes.ARCHIVE_AGENTS, agents_file(config, archive)),
    )


def _json(data: object) -> bytes:
    """Compact UTF-8 JSON (what ``json.dumps(ensure_ascii=False, separators=(",", ":"))`` writes)."""
    return orjson.dumps(data) + b"\n"


def _collection(config: SiteConfig, slugs: list[str], total: int) -> dict[str, Any]:
    """The archive as a W3C AnnotationCollection whose pages are the per-document files, with
    the entities file their entity mentions' bodies are described in."""
    return {
        "@context": [W3C_CONTEXT, routes.absolute(config.base_url, CONTEXT_PATH)],
        "id": routes.absolute(config.base_url, routes.ARCHIVE_JSONLD),
        "type": "AnnotationCollection",
        "label": config.title,
        "total": total,
        "entityFile": routes.absolute(config.base_url, routes.ARCHIVE_ENTITIES),
        "agentFile": routes.absolute(config.base_url, routes.ARCHIVE_AGENTS),
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
