"""Stable ids derived from content, never from position, so links to passages survive edits."""

from __future__ import annotations

import hashlib
from collections import Counter

ID_PREFIX = {"entity": "e", "claim": "c", "dispute": "d", "paragraph": "p"}
CONTEXT = 24
"""Characters of text on each side of a passage that go into its id."""


_BASE32 = "abcdefghijklmnopqrstuvwxyz234567"
_BASE32_PAIRS = tuple(high + low for high in _BASE32 for low in _BASE32)
"""Every 10-bit value as two base32 characters (RFC 4648 alphabet, lower case)."""


def digest(text: str) -> str:
    """Eight base32 characters of a hash of ``text`` with its white space folded."""
    folded = " ".join(text.split()).encode("utf-8", "surrogatepass")
    # 40 bits, four pairs: what base64.b32encode(...).lower() gives, without its pure-Python loop.
    bits = int.from_bytes(hashlib.blake2b(folded, digest_size=5).digest(), "big")
    pairs = _BASE32_PAIRS
    return pairs[bits >> 30] + pairs[(bits >> 20) & 1023] + pairs[(bits >> 10) & 1023] + pairs[bits & 1023]


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
