"""Names that become file names: the rule every id used in a site path obeys, and slugs
bounded in length.

An id that names a page (``entities/ID.html``, ``sources/ID.html``, ``p/DOC/ID.html``) is
checked where it enters the build, so the error names the file and line it came from. The
write stage refuses any path outside the staging folder as well (``sitegen.output.write``):
that is the one guard every channel passes, this is what makes its refusals never happen.
"""

from __future__ import annotations

import hashlib
import re

MAX_ID = 100
"""Characters of an id that becomes a file name (a file name may have 255 bytes in all)."""
PATH_ID = re.compile(r"[a-z0-9_][a-z0-9._-]*")
"""What such an id may hold: it cannot be empty, ``.`` or ``..``, and has no ``/``."""
SLUG_HEAD = 60
"""Characters of a long name's slug kept before the hash of the whole name."""
HASH_MARK = "--"
"""Between a shortened slug and its hash. Slugs collapse runs of other characters into one
hyphen, so no slug made whole contains two: a shortened one never equals a whole one."""


def id_problem(value: str) -> str:
    """Why ``value`` cannot name a page, or ``""`` when it can."""
    if len(value) > MAX_ID:
        return f"is {len(value)} characters long (at most {MAX_ID})"
    if not PATH_ID.fullmatch(value):
        return "may hold only lowercase letters, digits, '_', '.' and '-', and must not start with '.' or '-'"
    return ""


def bounded(slug: str, name: str) -> str:
    """``slug`` (made from ``name``) as is when short, else its head and a hash of ``name``:
    two long names that share a head still get two slugs."""
    if len(slug) <= MAX_ID:
        return slug
    digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return f"{slug[:SLUG_HEAD].rstrip('-._')}{HASH_MARK}{digest}"
