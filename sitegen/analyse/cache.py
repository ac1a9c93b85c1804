"""Per-document cache of the second pass: a document's merged annotations and what was wrong
with it, keyed by everything that pass reads.

A warm build spent a sixth of its processor time settling cached proposals, anchoring curated
entries, merging and naming annotations that had not changed. The key covers the document as
read, its curated file, the entity registry, the annotators' cache key and sitegen's own code,
so any change to any of them is a miss (never a stale hit). The archive's consolidation tables
are not in the key, as any new name anywhere changes them: an entry records the verdicts its
document looked up, and is used only while they stand. There is one entry per document, named
by its path and holding the key it was made under, so a day of edits replaces entries rather
than piling them up.

Beside each entry, later stages keep the data they make from the analysis alone (``Kept``): a
document's contribution to the cross-document pages, its search entries and its part of the
exports. HTML pages are always rendered afresh.

Entries are data (``sitegen.runtime.data``): sealed under their key, decoded against the type
they must have, and a document's annotations must fit its text. Anything else, whether damaged,
foreign, swapped between documents or of another shape, is a miss and made again.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import orjson

from sitegen.annotate.consolidate import Consulted
from sitegen.errors import Diagnostic
from sitegen.model import Annotation, EntityRegistry, SourceDoc
from sitegen.output.atomic import replace_file
from sitegen.runtime.data import Unreadable, pack, read_sealed, seal, shape, unpack

if TYPE_CHECKING:
    from sitegen.annotate.pipeline import MachineAnnotations
    from sitegen.curate.curated import CuratedFile

T = TypeVar("T")

FORMAT = 4
"""Bumped when the entry layout changes."""

Analysed = tuple[tuple[Annotation, ...], tuple[Diagnostic, ...], Consulted]
"""A document's annotations, the problems found while making them, and the archive's verdicts
its settling looked up (it stays right while they stand: ``consolidate.still_stand``)."""
_ANALYSED: type[Analysed] = shape(Analysed)


@dataclass(frozen=True, slots=True)
class AnalysisCache:
    """Entries under ``folder``; ``shared`` is the digest of what every document's key shares."""

    folder: Path
    shared: bytes

    @classmethod
    def under(
        cls, cache_dir: Path, machine: MachineAnnotations | None, registry: EntityRegistry, publish: str = "all"
    ) -> AnalysisCache:
        # The archive's consolidation tables are not in the key: a new name anywhere would miss
        # every document. Each entry records the verdicts it looked up instead. What is published
        # (all, or only reviewed annotations) changes every annotation set, so it is in the key.
        shared = [FORMAT, code_fingerprint(), machine.key if machine is not None else None, registry, publish]
        return cls(cache_dir / "analysed", hashlib.sha256(_canonical(shared)).digest())

    def key(self, read: bytes, curated: CuratedFile | None) -> bytes:
        """What a document's analysis depends on, besides the verdicts, as a digest: ``read`` is
        the document's own (``document_digest``), so a stage that has it need not read the
        document again to find its entry."""
        return hashlib.sha256(self.shared + read + _canonical(curated)).digest()

    def load(self, doc: SourceDoc, key: bytes) -> tuple[Analysed, Kept] | None:
        """The entry made under ``key`` with where its derived products are kept, or ``None``
        when there is none, it was made under another key, or it cannot be read."""
        path = self._path(doc)
        body = read_sealed(path, key)
        if body is None:
            return None
        found = _unpacked(body, _ANALYSED)
        if found is None or not fits(found[0], len(doc.text)):
            return None
        return found, _kept(path, key + body)

    def store(self, doc: SourceDoc, key: bytes, analysed: Analysed) -> Kept:
        """Replace the document's entry, atomically (a reader sees the old entry or the new)."""
        path = self._path(doc)
        body = pack(analysed)
        replace_file(path, seal(key, body))
        return _kept(path, key + body)

    def load_brief(self, path: str, key: bytes, kind: type[T]) -> tuple[Consulted, T] | None:
        """What ``store_brief`` kept of the analysis of the document at ``path`` under ``key``,
        with the verdicts that analysis looked up (it holds while they stand), read without
        decoding the analysis, nor reading the document."""
        body = read_sealed(self._brief(path), key)
        return None if body is None else _unpacked(body, shape(tuple[Consulted, kind]))  # type: ignore[valid-type]

    def store_brief(self, path: str, key: bytes, consulted: Consulted, value: object) -> None:
        """Keep a small product of the document's analysis made under ``key`` in a file of its
        own: a stage that needs only it (the claims stage) reads it without the whole entry."""
        replace_file(self._brief(path), seal(key, pack((consulted, value))))

    def _brief(self, path: str) -> Path:
        return Path(f"{self._entry(path)}.brief")

    def _path(self, doc: SourceDoc) -> Path:
        return self._entry(doc.path)

    def _entry(self, path: str) -> Path:
        name = hashlib.sha256(path.encode("utf-8", "surrogatepass")).hexdigest()
        return self.folder / name[:2] / name


