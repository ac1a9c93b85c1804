"""What is searchable: one entry per document and per annotated passage, and what the store shows."""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass

import orjson

from sitegen.model import Annotation, Paragraph, RenderedDoc
from sitegen.render.labels import speaker
from sitegen.runtime.data import Unreadable, decode, encode, pack, shape, unpack
from sitegen.runtime.spool import Blob, read
from sitegen.search.refs import KIND_LETTERS, doc_ref, passage_ref
from sitegen.site import routes

FIELDS = (("t", 1), ("h", 10), ("s", 5), ("n", 5))
"""(lunr field, boost): text, heading (title), who (claim source, disputant, outlet, author),
names (entities). Names are one letter because every field vector key repeats them. Fields that
most entries lack get a high boost: lunr divides by the average length over every entry."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One searchable unit as lunr sees it: its ref and one text per field of ``FIELDS``."""

    ref: str
    texts: tuple[str, str, str, str]


REVIEW_CODES = {"reviewed": 0, "proposed": 1}
"""A passage's review state in its store row."""
ROW_DEFAULTS: tuple[str | int, ...] = ("", 0, 0, "", "", "", -1, "", "")
"""What search.js reads where a store row ends early (the first three are always there)."""


@dataclass(frozen=True, slots=True)
class Record:
    """What a result shows for a passage. Its store row is ``[anchor, start, length, label,
    source, entity, paragraph, review, kind]``: the text is the slice of ``length`` from ``start``
    of the document's text, stored once in the chunk, in UTF-16 code units (JavaScript's string
    offsets); label, source and entity are indexes into the chunk's names (``_named``); review is
    0 for reviewed, 1 for a machine proposal, empty for paragraphs; kind is empty where the
    passage's ref letter says it (``P``, ``C``, ``D``, ``E``), another kind's name otherwise.
    Values at the end of a row that are their defaults (``""``, paragraph -1) are left out (#23)."""

    anchor: str
    kind: str
    text: str
    label: str
    source: str
    entity: str
    paragraph: int
    """Store index of the paragraph around an entity mention, for its snippet; -1 otherwise."""
    review: str = ""
    start: int = 0
    end: int = 0
    """Where ``text`` is in the document's text, in code points."""

    def row(self, offset: Callable[[int], int]) -> list[str | int]:
        """The store row, with ``offset`` turning code points into the store's offsets."""
        kind = "" if self.kind in KIND_LETTERS else self.kind
        review: str | int = REVIEW_CODES.get(self.review, "")
        start = offset(self.start)
        row: list[str | int] = [self.anchor, start, offset(self.end) - start]
        row += [self.label, self.source, self.entity, self.paragraph, review, kind]
        while len(row) > 3 and row[-1] == ROW_DEFAULTS[len(row) - 1]:
            row.pop()
        return row


@dataclass(frozen=True, slots=True)
class DocEntries:
    """A document's search entries and its store chunk."""

    entries: tuple[Entry, ...]
    store: dict[str, object]

    def pack(self) -> PackedEntries:
        """Compressed, for a long-lived process to hold in memory (a one-shot build spools
        ``encoded``: a warm build whose index is cached never reads them back)."""
        return PackedEntries(self.digest(), pack((self.entries, self.store)), compressed=True)

    def encoded(self) -> tuple[str, bytes]:
        """The digest and the uncompressed data, for a spool."""
        return self.digest(), encode((self.entries, self.store))

    def digest(self) -> str:
        # The digest comes from JSON of the values: the same bytes for the same entries,
        # however they were made and whatever the spool's format.
        content = orjson.dumps([[(entry.ref, *entry.texts) for entry in self.entries], self.store])
        return hashlib.blake2b(content, digest_size=16).hexdigest()


@dataclass(frozen=True, slots=True)
class PackedEntries:
    """A document's entries packed, with a digest: a build holds every document's until
    the index is made, and a warm build, whose index is cached, needs only the digests."""

    digest: str
    data: Blob
    compressed: bool = False

    def unpack(self) -> DocEntries:
        data = read(self.data)
        entries, store = unpack(data, _ENTRIES) if self.compressed else decode(data, _ENTRIES)
        return DocEntries(entries, store)


