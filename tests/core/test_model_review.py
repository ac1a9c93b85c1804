"""An annotation's review state is a field, set from its provenance when it is made: the
stages after the merge read it, and the analysis cache keeps it."""

from __future__ import annotations

import dataclasses

from sitegen.model import Annotation, Origin
from sitegen.runtime.data import decode, encode


def annotation(*kinds: str) -> Annotation:
    origins = tuple(Origin(kind, "test", "", "") for kind in kinds)
    return Annotation("claim", 0, 4, (), (), origins, 1.0, id="c-1")


def test_model_review_is_a_field_worked_out_once():
    assert "review" in {f.name for f in dataclasses.fields(Annotation)}
    assert annotation("machine").review == "proposed"
    assert annotation("machine", "curated").review == "reviewed"


def test_model_review_follows_a_changed_provenance_and_survives_the_cache():
    reviewed = dataclasses.replace(annotation("machine"), provenance=(Origin("curated", "test", "", ""),))
    assert reviewed.review == "reviewed"
    assert decode(encode(reviewed), Annotation).review == "reviewed"
    assert decode(encode(annotation("machine")), Annotation) == annotation("machine")
