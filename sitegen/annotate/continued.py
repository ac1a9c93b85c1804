"""Quotations a report runs on: "“X,” she said. “Y.”" and a quotation the parse cut short."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from sitegen.annotate.frames import Frame, Range
from sitegen.annotate.spans import doc_text

if TYPE_CHECKING:
    from spacy.tokens import Doc

_LEAD_IN = re.compile(r"[^“”\"\n]*[.,:]\s*$")
"""What may stand between the cue and a run-on quotation: the rest of the cue's clause."""


def continue_quotes(doc: Doc, frames: list[Frame], regions: tuple[Range, ...]) -> list[Frame]:
    """Each frame with its content completed to the quotation marks it opens, and with the
    quotation that directly follows its cue's sentence when its content is itself a quotation."""
    text = doc_text(doc)
    taken = [f.cue for f in frames] + [piece for f in frames for piece in f.content]
    out = []
    for frame in frames:
        content = tuple(_complete(piece, regions, frame.cue) for piece in frame.content)
        more = _run_on(doc, text, frame, content, regions, taken)
        out.append(replace(frame, content=content + more) if content + more != frame.content else frame)
    return out


def _complete(piece: Range, regions: tuple[Range, ...], cue: Range) -> Range:
    """A content that opens a quotation ends where the quotation does (never across the cue)."""
    start, end = piece
    for r_start, r_end in regions:
        if start <= r_start < end < r_end and not (end <= cue[0] < r_end):
            return start, r_end
    return piece


def _run_on(
    doc: Doc, text: str, frame: Frame, content: tuple[Range, ...], regions: tuple[Range, ...], taken: list[Range]
) -> tuple[Range, ...]:
    last = content[-1]
    if last[1] > frame.cue[0] or not _is_quotation(last, regions):
        return ()
    sentence = doc[frame.cue_token].sent
    found: list[Range] = []
    after = frame.cue[1]
    for start, end in regions:
        if start < after:
            continue
        gap = text[after:start]
        if not found and not (_LEAD_IN.fullmatch(gap) and _ends_sentence(doc, sentence, after + len(gap.rstrip()))):
            break
        if found and gap.strip():
            break
        if any(start < t_end and t_start < end for t_start, t_end in taken if (t_start, t_end) not in content):
            break
        found.append((start, end))
        after = end
    return tuple(found)


def _is_quotation(piece: Range, regions: tuple[Range, ...]) -> bool:
    return any(r_start <= piece[0] and piece[1] <= r_end + 1 and r_start - piece[0] <= 1 for r_start, r_end in regions)


def _ends_sentence(doc: Doc, sentence: object, end: int) -> bool:
    """The lead-in's last mark belongs to the cue's own sentence (no other sentence between)."""
    span = doc.char_span(end - 1, end, alignment_mode="expand")
    return span is not None and span[0].sent == sentence
