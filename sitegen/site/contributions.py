"""What each document adds to the cross-document pages, so those pages can be assembled
from per-document parts and a rebuild recomputes only the parts of changed documents."""

from __future__ import annotations

import itertools
import zlib
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sitegen.analyse.merge import entity_slug
from sitegen.model import AnnotatedDoc, Annotation, Entity, EntityRegistry
from sitegen.render.labels import as_written, speaker
from sitegen.runtime.data import Unreadable, decode, encode, shape
from sitegen.runtime.spool import Blob, Spool, Spooled
from sitegen.site import routes
from sitegen.site.listings import ClaimView, DisputeView, Place
from sitegen.site.listings import EntitySummary as EntitySummary  # these seven: site/pages.py imports them from here
from sitegen.site.listings import EntityView as EntityView
from sitegen.site.listings import SourceSummary as SourceSummary
from sitegen.site.listings import SourceView as SourceView
from sitegen.site.listings import entity_summary as entity_summary
from sitegen.site.listings import place_map as place_map
from sitegen.site.listings import source_summary as source_summary
from sitegen.site.passages import Passage, fold_space, passage


def source_key(ann: Annotation, text: str) -> str:
    """Which source page a claim belongs on: its linked entity, else its source's words."""
    if ann.attr("source_entity"):
        return ann.attr("source_entity")
    part = ann.part("source")
    return entity_slug(text[part.start : part.end]) if part else "unattributed"


@dataclass(frozen=True, slots=True)
class Mention:
    entity_id: str
    name: str
    type: str
    passage: Passage
    facts: tuple[tuple[str, str], ...] = ()
    """The mention's place identifiers and the person's role, as ``ENTITY_FACTS`` names them."""


ENTITY_FACTS = ("geonames_id", "latitude", "longitude", "role")
"""Entity attributes the entity pages show: a GeoNames place's id and point, a person's role."""


@dataclass(frozen=True, slots=True)
class Attributed:
    source_key: str
    speaker: str
    source_kind: str
    claim: ClaimView


@dataclass(frozen=True, slots=True)
class Contribution:
    """One document's entity mentions, attributed claims and disputed statements, as views."""

    slug: str
    mentions: tuple[Mention, ...]
    claims: tuple[Attributed, ...]
    disputes: tuple[DisputeView, ...]


def contribution(doc: AnnotatedDoc) -> Contribution:
    text = doc.source.text
    disputes = tuple(_dispute_view(doc, ann) for ann in doc.annotations if ann.kind == "dispute")
    disputed: dict[str, list[Passage]] = defaultdict(list)
    for ann, view in zip((a for a in doc.annotations if a.kind == "dispute"), disputes, strict=True):
        if ann.attr("disputes"):
            disputed[ann.attr("disputes")].append(view.passage)
    return Contribution(
        slug=doc.source.slug,
        mentions=tuple(
            Mention(
                ann.attr("entity_id"),
                ann.attr("name"),
                ann.attr("entity_type", "other"),
                passage(doc, ann),
                tuple((key, ann.attr(key)) for key in ENTITY_FACTS if ann.attr(key)),
            )
            for ann in doc.annotations
            if ann.kind == "entity"
        ),
        claims=tuple(
            Attributed(
                source_key(ann, text), speaker(ann, text), ann.attr("source_kind"), _claim_view(doc, ann, disputed)
            )
            for ann in doc.annotations
            if ann.kind == "claim"
        ),
        disputes=disputes,
    )


def _claim_view(doc: AnnotatedDoc, ann: Annotation, disputed: dict[str, list[Passage]]) -> ClaimView:
    text = doc.source.text

    def part_text(role: str) -> str:
        part = ann.part(role)
        return fold_space(text[part.start : part.end]) if part else ""

    return ClaimView(
        passage=passage(doc, ann),
        content=part_text("content") or fold_space(text[ann.start : ann.end]),
        cue=part_text("cue"),
        disputes=tuple(disputed.get(ann.id, ())),
        phrase=part_text("source"),
    )


