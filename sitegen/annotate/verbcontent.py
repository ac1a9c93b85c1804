"""Where a cue verb's content is: an adjacent quotation, or what the frame rules find in the parse
(clause-level rules, then rules per argument, as data in ``CLAUSE_RULES`` and ``ARGUMENT_RULES``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from sitegen.annotate import cues
from sitegen.annotate.frames import Range, marked_as, quoted_token, subtree_range, tokens_range
from sitegen.annotate.spans import doc_text

if TYPE_CHECKING:
    from spacy.tokens import Token

Found = tuple[str, tuple[Range, ...]]
"""A frame rule's result: the frame's name and the content's character ranges."""


def content_of(token: Token, quotes: tuple[Range, ...]) -> Found | None:
    """The cue's content and the rule that found it: the adjacent quotation unless the parse
    found a complement elsewhere, else the quotation or clause just before "..., she said"."""
    return _best(_quoted(token, quotes), _content(token)) or _adjacent_content(token, quotes)


def _content(token: Token) -> Found | None:
    """The first frame rule that finds the cue's content: clause-level rules, then per argument."""
    lemma = token.lemma_.lower()
    for clause_rule in CLAUSE_RULES:
        found = clause_rule(token, lemma)
        if found is not None:
            return found
    for child in token.children:
        for argument_rule in ARGUMENT_RULES:
            found = argument_rule(token, lemma, child)
            if found is not None:
                return found
    return None


def _ccomp(token: Token, lemma: str) -> Found | None:
    """ "said [that ...]", "asked [if ...]"."""
    if lemma not in cues.SPEECH:
        return None
    for child in token.children:
        if child.dep_ == "ccomp" or _question(child, lemma):
            return "ccomp", (subtree_range(child),)
    return None


def _inverted(token: Token, lemma: str) -> Found | None:
    """ "X, officials said, is Y" / "..., he said": the clause around the cue."""
    if token.dep_ in ("parataxis", "ccomp") and lemma in cues.INVERTED and token.head.i != token.i:
        pieces = _around(token.head, token)
        return ("inverted", pieces) if pieces else None
    return None


def _as_clause(token: Token, lemma: str) -> Found | None:
    """ "as Tass noted, C"."""
    if token.dep_ == "advcl" and lemma in cues.AS_CLAUSE and marked_as(token) and _puts_it(token):
        pieces = _around(token.head, token)
        return ("as_clause", pieces) if pieces else None
    return None


def _xcomp(token: Token, lemma: str, child: Token) -> Found | None:
    """ "vowed [to ...]"."""
    if child.dep_ == "xcomp" and (lemma in cues.INTENT or (token.dep_ == "relcl" and lemma in cues.SPEECH)):
        return "xcomp", (subtree_range(child),)
    return None


def _dobj(token: Token, lemma: str, child: Token) -> Found | None:
    """ "described [the fighting as intense]"."""
    if child.dep_ == "dobj" and (lemma in cues.OBJECT or (lemma in cues.OBJECT_AS and _as_complement(token))):
        return "dobj", (_object_range(token, child),)
    return None


def _prep(token: Token, lemma: str, child: Token) -> Found | None:
    """ "pointed to [the possibility ...]"."""
    if child.dep_ == "prep" and child.lower_ in cues.PREPOSITIONAL.get(lemma, ()):
        objects = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
        if objects:
            return f"prep_{child.lower_}", (subtree_range(objects[0]),)
    return None


def _passive(token: Token, lemma: str, child: Token) -> Found | None:
    """ "[The meeting] was first reported by Politico": a passive object verb whose agent is named;
    the content is its subject (the speaker is the agent, ``frames.subject_of``)."""
    if child.dep_ == "nsubjpass" and lemma in cues.OBJECT and lemma not in cues.WEAK and _has_agent(token):
        return "passive", (subtree_range(child),)
    return None


def _has_agent(verb: Token) -> bool:
    return any(c.dep_ == "agent" and any(g.dep_ == "pobj" for g in c.children) for c in verb.children)


CLAUSE_RULES: tuple[Callable[[Token, str], Found | None], ...] = (_ccomp, _inverted, _as_clause)
"""Frame rules on the cue's clause, in order: the first that finds a content wins."""


ARGUMENT_RULES: tuple[Callable[[Token, str, Token], Found | None], ...] = (_xcomp, _dobj, _prep, _passive)
"""Frame rules on each of the cue's arguments, in the arguments' order."""


