"""Prepositional attributions: "according to X, ..." and "as reported by X"."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from sitegen.annotate.frames import Frame, Range, np_range

REPORT_NOUNS = frozenset(["statement", "remark", "comment", "report", "claim", "account", "testimony"])
SOURCE_NOUNS = frozenset(["poll", "survey"])
"""Nouns that make "in X" a source: "In a CNN poll, Clinton led ..." (not "in his view": the
gold leaves most of those unmarked)."""

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


def according_frames(doc: Doc) -> Iterator[Frame]:
    """ "According to X, C" -> source X, cue "According to", content C."""
    for token in doc:
        if token.lower_ != "according" or token.i + 1 >= len(doc) or doc[token.i + 1].lower_ != "to":
            continue
        to = doc[token.i + 1]
        objects = [c for c in to.children if c.dep_ == "pobj"] or [c for c in token.children if c.dep_ == "pobj"]
        if not objects:
            continue
        speaker, cue_end = _attributed(objects[0], to)
        source = np_range(speaker)
        clause = _clause_of(token)
        channel = _channel(clause)
        skip = {t.i for t in token.subtree} | {t.i for t in to.subtree} | {t.i for t in speaker.subtree}
        if channel is not None:
            skip |= {t.i for t in channel.subtree}
        content = _remaining(clause, skip)
        if content is None or source is None:
            continue
        yield Frame(
            (token.idx, cue_end),
            source,
            (content,),
            "according_to",
            0.9,
            token.i,
            speaker.i,
            _agent_range(channel) if channel is not None else None,
        )


def _attributed(obj: Token, to: Token) -> tuple[Token, int]:
    """ "according to statements attributed to X": X speaks, and the cue runs to the second "to"."""
    if obj.lemma_.lower() in REPORT_NOUNS:
        for acl in obj.children:
            if acl.dep_ == "acl" and acl.lemma_ in ("attribute", "make", "issue"):
                for prep in acl.children:
                    speakers = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
                    if prep.dep_ in ("prep", "agent") and speakers:
                        return speakers[0], prep.idx + len(prep.text)
    return obj, to.idx + len(to.text)


def _clause_of(token: Token) -> Token:
    """The verb that the prepositional phrase modifies (or the sentence root)."""
    head = token.head
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
        head = head.head
    return head


def _channel(clause: Token) -> Token | None:
    """An "as reported by X" clause attached to the same verb: the outlet that relayed it."""
    for child in clause.children:
        if child.lemma_ == "report" and any(c.lower_ == "as" for c in child.children):
            return child
    for child in clause.children:
        if child.dep_ == "prep" and child.lower_ == "according":
            for grand in child.subtree:
                if grand.lemma_ == "report" and any(c.lower_ == "as" for c in grand.children):
                    return grand
    return None


def _agent_range(reported: Token) -> Range | None:
    for child in reported.children:
        if child.dep_ == "agent":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return np_range(objects[0])
    return None


def _remaining(clause: Token, skip: set[int]) -> Range | None:
    tokens = [t for t in clause.subtree if t.i not in skip and not t.is_space]
    while tokens and (tokens[0].is_punct and not tokens[0].is_quote):
        tokens.pop(0)
    while tokens and (tokens[-1].is_punct and not tokens[-1].is_quote):
        tokens.pop()
    if len(tokens) < 2:
        return None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def channel_frames(doc: Doc, taken: set[int]) -> Iterator[Frame]:
    """ "As reported by X, C" on its own: X is the source (skipped where an according-to governs)."""
    for token in doc:
        if token.i in taken or token.lemma_ != "report":
            continue
        if not any(c.dep_ == "mark" and c.lower_ == "as" for c in token.children):
            continue
        source = _agent_range(token)
        clause = token.head
        if source is None or clause.i == token.i:
            continue
        content = _remaining(clause, {t.i for t in token.subtree})
        if content is not None:
            start = min(t.idx for t in token.children if t.lower_ == "as")
            yield Frame((start, token.idx + len(token.text)), source, (content,), "as_reported_by", 0.8, token.i)


def in_frames(doc: Doc) -> Iterator[Frame]:
    """ "In a new CNN poll, Clinton leads by 10 points" -> source the poll, cue "In"."""
    for token in doc:
        if token.lower_ != "in" or token.dep_ != "prep":
            continue
        objects = [c for c in token.children if c.dep_ == "pobj" and c.lemma_.lower() in SOURCE_NOUNS]
        clause = _clause_of(token)
        if not objects or clause.i == token.i or clause.pos_ not in ("VERB", "AUX") or not _set_off(token):
            continue
        source = np_range(objects[0])
        content = _remaining(clause, {t.i for t in token.subtree})
        if source is not None and content is not None:
            yield Frame(
                (token.idx, token.idx + len(token.text)), source, (content,), "in_source", 0.75, token.i, objects[0].i
            )


def _set_off(prep: Token) -> bool:
    """The phrase opens its sentence or stands between commas: "In a CNN poll, ...", "..., in the survey, ..."."""
    doc = prep.doc
    last = max(t.i for t in prep.subtree)
    before = next((t for t in reversed(doc[prep.sent.start : prep.i]) if not t.is_space), None)
    after = doc[last + 1] if last + 1 < len(doc) else None
    return (before is None or before.text == ",") and (after is not None and after.text == ",")
