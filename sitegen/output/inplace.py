"""The preview's quick rebuild: update, in place, a site this process wrote last, all or nothing."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from sitegen.model import Page, StreamedPage
from sitegen.output.apply import apply_staged
from sitegen.output.confine import inside, lock_output
from sitegen.output.write import (
    DELETED,
    MARKER,
    Manifest,
    ManifestEntry,
    Stamp,
    WriteStats,
    identity,
    marker_line,
    marker_stamp,
    write_stream,
)


class InPlace:
    """Updates, in place, a site this process wrote last: only files whose content changed.

    Made only when the folder is as the last build left it (``manifest`` is what its marker
    said then); otherwise the caller builds anew. Changed files are written to a folder
    beside the site first and applied all at once by ``commit``, so a rebuild that fails
    midway changes nothing; leaving the ``with`` block removes that folder. Callers make
    sure no reader sees the site during ``commit`` (the preview server holds requests then).
    """

    def __init__(self, output: Path, manifest: Manifest, lock: int | None = None) -> None:
        self.output = output
        self.previous = manifest
        self._lock = lock
        """The output's build lock, held until ``__exit__``: a full build started meanwhile
        (``sitegen build`` in another terminal) waits instead of removing this staging folder."""
        self.folder = Path(tempfile.mkdtemp(prefix=f".{output.name}.building-quick-", dir=output.parent))
        """Staging: ``new/`` holds the changed files, ``old/`` what they replace while applying."""
        self._new = os.path.join(self.folder, "new")

    @classmethod
    def open(cls, output: Path, manifest: Manifest, stamp: Stamp | None) -> InPlace | None:
        """``stamp`` is the marker's as this process left it; reading the whole marker back
        would cost more than the rest of a quick rebuild of a big archive. The stamp is checked
        under the build lock, so no other build can change the site between check and commit."""
        if stamp is None:
            return None
        lock = lock_output(output, output.name)
        try:
            if marker_stamp(output) == stamp:
                return cls(output, manifest, lock)
        except BaseException:
            os.close(lock)
            raise
        os.close(lock)
        return None

    def __enter__(self) -> InPlace:
        return self

    def __exit__(self, *_: object) -> None:
        try:
            shutil.rmtree(self.folder, ignore_errors=True)
        finally:
            if self._lock is not None:
                os.close(self._lock)

    def put(self, pages: Iterable[Page | StreamedPage]) -> Manifest:
        manifest: Manifest = {}
        for page in pages:
            known = self.previous.get(page.path)
            if isinstance(page, Page) and known is not None and known[:2] == identity(page.content):
                manifest[page.path] = known
            else:
                manifest[page.path] = self._stage(page, known)
        return manifest

    def _stage(self, page: Page | StreamedPage, known: ManifestEntry | None) -> ManifestEntry:
        """Write a file to staging unless its content is as known."""
        target = os.path.join(self._new, inside(page.path))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        chunks = page.chunks() if isinstance(page, StreamedPage) else (page.content,)
        entry = write_stream(target, chunks)
        if known is not None and known[:2] == entry[:2]:
            os.unlink(target)
            return known
        return entry

    def commit(self, manifest: Manifest) -> WriteStats:
        """Apply the staged files and remove the ones the site no longer has, all or nothing,
        then append the changes to the marker."""
        changed = sorted(path for path, entry in manifest.items() if self.previous.get(path) != entry)
        gone = sorted(inside(path) for path in set(self.previous) - set(manifest))
        lines = [marker_line(path, manifest[path]) for path in changed]
        lines += [marker_line(path, (DELETED, 0, 0)) for path in gone]
        aside = os.path.join(self.folder, "old")
        apply_staged(os.fspath(self.output), self._new, aside, changed, gone, then=lambda: _append(self.output, lines))
        size = sum(entry[1] for entry in manifest.values())
        return WriteStats(len(changed), len(manifest) - len(changed), size)


def _append(output: Path, lines: list[str]) -> None:
    descriptor = os.open(output / MARKER, os.O_WRONLY | os.O_APPEND)
    try:
        os.write(descriptor, "".join(lines).encode("utf-8"))
    finally:
        os.close(descriptor)
