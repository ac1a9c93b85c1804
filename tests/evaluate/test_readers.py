"""Corpus readers on small hand-written files in each format (never corpus text)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.errors import SitegenError
from sitegen.evaluate.gold import parse_gold, read_gold
from sitegen.evaluate.gum import parse_tsv
from sitegen.evaluate.polnear import first_annotation_file, parse_ann, read_polnear
from sitegen.evaluate.records import spans_text

TEXT = "The mayor said the bridge\nis safe. Critics, she added, disagree."
ANN = "\n".join(
    [
        "T1\tSource 0 9\tThe mayor",
        "T2\tCue 10 14\tsaid",
        "T3\tContent 15 34\tthe bridge",
        "is safe.",
        "T4\tAttribution 10 14\tsaid",
        "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3",
        "T5\tDiscuss 35 42\tCritics",
        "#1\tAnnotatorNotes T5\tscratch",
        "T6\tSource 43 46\tshe",
        "T7\tCue 47 52\tadded",
        "T8\tContent 35 42;55 63\tCritics disagree",
        "E2\tAttribution:T7 Source:T6 Cue:T7 Content:T8",
        "T9\tCue 0 3\tThe",
        "T10\tContent 4 9\tmayor",
        "E3\tAttribution-no-source:T9 Cue:T9 Content:T10",
    ]
)


def test_polnear_multiline_surface_and_discontinuous_span() -> None:
    relations = parse_ann(ANN)
    assert len(relations) == 3
    first, second, third = relations
    assert spans_text(TEXT, first.content) == "the bridge\nis safe."
    assert spans_text(TEXT, second.content) == "Critics disagree"
    assert second.content == ((35, 42), (55, 63))
    assert third.source == ()


def test_polnear_first_annotator_file_in_sorted_order(tmp_path: Path) -> None:
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "doc_a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "text" / "doc.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "attributions" / "doc_a_zz.ann").write_text("", encoding="utf-8")
    (tmp_path / "attributions" / "doc_a_bb.ann").write_text(ANN, encoding="utf-8")
    chosen = first_annotation_file(tmp_path / "attributions", "doc_a")
    assert chosen is not None and chosen.name == "doc_a_bb.ann"
    assert first_annotation_file(tmp_path / "attributions", "doc") is None
    docs = list(read_polnear(tmp_path))
    assert [d.name for d in docs] == ["doc_a"] and len(docs[0].relations or ()) == 3


TSV = "\n".join(
    [
        "#FORMAT=WebAnno TSV 3.2",
        "",
        "#Text=Mayor Ann Lee visited Paris on Monday .",
        "1-1\t0-5\tMayor\tperson[1]\tnew[1]\t_\tAnn_Lee[1]\t_\t_\t_\t",
        "1-2\t6-9\tAnn\tperson[1]\tnew[1]\t_\tAnn_Lee[1]\t_\t_\t_\t",
        "1-3\t10-13\tLee\tperson[1]\tnew[1]\t_\tAnn_Lee[1]\t_\t_\t_\t",
        "1-4\t14-21\tvisited\t_\t_\t_\t_\t_\t_\t_\t",
        "1-5\t22-27\tParis\tplace\tnew\t_\tParis\t_\t_\t_\t",
        "1-6\t28-30\ton\t_\t_\t_\t_\t_\t_\t_\t",
        "1-7\t31-37\tMonday\ttime\tnew\t_\t_\t_\t_\t_\t",
        "1-8\t38-39\t.\t_\t_\t_\t_\t_\t_\t_\t",
        "",
        "#Text=the city loved her .",
        "2-1\t40-43\tthe\tplace[2]|abstract[3]\tgiven[2]|new[3]\t_\tParis[2]\t_\t_\t_\t",
        "2-2\t44-48\tcity\tplace[2]\tgiven[2]\t_\tParis[2]\t_\t_\t_\t",
        "2-3\t49-54\tloved\t_\t_\t_\t_\t_\t_\t_\t",
        "2-4\t55-58\ther\tperson\tgiven\t_\tAnn_Lee\t_\t_\t_\t",
        "2-5\t59-60\t.\t_\t_\t_\t_\t_\t_\t_\t",
    ]
)


def test_gum_keeps_named_identities_and_points_in_time() -> None:
    doc = parse_tsv("tiny", TSV)
    assert doc.text.startswith("Mayor Ann Lee visited Paris on Monday .\nthe city")
    found = [(doc.text[m.start : m.end], m.type) for m in doc.mentions or ()]
    assert found == [("Ann Lee", "person"), ("Paris", "place"), ("Monday", "date")]
    outside = [(doc.text[m.start : m.end], m.type) for m in doc.outside]
    assert outside == [("city", "place"), ("her", "person")]


def _row(number: str, start: int, word: str, label: str, identity: str = "_") -> str:
    return f"{number}\t{start}-{start + len(word)}\t{word}\t{label}\tnew\t_\t{identity}\t_\t_\t_\t"


def _tsv(words: list[tuple[str, str, str]]) -> str:
    """One sentence of (word, label, identity) rows at their offsets."""
    rows, offset = [], 0
    for number, (word, label, identity) in enumerate(words, start=1):
        rows.append(_row(f"1-{number}", offset, word, label, identity))
        offset += len(word) + 1
    text = " ".join(word for word, _, _ in words)
    return "\n".join(["#FORMAT=WebAnno TSV 3.2", "", f"#Text={text}", *rows])


def test_gum_leaves_out_pronouns_durations_and_nested_mentions() -> None:
    tsv = _tsv(
        [
            ("He", "person", "Ann_Lee"),
            ("stayed", "_", "_"),
            ("four", "time[1]", "_"),
            ("hours", "time[1]", "_"),
            ("on", "_", "_"),
            ("July", "time[2]", "_"),
            ("21", "time[2]", "_"),
            ("2017", "time[2]|time[3]", "_"),
            ("with", "_", "_"),
            ("Nick", "person[4]", "_"),
            ("Moreau", "person[4]", "_"),
            ("two", "time[5]", "_"),
            ("years", "time[5]", "_"),
            ("ago", "time[5]", "_"),
            ("at", "_", "_"),
            ("Environment", "organization[6]", "Environment_Canada[6]"),
            ("Canada", "organization[6]|place", "Environment_Canada[6]|Canada"),
        ]
    )
    doc = parse_tsv("tiny", tsv)
    found = [doc.text[m.start : m.end] for m in doc.mentions or ()]
    assert found == ["July 21 2017", "two years ago", "Environment Canada"]
    outside = {doc.text[m.start : m.end] for m in doc.outside}
    assert outside == {"He", "four hours", "2017", "Nick Moreau", "Canada"}


def test_gum_named_spans_lose_titles_possessors_and_modifiers() -> None:
    from sitegen.evaluate.gum import our_convention

    text = "U.S. President Donald Trump met DAB 's Starry Lee and Ann Chiang of the Civic Party in Irving , Texas ."
    cases = [
        ("U.S. President Donald Trump", "person", "Donald Trump"),
        ("DAB 's Starry Lee", "person", "Starry Lee"),
        ("Ann Chiang of the Civic Party", "person", "Ann Chiang"),
        ("Irving , Texas", "place", "Irving"),
        ("Civic Party", "organization", "Civic Party"),
    ]
    for gold, kind, ours in cases:
        start = text.index(gold)
        assert text[slice(*our_convention(text, start, start + len(gold), kind))] == ours
    assert our_convention("Prime Minister", 0, 14, "person") == (0, 14)


GOLD = """
annotations:
  - kind: entity
    quote: "Kyiv"
    occurrence: 2
    entity: kyiv
    type: place
  - kind: claim
    quote: "Officials said Kyiv is safe"
    parts:
      source: "Officials"
      cue: "said"
      content: "Kyiv is safe"
  - kind: dispute
    quote: "Kyiv is safe"
    prefix: "said "
    parts:
      cue: "denied"
    attrs: {reason: denied}