def _dispute_view(doc: AnnotatedDoc, ann: Annotation) -> DisputeView:
    claim = next((a for a in doc.annotations if a.id == ann.attr("disputes")), None)
    return DisputeView(
        passage=passage(doc, ann),
        reason=ann.attr("reason") or "disputed",
        disputant=as_written(ann, "disputant", doc.source.text),
        claim=passage(doc, claim) if claim is not None else None,
    )


def entity_views_of(
    parts: Sequence[Contribution], registry: EntityRegistry, shard: int | None = None
) -> tuple[EntityView, ...]:
    """One view per entity: every registry entry and every entity mentioned anywhere
    (in ``shard`` only, when the parts are that shard's)."""
    mentions: dict[str, list[Mention]] = defaultdict(list)
    for part in parts:
        for mention in part.mentions:
            mentions[mention.entity_id].append(mention)
    sources = {claim.source_key for part in parts for claim in part.claims}
    registered = {e.id: e for e in registry.entities if shard is None or shard_of(e.id) == shard}
    views = []
    for ident in sorted(set(mentions) | set(registered)):
        found = mentions.get(ident, [])
        entity = registered.get(ident) or _unregistered(ident, found)
        views.append(
            EntityView(
                id=ident,
                name=entity.name,
                type=entity.type,
                description=entity.description,
                aliases=entity.aliases,
                links=entity.links,
                mentions=tuple(m.passage for m in found),
                documents=len({m.passage.url.partition("#")[0] for m in found}),
                source_path=routes.source(ident) if ident in sources else "",
                place=place_of(found),
                roles=roles_of(found),
            )
        )
    return tuple(sorted(views, key=lambda v: (v.name.casefold(), v.id)))


def _unregistered(ident: str, found: list[Mention]) -> Entity:
    """The longest name it goes by, and the type most of its mentions have."""
    name = min({m.name for m in found}, key=lambda n: (-len(n), n), default=ident)
    types = Counter(m.type for m in found)
    return Entity(ident, name, min(types, key=lambda t: (-types[t], t), default="other"))


def place_of(mentions: Sequence[Mention]) -> Place | None:
    """The GeoNames place most of an entity's linked mentions name."""
    found = Counter(
        (facts.get("geonames_id", ""), facts.get("latitude", ""), facts.get("longitude", ""))
        for facts in (dict(m.facts) for m in mentions)
        if facts.get("geonames_id")
    )
    if not found:
        return None
    best = min(found, key=lambda key: (-found[key], key))
    return Place(*best)


def roles_of(mentions: Sequence[Mention]) -> tuple[str, ...]:
    counts = Counter(dict(m.facts).get("role", "") for m in mentions)
    counts.pop("", None)
    return tuple(sorted(counts, key=lambda role: (-counts[role], role)))


def source_views_of(parts: Sequence[Contribution], registry: EntityRegistry) -> tuple[SourceView, ...]:
    """Who said what: one view per source with every claim attributed to it and its disputes."""
    grouped: dict[str, list[Attributed]] = defaultdict(list)
    for part in parts:
        for claim in part.claims:
            grouped[claim.source_key].append(claim)
    entities = {entity.id for entity in registry.entities} | {m.entity_id for p in parts for m in p.mentions}
    views = [
        SourceView(
            id=key,
            name=claims[0].speaker,
            kind=claims[0].source_kind,
            entity_path=routes.entity(key) if key in entities else "",
            claims=tuple(c.claim for c in claims),
        )
        for key, claims in grouped.items()
    ]
    return tuple(sorted(views, key=lambda v: (v.name.casefold(), v.id)))


# --- Shards: the parts filed by key, so each cross-document page is assembled from its shard alone


SHARDS = 32
"""Entity ids and source keys are spread over this many shards (the same key, same shard, in both)."""


def shard_of(key: str) -> int:
    return zlib.crc32(key.encode("utf-8")) % SHARDS


Piece = tuple[tuple[Mention, ...], tuple[Attributed, ...]]

