"""Per-document cache of machine proposals, keyed by everything that can change them."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sitegen.model import Origin, Part, Proposal

FORMAT = 1
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
        entry = json.loads(entry_path(cache_dir, key).read_text(encoding="utf-8"))
        body = entry["proposals"]
        if entry.get("checksum") != _sha(json.dumps(body, sort_keys=True)):
            return None
        return tuple(_decode(item) for item in body)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def store(cache_dir: Path, key: str, proposals: tuple[Proposal, ...]) -> None:
    """Write an entry atomically: a reader sees the old entry or the new one, never half."""
    path = entry_path(cache_dir, key)
    path.parent.mkdir(parents=True, exist_ok=True)
    body = [_encode(p) for p in proposals]
    data = json.dumps({"checksum": _sha(json.dumps(body, sort_keys=True)), "proposals": body})
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _encode(proposal: Proposal) -> dict[str, Any]:
    return {
        "kind": proposal.kind,
        "start": proposal.start,
        "end": proposal.end,
        "parts": [[p.role, p.start, p.end] for p in proposal.parts],
        "attrs": [list(pair) for pair in proposal.attrs],
        "provenance": [[o.kind, o.name, o.version, o.rule, o.line] for o in proposal.provenance],
        "confidence": proposal.confidence,
        "note": proposal.note,
    }


def _decode(item: dict[str, Any]) -> Proposal:
    return Proposal(
        kind=str(item["kind"]),
        start=int(item["start"]),
        end=int(item["end"]),
        parts=tuple(Part(str(r), int(s), int(e)) for r, s, e in item["parts"]),
        attrs=tuple((str(k), str(v)) for k, v in item["attrs"]),
        provenance=tuple(
            Origin(kind=k, name=str(n), version=str(v), rule=str(r), line=int(line))
            for k, n, v, r, line in item["provenance"]
        ),
        confidence=float(item["confidence"]),
        note=str(item["note"]),
    )
