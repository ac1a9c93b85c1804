"""Quoted passages: where a document quotes someone, found by pairing quotation marks per paragraph."""

from __future__ import annotations

import re

Range = tuple[int, int]
_MARKS = re.compile(r"“|”|\"|''|``")


def quoted_regions(text: str) -> tuple[Range, ...]:
    """Character ranges inside quotation marks (marks included); an unclosed quote runs to the paragraph end."""
    regions: list[Range] = []
    offset = 0
    for paragraph in text.split("\n"):
        regions.extend(_paragraph_regions(paragraph, offset))
        offset += len(paragraph) + 1
    return tuple(regions)


def _paragraph_regions(paragraph: str, offset: int) -> list[Range]:
    regions = []
    opened = -1
    for match in _MARKS.finditer(paragraph):
        mark = match.group()
        if opened < 0 and (mark != "”" or _opens(paragraph, match.start(), match.end())):
            opened = match.start()
        elif opened >= 0 and mark != "“":
            regions.append((offset + opened, offset + match.end()))
            opened = -1
    if opened >= 0 and len(paragraph) - opened > 1:
        regions.append((offset + opened, offset + len(paragraph)))
    return regions


def _opens(paragraph: str, start: int, end: int) -> bool:
    """A closing mark used to open a quotation: at a word's start ("”Mr. Trump’s performance …”")."""
    return (start == 0 or paragraph[start - 1].isspace()) and end < len(paragraph) and paragraph[end].isalnum()


def inside(regions: tuple[Range, ...], start: int, end: int) -> bool:
    """True when ``[start, end)`` lies strictly inside one quoted region."""
    return any(r_start < start and end < r_end for r_start, r_end in regions)
