"""The bare model's entities, mapped to our types with no clean-up: the baseline evaluations compare with."""

from __future__ import annotations

from collections.abc import Sequence

from sitegen.annotate.mentions import NER_TYPES
from sitegen.annotate.nlp import load_model, parse
from sitegen.config import AnnotateConfig


def bare_entities(texts: Sequence[str], settings: AnnotateConfig) -> list[list[tuple[int, int, str]]]:
    """(start, end, type) per document, straight from ``doc.ents``; unmapped labels are dropped."""
    nlp = load_model(settings.model)
    found = []
    for doc in parse(nlp, texts, settings.batch_size, 1):
        found.append([(e.start_char, e.end_char, NER_TYPES[e.label_]) for e in doc.ents if e.label_ in NER_TYPES])
    return found
