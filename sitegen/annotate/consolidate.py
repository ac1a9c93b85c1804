"""Archive-wide consistency: one type per surface and one identity per surname, across documents.

Runs after the cache, on plain proposals, so cached documents still agree with new ones. It is
a reduce over small per-document ``Facts`` (cached beside each entry) into ``Tables``, then a
per-document ``settle``: no step needs every document's proposals in memory at once.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from sitegen.model import Proposal, make_attrs

TIE_ORDER = ("place", "organisation", "group", "person", "event", "date", "other")
"""Tie-break for the vote: the small model's common slip is a place or body tagged PERSON."""

Identity = tuple[str, str]
"""(entity id, canonical name)."""


@dataclass(frozen=True, slots=True)
class Facts:
    """What consolidation needs from one document."""

    persons: tuple[tuple[str, str, str], ...]
    """(surname, entity id, name) of every multi-word person name."""
    statistical: tuple[tuple[str, str, str], ...]
    """(surface, entity type, entity id) of every entity the model found, in text order."""


@dataclass(frozen=True, slots=True)
class Tables:
    """The archive's verdicts: the one identity each lone surname stands for, the identities
    those replace, and the majority type of every statistically found surface."""

    surnames: dict[str, Identity]
    identities: dict[str, Identity]
    types: dict[str, str]

    def verdict(self, table: Table, key: str) -> Verdict:
        verdicts: dict[str, Identity] | dict[str, str] = getattr(self, table)
        return verdicts.get(key)


Table = Literal["surnames", "identities", "types"]
Verdict = Identity | str | None
Consulted = tuple[tuple[Table, str, Verdict], ...]
"""Every verdict a document's settling looked up, with what it found."""


class Consulting:
    """``Tables`` that note every verdict looked up: a document settled under them stays right
    for as long as those verdicts stand, whatever else in the archive changes."""

    def __init__(self, tables: Tables) -> None:
        self.tables = tables
        self.looked_up: dict[tuple[Table, str], Verdict] = {}

    def verdict(self, table: Table, key: str) -> Verdict:
        found = self.tables.verdict(table, key)
        self.looked_up[table, key] = found
        return found

    def consulted(self) -> Consulted:
        return tuple((table, key, found) for (table, key), found in self.looked_up.items())


def still_stand(consulted: Consulted, tables: Tables) -> bool:
    """Whether the verdicts a document was settled under are the same in ``tables``."""
    return all(tables.verdict(table, key) == found for table, key, found in consulted)


Verdicts = Tables | Consulting


def consolidate(texts: Sequence[str], results: Sequence[tuple[Proposal, ...]]) -> tuple[tuple[Proposal, ...], ...]:
    """Every document's proposals with archive-wide entity types and identities."""
    tables = tables_of(facts_of(text, proposals) for text, proposals in zip(texts, results, strict=True))
    return tuple(settle(text, proposals, tables) for text, proposals in zip(texts, results, strict=True))


def facts_of(text: str, proposals: tuple[Proposal, ...]) -> Facts:
    persons = []
    statistical = []
    for p in proposals:
        if p.kind != "entity":
            continue
        words = p.attr("name").split()
        if p.attr("entity_type") == "person" and len(words) > 1:
            persons.append((words[-1], p.attr("entity_id"), p.attr("name")))
        if _statistical(p):
            statistical.append((text[p.start : p.end], p.attr("entity_type"), p.attr("entity_id")))
    return Facts(tuple(persons), tuple(statistical))


def tables_of(every: Iterable[Facts]) -> Tables:
    """The reduce, in document order (a later document's identity wins, as it always has)."""
    facts = list(every)
    owners: dict[str, set[Identity]] = defaultdict(set)
    for doc in facts:
        for surname, ident, name in doc.persons:
            owners[surname].add((ident, name))
    surnames = {surname: next(iter(found)) for surname, found in owners.items() if len(found) == 1}
    identities: dict[str, Identity] = {}
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for doc in facts:
        for surface, entity_type, ident in doc.statistical:
            owner = surnames.get(surface) if " " not in surface else None
            if owner is not None:
                entity_type = "person"
                if owner[0] != ident:
                    identities[ident] = owner
            counts[surface][entity_type] += 1
    types = {surface: min(tally, key=lambda t: (-tally[t], _rank(t))) for surface, tally in counts.items()}
    return Tables(surnames, identities, types)


def settle(text: str, proposals: tuple[Proposal, ...], tables: Verdicts) -> tuple[Proposal, ...]:
    """One document's proposals under the archive's verdicts."""
    return tuple(_settle(text, _link(text, p, tables), tables) for p in proposals)


def _statistical(proposal: Proposal) -> bool:
    return proposal.kind == "entity" and proposal.provenance[0].rule.startswith("ner:")


def _link(text: str, p: Proposal, tables: Verdicts) -> Proposal:
    """A lone surname takes the one full name it has across the archive."""
    surface = text[p.start : p.end]
    if not _statistical(p) or " " in surface:
        return p
    owner = tables.verdict("surnames", surface)
    if not isinstance(owner, tuple):
        return p
    entity_id, name = owner
    return replace(p, attrs=make_attrs(entity_id=entity_id, entity_type="person", name=name))


def _rank(entity_type: str) -> int:
    return TIE_ORDER.index(entity_type) if entity_type in TIE_ORDER else len(TIE_ORDER)


def _settle(text: str, p: Proposal, tables: Verdicts) -> Proposal:
    if _statistical(p):
        found = tables.verdict("types", text[p.start : p.end])
        winner = found if isinstance(found, str) else p.attr("entity_type")
        if winner != p.attr("entity_type"):
            attrs = dict(p.attrs, entity_type=winner)
            return replace(p, attrs=make_attrs(**attrs))
        return p
    return _relink(p, tables)


def _relink(p: Proposal, tables: Verdicts) -> Proposal:
    """Claims and disputes point at the identity their entity settled on."""
    attrs = dict(p.attrs)
    changed = False
    for role in ("source", "disputant"):
        old = attrs.get(f"{role}_entity", "")
        identity = tables.verdict("identities", old)
        if isinstance(identity, tuple):
            attrs[f"{role}_entity"], attrs[f"{role}_name"] = identity
            changed = True
    return replace(p, attrs=make_attrs(**attrs)) if changed else p
