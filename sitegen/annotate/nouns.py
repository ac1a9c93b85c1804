"""Nominal cues: "Trump's claim that ...", "her criticism of ...", "made the case that ..."."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from sitegen.annotate import cues
from sitegen.annotate.frames import INANIMATE, Frame, Range, np_range, subject_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

AGENT_ENTITIES = frozenset({"PERSON", "ORG", "NORP", "GPE"})
"""Model entity labels of subjects that can make a case or raise a question."""


def noun_frames(doc: Doc) -> Iterator[Frame]:
    """A cue noun with its content ("that ...", "of X") and, when stated, whose it is."""
    for token in doc:
        if token.pos_ != "NOUN" or token.lemma_.lower() not in cues.NOUNS:
            continue
        content = _complement(token)
        if content is None:
            continue
        light = _light_verb(token)
        speaker = _owner(token) if light is None else subject_of(light)
        if light is not None and not _agentive(speaker):
            continue  # "the timing has raised questions": nobody speaks
        if speaker is None and light is None and token.lemma_.lower() not in cues.NOUNS_ALONE:
            continue
        cue_start = light.idx if light is not None else token.idx
        yield Frame(
            (cue_start, token.idx + len(token.text)),
            np_range(speaker) if speaker is not None else None,
            (content,),
            f"{token.lemma_.lower()}:{'light' if light is not None else 'noun'}",
            0.65,
            token.i,
            speaker.i if speaker is not None else -1,
        )


def _complement(noun: Token) -> Range | None:
    """ "claim [that he lied]", "criticism [of the plan]", "call [for a ban]"."""
    preps = cues.NOUN_PREPOSITIONS.get(noun.lemma_.lower(), frozenset())
    for child in noun.children:
        if child.dep_ in ("acl", "ccomp") and _that_clause(child):
            return _range(child)
        if child.dep_ == "acl" and noun.lemma_.lower() in cues.NOUNS_TO and _infinitive(child):
            return _range(child)
        if child.dep_ == "prep" and child.lower_ in preps:
            objects = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
            if objects:
                return _range(objects[0])
    return None


def _that_clause(clause: Token) -> bool:
    """ "the claim [that he lied]", not the relative "a claim [that Ukraine denies]"."""
    if not any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children):
        return False
    transitive = clause.lemma_.lower() in cues.SPEECH | cues.OBJECT
    return not transitive or any(c.dep_ in ("dobj", "ccomp", "xcomp") for c in clause.children)


def _infinitive(clause: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" and c.i < clause.i for c in clause.children)


def _agentive(speaker: Token | None) -> bool:
    """A subject that can make a case or raise a question: a name, a person pronoun, a named group."""
    if speaker is None:
        return False
    if speaker.pos_ == "PRON":
        return speaker.lower_ not in INANIMATE
    return speaker.pos_ == "PROPN" or speaker.ent_type_ in AGENT_ENTITIES


def _owner(noun: Token) -> Token | None:
    """ "Trump's claim", "his criticism", "criticism by Democrats"."""
    for child in noun.children:
        if child.dep_ == "poss":
            return child
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ == "by":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
    return None


def _light_verb(noun: Token) -> Token | None:
    """ "made the case that ...", "raised questions about ...": the verb that carries the noun."""
    head = noun.head
    if noun.dep_ == "dobj" and head.pos_ == "VERB" and head.lemma_.lower() in cues.LIGHT_VERBS:
        return head
    return None


def _range(token: Token) -> Range:
    tokens = sorted(token.subtree, key=lambda t: t.i)
    while len(tokens) > 1 and (tokens[-1].is_punct or tokens[-1].is_space) and not tokens[-1].is_quote:
        tokens.pop()
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
