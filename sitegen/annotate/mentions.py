"""Entity mentions with one identity: registry names first, then the statistical model."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from sitegen.annotate import tidy
from sitegen.annotate.gazetteer import Gazetteer, Place
from sitegen.annotate.spans import clean_entity_span, doc_text, slugify
from sitegen.annotate.tidy import Piece
from sitegen.model import Entity, EntityRegistry

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

NER_TYPES = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
    "DATE": "date",
    "TIME": "date",
    "EVENT": "event",
    "LAW": "other",
    "PRODUCT": "other",
    "WORK_OF_ART": "other",
}
NUMBER_LABELS = frozenset({"CARDINAL", "QUANTITY", "MONEY", "PERCENT", "ORDINAL"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
MISREAD_PLACE_LABELS = frozenset({"PERSON", "ORG"})
"""Labels the small model gives a country or a big city by mistake ("Norway" as a person)."""
REGISTRY_CONFIDENCE = 0.95
NER_CONFIDENCE = 0.7


@dataclass(frozen=True, slots=True)
class Mention:
    """One entity mention linked to an identity (registry id or the slug of its name)."""

    start: int
    end: int
    entity_id: str
    type: str
    name: str
    rule: str
    """``registry``, ``geonames:<LABEL>`` (a model entity found in the gazetteer), ``ner:<LABEL>``,
    or ``tidy:year`` (the year a registry event's name opens with)."""
    confidence: float
    extra: tuple[tuple[str, str], ...] = ()
    """More attributes: a place's ``geonames_id``, ``latitude`` and ``longitude``; a person's ``role``."""

    @property
    def from_registry(self) -> bool:
        return self.rule == "registry"


@dataclass(frozen=True, slots=True)
class RegistryIndex:
    """Every registry surface in one compiled pattern, apostrophe-insensitive."""

    pattern: re.Pattern[str] | None
    entities: tuple[tuple[str, Entity], ...]
    """(normalised surface, entity) pairs."""

    def lookup(self, surface: str) -> Entity | None:
        key = _fold(surface)
        for name, entity in self.entities:
            if name == key:
                return entity
        return None


def build_index(registry: EntityRegistry) -> RegistryIndex:
    """Compile the registry's names and aliases, longest first so "Donetsk region" beats "Donetsk"."""
    pairs = tuple((_fold(surface), entity) for surface, entity in registry.names() if surface)
    if not pairs:
        return RegistryIndex(None, ())
    surfaces = sorted({surface for surface, _ in pairs}, key=lambda s: (-len(s), s))
    alternation = "|".join(re.escape(s).replace("'", "['’]") for s in surfaces)
    return RegistryIndex(re.compile(rf"(?<!\w)(?:{alternation})(?!\w)"), pairs)


def _fold(surface: str) -> str:
    return surface.replace("’", "'")


def find_mentions(
    doc: Doc, index: RegistryIndex, keep_numbers: bool, places: Gazetteer | None = None
) -> tuple[Mention, ...]:
    """Registry matches, then the model's entities that do not overlap them, linked in-document;
    places (registry or model) linked to the gazetteer when one is given."""
    text = doc_text(doc)
    found = list(registry_mentions(text, index))
    if places is not None:
        found = [_located(m, places) for m in found]
    taken = [(m.start, m.end) for m in found]
    for mention in model_mentions(doc, keep_numbers, places):
        if not any(mention.start < end and start < mention.end for start, end in taken):
            found.append(mention)
    return link_short_names(sorted(found, key=lambda m: (m.start, m.end)), text)


def registry_mentions(text: str, index: RegistryIndex) -> list[Mention]:
    """Every registry name in the text, under the span convention of the model's entities: the
    possessive outside ("Konstantinovka’s"), a person's titles as the role ("President Vladimir
    Putin"), a year before an event a date of its own ("2014 Maidan protests")."""
    if index.pattern is None:
        return []
    mentions = []
    for match in index.pattern.finditer(text):
        entity = index.lookup(match.group())
        if entity is not None:
            mentions += _registry_pieces(text, *clean_entity_span(text, *match.span()), entity)
    return mentions


def _registry_pieces(text: str, start: int, end: int, entity: Entity) -> list[Mention]:
    if entity.type == "person":
        pieces = [tidy.untitled(text, start, end)]
    elif entity.type == "event":
        pieces = tidy.event_pieces(text, start, end)
    else:
        pieces = [Piece(start, end)]
    found = []
    for piece in pieces:
        if piece.kind == "date":
            surface = text[piece.start : piece.end]
            found.append(
                Mention(piece.start, piece.end, slugify(surface), "date", surface, "tidy:year", NER_CONFIDENCE)
            )
            continue
        extra = (("role", piece.role),) if piece.role else ()
        found.append(
            Mention(piece.start, piece.end, entity.id, entity.type, entity.name, "registry", REGISTRY_CONFIDENCE, extra)
        )
    return found


def _located(mention: Mention, places: Gazetteer) -> Mention:
    """A registry place keeps its id, name and type, and gains the gazetteer's identifiers."""
    if mention.type != "place":
        return mention
    place = places.lookup(mention.name)
    return replace(mention, extra=_place_attrs(place)) if place is not None else mention


def _place_attrs(place: Place) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((k, v) for k, v in place.attrs().items() if v))


