"""Scoring: one-to-one cue matching, agreement ignoring punctuation, mention matching."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from sitegen.evaluate.command import configure_parser, run
from sitegen.evaluate.records import GoldDoc, Mention, Relation
from sitegen.evaluate.runner import scored
from sitegen.evaluate.scoring import Counts, match, normalise, score_mentions, score_relations

TEXT = 'Officials said "Kyiv is safe." Critics disagreed, he noted.'


def test_scoring_counts() -> None:
    counts = Counts(3, 1, 2)
    assert counts.precision == 0.75 and counts.recall == 0.6
    assert round(counts.f1, 4) == round(2 * 0.75 * 0.6 / 1.35, 4)
    assert Counts().f1 == 0.0


def test_scoring_match_is_one_to_one_by_largest_overlap() -> None:
    assert match([((0, 5),), ((4, 9),)], [((3, 8),)]) == [(1, 0)]


def test_scoring_normalise_ignores_quotes_space_and_punctuation() -> None:
    assert normalise('"Kyiv is safe."') == normalise("Kyiv is  safe")


def test_scoring_relations_with_agreement() -> None:
    gold = [Relation(((10, 14),), ((0, 9),), ((15, 30),)), Relation(((53, 58),), ((50, 52),), ((31, 48),))]
    pred = [Relation(((10, 14),), ((0, 9),), ((16, 28),)), Relation(((0, 3),), (), ((4, 9),))]
    score = score_relations(TEXT, pred, gold)
    assert score.relations == Counts(1, 1, 1)
    assert score.source.exact == 1 and score.content.exact == 1
    assert score.misses == (1,) and score.spurious == (1,)


def test_scoring_mentions_exact_overlap_and_type() -> None:
    gold = [Mention(0, 4, "place"), Mention(10, 20, "person")]
    pred = [Mention(0, 4, "person"), Mention(12, 20, "person")]
    assert score_mentions(pred, gold, typed=True, exact=True) == Counts(0, 2, 2)
    assert score_mentions(pred, gold, typed=False, exact=True) == Counts(1, 1, 1)
    assert score_mentions(pred, gold, typed=True, exact=False) == Counts(1, 1, 1)


def test_command_skips_missing_folders(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser()
    configure_parser(parser)
    code = run(parser.parse_args(["--polnear", str(tmp_path / "absent"), "--gum", str(tmp_path / "none")]))
    assert code == 0
    out = capsys.readouterr().out
    assert "polnear: skipped" in out and "gum: skipped" in out
    assert run(parser.parse_args([])) == 2


def test_scoring_predictions_on_unscored_gold_mentions_count_neither_way() -> None:
    text = "Nick Moreau met Ann Lee for four hours."
    at = text.index
    doc = GoldDoc(
        "d",
        text,
        mentions=(Mention(at("Ann Lee"), at(" for"), "person"),),
        outside=(Mention(0, at(" met"), "person"), Mention(at("four"), at("."), "date")),
    )
    predictions = [
        Mention(0, at(" met"), "person"),  # a name GUM gives no identity: not scored
        Mention(0, at(" met"), "organisation"),  # the wrong type on it: scored, a false positive
        Mention(at("Ann Lee"), at(" for"), "person"),
        Mention(at("four"), at("."), "date"),  # a duration the gold leaves out: not scored
        Mention(at("Ann"), at(" hours"), "date"),  # also meets a scored mention: scored
        Mention(at("Lee"), at(" for"), "event"),  # a type the gold has no notion of
    ]
    kept = scored(predictions, doc)
    assert [(text[m.start : m.end], m.type) for m in kept] == [
        ("Nick Moreau", "organisation"),
        ("Ann Lee", "person"),
        ("Ann Lee for four", "date"),
    ]


def test_command_skip_and_limit_choose_a_window_of_documents(tmp_path: Path) -> None:
    """``--skip 2 --limit 1`` scores the third document only (the held-back split is ``--skip``)."""
    from sitegen.evaluate.command import _sources

    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    for number in range(4):
        (tmp_path / "text" / f"doc{number}.txt").write_text(f"Ann said it rained {number} times.", encoding="utf-8")
        (tmp_path / "attributions" / f"doc{number}_a.ann").write_text("T1\tCue 4 8\tsaid\n", encoding="utf-8")
    parser = argparse.ArgumentParser()
    configure_parser(parser)

    def names(*argv: str) -> list[str]:
        ((_, _, read),) = _sources(parser.parse_args(["--polnear", str(tmp_path), *argv]))
        return [doc.name for doc in read()]

    assert names("--skip", "2", "--limit", "1") == ["doc2"]
    assert names("--skip", "3") == ["doc3"]
    assert names("--limit", "2") == ["doc0", "doc1"]
