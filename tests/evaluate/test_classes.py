"""Error classes of the evaluation report."""

from __future__ import annotations

import pytest

from sitegen.evaluate.classes import MISSES, false_class, miss_class


@pytest.mark.parametrize(
    ("cue", "group"),
    [
        (":", "typographic"),
        ("―", "typographic"),
        ("according to", "prepositional"),
        ("was optimistic about", "state"),
        ("were taken aback by", "state"),
        ("claimed", "construction"),
        ("has denied", "construction"),
        ("said", "construction"),
        ("told reporters", "construction"),
        ("the announcement that", "noun"),
        ("accusations of", "noun"),
        ("crowed about", "lexicon"),
    ],
)
def test_classes_miss_by_cue_words(cue: str, group: str) -> None:
    assert miss_class(cue) == MISSES[group]


def test_classes_false_positive_by_rule() -> None:
    assert false_class("say:ccomp") == "verb frame ccomp"
    assert false_class("respond:prep_to") == "verb frame prep"
    assert false_class("claim:noun") == "nominal cue"
    assert false_class("headline_colon") == "headline or transcript colon, dash"
    assert false_class("according_to") == "prepositional"
    assert false_class("faced:noun") == "nominal cue"
    assert false_class("participle:state") == "state or feeling"
