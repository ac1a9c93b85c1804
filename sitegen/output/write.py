"""Atomic output: build the whole site in a sibling folder, then swap it in at once.

A build that fails or is killed leaves the previous site as it was; the output
folder is only ever replaced when it carries our marker file. The marker lists
every file with its hash, so the next build hard-links files whose content did not
change instead of writing them again (a link costs a tenth of a write here).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from sitegen.errors import error
from sitegen.model import Page, StreamedPage
from sitegen.output.confine import inside, lock_output

MARKER = ".sitegen-site"
MARKER_HEADER = "built by sitegen; this folder is replaced on every build\n"
BACKGROUND_DELETE = 5000
"""Old sites with more files than this are deleted by a background process."""
_RENAME_EXCHANGE = 2
DELETED = "-"


@dataclass(frozen=True, slots=True)
class WriteStats:
    """What the write stage did: files written anew, files linked unchanged, bytes in the site."""

    written: int
    linked: int
    size: int


def check_output_dir(output: Path, display: str) -> None:
    """Refuse to replace a folder that sitegen did not create."""
    if output.is_symlink() or (output.exists() and not output.is_dir()):
        raise error(display, 0, "the output path exists and is not a folder", "choose another output_dir")
    if output.is_dir() and os.path.ismount(output):
        raise error(
            display,
            0,
            "the output folder is a mount point, and a build replaces the folder whole",
            "set output_dir to a folder inside it (e.g. site/public), or mount the folder above it",
        )
    if output.is_dir() and any(output.iterdir()) and not (output / MARKER).exists():
        raise error(
            display,
            0,
            "refusing to replace a folder that sitegen did not build",
            f"move it away, or set output_dir in sitegen.yml (no {MARKER} marker found)",
        )


class Staging:
    """A fresh folder beside the output that becomes the site, at once, on ``commit``.

    Pages go in as they are made (by this process or by forked workers, each writing
    its own files), so no build ever holds the whole site in memory. Leaving the
    ``with`` block deletes what is left: the old site after a commit, or the unfinished
    new one after a failure.
    """

    def __init__(self, output: Path, display: str) -> None:
        check_output_dir(output, display)
        output.parent.mkdir(parents=True, exist_ok=True)
        self._lock = lock_output(output, display)
        try:
            remove_stale_builds(output)
            self.output = output
            self.previous = read_manifest(output)
            self.folder = Path(tempfile.mkdtemp(prefix=f".{output.name}.building-", dir=output.parent))
        except BaseException:
            os.close(self._lock)
            raise
        self.folder.chmod(0o755)  # mkdtemp makes it private; a published site is world-readable
        self._old, self._new = os.fspath(output), os.fspath(self.folder)
        self._made: set[str] = set()

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, *_: object) -> None:
        try:
            _discard(self.folder, background=len(self.previous) > BACKGROUND_DELETE)
        finally:
            os.close(self._lock)  # which lets the next build in

    def put(self, pages: Iterable[Page | StreamedPage]) -> Manifest:
        """Write pages; a page unchanged since the last build is hard-linked from it instead."""
        manifest: Manifest = {}
        for page in pages:
            target = self._target(page.path)
            if isinstance(page, StreamedPage):
                manifest[page.path] = self._put_stream(page, target)
                continue
            digest_size = identity(page.content)
            known = self.previous.get(page.path)
            if known and known[:2] == digest_size and _link(f"{self._old}/{page.path}", target, known):
                manifest[page.path] = known
                continue
            manifest[page.path] = (*digest_size, _write_new(target, page.content))
        return manifest

    def _put_stream(self, page: StreamedPage, target: str) -> ManifestEntry:
        temporary = f"{target}.sitegen-tmp"
        entry = write_stream(temporary, page.chunks())
        known = self.previous.get(page.path)
        if known and known[:2] == entry[:2] and _link(f"{self._old}/{page.path}", target, known):
            os.unlink(temporary)
            return known
        os.replace(temporary, target)
        return entry

    def adopt(self, files: Mapping[str, tuple[Path, str]]) -> Manifest:
        """Put ready-made files (site path → (file, content hash)) from a cache into the site:
        linked from the last build when unchanged there, else copied. Never linked from the
        cache: a published file and a cached one are never one file, so editing either leaves
        the other as it was."""
        manifest: Manifest = {}
        for path, (source, digest) in files.items():
            target = self._target(path)
            known = self.previous.get(path)
            if known and known[0] == digest and _link(f"{self._old}/{path}", target, known):
                manifest[path] = known
                continue
            shutil.copyfile(source, target)
            found = os.stat(target)
            manifest[path] = (digest, found.st_size, found.st_mtime_ns)
        return manifest

    def commit(self, manifest: Manifest) -> WriteStats:
        """Write the marker listing every file, and swap the new site in for the old."""
        write_stream(self.folder / MARKER, _marker(manifest))
        _swap(self.folder, self.output)
        return _stats(self.previous, manifest)

    def _target(self, path: str) -> str:
        # Plain strings: a big site has hundreds of thousands of files, and pathlib's parsing
        # of each path cost more than linking the file.
        target = f"{self._new}/{inside(path)}"
        parent = os.path.dirname(target)
        if parent not in self._made:
            os.makedirs(parent, exist_ok=True)
            self._made.add(parent)
        return target


ManifestEntry = tuple[str, int, int]
Manifest = dict[str, ManifestEntry]
"""Site path → (content hash, size, modification time in ns) of every file of a build.