def _gazetteer_mention(start: int, end: int, surface: str, label: str, places: Gazetteer) -> Mention | None:
    """A model entity that is a known place: its canonical name and GeoNames identifiers."""
    if label in PLACE_LABELS:
        place = places.lookup(surface)
    elif label in MISREAD_PLACE_LABELS:
        place = places.lookup_person(surface)
    else:
        return None
    if place is None:
        return None
    extra = _place_attrs(place)
    return Mention(start, end, slugify(place.name), "place", place.name, f"geonames:{label}", NER_CONFIDENCE, extra)


def model_mentions(doc: Doc, keep_numbers: bool, places: Gazetteer | None = None) -> list[Mention]:
    text = doc_text(doc)
    mentions = []
    for ent in doc.ents:
        kind = NER_TYPES.get(ent.label_)
        if kind is None and keep_numbers and ent.label_ in NUMBER_LABELS:
            kind = "other"
        if kind is None:
            continue
        start, end = clean_entity_span(text, ent.start_char, ent.end_char)
        for piece in _pieces(doc, ent, kind, start, end):
            mention = _mention(text, piece, piece.kind or kind, ent.label_, places)
            if mention is not None:
                mentions.append(mention)
    return mentions


def _pieces(doc: Doc, ent: Span, kind: str, start: int, end: int) -> list[Piece]:
    """The clean spans of one model entity: dates vetted and split, titles moved out of names."""
    if kind == "date":
        return tidy.date_pieces(doc_text(doc), start, end)
    if kind == "person":
        piece = tidy.person_piece(doc, ent, start, end)
        return [piece] if piece is not None else []
    if tidy.abbreviates_common_noun(doc_text(doc), start, end):
        return []
    if kind == "event":
        return tidy.event_pieces(doc_text(doc), start, end)
    return [Piece(start, end)]


def _mention(text: str, piece: Piece, kind: str, label: str, places: Gazetteer | None) -> Mention | None:
    start, end = piece.start, piece.end
    surface = text[start:end]
    if end - start < 2 or not any(ch.isalnum() for ch in surface):
        return None
    if kind != "date" and not surface[0].isupper() and not surface[0].isdigit():
        return None
    located = _gazetteer_mention(start, end, surface, label, places) if places is not None else None
    if located is not None:
        return located
    extra = (("role", piece.role),) if piece.role else ()
    return Mention(start, end, slugify(surface), kind, surface, f"ner:{label}", NER_CONFIDENCE, extra)


def link_short_names(mentions: list[Mention], text: str) -> tuple[Mention, ...]:
    """A surname alone ("Marochko") takes the identity of the full name used in the document, and is
    a person even when several full names end with it."""
    full: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for mention in mentions:
        words = mention.name.split()
        if mention.type == "person" and len(words) > 1:
            full[words[-1]].add((mention.entity_id, mention.name))
    linked = []
    for mention in mentions:
        surface = text[mention.start : mention.end]
        owners = full.get(surface, set())
        if mention.from_registry or " " in surface or not owners:
            pass
        elif len(owners) == 1:
            entity_id, name = next(iter(owners))
            mention = replace(mention, entity_id=entity_id, name=name, type="person")
        else:  # the surname of several full names ("Kristin Wilkins", "Kristen Wilkins"): a person still
            mention = replace(mention, type="person")
        linked.append(mention)
    return tuple(linked)
