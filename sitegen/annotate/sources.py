"""Who a claim's source is: a named entity, an unnamed source, or a pronoun resolved to an earlier entity."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sitegen.annotate.frames import relative_antecedent
from sitegen.annotate.mentions import Mention
from sitegen.annotate.spans import doc_text, slugify

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

PERSON_PRONOUNS = frozenset({"he", "him", "his", "she", "her", "hers"})
THING_PRONOUNS = frozenset({"it", "its"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their"})
FITS = {
    **{p: frozenset({"person"}) for p in PERSON_PRONOUNS},
    **{p: frozenset({"organisation"}) for p in THING_PRONOUNS},
    **{p: frozenset({"organisation", "group", "place"}) for p in PLURAL_PRONOUNS},
}
SPEAKER_TYPES = frozenset({"person", "organisation", "group", "place", "other"})
RESOLVE_WINDOW = 1500
"""How far back (characters) a pronoun may look for its antecedent."""


@dataclass(frozen=True, slots=True)
class Source:
    """A classified source: kind plus the entity it names or resolves to."""

    kind: str
    """named | unnamed | pronoun"""
    entity_id: str = ""
    name: str = ""
    resolved_from: str = ""


def classify(
    doc: Doc, head: Token, span: tuple[int, int], mentions: tuple[Mention, ...], earlier: list[Source]
) -> Source:
    """Classify the source whose head token is ``head`` and whose characters are ``span``."""
    antecedent = relative_antecedent(head)
    if antecedent is not None:
        named = _mention_at(antecedent, (antecedent.idx, antecedent.idx + len(antecedent.text)), mentions)
        surface = doc_text(doc)[span[0] : span[1]]
        if named is not None:
            return Source("pronoun", named.entity_id, named.name, surface)
        return Source("unnamed")
    pronoun = _pronoun(head)
    if pronoun is not None:
        surface = doc_text(doc)[span[0] : span[1]]
        return resolve(pronoun.lower_, head.idx, mentions, earlier, surface)
    mention = _mention_at(head, span, mentions)
    if mention is not None:
        return Source("named", mention.entity_id, mention.name)
    if head.pos_ == "PROPN":
        name = " ".join(t.text for t in head.subtree if t.i <= head.i and t.pos_ == "PROPN")
        return Source("named", slugify(name), name)
    return Source("unnamed")


def _pronoun(head: Token) -> Token | None:
    """The pronoun a source stands on: "he" itself, or "his" in "his administration"."""
    if head.lower_ in FITS:
        return head
    for child in head.children:
        if child.dep_ == "poss" and child.lower_ in FITS:
            return child
    return None


def _mention_at(head: Token, span: tuple[int, int], mentions: tuple[Mention, ...]) -> Mention | None:
    """The entity mention that covers the source's head word."""
    for mention in mentions:
        if mention.type in SPEAKER_TYPES and mention.start <= head.idx < mention.end:
            return mention
    if head.pos_ == "PROPN":
        inside = [m for m in mentions if span[0] <= m.start and m.end <= span[1] and m.type in SPEAKER_TYPES]
        return inside[-1] if inside else None
    return None


def resolve(pronoun: str, offset: int, mentions: tuple[Mention, ...], earlier: list[Source], surface: str) -> Source:
    """The nearest fitting entity before ``offset``: the last named speaker first, then any mention."""
    fits = FITS.get(pronoun, frozenset())
    for source in reversed(earlier[-2:]):
        if source.entity_id and _type_of(source.entity_id, mentions) in fits:
            return Source("pronoun", source.entity_id, source.name, surface)
    for mention in reversed(mentions):
        if mention.end <= offset and offset - mention.end < RESOLVE_WINDOW and mention.type in fits:
            return Source("pronoun", mention.entity_id, mention.name, surface)
    return Source("pronoun", resolved_from=surface)


def _type_of(entity_id: str, mentions: tuple[Mention, ...]) -> str:
    for mention in mentions:
        if mention.entity_id == entity_id:
            return mention.type
    return ""
