"""Request target → a file under the output folder, refusing anything that could leave it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote_to_bytes

MAX_TARGET = 2048
"""Longest request target we look at; longer ones get 414."""

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".jsonld": "application/ld+json; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".svg": "image/svg+xml; charset=utf-8",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".gz": "application/gzip",
    ".pdf": "application/pdf",
}
DEFAULT_TYPE = "application/octet-stream"


@dataclass(frozen=True, slots=True)
class Target:
    """What a request asks for: a status to answer with, or a file or redirect."""

    status: int
    file: Path | None = None
    location: str = ""
    reason: str = ""


def content_type(path: Path | PurePosixPath) -> str:
    return CONTENT_TYPES.get(path.suffix.lower(), DEFAULT_TYPE)


def resolve(output: Path, base: str, raw: str) -> Target:
    """Map a raw request target to a file inside ``output`` served under the base path ``base``.

    The target is percent-decoded exactly once, so ``%252e%252e`` stays the literal
    name ``%2e%2e`` and can never become ``..``.
    """
    if len(raw) > MAX_TARGET:
        return Target(414, reason="request target too long")
    path = _decoded_path(raw)
    if path is None:
        return Target(400, reason="malformed request target")
    if path + "/" == base:
        return Target(301, location=base)
    if not path.startswith(base):
        return Target(404, reason="outside the base path")
    segments = path[len(base) :].split("/")
    if any(s in ("", ".", "..") or s.startswith(".") for s in segments[:-1]) or segments[-1] in (".", ".."):
        return Target(404, reason="not a plain path")
    if segments[-1].startswith("."):
        return Target(404, reason="hidden file")
    relative = "/".join(segments) + ("index.html" if segments[-1] == "" else "")
    return _inside(output, relative, path)


def site_file(output: Path, relative: str) -> Path | None:
    """A file of the site by its path in it, if it is there and really inside."""
    return _inside(output, relative, "/" + relative).file


def _decoded_path(raw: str) -> str | None:
    if not raw.startswith("/") or any(ord(c) < 0x21 or c == "\x7f" for c in raw):
        return None
    try:
        # Not urlsplit: it would read a leading ``//host`` as a host name.
        path = unquote_to_bytes(raw.partition("?")[0].partition("#")[0]).decode("utf-8")
    except (UnicodeDecodeError, ValueError):
        return None
    if "\\" in path or "\x00" in path or any(ord(c) < 0x20 for c in path):
        return None
    return path


def _inside(output: Path, relative: str, path: str) -> Target:
    """The file, if it really is inside ``output`` once symlinks are followed."""
    root = os.path.realpath(output)
    real = os.path.realpath(os.path.join(root, relative))
    if os.path.commonpath([root, real]) != root:
        return Target(404, reason="leads outside the site")
    if os.path.isdir(real):
        if os.path.isfile(os.path.join(real, "index.html")):
            return Target(301, location=path + "/")
        return Target(404, reason="a folder (no listings)")
    if not os.path.isfile(real):
        return Target(404, reason="no such file")
    return Target(200, file=Path(real))