def _as_complement(verb: Token) -> bool:
    """ "sees Cruz as a uniter": the object comes with an "as" predicate."""
    return any(c.dep_ == "prep" and c.lower_ == "as" for c in verb.children)


def _question(clause: Token, lemma: str) -> bool:
    """ "asked if he was ever bullied": an indirect question the parser attached as an adverbial clause."""
    marks = {"whether", "if"} if lemma in cues.QUESTION else {"whether"}
    return clause.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in marks for c in clause.children)


def _around(head: Token, cue: Token) -> tuple[Range, ...]:
    """The head clause without the interrupting "he said": the pieces before and after it."""
    dropped = set(cue.subtree)
    kept = [t for t in head.subtree if t not in dropped]
    before = [t for t in kept if t.i < cue.i]
    after = [t for t in kept if t.i > cue.i]
    pieces = [tokens_range(side) for side in (before, after) if _has_words(side)]
    return tuple(pieces)


def _has_words(tokens: list[Token]) -> bool:
    return sum(1 for t in tokens if not t.is_punct and not t.is_space) >= 2


def _best(quoted: Found | None, parsed: Found | None) -> Found | None:
    """The adjacent quotation, unless the parse found a complement elsewhere."""
    if quoted is None or parsed is None:
        return quoted or parsed
    (q_start, q_end), (p_start, p_end) = quoted[1][0], parsed[1][0]
    return quoted if q_start < p_end and p_start < q_end else parsed


def _quoted(token: Token, quotes: tuple[Range, ...]) -> tuple[str, tuple[Range, ...]] | None:
    """ "“...,” she said" / "said X: “...”": a quotation right next to the speaker and verb."""
    if token.lemma_.lower() not in cues.QUOTING:
        return None
    text = doc_text(token.doc)
    subjects = [c for c in token.children if c.dep_ == "nsubj" and not quoted_token(c, quotes)]
    left = min([token.idx] + [s.left_edge.idx for s in subjects if s.i < token.i])
    right = token.idx + len(token.text)
    for start, end in quotes:
        if len(text[start:end].split()) < 3:
            continue  # a quoted title or scare quote, not a statement
        if end <= left and left - end <= 4 and not text[end:left].strip(" ,\n"):
            return "quote_before", ((start, end),)
        if start >= right and start - right <= 3 and not text[right:start].strip(" ,:"):
            return "quote_after", ((start, end),)
    return None


def _adjacent_content(token: Token, quotes: tuple[Range, ...]) -> tuple[str, tuple[Range, ...]] | None:
    """ "“...,” she said." with the quotation parsed apart: the quotation or clause just before."""
    if token.lemma_.lower() not in cues.INVERTED or not any(c.dep_ == "nsubj" for c in token.children):
        return None
    if any(c.dep_ in ("dobj", "xcomp", "ccomp", "relcl") for c in token.children) or token.dep_ == "relcl":
        return None
    doc = token.doc
    first = min(t.i for t in token.subtree)
    previous = first - 1
    while previous >= 0 and doc[previous].is_space:
        previous -= 1
    if previous < 0 or doc[previous].text not in (",", "”", '"', "''", ",”", ',"'):
        return None
    for start, end in quotes:
        if start <= doc[previous].idx < end:
            return "quote_before", ((start, end),)
    sentence = doc[previous].sent
    tokens = [t for t in doc[sentence.start : previous + 1]]
    return ("clause_before", (tokens_range(tokens),)) if _has_words(tokens) else None


def _object_range(verb: Token, obj: Token) -> Range:
    """The object plus what completes it: "described [the fighting as intense]"."""
    start, end = subtree_range(obj)
    for child in verb.children:
        if child.i > obj.i and child.dep_ in ("oprd", "prep", "ccomp", "xcomp", "advcl"):
            if child.dep_ == "prep" and child.lower_ not in ("as", "of", "for"):
                continue
            if child.dep_ == "advcl" and child.doc[child.left_edge.i].lower_ != "as":
                continue
            end = max(end, subtree_range(child)[1])
    return start, end


def _puts_it(verb: Token) -> bool:
    """ "as Vulture put it" speaks; "as it officially puts Trump atop its ticket" does not."""
    return verb.lemma_ != "put" or any(c.dep_ == "dobj" and c.lower_ == "it" for c in verb.children)
