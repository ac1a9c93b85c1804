"""Stable ids derived from content, never from position, so links to passages survive edits."""

from __future__ import annotations

import base64
import hashlib
from collections import Counter

ID_PREFIX = {"entity": "e", "claim": "c", "dispute": "d", "paragraph": "p"}
CONTEXT = 24
"""Characters of text on each side of a passage that go into its id."""


def digest(text: str) -> str:
    """Eight base32 characters of a hash of ``text`` with its white space folded."""
    folded = " ".join(text.split()).encode("utf-8", "surrogatepass")
    return base64.b32encode(hashlib.blake2b(folded, digest_size=5).digest()).decode("ascii").lower()


class IdMaker:
    """Hands out ``<prefix>-<digest>`` ids, numbering repeats of the same content ``-2``, ``-3``…"""

    def __init__(self) -> None:
        self._seen: Counter[str] = Counter()

    def make(self, kind: str, content: str) -> str:
        """An id for ``content``; the same content again gets the next number."""
        base = f"{ID_PREFIX.get(kind, kind[:1])}-{digest(kind + chr(0) + content)}"
        self._seen[base] += 1
        count = self._seen[base]
        return base if count == 1 else f"{base}-{count}"

    def annotation(self, kind: str, text: str, start: int, end: int) -> str:
        """An annotation's id: its kind, exact text and the text just around it.

        The context tells repeats of the same words apart without counting them, so
        adding an annotation or editing the text elsewhere never changes an id.
        """
        before = text[max(0, start - CONTEXT) : start]
        after = text[end : end + CONTEXT]
        return self.make(kind, "\0".join((before, text[start:end], after)))
