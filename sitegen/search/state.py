"""What a build keeps so the next one can update the search data instead of making it again.

Kept beside the cached search files (``cache.py``): the scoring basis of the last full build,
what each document contributed (its digest, the shards its terms fall in, its entity
mentions), the shard boundaries, each data file's hash and sizes, and, one file per shard,
the shard's whole posting lists with their scores. Everything is MessagePack read against the
types below and sealed (``runtime/data.py``): under the settings' digest, a shard's file also
under its number, and the main file records each shard file's SHA-256. Anything missing,
foreign, swapped or inconsistent is a miss, and the search data is made in full.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from sitegen.runtime.data import Unreadable, decode, encode, read_regular, read_sealed, seal, unseal
from sitegen.search.entries import FIELDS
from sitegen.search.names import Table
from sitegen.search.writer import Basis, Posting

MAIN = "state.bin"
SHARDS = "shards"
DATA_KEY = re.compile(r"(i/[0-9a-z]+(-[0-9a-z]+)?|s/[0-9a-z]+)")
"""The data files a state may list: index shards, capped terms' whole lists, store chunks."""


@dataclass(frozen=True, slots=True)
class FileFacts:
    """A data file (``i/3``, ``i/3-a``, ``s/3f``) as made: its content hash and sizes."""

    digest: str
    raw: int
    gzip: int


@dataclass(frozen=True, slots=True)
class State:
    """The search data of the last build, as far as an update needs it."""

    basis: Basis
    drifted: tuple[int, ...]
    """Documents changed since the last full build (positions), sorted."""
    digests: tuple[str, ...]
    """Each document's entries digest, in order."""
    doc_terms: tuple[tuple[str, ...], ...]
    """Per document, the terms of its entries: the postings that hold its rows."""
    mentions: tuple[tuple[tuple[str, str], ...], ...]
    """Per document, its entity mentions as (canonical name, text written)."""
    names: Table
    """The archive's table of entities' other names (``names.name_table``)."""
    firsts: tuple[str, ...]
    """Each shard's first term at the last full build: the directory's ``shards``."""
    shard_hashes: tuple[str, ...]
    """SHA-256 of each shard's sealed posting file."""
    files: dict[str, FileFacts]
    """Data key → the file as made."""

    def consistent(self) -> bool:
        """Whether the parts agree with each other (a sealed file can still be another build's)."""
        docs, shards = len(self.digests), len(self.firsts)
        return (
            docs > 0
            and shards > 0
            and len(self.doc_terms) == len(self.mentions) == docs
            and len(self.shard_hashes) == shards
            and all(0 <= n < docs for n in self.drifted)
            and all(map(DATA_KEY.fullmatch, self.files))
            and len(self.basis.averages) == len(FIELDS)
        )


@dataclass(frozen=True, slots=True)
class ShardPostings:
    """One shard's terms (in JavaScript order) and each one's whole, uncapped posting."""

    terms: tuple[str, ...]
    postings: tuple[Posting, ...]
    capped: dict[str, tuple[Posting, dict[str, list[int]]]]
    """Each capped term's posting as the shard has it, and its true counts (``cap.py``)."""


def save(folder: Path, key: str, state: State, shards: dict[int, ShardPostings]) -> State:
    """Write ``shards`` (those made or changed) and the main file; returns the state with the
    written shards' hashes. A shard not in ``shards`` must already be in ``folder``."""
    hashes = list(state.shard_hashes)
    (folder / SHARDS).mkdir(parents=True, exist_ok=True)
    for n, found in shards.items():
        entry = seal(_shard_key(key, n), encode(found))
        (folder / SHARDS / shard_file(n)).write_bytes(entry)
        hashes[n] = hashlib.sha256(entry).hexdigest()
    written = replace(state, shard_hashes=tuple(hashes))
    (folder / MAIN).write_bytes(seal(key.encode(), encode(written)))
    return written


def load(folder: Path, key: str) -> State | None:
    """The main file made under ``key``, if intact and consistent."""
    body = read_sealed(folder / MAIN, key.encode())
    if body is None:
        return None
    try:
        state = decode(body, State)
    except Unreadable:
        return None
    return state if state.consistent() else None


def load_shards(folder: Path, key: str, state: State, wanted: Sequence[int]) -> dict[int, ShardPostings] | None:
    """The posting files of shards ``wanted``, each the one ``state`` records; None if any is not."""
    found = {}
    for n in wanted:
        entry = read_regular(folder / SHARDS / shard_file(n))
        if entry is None or hashlib.sha256(entry).hexdigest() != state.shard_hashes[n]:
            return None
        try:
            shard = decode(unseal(entry, _shard_key(key, n)) or b"", ShardPostings)
        except Unreadable:
            return None
        if len(shard.terms) != len(shard.postings) or not shard.terms:
            return None
        found[n] = shard
    return found


def intact_shards(folder: Path, state: State, shards: Sequence[int]) -> bool:
    """Whether the posting files of ``shards`` are the ones ``state`` records."""
    for n in shards:
        entry = read_regular(folder / SHARDS / shard_file(n))
        if entry is None or hashlib.sha256(entry).hexdigest() != state.shard_hashes[n]:
            return False
    return True


def shard_file(n: int) -> str:
    return f"{n}.bin"


def _shard_key(key: str, n: int) -> bytes:
    return f"{key}/{n}".encode()
