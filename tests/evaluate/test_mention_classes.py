"""Entity error classes: what a missed or spurious mention has on the other side."""

from __future__ import annotations

from sitegen.evaluate.command import format_report
from sitegen.evaluate.mention_classes import BOTH, NOTHING, SPAN, TYPE, classify
from sitegen.evaluate.records import GoldDoc, Mention
from sitegen.evaluate.runner import Report, _mention_examples

TEXT = "Belgium beat Tunisia as Coach Roberto Martinez watched on Saturday in Moscow."


def at(surface: str) -> tuple[int, int]:
    start = TEXT.index(surface)
    return start, start + len(surface)


GOLD = (
    Mention(*at("Belgium"), "organisation"),
    Mention(*at("Roberto Martinez"), "person"),
    Mention(*at("Saturday"), "date"),
    Mention(*at("Moscow"), "place"),
)
PRED = (
    Mention(*at("Belgium"), "place"),
    Mention(*at("Tunisia"), "place"),
    Mention(*at("Coach Roberto Martinez"), "person"),
    Mention(*at("Saturday in"), "organisation"),
)


def test_mention_classes_by_what_the_other_side_has() -> None:
    found = {(error, TEXT[m.start : m.end], group, label) for error, group, m, label in classify(PRED, GOLD)}
    assert found == {
        ("fp", "Belgium", TYPE, "place for organisation"),
        ("fn", "Belgium", TYPE, "place for organisation"),
        ("fp", "Tunisia", NOTHING["fp"], "place"),
        ("fp", "Coach Roberto Martinez", SPAN, "person"),
        ("fn", "Roberto Martinez", SPAN, "person"),
        ("fp", "Saturday in", BOTH, "organisation"),
        ("fn", "Saturday", BOTH, "date"),
        ("fn", "Moscow", NOTHING["fn"], "place"),
    }


def test_mention_classes_reported_with_counts_and_examples() -> None:
    examples = tuple(_mention_examples(GoldDoc("d", TEXT, mentions=GOLD), PRED))
    report = format_report(Report(1, examples=examples), errors=5)
    assert "-- entity misses by class (4)" in report and "-- entity false positives by class (4)" in report
    assert f"      2  {TYPE}" not in report  # one miss and one false positive, in their own sections
    assert f"      1  {TYPE}" in report and "e.g. [place for organisation] 'Belgium |" in report
