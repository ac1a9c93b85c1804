"""Headline and transcript attributions: "Sanders: Clinton Email Story Has Moved"."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from sitegen.annotate.frames import Frame
from sitegen.annotate.spans import doc_text

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

MAX_NAME_WORDS = 5
KICKERS = frozenset(
    "breaking exclusive update watch look boom video photos analysis live stat correction clarification editor".split()  # noqa: SIM905
)
"""Headline and editorial labels that are not speakers ("BREAKING: ...", "Correction: ...")."""
NAME_TAGS = frozenset({"NNP", "NNPS"})
NOUN_TAGS = frozenset({"NN", "NNS"})
"""Headlines are title case, so the tagger often reads a name there as a common noun ("Cruz: ...")."""


def colon_frames(doc: Doc) -> Iterator[Frame]:
    """A line that opens with a name and a colon: the name speaks the rest of the line."""
    for token in doc:
        if token.text != ":":
            continue
        name = _name_before(token)
        content = _line_after(token)
        if name is None or content is None:
            continue
        yield Frame(
            (token.idx, token.idx + 1),
            (name[0].idx, name[-1].idx + len(name[-1].text)),
            ((content[0].idx, content[-1].idx + len(content[-1].text)),),
            "headline_colon",
            0.75,
            token.i,
            name[-1].i,
        )


def _name_before(colon: Token) -> list[Token] | None:
    """The proper-name tokens between the line start and the colon, if that is all there is."""
    doc = colon.doc
    tokens: list[Token] = []
    i = colon.i - 1
    while i >= 0 and "\n" not in doc[i].text and not doc[i].whitespace_.count("\n"):
        tokens.insert(0, doc[i])
        i -= 1
    words = _speaker_words([t for t in tokens if not t.is_space])
    if not words or len(words) > MAX_NAME_WORDS or words[-1].tag_ not in NAME_TAGS | NOUN_TAGS:
        return None
    if not all(t.tag_ in NAME_TAGS or t.is_title or t.is_upper for t in words) or len(words[-1].text) < 3:
        return None
    if (
        words[0].tag_ in ("DT", "PRP$")
        or any(t.lower_ in KICKERS for t in words)
        or not (words[-1].tag_ in NAME_TAGS or _headline(colon))
    ):
        return None
    return words


TOPIC_PREPOSITIONS = frozenset({"on", "to", "at", "in", "about"})
"""A headline speaker may come with a topic, addressee or venue: "Gillibrand on Clinton's Speeches:"."""


def _speaker_words(words: list[Token]) -> list[Token]:
    """The speaker's words of a label: no opening quotation mark ('"WALLACE:'), no kicker before a
    dash ("EXCLUSIVE – Roger Stone:"), nothing from a topic preposition on ("Clinton to Planned Parenthood:")."""
    while words and words[0].is_quote:
        words = words[1:]
    dashes = [i for i, t in enumerate(words) if t.text in DASHES]
    if dashes and all(t.lower_ in KICKERS or t.is_upper for t in words[: dashes[0]]):
        words = words[dashes[-1] + 1 :]
    cut = next((i for i, t in enumerate(words) if t.lower_ in TOPIC_PREPOSITIONS and i > 0), None)
    if cut is not None and len(words) <= MAX_NAME_WORDS + 4:
        words = words[:cut]
    return words


def _headline(colon: Token) -> bool:
    """The colon is on the document's first line, or the speaker is in capitals ("TAPPER:")."""
    return "\n" not in doc_text(colon.doc)[: colon.idx] or colon.nbor(-1).is_upper


def _line_after(colon: Token) -> list[Token] | None:
    doc = colon.doc
    tokens = []
    for token in doc[colon.i + 1 :]:
        if "\n" in token.text:
            break
        tokens.append(token)
        if "\n" in token.whitespace_:
            break
    while tokens and (tokens[-1].is_space or (tokens[-1].is_punct and not tokens[-1].is_quote)):
        tokens.pop()
    words = [t for t in tokens if not t.is_punct and not t.is_space]
    return tokens if len(words) >= 3 else None


DASHES = frozenset({"―", "—", "–", "-", "--"})


def dash_frames(doc: Doc, quotes: tuple[tuple[int, int], ...]) -> Iterator[Frame]:
    """ "“…” ― Sonya Herridge": a quotation signed with a dash and a name."""
    for start, end in quotes:
        dash = doc.char_span(end, end + 3, alignment_mode="expand")
        if dash is None:
            continue
        marks = [t for t in dash if not t.is_space]
        if not marks or marks[0].text not in DASHES:
            continue
        name = _name_after(marks[0])
        if name:
            yield Frame(
                (marks[0].idx, marks[0].idx + len(marks[0].text)),
                (name[0].idx, name[-1].idx + len(name[-1].text)),
                ((start, end),),
                "quote_dash",
                0.75,
                marks[0].i,
                name[-1].i,
            )


def _name_after(dash: Token) -> list[Token]:
    """Up to five proper-name tokens right after the dash."""
    name = []
    for token in dash.doc[dash.i + 1 : dash.i + 1 + MAX_NAME_WORDS]:
        if token.tag_ not in NAME_TAGS:
            break
        name.append(token)
    return name
