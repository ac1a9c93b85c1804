"""Archive-wide consistency: one type per surface and one identity per surname, across documents.

Runs after the cache, on plain proposals, so cached documents still agree with new ones.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace

from sitegen.model import Proposal, make_attrs

TIE_ORDER = ("place", "organisation", "group", "person", "event", "date", "other")
"""Tie-break for the vote: the small model's common slip is a place or body tagged PERSON."""

Texts = Sequence[str]


def consolidate(texts: Texts, results: Sequence[tuple[Proposal, ...]]) -> tuple[tuple[Proposal, ...], ...]:
    """Every document's proposals with archive-wide entity types and identities."""
    surnames = _surnames(results)
    identities: dict[str, tuple[str, str]] = {}
    linked = [
        tuple(_link(text, p, surnames, identities) for p in proposals)
        for text, proposals in zip(texts, results, strict=True)
    ]
    types = _vote(texts, linked)
    return tuple(
        tuple(_settle(text, p, types, identities) for p in proposals)
        for text, proposals in zip(texts, linked, strict=True)
    )


def _statistical(proposal: Proposal) -> bool:
    return proposal.kind == "entity" and proposal.provenance[0].rule.startswith("ner:")


def _surnames(results: Sequence[tuple[Proposal, ...]]) -> dict[str, set[tuple[str, str]]]:
    """Last word of every multi-word person name -> the identities it could stand for."""
    owners: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for proposals in results:
        for p in proposals:
            words = p.attr("name").split()
            if p.kind == "entity" and p.attr("entity_type") == "person" and len(words) > 1:
                owners[words[-1]].add((p.attr("entity_id"), p.attr("name")))
    return owners


def _link(
    text: str, p: Proposal, surnames: dict[str, set[tuple[str, str]]], identities: dict[str, tuple[str, str]]
) -> Proposal:
    """A lone surname takes the one full name it has across the archive."""
    surface = text[p.start : p.end]
    if not _statistical(p) or " " in surface or len(surnames.get(surface, ())) != 1:
        return p
    entity_id, name = next(iter(surnames[surface]))
    if entity_id != p.attr("entity_id"):
        identities[p.attr("entity_id")] = (entity_id, name)
    return replace(p, attrs=make_attrs(entity_id=entity_id, entity_type="person", name=name))


def _vote(texts: Texts, results: Sequence[tuple[Proposal, ...]]) -> dict[str, str]:
    """The majority type of every statistically found surface."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for text, proposals in zip(texts, results, strict=True):
        for p in proposals:
            if _statistical(p):
                counts[text[p.start : p.end]][p.attr("entity_type")] += 1
    return {surface: min(tally, key=lambda t: (-tally[t], _rank(t))) for surface, tally in counts.items()}


def _rank(entity_type: str) -> int:
    return TIE_ORDER.index(entity_type) if entity_type in TIE_ORDER else len(TIE_ORDER)


def _settle(text: str, p: Proposal, types: dict[str, str], identities: dict[str, tuple[str, str]]) -> Proposal:
    if _statistical(p):
        winner = types.get(text[p.start : p.end], p.attr("entity_type"))
        if winner != p.attr("entity_type"):
            attrs = dict(p.attrs, entity_type=winner)
            return replace(p, attrs=make_attrs(**attrs))
        return p
    return _relink(p, identities)


def _relink(p: Proposal, identities: dict[str, tuple[str, str]]) -> Proposal:
    """Claims and disputes point at the identity their entity settled on."""
    attrs = dict(p.attrs)
    changed = False
    for role in ("source", "disputant"):
        old = attrs.get(f"{role}_entity", "")
        if old in identities:
            attrs[f"{role}_entity"], attrs[f"{role}_name"] = identities[old]
            changed = True
    return replace(p, attrs=make_attrs(**attrs)) if changed else p
