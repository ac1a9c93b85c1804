"""Attribution frames read off the dependency parse: cue verb, its source and its content."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sitegen.annotate import cues
from sitegen.annotate.spans import doc_text

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

Range = tuple[int, int]
Found = tuple[str, tuple[Range, ...]]
"""A frame rule's result: the frame's name and the content's character ranges."""
SUBJECTS = frozenset({"nsubj", "nsubjpass"})
CONTENT_DEPS = {"ccomp": "ccomp", "xcomp": "xcomp", "dobj": "dobj"}


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


def verb_frames(doc: Doc, quotes: tuple[Range, ...] = ()) -> Iterator[Frame]:
    """Every lexicon verb with a content argument and, where there is one, a subject."""
    for token in doc:
        verbal = token.pos_ in ("VERB", "AUX") or (token.dep_ == "ROOT" and _verb_tagged_noun(token))
        if not verbal or _is_intermediary(token):
            continue
        found = _best(_quoted(token, quotes), _content(token)) or _adjacent_content(token, quotes)
        if found is None:
            continue
        rule, content = found
        source_token = _unquoted(subject_of(token), token, quotes)
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


INANIMATE = frozenset({"it", "this", "that", "which", "what"})


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
    if token.lemma_ == "say" or _opening_participle(token):
        return True
    return token.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in token.children)


def _opening_participle(token: Token) -> bool:
    """ "Asked whether ..., 75 percent said yes" / "when asked about ...": a subjectless participle clause."""
    if token.tag_ != "VBN" or token.dep_ != "advcl" or any(c.dep_ in SUBJECTS for c in token.children):
        return False
    first = next(t for t in token.sent if not t.is_space)
    return token == first or any(c.lower_ == "when" and c.i == token.i - 1 for c in token.children)


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
            return "ccomp", (_subtree_range(child),)
    return None


def _inverted(token: Token, lemma: str) -> Found | None:
    """ "X, officials said, is Y" / "..., he said": the clause around the cue."""
    if token.dep_ in ("parataxis", "ccomp") and lemma in cues.INVERTED and token.head.i != token.i:
        pieces = _around(token.head, token)
        return ("inverted", pieces) if pieces else None
    return None


def _as_clause(token: Token, lemma: str) -> Found | None:
    """ "as Tass noted, C"."""
    if token.dep_ == "advcl" and lemma in cues.AS_CLAUSE and _marked_as(token) and _puts_it(token):
        pieces = _around(token.head, token)
        return ("as_clause", pieces) if pieces else None
    return None


def _xcomp(token: Token, lemma: str, child: Token) -> Found | None:
    """ "vowed [to ...]"."""
    if child.dep_ == "xcomp" and (lemma in cues.INTENT or (token.dep_ == "relcl" and lemma in cues.SPEECH)):
        return "xcomp", (_subtree_range(child),)
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
            return f"prep_{child.lower_}", (_subtree_range(objects[0]),)
    return None


CLAUSE_RULES: tuple[Callable[[Token, str], Found | None], ...] = (_ccomp, _inverted, _as_clause)
"""Frame rules on the cue's clause, in order: the first that finds a content wins."""
ARGUMENT_RULES: tuple[Callable[[Token, str, Token], Found | None], ...] = (_xcomp, _dobj, _prep)
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
    pieces = [_tokens_range(side) for side in (before, after) if _has_words(side)]
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
    subjects = [c for c in token.children if c.dep_ == "nsubj" and not _quoted_token(c, quotes)]
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


def _quoted_token(token: Token, quotes: tuple[Range, ...]) -> bool:
    return any(start < token.idx < end for start, end in quotes)


def _unquoted(subject: Token | None, verb: Token, quotes: tuple[Range, ...]) -> Token | None:
    """ "“… Full panic mode,” said Leslie Wimes": a subject the parser took from inside the quotation
    gives way to one outside it."""
    if subject is None or not _quoted_token(subject, quotes):
        return subject
    others = [c for c in verb.children if c.dep_ == "nsubj" and c.i > verb.i and not _quoted_token(c, quotes)]
    return others[0] if others else subject


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
    return ("clause_before", (_tokens_range(tokens),)) if _has_words(tokens) else None


def _object_range(verb: Token, obj: Token) -> Range:
    """The object plus what completes it: "described [the fighting as intense]"."""
    start, end = _subtree_range(obj)
    for child in verb.children:
        if child.i > obj.i and child.dep_ in ("oprd", "prep", "ccomp", "xcomp", "advcl"):
            if child.dep_ == "prep" and child.lower_ not in ("as", "of", "for"):
                continue
            if child.dep_ == "advcl" and child.doc[child.left_edge.i].lower_ != "as":
                continue
            end = max(end, _subtree_range(child)[1])
    return start, end


def _is_intermediary(token: Token) -> bool:
    """ "as reported by Tass" names a channel, not a speaker ("as Politico reported, ..." is a speaker)."""
    return token.lemma_ == "report" and _marked_as(token) and any(c.dep_ == "agent" for c in token.children)


def _puts_it(verb: Token) -> bool:
    """ "as Vulture put it" speaks; "as it officially puts Trump atop its ticket" does not."""
    return verb.lemma_ != "put" or any(c.dep_ == "dobj" and c.lower_ == "it" for c in verb.children)


def _marked_as(token: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ == "as" for c in token.children)


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
    return _tokens_range(tokens) if tokens else None


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


def _subtree_range(token: Token, stop: Token | None = None) -> Range:
    tokens = [t for t in token.subtree if stop is None or (t != stop and stop not in t.ancestors)]
    if stop is not None:
        # Content before "..., he said" or after "He said, ...": the side holding the head.
        side = [t for t in tokens if (t.i < stop.i) == (token.i < stop.i)]
        tokens = side or tokens
    return _tokens_range(tokens)


def _tokens_range(tokens: Iterable[Token]) -> Range:
    ordered = sorted(tokens, key=lambda t: t.i)
    while len(ordered) > 1 and ((ordered[-1].is_punct and not ordered[-1].is_quote) or ordered[-1].is_space):
        ordered.pop()
    while len(ordered) > 1 and ((ordered[0].is_punct and not ordered[0].is_quote) or ordered[0].is_space):
        ordered.pop(0)
    return ordered[0].idx, ordered[-1].idx + len(ordered[-1].text)
