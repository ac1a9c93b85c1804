"""Scratch files for a one-shot build: what workers make for later stages, kept on disk.

A document worker's parts for the cross-document pages, the search index, the overview and
the archive CSV are needed only once every document is done; held in memory they made a big
archive's build grow by tens of kilobytes per document. Each process appends to its own file
and keeps only where each piece went. A long-lived process (the preview server) has no folder,
and its pieces stay in memory, ready for the next quick rebuild.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import socket
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from sitegen.runtime.data import Unreadable, compress, decode, decompress, encode, pack, unpack

T = TypeVar("T")

__all__ = [
    "Blob",
    "Spool",
    "Spooled",
    "Unreadable",
    "compress",
    "decode",
    "decompress",
    "encode",
    "opened",
    "pack",
    "read",
    "unpack",
]


@dataclass(frozen=True, slots=True)
class Spooled:
    """Bytes written to a spool file: where they are."""

    path: str
    offset: int
    size: int

    def read(self) -> bytes:
        return self.read_within(0, self.size)

    def read_within(self, start: int, end: int) -> bytes:
        """Bytes ``start`` to ``end`` of these."""
        return os.pread(_reader(self.path), end - start, self.offset + start)


_READERS: dict[str, int] = {}
"""Spool files open for reading in this process, by path: a shard worker reads a piece of
every document's part, and opening the file for each cost more than the read."""


def _forget_readers() -> None:
    # A forked worker opens its own: reading through the parent's descriptors would be correct
    # (``pread`` shares no file position), but closing them at the end must stay the parent's.
    _READERS.clear()


os.register_at_fork(after_in_child=_forget_readers)


def _reader(path: str) -> int:
    descriptor = _READERS.get(path)
    if descriptor is None:
        descriptor = _READERS[path] = os.open(path, os.O_RDONLY)
    return descriptor


def _close_readers() -> None:
    for descriptor in _READERS.values():
        os.close(descriptor)
    _READERS.clear()


Blob = bytes | Spooled
"""Bytes in memory, or where a spool put them."""


def read(blob: Blob) -> bytes:
    return blob.read() if isinstance(blob, Spooled) else blob


class Spool:
    """Append-only files in ``folder``, one per process (forked workers each open their own)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self._pid = 0
        self._descriptor = -1
        self._path = ""
        self._size = 0

    def put(self, data: bytes) -> Blob:
        if self.folder is None:
            return data
        if self._pid != os.getpid():
            self._open()
        offset = self._size
        view = memoryview(data)
        while view:
            view = view[os.write(self._descriptor, view) :]
        self._size += len(data)
        return Spooled(self._path, offset, len(data))

    def close(self) -> None:
        if self._pid == os.getpid():
            os.close(self._descriptor)
            self._pid = 0

    def _open(self) -> None:
        assert self.folder is not None
        self._pid = os.getpid()
        # The host too: a cluster's workers on several machines share the folder.
        self._path = str(self.folder / f"{socket.gethostname()}-{self._pid}.spool")
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND
        self._descriptor = os.open(self._path, flags, 0o600)  # closed when the process ends
        self._size = os.fstat(self._descriptor).st_size  # a reused process id appends


@contextlib.contextmanager
def opened(cache_dir: Path | None) -> Iterator[Spool]:
    """A spool for one build, in a fresh folder under ``cache_dir`` that goes when it ends
    (no folder, and so no spooling, when ``cache_dir`` is None). Folders that killed builds
    left behind are removed first."""
    if cache_dir is None:
        yield Spool(None)
        return
    cache_dir.mkdir(parents=True, exist_ok=True)
    remove_stale(cache_dir)
    folder, lock = _locked_folder(cache_dir)
    spool = Spool(folder)
    try:
        yield spool
    finally:
        spool.close()
        _close_readers()
        shutil.rmtree(folder, ignore_errors=True)
        os.close(lock)


PREFIX = "spool-"
_LOCK = "in-use"
"""A file in each spool folder that its build holds an exclusive ``flock`` on while it runs.
The kernel drops the lock when the build and every worker it forked have ended, however they
ended: a folder whose lock can be taken belongs to no running build."""
_UNFINISHED = ".spool-new-"
_UNFINISHED_AGE = 3600.0
"""Seconds after which a folder with no lock in it (a build killed while setting it up, in
those microseconds) is taken to be abandoned."""


def _locked_folder(cache_dir: Path) -> tuple[Path, int]:
    """A new spool folder with its lock held: made under another name and renamed only once
    locked, so no other build ever sees it unlocked."""
    making = Path(tempfile.mkdtemp(prefix=_UNFINISHED, dir=cache_dir))
    lock = os.open(making / _LOCK, os.O_WRONLY | os.O_CREAT, 0o600)
    fcntl.flock(lock, fcntl.LOCK_EX)
    folder = making.with_name(PREFIX + making.name.removeprefix(_UNFINISHED))
    os.rename(making, folder)
    return folder, lock


def remove_stale(cache_dir: Path) -> list[Path]:
    """Remove the spool folders under ``cache_dir`` that no running build holds; returns them."""
    removed = []
    for entry in os.scandir(cache_dir):
        path = Path(entry.path)
        if entry.name.startswith(PREFIX):
            stale = entry.is_dir(follow_symlinks=False) and _unused(path, entry)
        else:
            stale = entry.name.startswith(_UNFINISHED) and _age(entry) > _UNFINISHED_AGE
        if stale:
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def _unused(folder: Path, entry: os.DirEntry[str]) -> bool:
    """Whether no process holds ``folder``'s lock. One without a lock was made by a version of
    sitegen from before locks: it counts as unused once it is an hour old."""
    try:
        descriptor = os.open(folder / _LOCK, os.O_RDONLY | os.O_NOFOLLOW)
    except FileNotFoundError:
        return _age(entry) > _UNFINISHED_AGE
    except OSError:
        return False
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(descriptor)
    return True


def _age(entry: os.DirEntry[str]) -> float:
    try:
        return time.time() - entry.stat(follow_symlinks=False).st_mtime
    except OSError:
        return 0.0
