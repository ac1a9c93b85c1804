"""Atomic output: build the whole site in a sibling folder, then swap it in at once.

A build that fails or is killed leaves the previous site as it was; the output
folder is only ever replaced when it carries our marker file.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from sitegen.errors import error
from sitegen.model import Page

MARKER = ".sitegen-site"
_RENAME_EXCHANGE = 2


def check_output_dir(output: Path, display: str) -> None:
    """Refuse to replace a folder that sitegen did not create."""
    if output.is_symlink() or (output.exists() and not output.is_dir()):
        raise error(display, 0, "the output path exists and is not a folder", "choose another output_dir")
    if output.is_dir() and any(output.iterdir()) and not (output / MARKER).exists():
        raise error(
            display,
            0,
            "refusing to replace a folder that sitegen did not build",
            f"move it away, or set output_dir in sitegen.yml (no {MARKER} marker found)",
        )


def write_site(output: Path, pages: Iterable[Page], display: str) -> int:
    """Write every page into a fresh folder and swap it with ``output``; returns bytes written."""
    check_output_dir(output, display)
    output.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_builds(output)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.building-", dir=output.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a published site is world-readable
    try:
        written = _write_pages(staging, pages)
        (staging / MARKER).write_text("built by sitegen; this folder is replaced on every build\n")
        _swap(staging, output)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return written


def _write_pages(folder: Path, pages: Iterable[Page]) -> int:
    written = 0
    made: set[Path] = set()
    for page in pages:
        target = folder / page.path
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        target.write_bytes(page.content)
        written += len(page.content)
    return written


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