"""
GOLD_TEXT = "Kyiv is far. Officials said Kyiv is safe. Moscow denied it."


def test_gold_anchors_entries_and_parts() -> None:
    doc = parse_gold("doc", GOLD_TEXT, GOLD)
    (mention,) = doc.mentions or ()
    assert (mention.start, mention.type) == (GOLD_TEXT.index("Kyiv is safe"), "place")
    (relation,) = doc.relations or ()
    assert spans_text(GOLD_TEXT, relation.content) == "Kyiv is safe"
    assert relation.content[0][0] == GOLD_TEXT.index("Kyiv is safe")
    (dispute,) = doc.disputes or ()
    assert dispute.reason == "denied" and dispute.start == GOLD_TEXT.index("Kyiv is safe")


def test_gold_unanchored_quote_is_a_user_error() -> None:
    with pytest.raises(SitegenError, match="gold entry 1"):
        parse_gold("doc", GOLD_TEXT, 'annotations:\n  - kind: entity\n    quote: "Paris"\n')


def test_gold_folder_pairs_documents_and_gold(tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text(GOLD_TEXT, encoding="utf-8")
    (tmp_path / "other.txt").write_text("no gold", encoding="utf-8")
    (tmp_path / "doc.yml").write_text(GOLD, encoding="utf-8")
    assert [d.name for d in read_gold(tmp_path)] == ["doc"]


def test_gum_gold_spans_follow_our_convention_for_the_and_possessives() -> None:
    from sitegen.evaluate.gum import our_convention

    text = "The World Health Organisation said Afghanistan 's team won ."
    cases = [("The World Health Organisation", "World Health Organisation"), ("Afghanistan 's", "Afghanistan")]
    for gold, ours in cases:
        start = text.index(gold)
        trimmed = our_convention(text, start, start + len(gold))
        assert text[slice(*trimmed)] == ours
    assert our_convention("The Hague", 0, 9) == (4, 9) and our_convention("The", 0, 3) == (0, 3)
