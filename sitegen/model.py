"""Frozen data passed between the build stages: one type per stage."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple, Protocol, TypeVar, overload

from sitegen.errors import Diagnostics, SitegenError
from sitegen.runtime.frozen import direct_init
from sitegen.runtime.spool import Blob, Spool, by_fields, pack, read, unpack

OriginKind = Literal["machine", "curated"]
_T = TypeVar("_T")
Review = Literal["reviewed", "proposed"]
"""An annotation's review state: a curated entry made, corrected or confirmed it, or not yet."""


@by_fields
@direct_init
@dataclass(frozen=True, slots=True)
class Origin:
    """One step in an annotation's history: the annotator or curated entry that made it."""

    kind: OriginKind
    name: str
    """Annotator name (``claims.rules``) or the curated file's project-relative path."""
    version: str
    """Annotator version; empty for curated entries."""
    rule: str
    """The rule or model label that fired (``according_to``, ``ner:GPE``) or the curated action."""
    line: int = 0
    """1-based line of the curated entry; 0 for machine annotations."""


@by_fields
@direct_init
@dataclass(frozen=True, slots=True)
class Part:
    """A labelled sub-span of an annotation, such as a claim's source, cue or content."""

    role: str
    start: int
    end: int


@by_fields
@direct_init
@dataclass(frozen=True, slots=True)
class Proposal:
    """A stand-off annotation before it has an id: what annotators and curated entries produce.

    ``start``/``end`` are half-open code-point offsets into ``SourceDoc.text``.
    ``parts`` may lie outside ``[start, end)`` (a denial in the next sentence, say).
    ``attrs`` is a sorted tuple of string pairs so the record stays hashable and
    serialises deterministically.
    """

    kind: str
    start: int
    end: int
    parts: tuple[Part, ...]
    attrs: tuple[tuple[str, str], ...]
    provenance: tuple[Origin, ...]
    confidence: float
    note: str = ""

    def attr(self, key: str, default: str = "") -> str:
        """The value of attribute ``key``, or ``default``."""
        for name, value in self.attrs:
            if name == key:
                return value
        return default

    def part(self, role: str) -> Part | None:
        """The first part with ``role``, if any."""
        for part in self.parts:
            if part.role == role:
                return part
        return None

    @property
    def review(self) -> Review:
        """``reviewed`` once a curated entry (add, correct, confirm) is in its history, else
        ``proposed``: a machine proposal nobody has checked."""
        return "reviewed" if any(o.kind == "curated" for o in self.provenance) else "proposed"


@by_fields
@direct_init
@dataclass(frozen=True, slots=True)
class Annotation(Proposal):
    """A merged annotation with its stable, content-derived id."""

    id: str = ""


def make_attrs(**values: str) -> tuple[tuple[str, str], ...]:
    """Attributes as the sorted tuple the model stores, dropping empty values."""
    return tuple(sorted((key, value) for key, value in values.items() if value))


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A file found on disk, before it is read."""

    path: str
    """Project-relative POSIX path."""
    role: Literal["seed", "document-meta", "annotations", "entities", "page"]


@by_fields
@direct_init
@dataclass(frozen=True, slots=True)
class Block:
    """A top-level block of a plain-text document: a headline or paragraph range."""

    kind: Literal["headline", "paragraph"]
    start: int
    end: int


@by_fields
@dataclass(frozen=True, slots=True)
class DocMeta:
    """Curated metadata for one document (sidecar YAML or Markdown front matter)."""

    title: str = ""
    outlet: str = ""
    author: str = ""
    published: str = ""
    """ISO date, ``YYYY-MM-DD`` (or ``YYYY-MM``/``YYYY``)."""
    source_url: str = ""
    archived_url: str = ""
    language: str = "en"
    notes: str = ""


@by_fields
@dataclass(frozen=True, slots=True)
class SourceDoc:
    """A document as read: its text (the annotation coordinate space) and metadata."""

    slug: str
    """Stable URL key, derived from the file name, never from the title."""
    path: str
    format: Literal["text", "markdown"]
    raw: bytes
    """The original file, byte for byte, for the archived copy and its hash."""
    sha256: str
    text: str
    """Plain text: the file after newline normalisation. Markdown: the text a reader sees."""
    markdown: str
    """Markdown body (front matter removed); empty for plain text."""
    blocks: tuple[Block, ...]
    """Plain-text blocks; empty for Markdown, whose blocks come from the parser."""
    meta: DocMeta
    title: str
    """Display title: the curated one, else the headline, else derived from the text."""
    meta_path: str = ""
    """Where the metadata came from (sidecar path), for error messages."""


@dataclass(frozen=True, slots=True)
class ExtraPage:
    """A curated Markdown page (``content/pages/NAME.md``): about, methodology…"""

    slug: str
    path: str
    title: str
    markdown: str


@by_fields
@dataclass(frozen=True, slots=True)
class AnnotatedDoc:
    """A document with its merged annotations, sorted by (start, -end, kind, id)."""

    source: SourceDoc
    annotations: tuple[Annotation, ...]


KINDS = ("claim", "dispute", "entity")
"""The annotation kinds sitegen makes and shows, in legend order."""

ENTITY_TYPES = ("person", "organisation", "place", "group", "date", "event", "other")
"""Coarse entity types shown to readers; annotators map model labels onto these."""


@dataclass(frozen=True, slots=True)
class Entity:
    """A registry entry: one canonical identity with every spelling it goes by."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    description: str = ""
    links: tuple[tuple[str, str], ...] = ()
    """(label, URL) pairs, e.g. ("wikidata", "https://www.wikidata.org/wiki/Q1899")."""
    path: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True)
