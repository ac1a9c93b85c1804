"""Applying a staged change set to a live site all at once or not at all: every file that is
replaced or removed is kept aside until the whole set is in, and put back if any step fails."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable


def apply_staged(
    output: str, staged: str, aside: str, changed: Iterable[str], gone: Iterable[str], then: Callable[[], None]
) -> None:
    """Move ``changed`` site paths from ``staged`` into ``output`` and remove ``gone`` ones, keeping
    the old files under ``aside`` (a folder on the same file system) until ``then`` (the last
    step, e.g. recording the change) has run too.

    If any step fails (a staged file missing, a full disk, a read-only folder), every step
    already taken is undone in reverse and the error is raised: the site is as it was.
    """
    undo: list[tuple[str, str | None]] = []
    """(site path, where its old file was kept, or None when there was none) in order done."""
    made: list[str] = []
    """Folders created in the site for new files, in order, to remove again on undo."""
    try:
        for path in changed:
            target = os.path.join(output, path)
            kept = _keep_aside(target, os.path.join(aside, path), link=True)
            undo.append((path, kept))
            made += _make_parents(target)
            os.replace(os.path.join(staged, path), target)
        for path in gone:
            kept = _keep_aside(os.path.join(output, path), os.path.join(aside, path), link=False)
            if kept is not None:
                undo.append((path, kept))
        then()
    except BaseException:
        _undo(output, undo, made)
        raise


def _keep_aside(target: str, aside: str, link: bool) -> str | None:
    """Keep the file at ``target`` under ``aside`` (a second link to it, or moved there)."""
    os.makedirs(os.path.dirname(aside), exist_ok=True)
    try:
        (os.link if link else os.rename)(target, aside)
    except FileNotFoundError:
        return None
    return aside


def _make_parents(target: str) -> list[str]:
    """Create the folders ``target`` needs; returns those it created, in the order it did."""
    missing = []
    folder = os.path.dirname(target)
    while not os.path.isdir(folder):
        missing.append(folder)
        folder = os.path.dirname(folder)
    created = []
    for folder in reversed(missing):
        os.mkdir(folder)
        created.append(folder)
    return created


def _undo(output: str, undo: list[tuple[str, str | None]], made: list[str]) -> None:
    for path, kept in reversed(undo):
        target = os.path.join(output, path)
        with contextlib.suppress(OSError):
            if kept is None:
                os.unlink(target)
            else:
                os.replace(kept, target)
    for folder in reversed(made):
        with contextlib.suppress(OSError):
            os.rmdir(folder)
