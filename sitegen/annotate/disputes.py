"""The disputes annotator: statements the document itself denies, hedges or contradicts."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sitegen.annotate.component import Component, Context, origin
from sitegen.annotate.disputed import Target, claim_before, claim_naming, clause_range, previous_statement
from sitegen.annotate.frames import Range, np_range, subject_of
from sitegen.annotate.sources import Source, classify
from sitegen.annotate.spans import doc_text
from sitegen.model import Part, Proposal, make_attrs

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

NAME = "disputes.rules"
VERSION = "2"

DENY = frozenset(["deny", "dismiss", "reject", "refute", "rebut", "dispute", "debunk", "contest"])
CLAIM_NOUNS = frozenset(
    [
        "claim",
        "report",
        "allegation",
        "accusation",
        "charge",
        "assertion",
        "story",
        "rumor",
        "rumour",
        "suggestion",
        "narrative",
    ]
)
HEDGES = re.compile(
    r"\b(?:reportedly|allegedly|purportedly|unconfirmed|unverified|if (?:true|confirmed)"
    r"|could not (?:be )?(?:independently )?(?:verif(?:y|ied)|confirm(?:ed)?)"
    r"|(?:has|have|had) not been (?:independently )?(?:verified|confirmed)"
    r"|no (?:concrete |hard |independent |credible )?evidence"
    r"|without (?:providing |offering )?(?:any )?evidence)\b",
    re.IGNORECASE,
)
CONTRASTS = re.compile(
    r"\b(?:stands?|stood) in (?:stark |sharp )?contrast (?:to|with)|\bcontrasts? (?:sharply |starkly )?with"
    r"|\bcontradict(?:s|ed)?\b|\bat odds with|\bbelied by",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Found:
    """A dispute before it becomes a proposal."""

    target: Target
    cue: Range
    reason: str
    rule: str
    confidence: float
    disputant: Range | None = None
    source: Source | None = None


def run(doc: Doc, ctx: Context) -> tuple[Proposal, ...]:
    claims = ctx.of_kind("claim")
    found = [*_denials(doc, ctx, claims), *_hedges(doc, claims), *_contrasts(doc)]
    return tuple(_proposal(f) for f in sorted(found, key=lambda f: (f.target.start, f.cue)))


def _denials(doc: Doc, ctx: Context, claims: tuple[Proposal, ...]) -> Iterator[Found]:
    for verb in doc:
        if verb.lemma_.lower() not in DENY or verb.pos_ != "VERB":
            continue
        located = _denied(verb, claims)
        if located is None:
            continue
        target, cue = located
        speaker = subject_of(verb)
        disputant = np_range(speaker, exclude=verb) if speaker is not None else None
        source = classify(doc, speaker, disputant, ctx.mentions, []) if speaker and disputant else None
        yield Found(target, cue, "denied", f"deny:{verb.lemma_.lower()}", 0.8, disputant, source)


def _denied(verb: Token, claims: tuple[Proposal, ...]) -> tuple[Target, Range] | None:
    """What a denial verb disputes, and the cue text, for its three shapes."""
    end = verb.idx + len(verb.text)
    if verb.dep_ in ("relcl", "acl") and verb.head.lemma_.lower() in CLAIM_NOUNS:
        noun = verb.head  # "..., a claim that Ukraine denies"
        start = min(t.idx for t in noun.subtree)
        target = claim_before(claims, start, verb.sent.start_char) or previous_statement(verb, start)
        return (target, (start, end)) if target else None
    for child in verb.children:
        if child.dep_ == "ccomp":  # "Ukraine denies that ..."
            return Target(*clause_range(child)), (verb.idx, end)
        if child.dep_ == "dobj" and child.lemma_.lower() in CLAIM_NOUNS:
            cue_end = max(t.idx + len(t.text) for t in _cue_tokens(verb, child))
            named = _named_content(child)
            if named is not None:  # "denied the report that wages had been withheld"
                target = claim_naming(claims, named, verb.doc.text, verb.sent.start_char)
                return (target, (verb.idx, cue_end)) if target else None
            start = min(t.idx for t in child.subtree if t.i >= verb.i)
            target = claim_before(claims, verb.idx, verb.sent.start_char - 400)
            target = target or previous_statement(verb, start)
            return (target, (verb.idx, cue_end)) if target else None
    return None


def _named_content(noun: Token) -> tuple[int, int] | None:
    """What "the report that X" says: X, when the claim noun carries a "that" clause."""
    for child in noun.children:
        if child.dep_ in ("acl", "ccomp", "relcl") and any(
            c.dep_ == "mark" and c.lower_ == "that" for c in child.children
        ):
            words = [t for t in child.subtree if not (t.dep_ == "mark" and t.head == child)]
            return (min(t.idx for t in words), max(t.idx + len(t.text) for t in words))
    return None


def _cue_tokens(verb: Token, obj: Token) -> list[Token]:
    """ "dismissing [the claims] [as disinformation]"."""
    tokens = [verb, *obj.subtree]
    for child in verb.children:
        if child.dep_ in ("prep", "advcl", "oprd") and child.lower_ == "as" and child.i > obj.i:
            tokens.extend(child.subtree)
    return tokens


def _hedges(doc: Doc, claims: tuple[Proposal, ...]) -> Iterator[Found]:
    for match in HEDGES.finditer(doc_text(doc)):
        span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is None:
            continue
        target = _hedged(span.root, claims)
        if target is not None:
            rule = "hedge:" + re.sub(r"\W+", "_", match.group().lower())
            yield Found(target, (match.start(), match.end()), "unverified", rule, 0.7)


def _hedged(word: Token, claims: tuple[Proposal, ...]) -> Target | None:
    """The statement a hedge qualifies."""
    for claim in claims:
        for part in claim.parts:
            if part.role == "content" and part.start <= word.idx < part.end:
                return Target(part.start, part.end)
    clause = word.head if word.dep_ in ("advmod", "neg", "det", "amod") else word
    while clause.dep_ in ("advcl", "xcomp", "auxpass", "aux", "prep", "pobj", "nsubj", "attr", "dobj"):
        if clause.dep_ == "advcl" and clause.head.i != clause.i:
            return _main_statement(clause)
        if clause.head.i == clause.i:
            break
        clause = clause.head
    lower = word.lower_
    if lower in ("reportedly", "allegedly", "purportedly"):
        return Target(*clause_range(clause))
    return claim_before(claims, word.idx, word.sent.start_char - 400) or previous_statement(word, word.sent.start_char)


def _main_statement(subclause: Token) -> Target | None:
    """ "X, if confirmed, would ..." -> X; "A, though no evidence has emerged" -> A."""
    main = subclause.head
    mark = {c.lower_ for c in subclause.children if c.dep_ == "mark"}
    if "if" in mark:
        subjects = [c for c in main.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            return Target(*clause_range(subjects[0]))
    dropped = set(subclause.subtree)
    kept = [t for t in main.subtree if t not in dropped and not t.is_punct and not t.is_space]
    return Target(kept[0].idx, kept[-1].idx + len(kept[-1].text)) if kept else None


def _contrasts(doc: Doc) -> Iterator[Found]:
    for match in CONTRASTS.finditer(doc_text(doc)):
        span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is None:
            continue
        verb = span[0] if span[0].pos_ in ("VERB", "AUX") else span.root
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not subjects:
            continue
        target = Target(*clause_range(subjects[0]))
        cue_end = max(match.end(), _object_end(span))
        yield Found(target, (match.start(), cue_end), "contradicted", "contrast", 0.65)


def _object_end(span: object) -> int:
    """End of the thing contrasted with: "... with [the reality on the ground]"."""
    from spacy.tokens import Span

    assert isinstance(span, Span)
    last = span[-1]
    objects = [c for c in last.children if c.dep_ == "pobj"]
    if not objects:
        return last.idx + len(last.text)
    tokens = [t for t in objects[0].subtree if t.dep_ not in ("relcl", "acl") or t == objects[0]]
    nearby = [t for t in tokens if t.i <= objects[0].i + 4 and not t.is_punct]
    return max(t.idx + len(t.text) for t in nearby)


def _proposal(found: Found) -> Proposal:
    parts = [Part("cue", *found.cue)]
    if found.disputant is not None:
        parts.append(Part("disputant", *found.disputant))
    source = found.source
    return Proposal(
        kind="dispute",
        start=found.target.start,
        end=found.target.end,
        parts=tuple(sorted(parts, key=lambda p: (p.start, p.end, p.role))),
        attrs=make_attrs(
            reason=found.reason,
            disputant_entity=source.entity_id if source else "",
            disputant_name=source.name if source else "",
        ),
        provenance=origin(NAME, VERSION, found.rule),
        confidence=found.confidence,
    )


COMPONENT = Component("disputes", NAME, VERSION, run)
