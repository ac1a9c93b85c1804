"""Long documents are annotated in pieces of whole paragraphs, with offsets into the whole text."""

from __future__ import annotations

import spacy
from hypothesis import given
from hypothesis import strategies as st

from sitegen.annotate.pieces import BATCH_CHARS, PIECE_CHARS, batch_size, pieces, shifted
from sitegen.annotate.pipeline import annotate_with
from sitegen.config import AnnotateConfig
from sitegen.model import Entity, EntityRegistry, Part, Proposal


@given(st.text(alphabet="ab \n", max_size=400), st.integers(min_value=1, max_value=50))
def test_pieces_cover_the_text_in_order_within_the_limit(text: str, limit: int) -> None:
    cut = list(pieces(text, limit))
    assert "".join(piece for _, piece in cut) == text
    assert all(len(piece) <= limit for _, piece in cut)
    assert [offset for offset, _ in cut] == [sum(len(p) for _, p in cut[:n]) for n in range(len(cut))]


def test_pieces_end_after_a_paragraph_when_one_fits() -> None:
    text = "one two.\n\nthree four five.\nsix.\n\nseven"
    assert [piece for _, piece in pieces(text, 30)] == ["one two.\n\n", "three four five.\nsix.\n\nseven"]
    assert [piece for _, piece in pieces(text, 26)] == ["one two.\n\n", "three four five.\nsix.\n\n", "seven"]
    assert [piece for _, piece in pieces("three four five", 8)] == ["three ", "four ", "five"]


def test_pieces_shifted_moves_every_span() -> None:
    found = Proposal("claim", 1, 5, (Part("cue", 2, 3),), (), (), 1.0)
    moved = shifted(found, 10)
    assert (moved.start, moved.end, moved.parts) == (11, 15, (Part("cue", 12, 13),))


def test_pieces_document_over_the_model_limit_is_annotated_whole() -> None:
    """Over spaCy's 1,000,000 characters (E088 before), every mention is found at its offset."""
    paragraph = "The mayor of Kyiv spoke at length about the weather and the roads of the region. " * 12
    text = "Headline\n" + "\n\n".join(paragraph for _ in range(1_010_000 // len(paragraph)))
    assert len(text) > 1_000_000
    registry = EntityRegistry((Entity("kyiv", "Kyiv", "place"),))
    settings = AnnotateConfig(annotators=("entities",))
    (found,) = annotate_with([text], registry, settings, None, loader=lambda _: spacy.blank("en"))
    assert len(found) == text.count("Kyiv")
    assert all(text[p.start : p.end] == "Kyiv" for p in found)


def test_pieces_batches_of_long_texts_are_bounded_in_characters() -> None:
    assert batch_size([2_000] * 100, 32) == 32
    assert batch_size([2_000, PIECE_CHARS], 32) * PIECE_CHARS <= BATCH_CHARS
    assert batch_size([10 * BATCH_CHARS], 32) == 1 and batch_size([], 32) == 32
