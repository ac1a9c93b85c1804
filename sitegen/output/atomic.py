"""Replacing a file so that a reader sees the old one or the new one, never half of either."""

from __future__ import annotations

import os
import threading
from pathlib import Path


def replace_file(path: str | Path, data: bytes) -> None:
    """Write ``data`` beside ``path`` under a hidden temporary name, then rename it over
    ``path``; folders are made when missing. The temporary name is unique to this process and
    thread, which is all that writes it."""
    folder, name = os.path.split(os.fspath(path))
    temporary = os.path.join(folder, f".{name}.{os.getpid()}-{threading.get_ident()}.tmp")
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