_Store = dict[str, str | list[str | int | list[str | int]]]
"""A store record as ``doc_entries`` makes it: strings, rows of strings and numbers, and names."""
_ENTRIES: type[tuple[tuple[Entry, ...], dict[str, object]]] = shape(tuple[tuple[Entry, ...], _Store])


def readable_entries(data: bytes) -> bool:
    """Whether ``data`` is what ``DocEntries.encoded`` makes (for what a cache gives back)."""
    try:
        decode(data, _ENTRIES)
    except Unreadable:
        return False
    return True


def doc_entries(number: int, rendered: RenderedDoc) -> DocEntries:
    """Entries for the document itself, each paragraph and each annotation, in that order."""
    source = rendered.annotated.source
    text = source.text
    labels = dict(rendered.labels)
    records = [_paragraph(p, text) for p in rendered.paragraphs]
    starts = [p.start for p in rendered.paragraphs]
    records += [
        _annotation(a, text, labels.get(a.id, ""), rendered.paragraphs, starts) for a in rendered.annotated.annotations
    ]
    entries = [_doc_entry(number, rendered, records)]
    entries += [_passage_entry(number, i, record) for i, record in enumerate(records)]
    offset = utf16_offsets(text)
    store: dict[str, object] = {
        "t": source.title,
        "u": routes.document(source.slug),
        "o": source.meta.outlet,
        "d": source.meta.published,
        "x": text,
    }
    store["e"], store["n"] = _named([record.row(offset) for record in records])
    return DocEntries(tuple(entries), store)


NAMED = (3, 4, 5)
"""The places in a store row of its label, source and entity: a document repeats them (every
mention of Kyiv says "Kyiv (place)"), so each is written once in the chunk's ``n`` and the row
holds its index there (#23)."""


def _named(rows: list[list[str | int]]) -> tuple[list[list[str | int]], list[str | int]]:
    """``rows`` with each non-empty label, source and entity as its index in the returned list
    of names (first met first); empty ones stay empty."""
    names: dict[str | int, int] = {}
    for row in rows:
        for at in NAMED:
            if at < len(row) and row[at] != "":
                row[at] = names.setdefault(row[at], len(names))
    return rows, list(names)


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def utf16_offsets(text: str) -> Callable[[int], int]:
    """Code-point offsets into ``text`` as JavaScript's (UTF-16) offsets: characters beyond the
    Basic Multilingual Plane (emoji, some scripts) are two code units there."""
    astral = [match.start() for match in _ASTRAL.finditer(text)]
    if not astral:
        return int
    return lambda at: at + bisect.bisect_left(astral, at)


def _doc_entry(number: int, rendered: RenderedDoc, records: list[Record]) -> Entry:
    meta = rendered.annotated.source.meta
    who = _unique([meta.outlet, meta.author] + [r.source for r in records])
    names = _unique([r.entity for r in records])
    return Entry(doc_ref(number), ("", rendered.annotated.source.title, " ".join(who), " ".join(names)))


def _passage_entry(number: int, index: int, record: Record) -> Entry:
    return Entry(passage_ref(number, record.kind, index), (record.text, "", record.source, record.entity))


def _paragraph(paragraph: Paragraph, text: str) -> Record:
    start, end = paragraph.start, paragraph.end
    return Record(paragraph.id, "paragraph", text[start:end], "", "", "", -1, "", start, end)


def _annotation(ann: Annotation, text: str, label: str, paragraphs: tuple[Paragraph, ...], starts: list[int]) -> Record:
    exact = text[ann.start : ann.end]
    source = entity = ""
    if ann.kind == "claim":
        source = speaker(ann, text) if ann.attr("source_name") or ann.part("source") else ""
    elif ann.kind == "dispute":
        part = ann.part("disputant")
        source = ann.attr("disputant_name") or (" ".join(text[part.start : part.end].split()) if part else "")
    elif ann.kind == "entity":
        entity = ann.attr("name") or " ".join(exact.split())
    # Paragraphs are in text order and never overlap: bisect, not a scan per annotation.
    index = bisect.bisect_right(starts, ann.start) - 1
    around = index if index >= 0 and ann.start < paragraphs[index].end else -1
    paragraph = around if ann.kind == "entity" else -1
    return Record(ann.id, ann.kind, exact, label, source, entity, paragraph, ann.review, ann.start, ann.end)


def _unique(values: list[str]) -> list[str]:
    return sorted({value for value in values if value})
