"""Gold documents as the evaluators see them: text plus stand-off relations and entities."""

from __future__ import annotations

from dataclasses import dataclass

Spans = tuple[tuple[int, int], ...]
"""One possibly discontinuous span: sorted half-open (start, end) ranges."""


@dataclass(frozen=True, slots=True)
class Relation:
    """An attribution: cue, source and content, each possibly empty or discontinuous."""

    cue: Spans
    source: Spans
    content: Spans


@dataclass(frozen=True, slots=True)
class Mention:
    """A named-entity mention with its coarse type (``model.ENTITY_TYPES``)."""

    start: int
    end: int
    type: str


@dataclass(frozen=True, slots=True)
class Dispute:
    """A disputed statement and its reason (denied | unverified | contradicted)."""

    start: int
    end: int
    reason: str


@dataclass(frozen=True, slots=True)
class GoldDoc:
    """One evaluation document. A corpus that lacks a kind leaves it ``None``."""

    name: str
    text: str
    relations: tuple[Relation, ...] | None = None
    mentions: tuple[Mention, ...] | None = None
    disputes: tuple[Dispute, ...] | None = None
    outside: tuple[Mention, ...] = ()
    """Mentions the corpus marks that the scored set leaves out (a name without an identity, a
    duration): a prediction that meets one of the same type and no scored mention counts neither way."""


def spans_text(text: str, spans: Spans) -> str:
    """The surface of a possibly discontinuous span, pieces joined by a space."""
    return " ".join(text[start:end] for start, end in spans)
