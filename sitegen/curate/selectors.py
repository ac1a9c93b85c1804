"""Offsets → the shortest quote selector that picks exactly them again, for writing curated entries."""

from __future__ import annotations

from sitegen.curate.anchor import QuoteError, anchor_quote
from sitegen.curate.curated import QuoteSelector

MAX_WORDS = 8
"""Most words of context tried on each side before falling back to ``occurrence``."""


def selector_for(text: str, start: int, end: int, window: tuple[int, int] | None = None) -> QuoteSelector:
    """``text[start:end]`` as a quote, with the least context (whole words) that makes it unique.

    Uniqueness is judged inside ``window`` (the whole text by default) by the anchoring code
    itself, so what this returns is read back as exactly ``(start, end)``.
    """
    low, high = window or (0, len(text))
    scope = text[low:high]
    local = (start - low, end - low)
    quote = text[start:end]
    plain = QuoteSelector(quote)
    if _picks(scope, plain, local):
        return plain
    for words in range(1, MAX_WORDS + 1):
        prefix = scope[_word_start(scope, local[0], words) : local[0]]
        if prefix.strip() and _picks(scope, QuoteSelector(quote, prefix=prefix), local):
            return QuoteSelector(quote, prefix=prefix)
        suffix = scope[local[1] : _word_end(scope, local[1], words)]
        if suffix.strip() and _picks(scope, QuoteSelector(quote, suffix=suffix), local):
            return QuoteSelector(quote, suffix=suffix)
    return QuoteSelector(quote, occurrence=str(_occurrence(scope, quote, local[0])))


def _picks(scope: str, selector: QuoteSelector, local: tuple[int, int]) -> bool:
    try:
        return anchor_quote(scope, selector) == (local,)
    except QuoteError:
        return False


def _occurrence(text: str, quote: str, at: int) -> int:
    """Which match of ``quote`` starts at ``at``, counting overlapping ones as anchoring does."""
    count, found = 0, text.find(quote)
    while 0 <= found <= at:
        count += 1
        found = text.find(quote, found + 1)
    return count


def _word_start(text: str, at: int, words: int) -> int:
    """Where the ``words``-th word before ``at`` starts (its leading space included)."""
    position = at
    for _ in range(words):
        while position > 0 and text[position - 1].isspace():
            position -= 1
        while position > 0 and not text[position - 1].isspace():
            position -= 1
    return position


def _word_end(text: str, at: int, words: int) -> int:
    """Where the ``words``-th word after ``at`` ends (its trailing space left out)."""
    position = at
    for _ in range(words):
        while position < len(text) and text[position].isspace():
            position += 1
        while position < len(text) and not text[position].isspace():
            position += 1
    return position