_EMPTY_PIECE: Piece = ((), ())
_EMPTY_PIECE_SIZE = len(encode(_EMPTY_PIECE))
"""Any piece with something in it encodes longer: three bytes hold only two empty arrays."""


@dataclass(frozen=True, slots=True)
class Shards:
    """A document's contribution cut into shards by the key each item is filed under. A one-shot
    build encodes each (``sitegen.runtime.data``) and spools them together (``blob``, cut at ``bounds``): a process
    assembling one shard's pages reads that shard of every document and nothing else. A
    long-lived process keeps them as objects (``pieces``, ``disputes``)."""

    slug: str
    pieces: tuple[Piece, ...] = ()
    disputes: tuple[DisputeView, ...] = ()
    blob: Blob = b""
    bounds: tuple[int, ...] = ()
    """Where each shard, then the disputes, start and end in ``blob``."""

    def shard(self, index: int) -> Contribution:
        if self.pieces:
            mentions, claims = self.pieces[index]
        elif self.bounds[index + 1] - self.bounds[index] == _EMPTY_PIECE_SIZE:
            mentions, claims = _EMPTY_PIECE  # a third of a document's shards: no read needed
        else:
            mentions, claims = decode(self._packed(index), _PIECE)
        return Contribution(self.slug, mentions, claims, ())

    @classmethod
    def spooled(cls, slug: str, packed: tuple[bytes, tuple[int, ...]], spool: Spool) -> Shards:
        """A document's shards as ``packed_shards`` made them, put in ``spool``."""
        blob, bounds = packed
        return cls(slug, blob=spool.put(blob), bounds=bounds)

    def dispute_views(self) -> tuple[DisputeView, ...]:
        return decode(self._packed(SHARDS), _DISPUTES) if self.bounds else self.disputes

    def _packed(self, index: int) -> bytes:
        start, end = self.bounds[index], self.bounds[index + 1]
        if isinstance(self.blob, Spooled):
            return self.blob.read_within(start, end)
        return self.blob[start:end]


_PIECE: type[Piece] = shape(Piece)
_DISPUTES: type[tuple[DisputeView, ...]] = shape(tuple[DisputeView, ...])


def readable_shards(blob: bytes, bounds: tuple[int, ...]) -> bool:
    """Whether ``packed_shards`` could have made ``blob`` and ``bounds``: one piece per shard,
    then the disputes, each that will be read of the right shape (for what a cache gives back)."""
    if len(bounds) != SHARDS + 2 or bounds[0] != 0 or bounds[-1] != len(blob):
        return False
    if any(start > end for start, end in itertools.pairwise(bounds)):
        return False
    view = memoryview(blob)
    try:
        for index in range(SHARDS):
            if bounds[index + 1] - bounds[index] != _EMPTY_PIECE_SIZE:  # never read (``Shards.shard``)
                decode(view[bounds[index] : bounds[index + 1]], _PIECE)
        decode(view[bounds[SHARDS] : bounds[SHARDS + 1]], _DISPUTES)
    except Unreadable:
        return False
    return True


def shards_of(part: Contribution) -> Shards:
    """``part`` in shards, kept as objects (a one-shot build spools ``packed_shards``)."""
    return Shards(part.slug, _pieces(part), part.disputes)


def packed_shards(part: Contribution) -> tuple[bytes, tuple[int, ...]]:
    """``part``'s shards, then its disputes, encoded one after the other, and where each
    starts and ends (``Shards.bounds``)."""
    packed = [encode(piece) for piece in _pieces(part)] + [encode(part.disputes)]
    return b"".join(packed), tuple(itertools.accumulate((len(p) for p in packed), initial=0))


def _pieces(part: Contribution) -> tuple[Piece, ...]:
    mentions: list[list[Mention]] = [[] for _ in range(SHARDS)]
    claims: list[list[Attributed]] = [[] for _ in range(SHARDS)]
    for mention in part.mentions:
        mentions[shard_of(mention.entity_id)].append(mention)
    for claim in part.claims:
        claims[shard_of(claim.source_key)].append(claim)
    return tuple((tuple(m), tuple(c)) for m, c in zip(mentions, claims, strict=True))
