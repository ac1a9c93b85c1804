"""The real model on the shared evaluation corpora, when they are present (never copied here)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.config import AnnotateConfig
from sitegen.evaluate.gum import read_gum
from sitegen.evaluate.polnear import read_polnear
from sitegen.evaluate.runner import evaluate

CORPORA = Path(__file__).resolve().parents[3] / "shared" / "corpora"

pytestmark = pytest.mark.model


@pytest.mark.skipif(not (CORPORA / "polnear" / "dev").is_dir(), reason="PolNeAR dev not present")
def test_corpora_polnear_dev_floor() -> None:
    report = evaluate(list(read_polnear(CORPORA / "polnear" / "dev")), AnnotateConfig(), jobs=2)
    assert report.relations is not None
    counts = report.relations.relations
    assert counts.precision >= 0.88 and counts.f1 >= 0.745, counts.row()
    content = report.relations.content
    assert content.exact / content.matched >= 0.70, content.row()  # 0.719 with run-on quotations


@pytest.mark.skipif(not (CORPORA / "gum-news").is_dir(), reason="GUM news not present")
def test_corpora_gum_entities_beat_the_bare_model() -> None:
    report = evaluate(list(read_gum(CORPORA / "gum-news")), AnnotateConfig(), bare=True)
    for key in ("exact+type", "overlap+type"):
        assert report.mentions[key].f1 > report.mentions[f"bare {key}"].f1, key
