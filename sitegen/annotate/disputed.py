"""Finding the statement a dispute marker refers to: a claim's content, a clause, the previous sentence."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sitegen.model import Proposal

if TYPE_CHECKING:
    from spacy.tokens import Token


@dataclass(frozen=True, slots=True)
class Target:
    """The disputed statement's characters."""

    start: int
    end: int


def claim_before(claims: tuple[Proposal, ...], offset: int, not_before: int) -> Target | None:
    """The content of the last claim that ends before ``offset`` (and not before ``not_before``)."""
    best: Target | None = None
    for claim in claims:
        for part in claim.parts:
            fits = part.role == "content" and not_before <= part.start and part.end <= offset
            if fits and (best is None or part.end >= best.end):
                best = Target(part.start, part.end)
    return best


def claim_naming(claims: tuple[Proposal, ...], named: tuple[int, int], text: str, before: int) -> Target | None:
    """The content of the claim before ``before`` that says what ``named`` reports it says (most of
    its words), or None: "denied the report that X" disputes the claim that X, never another one."""
    wanted = _words(text[named[0] : named[1]])
    best: tuple[float, int, Target] | None = None
    for claim in claims:
        content = claim.part("content")
        if content is None or content.end > before or not wanted:
            continue
        share = len(wanted & _words(text[content.start : content.end])) / len(wanted)
        if share >= 0.5 and (best is None or (share, content.end) > best[:2]):
            best = (share, content.end, Target(content.start, content.end))
    return best[2] if best else None


def _words(text: str) -> set[str]:
    return {word for word in re.findall(r"\w+", text.casefold()) if len(word) > 3}


def previous_statement(token: Token, before: int) -> Target | None:
    """The clause just before ``before`` in the same sentence, else the previous sentence."""
    sentence = token.sent
    inside = [t for t in sentence if t.idx + len(t.text) <= before and not t.is_punct and not t.is_space]
    if len(inside) >= 3:
        return Target(inside[0].idx, inside[-1].idx + len(inside[-1].text))
    if sentence.start == 0:
        return None
    previous = token.doc[sentence.start - 1].sent
    words = [t for t in previous if not t.is_space]
    while words and words[-1].is_punct:
        words.pop()
    return Target(words[0].idx, words[-1].idx + len(words[-1].text)) if len(words) >= 3 else None


def clause_range(token: Token) -> tuple[int, int]:
    """A token's subtree, trimmed of edge punctuation and spaces."""
    tokens = [t for t in token.subtree if not t.is_space]
    while len(tokens) > 1 and tokens[-1].is_punct:
        tokens.pop()
    while len(tokens) > 1 and tokens[0].is_punct:
        tokens.pop(0)
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
