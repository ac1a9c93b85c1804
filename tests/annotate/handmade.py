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


def asked_whether() -> Doc:
    """ "Asked whether Kyiv is safe, most said yes." """
    return make_doc(
        [
            Tok("Asked", 6, "advcl", "VERB", "VBN", "ask"),
            Tok("whether", 3, "mark", "SCONJ", "IN"),
            Tok("Kyiv", 3, "nsubj", "PROPN"),
            Tok("is", 0, "ccomp", "AUX", "VBZ", "be"),
            Tok("safe", 3, "acomp", "ADJ", "JJ", space=False),
            Tok(",", 6, "punct", "PUNCT", ","),
            Tok("most", 6, "nsubj", "ADJ", "JJS"),
            Tok("said", 6, "ROOT", "VERB", "VBD", "say"),
            Tok("yes", 7, "intj", "INTJ", "UH", space=False),
            Tok(".", 7, "punct", "PUNCT"),
        ],
    )


def as_tass_noted() -> Doc:
    """ "As Tass noted, the city is calm." """
    return make_doc(
        [
            Tok("As", 2, "mark", "SCONJ", "IN"),
            Tok("Tass", 2, "nsubj", "PROPN"),
            Tok("noted", 6, "advcl", "VERB", "VBD", "note", space=False),
            Tok(",", 6, "punct", "PUNCT", ","),
            Tok("the", 5, "det", "DET"),
            Tok("city", 6, "nsubj", "NOUN"),
            Tok("is", 6, "ROOT", "AUX", "VBZ", "be"),
            Tok("calm", 6, "acomp", "ADJ", "JJ", space=False),
            Tok(".", 6, "punct", "PUNCT"),
        ],
        ents=[(1, 2, "ORG")],
    )


def claim_that() -> Doc:
    """ "Putin's claim that Kyiv fell is false." """
    return make_doc(
        [
            Tok("Putin", 2, "poss", "PROPN", space=False),
            Tok("'s", 0, "case", "PART", "POS"),
            Tok("claim", 6, "nsubj", "NOUN", "NN"),
            Tok("that", 5, "mark", "SCONJ", "IN"),
            Tok("Kyiv", 5, "nsubj", "PROPN"),
            Tok("fell", 2, "acl", "VERB", "VBD", "fall"),
            Tok("is", 6, "ROOT", "AUX", "VBZ", "be"),
            Tok("false", 6, "acomp", "ADJ", "JJ", space=False),
            Tok(".", 6, "punct", "PUNCT"),
        ],
        ents=[(0, 1, "PERSON")],
    )


def in_a_poll() -> Doc:
    """ "In a new poll, Kyiv leads the race." """
    return make_doc(
        [
            Tok("In", 6, "prep", "ADP", "IN"),
            Tok("a", 3, "det", "DET"),
            Tok("new", 3, "amod", "ADJ", "JJ"),
            Tok("poll", 0, "pobj", "NOUN", space=False),
            Tok(",", 6, "punct", "PUNCT", ","),
            Tok("Kyiv", 6, "nsubj", "PROPN"),
            Tok("leads", 6, "ROOT", "VERB", "VBZ", "lead"),
            Tok("the", 8, "det", "DET"),
            Tok("race", 6, "dobj", "NOUN", space=False),
            Tok(".", 6, "punct", "PUNCT"),
        ],
    )


def headline(label: str) -> Doc:
    """ "<label>: Kyiv will hold." as a document's first line; the tagger reads the label as a noun."""
    return make_doc(
        [
            Tok(label, 0, "ROOT", "NOUN", "NN", space=False),
            Tok(":", 0, "punct", "PUNCT", ":"),
            Tok("Kyiv", 4, "nsubj", "PROPN"),
            Tok("will", 4, "aux", "AUX", "MD"),
            Tok("hold", 0, "acl", "VERB", "VB", space=False),
            Tok(".", 0, "punct", "PUNCT"),
        ],
    )


def said_and_said() -> Doc:
    """ "He said Kyiv fell and said Odesa held." (the second "said" parsed inside the first's content)"""
    return make_doc(
        [
            Tok("He", 1, "nsubj", "PRON", "PRP", "he"),
            Tok("said", 1, "ROOT", "VERB", "VBD", "say"),
            Tok("Kyiv", 3, "nsubj", "PROPN"),
            Tok("fell", 1, "ccomp", "VERB", "VBD", "fall"),
            Tok("and", 3, "cc", "CCONJ", "CC"),
            Tok("said", 3, "conj", "VERB", "VBD", "say"),
            Tok("Odesa", 7, "nsubj", "PROPN"),
            Tok("held", 5, "ccomp", "VERB", "VBD", "hold", space=False),
            Tok(".", 1, "punct", "PUNCT"),
        ],
    )


def officials_urging() -> Doc:
    """ "Officials urging restraint met." """
    return make_doc(
        [
            Tok("Officials", 3, "nsubj", "NOUN", "NNS", "official"),
            Tok("urging", 0, "acl", "VERB", "VBG", "urge"),
            Tok("restraint", 1, "dobj", "NOUN"),
            Tok("met", 3, "ROOT", "VERB", "VBD", "meet", space=False),
            Tok(".", 3, "punct", "PUNCT"),
        ],
    )
