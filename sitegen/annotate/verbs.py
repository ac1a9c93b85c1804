"""Verbal cues: a lexicon verb with a content argument ("said that ...", "vowed to ...") and,
where there is one, its subject; verbs of state and borrowed subjects are filtered out."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from sitegen.annotate import cues
from sitegen.annotate.frames import INANIMATE, Frame, Range, cue_range, marked_as, np_range, quoted_token, subject_of
from sitegen.annotate.verbcontent import content_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

SUBJECTS = frozenset({"nsubj", "nsubjpass"})


def verb_frames(doc: Doc, quotes: tuple[Range, ...] = ()) -> Iterator[Frame]:
    """Every lexicon verb with a content argument and, where there is one, a subject."""
    for token in doc:
        verbal = token.pos_ in ("VERB", "AUX") or (token.dep_ == "ROOT" and _verb_tagged_noun(token))
        if not verbal or _is_intermediary(token):
            continue
        found = content_of(token, quotes)
        if found is None:
            continue
        rule, content = found
        source_token = _unquoted(subject_of(token), token, quotes) or _postposed(token, content)
        source = np_range(source_token, exclude=token) if source_token is not None else None
        if source is None and not _may_lack_source(token, rule):
            continue  # "to portray Russia as ..." without anyone portraying it
        if token.lemma_.lower() in cues.NEEDS_SPEAKER and not _speaker_like(token):
            continue  # "no evidence has emerged to support such claims"
        if _states(token, rule):
            continue  # "the fighting shows no signs of abating"
        confidence = 0.65 if token.lemma_.lower() in cues.WEAK else 0.85
        yield Frame(
            cue_range(token),
            source,
            content,
            f"{token.lemma_.lower()}:{rule}",
            confidence,
            token.i,
            source_token.i if source_token is not None else -1,
        )


def _verb_tagged_noun(token: Token) -> bool:
    """ "Trump predicts that ...": a finite verb the tagger read as a plural noun, heading its clause."""
    return (
        token.pos_ in ("NOUN", "PROPN")
        and token.dep_ == "ROOT"
        and token.lower_.endswith("s")
        and any(c.dep_ == "nsubj" for c in token.children)
        and any(c.dep_ in ("ccomp", "dobj", "prep") for c in token.children)
    )


def _states(verb: Token, rule: str) -> bool:
    """A verb of state rather than speech: its object is one of ``cues.STATE_OBJECTS``."""
    objects = cues.STATE_OBJECTS.get(verb.lemma_.lower(), frozenset())
    return rule == "dobj" and any(c.dep_ == "dobj" and c.lemma_.lower() in objects for c in verb.children)


def _speaker_like(verb: Token) -> bool:
    """A weak cue needs a subject of its own that can hold a view, not one borrowed from a head verb."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if not subjects and verb.dep_ == "acl" and verb.tag_ == "VBG":
        return verb.head.lemma_.lower() in cues.EVIDENCE  # "polls showing Trump ahead"
    return bool(subjects) and subjects[0].lower_ not in INANIMATE


def _may_lack_source(token: Token, rule: str) -> bool:
    """Passives ("was described as"), "said" and an opening "Asked whether ..." stand without a speaker."""
    if token.lemma_ == "say" or _opening_participle(token) or _participle_conjunct(token):
        return True
    return token.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in token.children)


def _participle_conjunct(token: Token) -> bool:
    """ "…, and calling for permanent bases": a present participle conjoined to a clause whose
    speaker the parse does not reach; a strong cue stands without a named source."""
    return token.tag_ == "VBG" and token.dep_ == "conj" and token.lemma_.lower() not in cues.WEAK


def _opening_participle(token: Token) -> bool:
    """ "Asked whether ..., 75 percent said yes" / "when asked about ...": a subjectless participle clause."""
    if token.tag_ != "VBN" or token.dep_ != "advcl" or any(c.dep_ in SUBJECTS for c in token.children):
        return False
    first = next(t for t in token.sent if not t.is_space)
    return token == first or any(c.lower_ == "when" and c.i == token.i - 1 for c in token.children)


def _unquoted(subject: Token | None, verb: Token, quotes: tuple[Range, ...]) -> Token | None:
    """ "“… Full panic mode,” said Leslie Wimes": a subject the parser took from inside the quotation
    gives way to one outside it."""
    if subject is None or not quoted_token(subject, quotes):
        return subject
    others = [c for c in verb.children if c.dep_ == "nsubj" and c.i > verb.i and not quoted_token(c, quotes)]
    return others[0] if others else subject


def _postposed(verb: Token, content: tuple[Range, ...]) -> Token | None:
    """ "“It’s Bernie’s to lose,” added a New Hampshire Democrat": after a content that precedes the
    verb, the noun phrase the parser took for its object is the speaker."""
    if verb.lemma_.lower() not in cues.QUOTING or content[-1][1] > verb.idx:
        return None
    after = [c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i and c.pos_ in ("NOUN", "PROPN")]
    return after[0] if after else None


def _is_intermediary(token: Token) -> bool:
    """ "as reported by Tass" names a channel, not a speaker ("as Politico reported, ..." is a speaker)."""
    return token.lemma_ == "report" and marked_as(token) and any(c.dep_ == "agent" for c in token.children)
