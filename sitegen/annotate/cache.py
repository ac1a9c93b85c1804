"""Per-document cache of machine proposals, keyed by everything that can change them.

Entries are JSON, sealed under their key (``sitegen.runtime.data.seal``): an entry copied or
swapped to another key, damaged, or from another version is refused. The JSON is read against
the shape it must have, and proposals must fit the text they are for; anything else is a miss,
and the document is annotated again.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal, TypeVar

from sitegen.annotate.consolidate import Facts
from sitegen.model import Origin, Part, Proposal
from sitegen.output.atomic import replace_file
from sitegen.runtime.data import Unreadable, decode_json, read_sealed, seal, shape

T = TypeVar("T")
FORMAT = 3
"""Bumped when the entry layout changes, so old entries are simply missed."""

_Row = tuple[
    str,
    int,
    int,
    tuple[tuple[str, int, int], ...],
    tuple[tuple[str, str], ...],
    tuple[tuple[Literal["machine", "curated"], str, str, str, int], ...],
    float,
    str,
]
"""One proposal as an entry holds it: kind, start, end, parts, attributes, provenance,
confidence, note."""
_ROWS: type[tuple[_Row, ...]] = shape(tuple[_Row, ...])
_Triples = tuple[tuple[str, str, str], ...]
_FACTS: type[tuple[_Triples, _Triples]] = shape(tuple[_Triples, _Triples])


@dataclass(frozen=True, slots=True)
class CacheKey:
    """What a document's proposals depend on besides its text."""

    annotators: tuple[str, ...]
    """Versioned component labels, in run order (``claims.rules@1``)."""
    model: str
    model_version: str
    settings: tuple[tuple[str, str], ...]
    registry: str
    """Fingerprint of the entity registry: its names, aliases and types."""

    def for_text(self, text: str) -> str:
        payload = json.dumps([FORMAT, asdict(self), _sha(text)], sort_keys=True)
        return _sha(payload)


def registry_fingerprint(entries: tuple[tuple[str, str, str], ...]) -> str:
    """A hash of (surface, id, type) triples."""
    return _sha(json.dumps(sorted(entries)))


def entry_path(cache_dir: Path, key: str) -> Path:
    return cache_dir / "annotate" / key[:2] / f"{key}.proposals"


def load(cache_dir: Path, key: str, length: int | None = None) -> tuple[Proposal, ...] | None:
    """The cached proposals, or ``None`` when missing, unreadable, sealed under another key,
    of another shape, or (given the text's ``length``) not within the text."""
    rows = _read(entry_path(cache_dir, key), key, _ROWS)
    if rows is None or (length is not None and not all(_fits(row, length) for row in rows)):
        return None
    return tuple(_decode(row) for row in rows)


def store(cache_dir: Path, key: str, proposals: tuple[Proposal, ...]) -> None:
    """Write an entry, sealed under ``key``."""
    _write(entry_path(cache_dir, key), key, [_encode(p) for p in proposals])


def load_facts(cache_dir: Path, key: str) -> Facts | None:
    """The consolidation facts of an entry, read without decoding its proposals."""
    found = _read(facts_path(cache_dir, key), key, _FACTS)
    if found is None:
        return None
    persons, statistical = found
    return Facts(
        tuple((sys.intern(s), sys.intern(i), sys.intern(n)) for s, i, n in persons),
        tuple((sys.intern(s), sys.intern(t), sys.intern(i)) for s, t, i in statistical),
    )


def store_facts(cache_dir: Path, key: str, facts: Facts) -> None:
    _write(facts_path(cache_dir, key), key, [facts.persons, facts.statistical])


def facts_path(cache_dir: Path, key: str) -> Path:
    return entry_path(cache_dir, key).with_suffix(".facts")


def _read(path: Path, key: str, kind: type[T]) -> T | None:
    body = read_sealed(path, key.encode("ascii", "replace"))
    if body is None:
        return None
    try:
        return decode_json(body, kind)
    except Unreadable:
        return None


def _write(path: Path, key: str, value: object) -> None:
    """Atomically: JSON, sealed under ``key``."""
    body = json.dumps(value, ensure_ascii=False).encode("utf-8")
    replace_file(path, seal(key.encode("ascii", "replace"), body))


def _fits(row: _Row, length: int) -> bool:
    """Whether a proposal's span and parts lie within a text of ``length`` characters."""
    _, start, end, parts = row[:4]
    return 0 <= start <= end <= length and all(0 <= s <= e <= length for _, s, e in parts)


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _encode(proposal: Proposal) -> list[Any]:
    return [
        proposal.kind,
        proposal.start,
        proposal.end,
        [[p.role, p.start, p.end] for p in proposal.parts],
        [list(pair) for pair in proposal.attrs],
        [[o.kind, o.name, o.version, o.rule, o.line] for o in proposal.provenance],
        proposal.confidence,
        proposal.note,
    ]


_ORIGINS: dict[tuple[Any, ...], Origin] = {}
_ATTRS: dict[tuple[Any, ...], tuple[tuple[str, str], ...]] = {}
"""Decoded values shared across documents: thousands of proposals name the same few rules,
types and names, and one object each keeps a big archive's analysis small."""


def _decode(row: _Row) -> Proposal:
    kind, start, end, parts, attrs, provenance, confidence, note = row
    return Proposal(
        kind=sys.intern(kind),
        start=start,
        end=end,
        parts=tuple(Part(sys.intern(r), s, e) for r, s, e in parts),
        attrs=_shared(_ATTRS, attrs, lambda key: key),
        provenance=tuple(_shared(_ORIGINS, o, lambda key: Origin(*key)) for o in provenance),
        confidence=confidence,
        note=note,
    )


def _shared(table: dict[tuple[Any, ...], T], key: tuple[Any, ...], make: Callable[[tuple[Any, ...]], T]) -> T:
    found = table.get(key)
    if found is None:
        found = table[key] = make(key)
    return found
