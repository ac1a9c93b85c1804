"""An entity's other names as search terms: a query that names an entity by any spelling the
archive, its registry or the gazetteer knows finds every mention of it.

Entity mentions are indexed with their canonical name (field ``n``), so the canonical name
already finds every spelling; an alias alone finds only where it is written. The table made
here maps each other name's terms to the canonical name's, and travels in the index shard
whose term range holds the name's first term: search.js, which loads that shard to answer the
query anyway, adds the canonical name's mentions after the literal matches.
"""

from __future__ import annotations

from collections.abc import Iterable

from sitegen.annotate.gazetteer import Gazetteer
from sitegen.model import EntityRegistry
from sitegen.search.entries import Entry
from sitegen.search.refs import KIND_LETTERS
from sitegen.search.shards import js_order
from sitegen.search.terms import Analyzer

Table = dict[str, list[list[object]]]
"""First term of a name → ``[[its other terms], canonical name, [the canonical name's terms]]``."""
_ENTITY = KIND_LETTERS["entity"]


Mentions = tuple[tuple[str, str], ...]
"""A document's entity mentions: (canonical name, text as written), sorted, each once."""


def doc_mentions(entries: Iterable[Entry]) -> Mentions:
    """The entity mentions among one document's ``entries``."""
    return tuple(sorted({(e.texts[3], e.texts[0]) for e in entries if e.texts[3] and _ENTITY in e.ref}))


def mentioned(docs: Iterable[Mentions]) -> dict[str, set[str]]:
    """Canonical name → every text it is written as, over ``docs``."""
    seen: dict[str, set[str]] = {}
    for mentions in docs:
        for canonical, text in mentions:
            seen.setdefault(canonical, set()).add(text)
    return seen


def name_table(seen: dict[str, set[str]], registry: EntityRegistry, places: Gazetteer | None) -> Table:
    """Every other name of each entity the archive mentions (``seen``: canonical name → texts):
    the spellings used, the registry's aliases and the gazetteer's alternate names."""
    names = {canonical: set(texts) for canonical, texts in seen.items()}
    for entity in registry.entities:
        if entity.name in names:
            names[entity.name].update(entity.aliases)
    if places is not None:
        for canonical, spellings in places.spellings(names).items():
            names[canonical].update(spellings)
    analyzer = Analyzer()
    table: dict[str, set[tuple[tuple[str, ...], str, tuple[str, ...]]]] = {}
    for canonical in sorted(names):
        target = tuple(analyzer.terms(canonical))
        for name in names[canonical]:
            terms = tuple(analyzer.terms(name))
            if terms and target and terms != target:
                table.setdefault(terms[0], set()).add((terms[1:], canonical, target))
    return {
        first: [[list(rest), canonical, list(target)] for rest, canonical, target in sorted(rows)]
        for first, rows in sorted(table.items())
    }


def by_shard(table: Table, firsts: list[str]) -> list[Table]:
    """``table`` cut to go with the shards whose first terms are ``firsts`` (in JavaScript order):
    each name travels with the shard a query for its first term loads."""
    parts: list[Table] = [{} for _ in firsts]
    keys = [js_order(first) for first in firsts]
    for term, rows in table.items():
        parts[shard_of(keys, js_order(term))][term] = rows
    return parts


def shard_of(keys: list[bytes], key: bytes) -> int:
    """search.js's ``shardOf``: the last shard whose first term is not after ``key``, else the first."""
    low, high = 0, len(keys) - 1
    while low < high:
        mid = (low + high + 1) >> 1
        if keys[mid] <= key:
            low = mid
        else:
            high = mid - 1
    return low
