"""The claims annotator: attributed statements with source, cue and content parts."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from sitegen.annotate import cues
from sitegen.annotate.according import according_frames, channel_frames, in_frames
from sitegen.annotate.colon import colon_frames, dash_frames
from sitegen.annotate.component import Component, Context, origin
from sitegen.annotate.continued import continue_quotes
from sitegen.annotate.frames import Frame, Range
from sitegen.annotate.nouns import noun_frames
from sitegen.annotate.quotes import inside, quoted_regions
from sitegen.annotate.rulebook import pattern_frames, vetoed
from sitegen.annotate.sources import Source, classify
from sitegen.annotate.spans import doc_text
from sitegen.annotate.states import state_frames
from sitegen.annotate.verbs import verb_frames
from sitegen.model import Part, Proposal, make_attrs

if TYPE_CHECKING:
    from spacy.tokens import Doc

NAME = "claims.rules"
VERSION = "10"


def find_frames(doc: Doc) -> list[Frame]:
    """Every attribution frame, one per cue, in text order; none inside a quotation."""
    regions = quoted_regions(doc_text(doc))
    vetoes = vetoed(doc)
    frames = [
        f
        for f in _all_frames(doc, regions)
        if (f.rule == "headline_colon" or not inside(regions, *f.cue))  # '"WALLACE: …' opens a quotation
        and not _thing_source(doc, f)
        and f.cue_token not in vetoes
    ]
    return continue_quotes(doc, frames, regions)


SPEAKING_ENTITIES = frozenset({"PERSON", "ORG", "NORP", "GPE"})
SPEAKING_NOUNS = frozenset(
    """ad agency article campaign committee company council court document group investigation letter
    memo network newspaper office organization panel paper party poll post report research statement
    study survey team website""".split()  # noqa: SIM905
)
"""Things that can be said to say something: "a report which says ..."."""


def _thing_source(doc: Doc, frame: Frame) -> bool:
    """ "The offensive, which seeks to ...": a relative "which"/"that" whose antecedent cannot speak."""
    if frame.source_token < 0 or doc[frame.source_token].tag_ != "WDT":
        return False
    verb = doc[frame.source_token].head
    antecedent = verb.head if verb.dep_ == "relcl" else None
    if antecedent is None:
        return True
    return antecedent.ent_type_ not in SPEAKING_ENTITIES and antecedent.lemma_.lower() not in SPEAKING_NOUNS


def _all_frames(doc: Doc, regions: tuple[Range, ...]) -> list[Frame]:
    frames = [*according_frames(doc), *in_frames(doc), *colon_frames(doc), *dash_frames(doc, regions)]
    taken = {f.cue_token for f in frames} | {f.cue_token + 1 for f in frames}
    for frame in verb_frames(doc, regions):
        if frame.cue_token not in taken and not _inside_cue(frame.cue, frames):
            frames.append(frame)
            taken.add(frame.cue_token)
    for frame in [*noun_frames(doc), *state_frames(doc), *pattern_frames(doc)]:
        if frame.cue_token not in taken and not any(_overlaps(frame.cue, f.cue) for f in frames):
            frames.append(frame)
    channels = {t.i for t in doc if t.lemma_ == "report"} & _channel_tokens(doc, frames)
    frames.extend(channel_frames(doc, channels))
    return sorted(_outermost(doc, frames), key=lambda f: f.cue)


def _outermost(doc: Doc, frames: list[Frame]) -> list[Frame]:
    """Drop attributions nested in another's content ("he said she thinks ...").

    A nested cue with a source of its own after a sentence end inside the outer content is
    kept: that is the parser running two sentences together, not a nested attribution.
    """
    return [
        f
        for f in frames
        if _coordinated(doc, f)
        or not any(_holds(o, f) and not _holds(f, o) and not _run_on(doc, o, f) for o in frames if o is not f)
    ]


def _coordinated(doc: Doc, frame: Frame) -> bool:
    """ "..., saying it was a mistake" / "... and said that ...": a second report by the same speaker."""
    token = doc[frame.cue_token]
    return token.dep_ in ("advcl", "conj") and token.lemma_.lower() in cues.INVERTED


def _run_on(doc: Doc, outer: Frame, inner: Frame) -> bool:
    if inner.source is None:
        return False
    between = doc_text(doc)[
        outer.content_cover[0] : inner.source[0] if inner.source[0] < inner.cue[0] else inner.cue[0]
    ]
    return bool(re.search(r"[.?!][\"”']*\s+[\"“]?[A-Z]", between))


def _holds(outer: Frame, inner: Frame) -> bool:
    start, end = outer.content_cover
    return start <= inner.cue[0] and inner.cue[1] <= end


def _inside_cue(cue: Range, frames: list[Frame]) -> bool:
    return any(f.cue[0] <= cue[0] and cue[1] <= f.cue[1] for f in frames)


def _overlaps(a: Range, b: Range) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _channel_tokens(doc: Doc, frames: list[Frame]) -> set[int]:
    """ "as reported by" tokens already used as an according-to frame's intermediary."""
    used = set()
    for frame in frames:
        if frame.intermediary is None:
            continue
        for token in doc:
            if token.lemma_ == "report" and token.idx < frame.intermediary[0] < token.idx + 40:
                used.add(token.i)
    return used


