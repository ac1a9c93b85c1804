"""Dependency patterns as data: every pattern file loads, and every pattern matches its own example."""

from __future__ import annotations

import pytest

from sitegen.annotate import rulebook

PATTERNS = [(file, pattern) for file in rulebook.FILES for pattern in rulebook.load(file)]


def test_rulebook_every_pattern_names_its_example() -> None:
    assert PATTERNS
    assert all(pattern.example for _, pattern in PATTERNS)


def test_rulebook_malformed_pattern_is_named() -> None:
    with pytest.raises(ValueError, match=r"patterns/x.toml: pattern 'broken'"):
        rulebook._pattern("x.toml", {"name": "broken", "cue": ["verb"], "nodes": [{"RIGHT_ID": "noun"}]})


@pytest.mark.model
@pytest.mark.parametrize(("file", "pattern"), PATTERNS, ids=[f"{f}:{p.name}:{i}" for i, (f, p) in enumerate(PATTERNS)])
def test_rulebook_model_pattern_matches_its_example(file: str, pattern: rulebook.Pattern) -> None:
    from sitegen.annotate.nlp import load_model
    from sitegen.config import AnnotateConfig

    doc = load_model(AnnotateConfig().model)(pattern.example)
    assert any(found == pattern for found, _ in rulebook.matches(doc, file))


def test_rulebook_unparsed_doc_matches_nothing() -> None:
    import spacy

    doc = spacy.blank("en")("Protesters were frustrated that the council said nothing.")
    assert list(rulebook.matches(doc, "frames.toml")) == []
