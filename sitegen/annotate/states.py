"""States of mind: "was optimistic that ...", "were angry about ...", "is eager to ..."."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from sitegen.annotate import cues
from sitegen.annotate.frames import Frame, Range, cue_range, np_range, subject_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


def state_frames(doc: Doc) -> Iterator[Frame]:
    """A state adjective after "be" with a clause, an infinitive or a preposition as its content."""
    for token in doc:
        if token.pos_ != "ADJ" or token.lemma_.lower() not in cues.STATES or token.dep_ != "acomp":
            continue
        verb = token.head
        if verb.lemma_ not in ("be", "seem", "appear", "remain", "sound", "feel", "become", "grow"):
            continue
        found = _complement(token) or _complement(verb, after=token)
        speaker = subject_of(verb)
        if found is None or speaker is None or not _holds_views(speaker):
            continue
        content, last = found
        start, _ = cue_range(verb)
        yield Frame(
            (start, last.idx + len(last.text)),
            np_range(speaker, exclude=verb),
            (content,),
            f"{token.lemma_.lower()}:state",
            0.65,
            token.i,
            speaker.i,
        )


def _complement(word: Token, after: Token | None = None) -> tuple[Range, Token] | None:
    """The content and the last cue word: "[that ...]", "[to ...]", "about [the economy]"."""
    for child in word.children:
        if after is not None and child.i < after.i:
            continue
        if child.dep_ == "ccomp" or (child.dep_ == "xcomp" and word.lemma_.lower() in cues.STATES_TO):
            return _range(child), after or word
        if child.dep_ == "prep" and child.lower_ in cues.STATE_PREPOSITIONS:
            objects = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
            if objects:
                return _range(objects[0]), child
    return None


PERSONAL = frozenset({"i", "we", "you", "he", "she", "they"})
SPEAKING = frozenset({"PERSON", "ORG", "NORP", "GPE"})


def _holds_views(speaker: Token) -> bool:
    """Someone named, a personal pronoun or a noun ("Sanders was optimistic", "voters were worried
    about"), not "it"/"this" ("it is certain that" is nobody's view)."""
    return speaker.lower_ in PERSONAL or speaker.pos_ in ("PROPN", "NOUN") or speaker.ent_type_ in SPEAKING


def _range(token: Token) -> Range:
    tokens = sorted(token.subtree, key=lambda t: t.i)
    while len(tokens) > 1 and (tokens[-1].is_punct or tokens[-1].is_space) and not tokens[-1].is_quote:
        tokens.pop()
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
