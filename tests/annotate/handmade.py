"""Parsed docs built by hand, so unit tests never load a trained model."""

from __future__ import annotations

from dataclasses import dataclass

import spacy
from spacy.tokens import Doc, Span


@dataclass(frozen=True)
class Tok:
    """One token row: text, head index, dependency, coarse POS, fine tag, lemma, trailing space."""

    text: str
    head: int
    dep: str
    pos: str
    tag: str = ""
    lemma: str = ""
    space: bool = True


def make_doc(rows: list[Tok], ents: list[tuple[int, int, str]] = ()) -> Doc:  # type: ignore[assignment]
    """A Doc with the given parse; ``ents`` are (start token, end token, label)."""
    nlp = spacy.blank("en")
    doc = Doc(
        nlp.vocab,
        words=[r.text for r in rows],
        spaces=[r.space for r in rows],
        heads=[r.head for r in rows],
        deps=[r.dep for r in rows],
        pos=[r.pos for r in rows],
        tags=[r.tag or _default_tag(r.pos) for r in rows],
        lemmas=[r.lemma or r.text.lower() for r in rows],
    )
    doc.ents = [Span(doc, start, end, label=label) for start, end, label in ents]
    return doc


def _default_tag(pos: str) -> str:
    return {"PROPN": "NNP", "NOUN": "NN", "VERB": "VBD", "PRON": "PRP", "PUNCT": ".", "DET": "DT"}.get(pos, "XX")


def analysts_said() -> Doc:
    """ "Analysts said that Kyiv is strong." """
    return make_doc(
        [
            Tok("Analysts", 1, "nsubj", "NOUN", "NNS", "analyst"),
            Tok("said", 1, "ROOT", "VERB", "VBD", "say"),
            Tok("that", 4, "mark", "SCONJ", "IN"),
            Tok("Kyiv", 4, "nsubj", "PROPN"),
            Tok("is", 1, "ccomp", "AUX", "VBZ", "be"),
            Tok("strong", 4, "acomp", "ADJ", "JJ", space=False),
            Tok(".", 1, "punct", "PUNCT"),
        ],
        ents=[(3, 4, "PERSON")],
    )


def according_to() -> Doc:
    """ "According to Marochko, the city remains volatile." """
    return make_doc(
        [
            Tok("According", 6, "prep", "VERB", "VBG", "accord"),
            Tok("to", 0, "prep", "ADP", "IN"),
            Tok("Marochko", 1, "pobj", "PROPN", space=False),
            Tok(",", 6, "punct", "PUNCT", ","),
            Tok("the", 5, "det", "DET"),
            Tok("city", 6, "nsubj", "NOUN"),
            Tok("remains", 6, "ROOT", "VERB", "VBZ", "remain"),
            Tok("volatile", 6, "acomp", "ADJ", "JJ", space=False),
            Tok(".", 6, "punct", "PUNCT"),
        ],
        ents=[(2, 3, "PERSON")],
    )


def putin_then_he() -> Doc:
    """ "Vladimir Putin spoke. He said that peace is near." """
    return make_doc(
        [
            Tok("Vladimir", 1, "compound", "PROPN"),
            Tok("Putin", 2, "nsubj", "PROPN"),
            Tok("spoke", 2, "ROOT", "VERB", "VBD", "speak", space=False),
            Tok(".", 2, "punct", "PUNCT"),
            Tok("He", 5, "nsubj", "PRON", "PRP", "he"),
            Tok("said", 5, "ROOT", "VERB", "VBD", "say"),
            Tok("that", 8, "mark", "SCONJ", "IN"),
            Tok("peace", 8, "nsubj", "NOUN"),
            Tok("is", 5, "ccomp", "AUX", "VBZ", "be"),
            Tok("near", 8, "acomp", "ADJ", "JJ", space=False),
            Tok(".", 5, "punct", "PUNCT", space=False),
        ],
        ents=[(0, 2, "PERSON")],
    )
