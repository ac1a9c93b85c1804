"""What the cross-document pages list: entities, sources, claims and disputes as views over
their passages, and the summaries the indexes, the overview and the map of places show."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sitegen.site import routes
from sitegen.site.passages import Passage


@dataclass(frozen=True, slots=True)
class EntityView:
    id: str
    name: str
    type: str
    description: str
    aliases: tuple[str, ...]
    links: tuple[tuple[str, str], ...]
    mentions: tuple[Passage, ...]
    documents: int
    source_path: str
    """Path of this entity's source page when claims are attributed to it, else empty."""
    place: Place | None = None
    """Where a GeoNames-linked place is (from its mentions)."""
    roles: tuple[str, ...] = ()
    """The titles its mentions give a person ("Defence Minister"), most used first."""

    @property
    def mention_count(self) -> int:
        return len(self.mentions)

    @property
    def by_document(self) -> tuple[MentionGroup, ...]:
        """The mentions grouped by document, in the order they are listed."""
        groups: dict[str, list[Passage]] = {}
        for mention in self.mentions:
            groups.setdefault(mention.url.partition("#")[0], []).append(mention)
        return tuple(MentionGroup(path, tuple(found)) for path, found in groups.items())


@dataclass(frozen=True, slots=True)
class MentionGroup:
    """One document's mentions of an entity: the document named once, each mention by reference."""

    path: str
    passages: tuple[Passage, ...]

    @property
    def title(self) -> str:
        return self.passages[0].doc_title

    @property
    def review(self) -> str:
        """``proposed`` while any of its mentions is a machine proposal nobody has reviewed."""
        return "proposed" if any(p.review == "proposed" for p in self.passages) else "reviewed"


@dataclass(frozen=True, slots=True)
class Place:
    """A place's GeoNames identity: its id, page and point (no point for a country or region)."""

    geonames_id: str
    latitude: str = ""
    longitude: str = ""

    @property
    def url(self) -> str:
        return f"https://www.geonames.org/{self.geonames_id}"


@dataclass(frozen=True, slots=True)
class ClaimView:
    passage: Passage
    content: str
    cue: str
    disputes: tuple[Passage, ...]
    phrase: str = ""
    """The source as the text words it ("military analyst Andrew Marochko")."""


@dataclass(frozen=True, slots=True)
class SourceView:
    id: str
    name: str
    kind: str
    entity_path: str
    claims: tuple[ClaimView, ...]

    @property
    def claim_count(self) -> int:
        return len(self.claims)


@dataclass(frozen=True, slots=True)
class DisputeView:
    passage: Passage
    reason: str
    disputant: str
    claim: Passage | None


@dataclass(frozen=True, slots=True)
class EntitySummary:
    """An entity as its index lists it."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...]
    mention_count: int
    documents: int
    place: Place | None = None


@dataclass(frozen=True, slots=True)
class SourceSummary:
    """A source as its index and the overview list it."""

    id: str
    name: str
    kind: str
    claim_count: int


def entity_summary(view: EntityView) -> EntitySummary:
    return EntitySummary(view.id, view.name, view.type, view.aliases, view.mention_count, view.documents, view.place)


@dataclass(frozen=True, slots=True)
class MapPoint:
    """One GeoNames-linked place with a point, for a map of the archive's places."""

    id: str
    name: str
    latitude: float
    longitude: float
    geonames: str
    """The place's GeoNames page."""
    url: str
    """Site-relative path of its entity page."""
    mentions: int


def place_map(entities: Sequence[EntitySummary]) -> tuple[MapPoint, ...]:
    """Every entity with a GeoNames point, by name: the data a template draws a map from."""
    return tuple(
        MapPoint(
            e.id,
            e.name,
            float(e.place.latitude),
            float(e.place.longitude),
            e.place.url,
            routes.entity(e.id),
            e.mention_count,
        )
        for e in entities
        if e.place is not None and e.place.latitude and e.place.longitude
    )


def source_summary(view: SourceView) -> SourceSummary:
    return SourceSummary(view.id, view.name, view.kind, view.claim_count)
