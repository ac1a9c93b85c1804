"""Every URL rule in one place. Pages link to each other relatively, so a built site
works under any base path and straight from disk (``file://``)."""

from __future__ import annotations

import functools
import posixpath
from pathlib import PurePosixPath
from urllib.parse import quote, urlsplit

from sitegen.model import SourceDoc

HOME = "index.html"
NOT_FOUND = "404.html"
STATIC = "static"


def document(slug: str) -> str:
    return f"documents/{slug}.html"


def original(doc: SourceDoc) -> str:
    """The archived copy of the original file, under a name derived from its slug."""
    return f"originals/{doc.slug}{PurePosixPath(doc.path).suffix.lower()}"


def entity(ident: str) -> str:
    return f"entities/{ident}.html"


def source(ident: str) -> str:
    return f"sources/{ident}.html"


def share(slug: str, ident: str) -> str:
    """The small page that previews one passage when its link is pasted elsewhere."""
    return f"p/{slug}/{ident}.html"


ENTITIES = "entities/index.html"
SOURCES = "sources/index.html"
DISPUTES = "disputes.html"
DISPUTES_FOLDER = "disputes"
"""Pages 2 and on of the disputes list: ``disputes/2.html``."""
LIST = "list"
"""Pages 2 and on of the home page's list of documents: ``list/2.html``."""
EXPORTS = "exports.html"
SEARCH = "search.html"
ARCHIVE_JSONLD = "exports/annotations.jsonld"
ARCHIVE_CSV = "exports/annotations.csv"
ARCHIVE_ENTITIES = "exports/entities.jsonld"
ARCHIVE_AGENTS = "exports/agents.jsonld"


def jsonld(slug: str) -> str:
    return f"documents/{slug}.jsonld"


def page(slug: str) -> str:
    return f"pages/{slug}.html"


def static(name: str) -> str:
    return f"{STATIC}/{name}"


def relative(from_page: str, to_path: str) -> str:
    """The URL of ``to_path`` as written in ``from_page`` (both site-relative paths)."""
    return relative_in(posixpath.dirname(from_page), to_path)


def relative_in(folder: str, to_path: str) -> str:
    """``relative`` for a page in ``folder``: a page that links a lot works its folder out once."""
    if to_path.startswith("#"):
        return to_path
    path, _, fragment = to_path.partition("#")
    url = _relative_url(path, folder)
    return f"{url}#{fragment}" if fragment else url


@functools.lru_cache(maxsize=65536)
def _relative_url(path: str, start: str) -> str:
    # Most links repeat from page to page of one folder (documents/ → entities/kyiv.html).
    return quote(_relpath(path, start))


@functools.lru_cache(maxsize=65536)
def _relpath(path: str, start: str) -> str:
    """``posixpath.relpath`` for clean site paths, without touching the file system's cwd."""
    target = path.split("/")
    base = start.split("/") if start else []
    common = 0
    for mine, theirs in zip(target[:-1], base, strict=False):
        if mine != theirs:
            break
        common += 1
    return "/".join([".."] * (len(base) - common) + target[common:]) or "."


def base_path(base_url: str) -> str:
    """The path part of the base URL, always with a leading and trailing slash: ``/repo/``."""
    path = urlsplit(base_url).path or "/"
    return path if path.endswith("/") else path + "/"


def absolute(base_url: str, path: str) -> str:
    """A full URL for canonical links and the sitemap."""
    return base_url.rstrip("/") + "/" + quote(path)
