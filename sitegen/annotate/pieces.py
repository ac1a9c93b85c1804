"""Long documents in pieces: groups of whole paragraphs, parsed one by one, offsets kept.

spaCy refuses a text over ``nlp.max_length`` (1,000,000 characters), and the memory a parse
takes grows with the text it is given at once. A text longer than ``PIECE_CHARS`` is cut at
paragraph breaks (a blank line, else a line break, else a space) into pieces of at most that
many characters; each piece is parsed and annotated alone, and what is found in it is shifted
back by the piece's offset, so every span still points into the whole text. A batch of parses
holds at most ``BATCH_CHARS`` characters (fewer documents when they are long), so the memory a
build takes no longer grows with its longest document.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from sitegen.model import Part, Proposal

PIECE_CHARS = 50_000
"""Characters of one piece, at most: a long article parses whole, a book in a few hundred pieces."""
BATCH_CHARS = 64_000
"""Characters of the texts parsed together in one batch, at most; batches of short documents keep
the size the settings give. The model's working memory grows about 2.3 MB per 1,000 characters
batched: a worker parsing 32 articles of 4,400 characters at once peaked at 580 MB, 16 at 400 MB
(about 150 MB above the model), in the same time within the noise of a shared machine."""
BREAKS = ("\n\n", "\n", " ")
"""Where a piece may end, best first: after a paragraph, a line, a word."""


def pieces(text: str, limit: int = PIECE_CHARS) -> Iterator[tuple[int, str]]:
    """(offset, piece) covering ``text`` in order, each at most ``limit`` characters."""
    start = 0
    while len(text) - start > limit:
        end = _cut(text, start, start + limit)
        yield start, text[start:end]
        start = end
    yield start, text[start:]


def batch_size(lengths: Iterable[int], most: int) -> int:
    """Texts per batch: ``most``, or fewer when the longest of them would overrun ``BATCH_CHARS``."""
    return max(1, min(most, BATCH_CHARS // max(1, max(lengths, default=1))))


def _cut(text: str, start: int, most: int) -> int:
    """Where a piece from ``start`` ends: after the last break of the best kind before ``most``,
    so a paragraph is cut only when it is longer than a piece."""
    for mark in BREAKS:
        found = text.rfind(mark, start + 1, most)
        if found > start:
            return found + len(mark)
    return most


def shifted(proposal: Proposal, offset: int) -> Proposal:
    """``proposal`` found in a piece, moved to where the piece starts in the whole text."""
    if not offset:
        return proposal
    return replace(
        proposal,
        start=proposal.start + offset,
        end=proposal.end + offset,
        parts=tuple(Part(p.role, p.start + offset, p.end + offset) for p in proposal.parts),
    )
