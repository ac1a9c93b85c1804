"""Per-item work on forked worker processes: the pages of many documents on every core.

Workers are forked, so they inherit the archive and the templates as they are; only item
indices go to them and only small results come back (pages are written by the workers).
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import os
import signal
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")

_PR_SET_PDEATHSIG = 1
_LIBC = ctypes.CDLL(None, use_errno=True)
"""The C library, for what Python does not wrap (prctl, malloc_trim)."""

CHUNK = 16
"""Items a worker takes at a time, at most."""

PARALLEL_MIN_DOCUMENTS = 200
"""Below this many documents, forking workers costs more than the work they share."""


class _Job:
    """What forked workers run; set only while a pool is open."""

    make: Callable[[int], Any] | None = None


def _die_with_parent() -> None:
    """A child of a killed build must not linger: a pool worker's siblings hold the task pipe
    open, so it would wait for work forever (spaCy's parsing processes likewise). Linux kills
    it when the build process dies; the build's pid was noted just before the fork, so a build
    that died before this ran is caught too."""
    with contextlib.suppress(OSError, AttributeError):
        _LIBC.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != _Forking.parent:
        os._exit(1)


class _Forking:
    parent = 0
    """The pid of the process that forked last, as seen before the fork."""


def _note_parent() -> None:
    _Forking.parent = os.getpid()


# Every fork of a build: our workers and the language model's.
os.register_at_fork(before=_note_parent, after_in_child=_die_with_parent)


def _release_free_memory() -> None:
    """Hand freed heap pages back to the system before forking: workers start from this
    process's resident memory, and a build frees a lot of it (the replies of earlier workers)."""
    with contextlib.suppress(OSError, AttributeError):
        _LIBC.malloc_trim(0)


def _start_worker() -> None:
    """No collector while a worker runs, and nothing inherited in any collection: a collection
    would visit, and so copy, every page of the inherited archive."""
    gc.disable()
    gc.freeze()


def _run_chunk(indices: list[int]) -> list[tuple[int, Any]]:
    make = _Job.make
    assert make is not None, "only called in workers forked while a pool is open"
    done = [(index, make(index)) for index in indices]
    gc.collect()  # only what this chunk made: the inherited heap is frozen, never scanned
    return done


def map_forked(todo: Sequence[int], make: Callable[[int], T], jobs: int, parallel: bool = True) -> dict[int, T]:
    """``make(i)`` for every index in ``todo``, on ``jobs`` forked processes when ``parallel``
    (callers say whether the work outweighs forking) and the platform can fork."""
    jobs = jobs or os.cpu_count() or 1
    if not parallel or jobs < 2 or len(todo) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return {index: make(index) for index in todo}
    # Small chunks, so results come back as they are made rather than all at the end, and a
    # few items of uneven size (the shards of cross-document pages) still spread over every worker.
    size = max(1, min(CHUNK, len(todo) // (jobs * 4)))
    chunks = [list(todo[start : start + size]) for start in range(0, len(todo), size)]
    _Job.make = make
    # A worker never collects cycles: a collection would visit, and so copy, every page of
    # the inherited archive, and the worker's own data lives only until it exits.
    context = multiprocessing.get_context("fork")
    _release_free_memory()
    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_start_worker) as pool:
            results = list(pool.map(_run_chunk, chunks))
    finally:
        _Job.make = None
    return {index: output for chunk in results for index, output in chunk}
