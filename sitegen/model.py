"""Frozen data passed between the build stages: one type per stage."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal, NamedTuple, Protocol, TypeVar

from sitegen.errors import Diagnostics

OriginKind = Literal["machine", "curated"]
_T = TypeVar("_T")
Review = Literal["reviewed", "proposed"]
"""An annotation's review state: a curated entry made, corrected or confirmed it, or not yet."""


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


@dataclass(frozen=True, slots=True)
class Part:
    """A labelled sub-span of an annotation, such as a claim's source, cue or content."""

    role: str
    start: int
    end: int


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
    review: Review = field(init=False, default="proposed", compare=False)
    """Worked out from ``provenance`` when it is made (merge, the analysis cache), so the stages
    after it read a field: ``reviewed`` once a curated entry is in its history, else ``proposed``."""

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

    def __post_init__(self) -> None:
        object.__setattr__(self, "review", _review_of(self.provenance))


def _review_of(provenance: tuple[Origin, ...]) -> Review:
    """``reviewed`` once a curated entry (add, correct, confirm) is in its history, else
    ``proposed``: a machine proposal nobody has checked."""
    for origin in provenance:
        if origin.kind == "curated":
            return "reviewed"
    return "proposed"


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


@dataclass(frozen=True, slots=True)
class Block:
    """A top-level block of a plain-text document: a headline or paragraph range."""

    kind: Literal["headline", "paragraph"]
    start: int
    end: int


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
    added: str = ""
    """When the archive took the document in (ISO date): the documents feed's order; else ``published``."""


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
    """The annotated archive as the archive-wide stages see it: every document's slug, in order;
    the documents the link stage looked at (those curated links name, or every one for a
    long-lived process), the registry, the links between passages, the old ids that moved."""

    slugs: tuple[str, ...]
    docs: tuple[AnnotatedDoc, ...]
    registry: EntityRegistry
    links: tuple[PassageLink, ...]
    aliases: tuple[Alias, ...]

    def get(self, slug: str) -> AnnotatedDoc | None:
        """A document the link stage looked at, by slug."""
        return next((doc for doc in self.docs if doc.source.slug == slug), None)


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


@dataclass(frozen=True, slots=True)
class Rating:
    """One step of the verdict scale (``fact_checks.scale`` in the config)."""

    id: str
    """What a verdict's ``rating:`` names (compared case-insensitively)."""
    label: str
    """Shown to readers, and ClaimReview's ``alternateName``."""
    meaning: str
    """One plain sentence telling readers what the rating says."""
    value: int
    """ClaimReview's ``ratingValue``; the scale's lowest and highest are its worst and best."""


@dataclass(frozen=True, slots=True)
class Evidence:
    """A source a verdict rests on: http(s) links only."""

    url: str
    title: str
    archived_url: str = ""


@dataclass(frozen=True, slots=True)
class Verdict:
    """An editor's curated judgement of one claim: never made by a machine.

    Keyed by ``claim`` (document slug and claim id), so anything that knows a claim (its
    document page, a group of claims that travel) can look its verdict up."""

    claim: PassageRef
    rating: Rating
    explanation: str
    """Markdown, rendered like a page: raw HTML as text, only http(s), mailto and relative links."""
    evidence: tuple[Evidence, ...]
    reviewer: str
    date: str
    """ISO date, ``YYYY-MM-DD``."""
    path: str
    """The curated file it was written in, and the entry's line."""
    line: int
    applied_from: PassageRef | None = None
    """When the verdict was given to another appearance of the claim's group and applied to the
    whole group (``whole_group: true``): that appearance. None: given to this claim itself."""
    applied_title: str = ""
    """The title of ``applied_from``'s document."""
