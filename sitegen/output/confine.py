"""What the write stage may touch: paths inside the folder it writes, one build at a time.

Every file the write stage creates, links or deletes passes ``inside``; the ids that become
those paths are checked where they enter the build (``sitegen.names``), so this guard is the
one mechanism behind them all, not a check per channel.
"""

from __future__ import annotations

import fcntl
import os
import sys
from collections.abc import Callable
from pathlib import Path

from sitegen.errors import error


def inside(path: str) -> str:
    """``path`` when it is a plain site path that stays inside the folder it is written to;
    else an error. Every file the write stage creates, links or deletes passes here, so no
    input, however it reached a page's path, can put a file beside the site or over it."""
    if path and "\0" not in path and path[0] != "/" and not _LEAVING.intersection(path.split("/")):
        return path
    raise error(
        ascii(path),
        0,
        "refused to write a file outside the output folder",
        "a bug lets an unchecked name reach a page's path: please report it",
    )


_LEAVING = frozenset(("", ".", ".."))
"""Path parts that stay put or leave their folder; a site path has none of them."""


def lock_output(output: Path, display: str, notify: Callable[[str], None] | None = None) -> int:
    """Hold the folder the output lies in (an advisory lock, let go when the descriptor is
    closed or the process dies), waiting while another build holds it: two builds at once
    would each clear the other's staging folder. Returns the descriptor to close."""
    descriptor = os.open(output.parent, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        (notify or _to_stderr)(f"sitegen: another build is writing {display}; waiting for it to finish …")
        fcntl.flock(descriptor, fcntl.LOCK_EX)
    except BaseException:
        os.close(descriptor)
        raise
    return descriptor


def _to_stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)
