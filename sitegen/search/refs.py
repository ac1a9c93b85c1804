"""Short search refs: a document number and, for a passage, its kind letter and number."""

from __future__ import annotations

import string

DIGITS = string.digits + string.ascii_lowercase
KIND_LETTERS = {"paragraph": "P", "claim": "C", "dispute": "D", "entity": "E"}
"""Passage kinds as the one upper-case letter refs carry, so results filter by kind unloaded."""
OTHER = "X"


def base36(number: int) -> str:
    """``number`` in lower-case base 36: refs are repeated in every posting, so they stay short."""
    if number < 0:
        raise ValueError("refs are built from non-negative numbers")
    digits = ""
    while True:
        number, rest = divmod(number, 36)
        digits = DIGITS[rest] + digits
        if not number:
            return digits


def doc_ref(doc: int) -> str:
    """The ref of document number ``doc``'s own entry (title, sources, names)."""
    return base36(doc)


def passage_ref(doc: int, kind: str, number: int) -> str:
    """The ref of passage ``number`` of document ``doc``: ``3fC2`` is entry 2 of document 3f, a claim."""
    return f"{base36(doc)}{KIND_LETTERS.get(kind, OTHER)}{base36(number)}"