def _kept(path: Path, entry: bytes) -> Kept:
    """Derived products live beside the entry, valid for its exact bytes: an analysis made
    again under the same key (a verdict changed) makes them again too."""
    return Kept(f"{path}.derived", hashlib.sha256(entry).digest())


@dataclass(frozen=True, slots=True)
class Kept:
    """What later stages made from one document's analysis (``model.Keeper``): one file, valid
    only for that analysis and the salt it was stored with."""

    path: str
    key: bytes

    def load(self, salt: bytes, kind: type[T]) -> T | None:
        """What was stored under ``salt``, if it is a ``kind``."""
        body = read_sealed(self.path, self._salted(salt))
        return None if body is None else _unpacked(body, kind)

    def store(self, salt: bytes, value: object) -> None:
        replace_file(self.path, seal(self._salted(salt), pack(value)))

    def _salted(self, salt: bytes) -> bytes:
        return hashlib.sha256(self.key + salt).digest()


def _unpacked(body: bytes, kind: type[T]) -> T | None:
    """What ``pack`` made of a ``kind``, or ``None``: an entry of another shape is a miss."""
    try:
        return unpack(body, kind)
    except Unreadable:
        return None


def fits(annotations: Iterable[Annotation], length: int) -> bool:
    """Whether every annotation and part lies within a text of ``length`` characters, each
    annotation's span the right way round, in the model's order (start, then longest first)."""
    previous = (0, -length - 1)
    for ann in annotations:
        if not 0 <= ann.start <= ann.end <= length or (ann.start, -ann.end) < previous:
            return False
        previous = (ann.start, -ann.end)
        for part in ann.parts:
            if not 0 <= part.start <= part.end <= length:
                return False
    return True


def document_digest(doc: SourceDoc) -> bytes:
    """The document as read (its bytes, metadata, text and blocks), as a digest: its part of
    its analysis's key (``AnalysisCache.key``)."""
    return hashlib.sha256(_canonical(doc)).digest()


def salt(*values: object) -> bytes:
    """A salt for ``Kept``: the canonical bytes of what else a derived product used."""
    return _canonical(list(values))


@functools.cache
def code_fingerprint() -> str:
    """A hash of sitegen's own source: a new version of any stage is a miss, even unreleased."""
    digest = hashlib.sha256()  # the version is in sitegen/__init__.py, one of the sources
    for path in code_sources():
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


PACKAGE = Path(__file__).resolve().parents[1]
"""The whole sitegen package: every stage's source goes into the fingerprint, not this folder's."""


def code_sources() -> list[Path]:
    """Every Python file of the package, in a fixed order."""
    return sorted(PACKAGE.rglob("*.py"))


def _canonical(value: object) -> bytes:
    """Sorted-key JSON of dataclasses, tuples and dicts: the same value always gives the same
    bytes (a pickle would not, as it depends on which equal strings are one object)."""
    return orjson.dumps(value, default=_bytes_digest, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS)


def _bytes_digest(value: Any) -> str:
    if isinstance(value, bytes):
        return hashlib.sha256(value).hexdigest()
    raise TypeError(f"no canonical form for {type(value).__name__}")