The time tells a file that was edited by hand after the build from the one we wrote,
so a hand-edited file is never carried into the next build."""


def read_manifest(output: Path) -> Manifest:
    """The previous build's files and hashes; empty when there is none or it is unreadable.
    Later lines win: a quick rebuild appends its changes, and ``-`` as a hash marks a deletion."""
    manifest: Manifest = {}
    try:
        lines = (output / MARKER).read_text(encoding="utf-8").splitlines()[1:]
        for digest, size, mtime, path in (line.split(" ", 3) for line in lines):
            if digest == DELETED:
                manifest.pop(path, None)
            else:
                manifest[path] = (digest, int(size), int(mtime))
    except (OSError, ValueError):
        return {}
    return manifest


Stamp = tuple[int, int, int]
"""(inode, size, modification time) of a site's marker: unchanged while nobody else builds there."""


def marker_stamp(output: Path) -> Stamp | None:
    try:
        found = os.stat(output / MARKER)
    except OSError:
        return None
    return found.st_ino, found.st_size, found.st_mtime_ns


DIGEST_CHARS = 32
"""Hex characters of a content hash the manifest keeps."""


def content_digest(content: bytes) -> str:
    """The hash a manifest records for a file's content: SHA-256, which processors with SHA
    instructions hash at twice BLAKE2b's speed (a warm build hashes every file it makes)."""
    return hashlib.sha256(content).hexdigest()[:DIGEST_CHARS]


def write_stream(target: str | Path, chunks: Iterable[bytes]) -> ManifestEntry:
    """Create a file from pieces, hashing as it goes; returns its manifest entry."""
    digest = hashlib.sha256()
    size = 0
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        for chunk in chunks:
            digest.update(chunk)
            size += len(chunk)
            view = memoryview(chunk)
            while view:
                view = view[_write(descriptor, view, target) :]
        return digest.hexdigest()[:DIGEST_CHARS], size, os.fstat(descriptor).st_mtime_ns
    finally:
        os.close(descriptor)


def _write(descriptor: int, data: bytes | memoryview, target: str | Path) -> int:
    """``os.write``, whose errors (a full disk) name the file written, as ``open``'s do."""
    try:
        return os.write(descriptor, data)
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, os.fspath(target)) from None


def identity(content: bytes) -> tuple[str, int]:
    """What a manifest entry says of a file's content: its hash and size."""
    return content_digest(content), len(content)


def _write_new(target: str, content: bytes) -> int:
    """Create a file; returns its modification time for the manifest."""
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        _write(descriptor, content, target)
        return os.fstat(descriptor).st_mtime_ns
    finally:
        os.close(descriptor)


def _stats(previous: Manifest, manifest: Manifest) -> WriteStats:
    """Files kept as they were (same hash, size and time as last build) versus written anew."""
    kept = sum(1 for path, entry in manifest.items() if previous.get(path) == entry)
    return WriteStats(len(manifest) - kept, kept, sum(entry[1] for entry in manifest.values()))


def _marker(manifest: Manifest) -> Iterator[bytes]:
    """The marker's text in pieces: a big site's is tens of megabytes."""
    yield MARKER_HEADER.encode("utf-8")
    paths = sorted(manifest)
    for start in range(0, len(paths), 2048):
        yield "".join(marker_line(path, manifest[path]) for path in paths[start : start + 2048]).encode("utf-8")


def marker_line(path: str, entry: ManifestEntry) -> str:
    digest, size, mtime = entry
    return f"{digest} {size} {mtime} {path}\n"


def _link(source: str, target: str, known: ManifestEntry) -> bool:
    """Link an unchanged file from the previous site, unless it was touched since."""
    try:
        found = os.stat(source)
        if (found.st_size, found.st_mtime_ns) != known[1:]:
            return False
        try:
            os.link(source, target)
        except FileExistsError:  # a worker that died left it: never write through that link
            os.unlink(target)
            os.link(source, target)
    except OSError:
        return False
    return True


def _discard(folder: Path, background: bool) -> None:
    """Delete a folder; a large one in a detached process so the build can return."""
    if not folder.exists():
        return
    if background:
        trash = folder.with_name(folder.name.replace(".building-", ".trash-"))
        os.rename(folder, trash)
        # At the lowest priority: an editor's next build, often started at once, comes first.
        lowest = ["nice", "-n", "19"] if shutil.which("nice") else []
        subprocess.Popen(
            [*lowest, "rm", "-rf", "--", str(trash)],
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        return
    shutil.rmtree(folder, ignore_errors=True)


def _swap(staging: Path, output: Path) -> None:
    """Put ``staging`` in place of ``output``; the old site ends up at ``staging``."""
    if not output.exists():
        os.rename(staging, output)
        staging.mkdir()
        return
    if _exchange(staging, output):
        return
    # No atomic exchange on this system: two renames, and a kill between them is
    # recovered by the next build (remove_stale_builds restores the old site).
    old = output.with_name(f".{output.name}.old-{os.getpid()}")
    os.rename(output, old)
    os.rename(staging, output)
    os.rename(old, staging)


def _exchange(first: Path, second: Path) -> bool:
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd = -100
    result = renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), _RENAME_EXCHANGE)
    return bool(result == 0)


def remove_stale_builds(output: Path) -> None:
    """Clear leftovers of killed builds; restore the old site if a kill left none in place."""
    if not output.parent.is_dir():
        return
    olds = sorted(output.parent.glob(f".{output.name}.old-*"))
    if not output.exists() and olds:
        os.rename(olds.pop(), output)
    for leftover in [*output.parent.glob(f".{output.name}.building-*"), *olds]:
        shutil.rmtree(leftover, ignore_errors=True)
    for trash in output.parent.glob(f".{output.name}.trash-*"):
        # Usually a background delete still at work; start one more in case it was killed.
        _discard(trash, background=True)
