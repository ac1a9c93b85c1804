"""Per-document cache of machine proposals, keyed by everything that can change them."""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, TypeVar

import orjson

from sitegen.annotate.consolidate import Facts
from sitegen.model import Origin, Part, Proposal
from sitegen.output.atomic import replace_file

T = TypeVar("T")
FORMAT = 2
"""Bumped when the entry layout changes, so old entries are simply missed."""


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
    return cache_dir / "annotate" / key[:2] / f"{key}.json"


def load(cache_dir: Path, key: str) -> tuple[Proposal, ...] | None:
    """The cached proposals, or ``None`` when missing, unreadable or failing its checksum."""
    try:
        checksum, _, body = entry_path(cache_dir, key).read_bytes().partition(b"\n")
        if checksum.decode("ascii") != hashlib.sha256(body).hexdigest():
            return None
        return tuple(_decode(item) for item in orjson.loads(body))
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None


def store(cache_dir: Path, key: str, proposals: tuple[Proposal, ...]) -> None:
    """Write an entry; the first line is the checksum of the second, so a load verifies
    without re-encoding."""
    _write(entry_path(cache_dir, key), json.dumps([_encode(p) for p in proposals], ensure_ascii=False))


def load_facts(cache_dir: Path, key: str) -> Facts | None:
    """The consolidation facts of an entry, read without decoding its proposals."""
    try:
        checksum, _, body = facts_path(cache_dir, key).read_bytes().partition(b"\n")
        if checksum.decode("ascii") != hashlib.sha256(body).hexdigest():
            return None
        persons, statistical = orjson.loads(body)
        return Facts(
            tuple((sys.intern(s), sys.intern(i), sys.intern(n)) for s, i, n in persons),
            tuple((sys.intern(s), sys.intern(t), sys.intern(i)) for s, t, i in statistical),
        )
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None


def store_facts(cache_dir: Path, key: str, facts: Facts) -> None:
    _write(facts_path(cache_dir, key), json.dumps([facts.persons, facts.statistical], ensure_ascii=False))


def facts_path(cache_dir: Path, key: str) -> Path:
    return entry_path(cache_dir, key).with_suffix(".facts")


def _write(path: Path, text: str) -> None:
    """Atomically, with the checksum of the body on the first line."""
    body = text.encode("utf-8")
    replace_file(path, hashlib.sha256(body).hexdigest().encode("ascii") + b"\n" + body)


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


def _decode(item: list[Any]) -> Proposal:
    kind, start, end, parts, attrs, provenance, confidence, note = item
    return Proposal(
        kind=sys.intern(str(kind)),
        start=int(start),
        end=int(end),
        parts=tuple(Part(sys.intern(str(r)), int(s), int(e)) for r, s, e in parts),
        attrs=_shared(_ATTRS, tuple(map(tuple, attrs)), lambda key: tuple((str(k), str(v)) for k, v in key)),
        provenance=tuple(_shared(_ORIGINS, tuple(o), lambda key: Origin(*key)) for o in provenance),
        confidence=float(confidence),
        note=str(note),
    )


def _shared(table: dict[tuple[Any, ...], T], key: tuple[Any, ...], make: Callable[[tuple[Any, ...]], T]) -> T:
    found = table.get(key)
    if found is None:
        found = table[key] = make(key)
    return found
