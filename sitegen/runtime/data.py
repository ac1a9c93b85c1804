"""Values as data, never as code: the one format for everything a build reads back from disk.

Caches may come from anywhere (a CI cache store, a copied folder), so nothing read from one may
run code: no ``pickle``, no ``marshal``. Values are MessagePack, written and read by msgspec,
and read *against the type the reader expects*: a frozen dataclass is rebuilt field by field
from plain data, and bytes of another shape are ``Unreadable``, never an object of a type
nobody asked for.

Measured on the analysis entries of a 300-document archive with the annotators on (2-core
machine, per entry, best of 7; ``tests`` do not time anything):

    format                          size      decode    encode
    pickle + LZ4 (before)           4.7 kB    207 µs    464 µs
    msgspec MessagePack + LZ4       5.3 kB    219 µs    263 µs
    msgspec JSON + LZ4              6.0 kB    290 µs    270 µs
    orjson + LZ4, no types          6.0 kB    207 µs    585 µs  (plus rebuilding the objects)

and on the same documents' shards (the pieces each cross-document page reads): 460 µs per
document decoded with msgspec against 1,034 µs unpickled. MessagePack through msgspec decodes
as fast as the pickles did, checks every field's type as it goes, and needs no code of ours
per type; JSON was slower and larger, and orjson cannot build typed objects.

Cache entries are ``seal``-ed: a header with the schema version and the key the entry was made
under, then the SHA-256 of the body. A foreign file, an entry made under another key (swapped
between documents), a truncated or altered body: each is refused before the body is decoded.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path
from typing import Any, TypeVar, cast

import lz4.frame
import msgspec

T = TypeVar("T")

SCHEMA = 1
"""Bumped when any sealed entry's layout changes: older and newer entries are then foreign."""

MAGIC = b"sitegen-data\0"
_HEADER = MAGIC + SCHEMA.to_bytes(2, "big")
_DIGEST = 32


class Unreadable(ValueError):
    """Bytes that are not what the reader expects: damaged, foreign or of another shape."""


_ENCODER = msgspec.msgpack.Encoder()


def encode(value: object) -> bytes:
    """``value`` (frozen dataclasses, tuples, dicts, strings, numbers, bytes) as MessagePack."""
    return _ENCODER.encode(value)


def decode(data: bytes | memoryview, kind: type[T]) -> T:
    """What ``encode`` made of a value of type ``kind``; ``Unreadable`` when ``data`` is not
    exactly that: a dataclass is made only where ``kind`` names one, every field checked."""
    try:
        found: T = _decoder(kind).decode(data)
    except (msgspec.DecodeError, msgspec.ValidationError, RecursionError) as problem:
        raise Unreadable(str(problem)) from None
    return found


def decode_json(data: bytes, kind: type[T]) -> T:
    """JSON read against ``kind`` as ``decode`` reads MessagePack, for caches kept as text."""
    try:
        found: T = _decoder(kind, json=True).decode(data)
    except (msgspec.DecodeError, msgspec.ValidationError, RecursionError) as problem:
        raise Unreadable(str(problem)) from None
    return found


_DECODERS: dict[tuple[object, bool], Any] = {}


def _decoder(kind: type[T], json: bool = False) -> Any:
    found = _DECODERS.get((kind, json))
    if found is None:
        made = msgspec.json.Decoder(kind) if json else msgspec.msgpack.Decoder(kind)
        found = _DECODERS[kind, json] = made
    return found


def shape(alias: object) -> type[Any]:
    """A type alias (``tuple[X, ...]``, a union) as the ``kind`` ``decode`` takes."""
    return cast("type[Any]", alias)


def pack(value: object) -> bytes:
    """``value`` encoded and compressed: for documents, parts and cache entries."""
    return compress(encode(value))


def unpack(packed: bytes, kind: type[T]) -> T:
    """What ``pack`` made of a ``kind``; ``Unreadable`` when it is not that."""
    return decode(decompress(packed), kind)


def compress(data: bytes) -> bytes:
    """LZ4 rather than zlib: a warm build unpacks every document's analysis and parts, which
    LZ4 decompresses four times faster, at about the size of zlib's fastest level. Its frames
    carry a checksum of the content, so damage is caught."""
    packed: bytes = lz4.frame.compress(data, content_checksum=True)
    return packed


def decompress(data: bytes) -> bytes:
    """Raises ``Unreadable`` when ``data`` is not what ``compress`` made."""
    try:
        unpacked: bytes = lz4.frame.decompress(data)
    except RuntimeError as problem:  # lz4 reports damaged frames so
        raise Unreadable(str(problem)) from None
    return unpacked


def seal(key: bytes, body: bytes) -> bytes:
    """A cache entry: the schema version, the key it answers (its length, then itself), the
    SHA-256 of ``body``, then ``body``."""
    if len(key) > 255:
        raise ValueError("a cache key is at most 255 bytes")
    return b"".join((_HEADER, bytes((len(key),)), key, hashlib.sha256(body).digest(), body))


def unseal(entry: bytes, key: bytes) -> bytes | None:
    """The body of an entry ``seal``-ed under ``key`` in this schema and intact; None for
    anything else (another key, another schema or program, a body that fails its hash)."""
    start = len(_HEADER) + 1 + len(key)
    if entry[: start - len(key)] != _HEADER + bytes((len(key),)) or entry[start - len(key) : start] != key:
        return None
    digest, body = entry[start : start + _DIGEST], entry[start + _DIGEST :]
    return body if len(digest) == _DIGEST and hashlib.sha256(body).digest() == digest else None


def sealed_under(entry: bytes) -> bytes | None:
    """The key an entry of this schema says it was sealed under (to inspect one), else None."""
    if not entry.startswith(_HEADER) or len(entry) <= len(_HEADER):
        return None
    length = entry[len(_HEADER)]
    key = entry[len(_HEADER) + 1 : len(_HEADER) + 1 + length]
    return key if len(key) == length else None


def read_sealed(path: str | Path, key: bytes) -> bytes | None:
    """The body of the entry at ``path`` (see ``unseal``); None when it cannot be read."""
    entry = read_regular(path)
    return None if entry is None else unseal(entry, key)


def read_regular(path: str | Path) -> bytes | None:
    """The bytes of a regular file, or None: a link, a pipe (which would block the build), a
    folder or a file that cannot be read is not a cache entry."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            return None
        # Read on the descriptor itself: a file object around it cost twice the time, and a
        # warm build reads ~4 files per document (8.5 -> 3.9 µs a file, ~90 ms at 5,000 documents).
        chunks = []
        while chunk := os.read(descriptor, info.st_size + 1):
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(descriptor)
