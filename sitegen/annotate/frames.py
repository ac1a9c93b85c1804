"""Attribution frames and the readings of the parse that every frame rule shares: the ``Frame``
record, a cue verb's speaker, and the character ranges of a noun phrase, a cue and a subtree.
The verb frames themselves are ``verbs.py``; nouns, states and patterns have their own modules."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

Range = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Frame:
    """One attribution found in the parse, as character ranges into the doc's text."""

    cue: Range
    source: Range | None
    content: tuple[Range, ...]
    """One range, or two when the cue interrupts the content ("X, he said, is Y")."""
    rule: str
    confidence: float
    cue_token: int
    """Index of the cue's head token, for later stages that need the parse."""
    source_token: int = -1
    intermediary: Range | None = None

    @property
    def content_cover(self) -> Range:
        return self.content[0][0], self.content[-1][1]


INANIMATE = frozenset({"it", "this", "that", "which", "what"})


def subject_of(verb: Token) -> Token | None:
    """The speaker: the subject, the passive agent, or the subject a participle or conjunct shares."""
    for child in verb.children:
        if child.dep_ == "agent":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
    for child in verb.children:
        if child.dep_ == "nsubj":
            return child
    if verb.dep_ == "advcl" and verb.tag_ == "VBG":
        nearer = _clause_before(verb)
        if nearer is not None:
            return nearer  # "a claim that Ukraine denies, arguing that ...": Ukraine argues
    if verb.dep_ in ("advcl", "conj", "xcomp") and verb.head.i != verb.i and (verb.tag_ != "VBN" or _perfect(verb)):
        return subject_of(verb.head)
    if (
        verb.dep_ == "pcomp"
        and verb.tag_ == "VBG"
        and verb.head.dep_ == "prep"
        and verb.head.head.pos_ in ("VERB", "AUX")
    ):
        return subject_of(verb.head.head)  # "opened his speech by thanking ..."
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
        before = verb.doc[verb.i - 1]
        if before.pos_ in ("NOUN", "PRON") and before.i != verb.head.i and before.head.i < verb.i:
            return before  # "... and others condemning the invasion": the noun right before it
        return verb.head  # "a poll showing ...", "those supporting deportation"
    return None


def _perfect(verb: Token) -> bool:
    """ "has pledged": a past participle with "have", active, so it shares its conjunct's subject."""
    deps = [(c.dep_, c.lemma_) for c in verb.children]
    return ("aux", "have") in deps and not any(dep in ("auxpass", "nsubjpass") for dep, _ in deps)


def _clause_before(participle: Token) -> Token | None:
    """The subject of the relative clause a participle follows: "a claim that Ukraine denies,
    arguing that ..." is Ukraine arguing, not the speaker of the sentence's main verb."""
    at = participle.i - 1
    while at >= 0 and (participle.doc[at].is_punct or participle.doc[at].is_space):
        at -= 1
    if at < 0 or at == participle.head.i:
        return None
    token = participle.doc[at]
    while token.dep_ not in ("acl", "relcl") and token.head.i != token.i and token.head.i != participle.head.i:
        token = token.head
    if token.dep_ not in ("acl", "relcl") or token.pos_ not in ("VERB", "AUX"):
        return None
    subjects = [c for c in token.children if c.dep_ == "nsubj" and c.tag_ not in ("WDT", "WP")]
    return subjects[0] if subjects else None


def relative_antecedent(subject: Token) -> Token | None:
    """ "Kimakovski, who said ..." : the noun the relative clause modifies."""
    if subject.tag_ in ("WP", "WDT") and subject.head.dep_ == "relcl":
        return subject.head.head
    return None


def np_range(head: Token, exclude: Token | None = None) -> Range | None:
    """A noun phrase's characters, without a relative clause that holds the cue."""
    dropped = set(exclude.subtree) if exclude is not None and exclude in head.subtree else set()
    tokens = [t for t in head.subtree if t not in dropped and not _inside_clause(t, head)]
    return tokens_range(tokens) if tokens else None


def _inside_clause(token: Token, head: Token) -> bool:
    """True for tokens of a relative or participial clause hanging off ``head``."""
    for ancestor in [token, *token.ancestors]:
        if ancestor == head:
            return False
        if ancestor.dep_ in ("relcl", "acl") and ancestor.head == head:
            return True
    return False


def cue_range(verb: Token) -> Range:
    """The cue verb with its auxiliaries, negation and adverbs in between ("has repeatedly said")."""
    parts = [verb]
    for child in verb.children:
        if child.i < verb.i and child.dep_ in ("aux", "auxpass", "neg", "advmod") and child.i >= verb.i - 4:
            parts.append(child)
    first = min(parts, key=lambda t: t.i)
    if any(t.dep_ in ("aux", "auxpass") for t in parts if t.i == first.i) or first == verb:
        return first.idx, verb.idx + len(verb.text)
    # Keep only the contiguous run ending at the verb so an early adverb does not stretch the cue.
    return _contiguous_before(verb, parts)


def _contiguous_before(verb: Token, parts: list[Token]) -> Range:
    indexes = {t.i for t in parts}
    start = verb.i
    while start - 1 in indexes:
        start -= 1
    doc = verb.doc
    return doc[start].idx, verb.idx + len(verb.text)


def subtree_range(token: Token, stop: Token | None = None) -> Range:
    tokens = [t for t in token.subtree if stop is None or (t != stop and stop not in t.ancestors)]
    if stop is not None:
        # Content before "..., he said" or after "He said, ...": the side holding the head.
        side = [t for t in tokens if (t.i < stop.i) == (token.i < stop.i)]
        tokens = side or tokens
    return tokens_range(tokens)


def tokens_range(tokens: Iterable[Token]) -> Range:
    ordered = sorted(tokens, key=lambda t: t.i)
    while len(ordered) > 1 and ((ordered[-1].is_punct and not ordered[-1].is_quote) or ordered[-1].is_space):
        ordered.pop()
    while len(ordered) > 1 and ((ordered[0].is_punct and not ordered[0].is_quote) or ordered[0].is_space):
        ordered.pop(0)
    return ordered[0].idx, ordered[-1].idx + len(ordered[-1].text)


def marked_as(token: Token) -> bool:
    """ "as Tass noted": the clause is introduced by "as"."""
    return any(c.dep_ == "mark" and c.lower_ == "as" for c in token.children)


def quoted_token(token: Token, quotes: tuple[Range, ...]) -> bool:
    """Whether the token lies inside one of the quotations, after its opening mark."""
    return any(start < token.idx < end for start, end in quotes)
