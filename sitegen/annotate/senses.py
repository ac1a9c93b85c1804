"""Sense filters: cue words in a sense that reports nobody's words ("voters who said ...")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sitegen.annotate import cues
from sitegen.annotate.frames import Frame

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


def not_a_statement(doc: Doc, frame: Frame) -> bool:
    """True when the frame's cue is used in a sense that attributes nothing."""
    token = doc[frame.cue_token]
    return _non_speech_object(token) or _withholding(token)


def _non_speech_object(verb: Token) -> bool:
    """ "did not respond to a request for comment"."""
    objects = cues.NOT_STATEMENTS.get(verb.lemma_.lower())
    if not objects:
        return False
    preps = [c for c in verb.children if c.dep_ == "prep"]
    return any(o.dep_ == "pobj" and o.lemma_.lower() in objects for p in preps for o in p.children)


def _withholding(verb: Token) -> bool:
    """ "would deny Democrats a landslide": deny with someone to deny it to is no denial of a claim."""
    return verb.lemma_.lower() == "deny" and any(c.dep_ == "dative" for c in verb.children)