def run(doc: Doc, ctx: Context) -> tuple[Proposal, ...]:
    proposals = []
    sources: list[Source] = []
    headline = headline_end(ctx.text)
    for frame in find_frames(doc):
        source = _source(doc, frame, ctx, sources)
        if source is not None and source.entity_id:
            sources.append(source)
        made = _proposal(_trimmed(ctx.text, frame), source)
        if not made.start < headline < made.end:  # a headline is never part of a claim in the text
            proposals.append(made)
    return tuple(proposals)


HEADLINE_MAX = 200


def headline_end(text: str) -> int:
    """Where a plain-text headline (a short first line that does not end like a sentence) ends; -1
    when the text does not start with one. The parser runs it into the first sentence."""
    line = text.split("\n", 1)[0]
    if "\n" not in text or len(line) > HEADLINE_MAX or re.search(r"[.!?,;:…][\"'”’)]*\s*$", line):
        return -1
    return len(line)


def _trimmed(text: str, frame: Frame) -> Frame:
    """Content never starts at the previous sentence's closing quote ("… Donbas.’ This …")."""
    pieces = []
    for start, end in frame.content:
        while start < end - 1 and (text[start] in "’”" or (text[start] in "\"'" and text[start + 1].isspace())):
            start += 1
        while start < end - 1 and text[start].isspace():
            start += 1
        pieces.append((start, end))
    return frame if tuple(pieces) == frame.content else replace(frame, content=tuple(pieces))


def _source(doc: Doc, frame: Frame, ctx: Context, earlier: list[Source]) -> Source | None:
    if frame.source is None or frame.source_token < 0:
        return None
    return classify(doc, doc[frame.source_token], frame.source, ctx.mentions, earlier)


def _proposal(frame: Frame, source: Source | None) -> Proposal:
    parts = [Part("cue", *frame.cue), *(Part("content", *piece) for piece in frame.content)]
    if frame.source is not None:
        parts.append(Part("source", *frame.source))
    if frame.intermediary is not None:
        parts.append(Part("intermediary", *frame.intermediary))
    parts.sort(key=lambda p: (p.start, p.end, p.role))
    attrs = make_attrs(
        source_kind=source.kind if source else "",
        source_entity=source.entity_id if source else "",
        source_name=source.name if source else "",
        resolved_from=source.resolved_from if source and source.entity_id else "",
    )
    return Proposal(
        kind="claim",
        start=min(p.start for p in parts),
        end=max(p.end for p in parts),
        parts=tuple(parts),
        attrs=attrs,
        provenance=origin(NAME, VERSION, frame.rule),
        confidence=frame.confidence,
    )


COMPONENT = Component("claims", NAME, VERSION, run)
