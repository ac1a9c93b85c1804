"""Response bodies: small ones in memory, files sent from disk as they are, with the reload
script spliced into HTML on the way out (never into the built file)."""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

IN_MEMORY = 256 * 1024
"""Files up to this size are read whole (one read, the descriptor freed at once); larger ones
are sent from the open file in pieces, so a request never holds a large file in memory."""
TAIL = 64 * 1024
"""How far from the end of a large HTML file ``</body>`` is looked for."""
BODY_END = b"</body>"


@dataclass(frozen=True, slots=True)
class Body:
    """What follows a response's headers: ``data``, or ``size`` bytes of ``file`` with ``tag``
    inserted at ``splice``."""

    data: bytes = b""
    file: BinaryIO | None = None
    size: int = 0
    splice: int = 0
    tag: bytes = b""

    @property
    def length(self) -> int:
        return len(self.data) if self.file is None else self.size + len(self.tag)

    def send(self, sock: socket.socket) -> None:
        if self.file is None:
            sock.sendall(self.data)
            return
        # Counts are never 0 here: to sendfile, 0 means "to the end of the file".
        if self.splice:
            sock.sendfile(self.file, 0, self.splice)
        sock.sendall(self.tag)
        if self.size > self.splice:
            sock.sendfile(self.file, self.splice, self.size - self.splice)

    def close(self) -> None:
        if self.file is not None:
            self.file.close()


def in_memory(data: bytes, tag: bytes = b"") -> Body:
    """A body held in memory, with ``tag`` (if any) before its last ``</body>``."""
    if not tag:
        return Body(data)
    at = data.rfind(BODY_END)
    return Body(data[:at] + tag + data[at:] if at >= 0 else data + tag)


def open_file(path: Path, tag: bytes = b"") -> Body:
    """A file's body as it is now: the open descriptor keeps this version even if a rebuild
    replaces the file before it is sent. Raises OSError when it cannot be opened."""
    handle = open(path, "rb")  # noqa: SIM115 - the Body owns it until the response is sent
    try:
        size = os.fstat(handle.fileno()).st_size
        if size <= IN_MEMORY:
            with handle:
                return in_memory(handle.read(), tag)
        return Body(file=handle, size=size, splice=_splice(handle, size) if tag else size, tag=tag)
    except BaseException:
        handle.close()
        raise


def _splice(handle: BinaryIO, size: int) -> int:
    """Where the tag goes in a large HTML file: before its last ``</body>``, else at the end."""
    start = max(0, size - TAIL)
    handle.seek(start)
    at = handle.read(TAIL).rfind(BODY_END)
    handle.seek(0)
    return start + at if at >= 0 else size