class EntityRegistry:
    """Every curated entity of the archive, in file order."""

    entities: tuple[Entity, ...] = ()

    def get(self, entity_id: str) -> Entity | None:
        for entity in self.entities:
            if entity.id == entity_id:
                return entity
        return None

    def names(self) -> tuple[tuple[str, Entity], ...]:
        """Every (surface form, entity) pair: canonical names and aliases."""
        return tuple((surface, entity) for entity in self.entities for surface in (entity.name, *entity.aliases))


@dataclass(frozen=True, slots=True)
class PassageRef:
    """An annotation somewhere in the archive: its document's slug and its id."""

    doc: str
    id: str


RELATIONS = {"supports": "supported by", "contradicts": "contradicted by", "see_also": "see also"}
"""Curated relations between passages and how they read from the other end."""


@dataclass(frozen=True, slots=True)
class PassageLink:
    """A curated relation from one annotated passage to another, with where it was written."""

    relation: str
    source: PassageRef
    target: PassageRef
    path: str
    line: int


@dataclass(frozen=True, slots=True)
class Alias:
    """An id that was published once and changed since: where its links now lead."""

    doc: str
    old: str
    new: str
    """The current id, or empty when the passage is gone from the document."""


@direct_init
@dataclass(frozen=True, slots=True)
class Paragraph:
    """A rendered block with its stable id and the text range it shows."""

    id: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class RenderedDoc:
    """A document's HTML fragments, ready to be put into a page template."""

    annotated: AnnotatedDoc
    title_html: str
    """The page heading: the highlighted headline when it is the title, else the escaped title."""
    body_html: str
    paragraphs: tuple[Paragraph, ...]
    labels: tuple[tuple[str, str], ...]
    """(annotation id, one-line description) for every annotation, in document order."""


@direct_init
@dataclass(frozen=True, slots=True)
class Page:
    """One output file: its site-relative path and bytes."""

    path: str
    content: bytes


@dataclass(frozen=True, slots=True)
class StreamedPage:
    """An output file too big to hold: its site-relative path and the pieces it is written from."""

    path: str
    chunks: Callable[[], Iterable[bytes]]


@dataclass(frozen=True, slots=True)
class Archive:
    """The whole annotated archive: documents, registry, links between passages, old ids."""

    docs: Documents
    registry: EntityRegistry
    links: tuple[PassageLink, ...]
    aliases: tuple[Alias, ...]


class Keeper(Protocol):
    """Where what later stages make from one document's analysis alone can be kept for the
    next build (its entry in the analysis cache), under a ``salt`` naming anything else it used;
    ``load`` gives None when nothing of type ``kind`` is kept under it."""

    def load(self, salt: bytes, kind: type[_T]) -> _T | None: ...

    def store(self, salt: bytes, value: object) -> None: ...


class Opened(NamedTuple):
    """A document as its second analysis pass left it: None if that failed (``found`` says why),
    with the locked ids of it that moved and how many of its ids the lock lacks."""

    doc: AnnotatedDoc | None
    aliases: tuple[Alias, ...]
    unlocked: int
    found: Diagnostics
    kept: Keeper | None = None


class _Pending:
    """A document not analysed yet: it is, where it is used (``Documents.opened``)."""


_PENDING = _Pending()


class Documents(Sequence[AnnotatedDoc]):
    """The archive's annotated documents in order, with their slugs at hand.

    A one-shot build leaves most documents *pending* and analyses each in the worker that
    renders it (``opener``), so no document is packed and unpacked between the two; the
    ``sitegen check`` and ``lock`` commands keep each packed (compressed data, a tenth of its
    size as objects); a long-lived process keeps them as objects.
    """

    def __init__(
        self,
        docs: Iterable[AnnotatedDoc] = (),
        store: Spool | None = None,
        opener: Callable[[int], Opened] | None = None,
    ) -> None:
        self.store = store
        """Where packed documents go (memory, or a build's spool); None keeps them as objects."""
        self.opener = opener
        """Analyses the pending document at an index."""
        self.slugs: list[str] = []
        self._items: list[AnnotatedDoc | Blob | _Pending] = []
        self._index: dict[str, int] = {}
        for doc in docs:
            self.append(doc)

    def append(self, doc: AnnotatedDoc) -> None:
        self._add(doc.source.slug, doc if self.store is None else self.store.put(pack(doc)))

    def append_packed(self, slug: str, packed: Blob) -> None:
        """A document another process packed into this store."""
        self._add(slug, packed)

    def append_pending(self, slug: str) -> None:
        """A document the ``opener`` analyses when it is used."""
        self._add(slug, _PENDING)

    def _add(self, slug: str, item: AnnotatedDoc | Blob | _Pending) -> None:
        self._index[slug] = len(self.slugs)
        self.slugs.append(slug)
        self._items.append(item)

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, index: int) -> AnnotatedDoc: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[AnnotatedDoc]: ...

    def __getitem__(self, index: int | slice) -> AnnotatedDoc | Sequence[AnnotatedDoc]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        opened = self.opened(index)
        if opened.doc is None:
            raise SitegenError(opened.found.errors)
        return opened.doc

    def opened(self, index: int) -> Opened:
        """The document at ``index``; a pending one is analysed now, and what that found is
        returned with it (for the others, it was reported when they were analysed)."""
        item = self._items[index]
        if isinstance(item, _Pending):
            assert self.opener is not None, "pending documents need an opener"
            return self.opener(index)
        doc = item if isinstance(item, AnnotatedDoc) else unpack(read(item), AnnotatedDoc)
        return Opened(doc, (), 0, Diagnostics())

    def get(self, slug: str) -> AnnotatedDoc | None:
        index = self._index.get(slug)
        return None if index is None else self[index]
