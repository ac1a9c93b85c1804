"""Adding curated entries: what was written stays byte for byte, the new entry reads back through
our loader exactly as built, and quote selectors written for a span pick exactly that span."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.curate.anchor import anchor_quote
from sitegen.curate.curated import CuratedEntry, QuoteSelector, parse_annotation_text
from sitegen.curate.edit import FOLD_AT, EditError, append_entry
from sitegen.curate.selectors import selector_for
from sitegen.errors import Diagnostics

REPO = Path(__file__).parent.parent.parent
CURATED = sorted([*REPO.glob("content/annotations/*.yml"), *REPO.glob("tests/sites/*/content/annotations/*.yml")])
ENTRY = CuratedEntry(
    kind="claim",
    action="correct",
    quote="the town fell",
    target=QuoteSelector("the town fell on Monday", suffix=","),
    parts=(("content", QuoteSelector("town fell")), ("cue", QuoteSelector("said", occurrence="2"))),
    attrs=(("source_kind", "named"),),
    note="checked by hand",
)


def entries(text: str) -> tuple[CuratedEntry, ...]:
    diagnostics = Diagnostics()
    parsed = parse_annotation_text(text, "content/annotations/x.yml", diagnostics)
    assert not diagnostics.errors, [str(d) for d in diagnostics.errors]
    return tuple(located.entry for located in parsed.entries)


@pytest.mark.parametrize("path", CURATED, ids=lambda p: p.relative_to(REPO).as_posix())
def test_curate_edit_keeps_every_curated_file_byte_for_byte(path: Path) -> None:
    old = path.read_text(encoding="utf-8")
    new = append_entry(old, ENTRY, "seeds/x.txt").text
    assert new.startswith(old)
    assert entries(new) == (*entries(old), ENTRY)


def test_curate_edit_writes_entries_the_way_people_do() -> None:
    old = "# mine\nannotations:\n  - kind: entity\n    quote: Kiev   # the old spelling\n"
    assert append_entry(old, ENTRY, "seeds/x.txt").text == old + (
        "  - kind: claim\n"
        "    action: correct\n"
        "    quote: the town fell\n"
        "    target:\n"
        "      quote: the town fell on Monday\n"
        '      suffix: ","\n'
        "    parts:\n"
        "      cue:\n"
        "        quote: said\n"
        "        occurrence: 2\n"
        "      content: town fell\n"
        "    attrs: {source_kind: named}\n"
        "    note: checked by hand\n"
    )


def test_curate_edit_follows_blank_lines_between_entries() -> None:
    old = "annotations:\n  - kind: entity\n    quote: Kiev\n\n  - kind: entity\n    quote: Tass\n"
    entry = CuratedEntry(kind="entity", action="suppress", quote="Odesa")
    assert append_entry(old, entry, "x").text == old + "\n  - kind: entity\n    action: suppress\n    quote: Odesa\n"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (None, "# Curated annotations for seeds/x.txt.\nannotations:\n"),
        ("annotations: []\n", "annotations:\n"),
        ("# only a comment\n", "# only a comment\nannotations:\n"),
        ("# no newline at the end", "# no newline at the end\nannotations:\n"),
        ("annotations:\n- kind: entity\n  quote: Kiev", "annotations:\n- kind: entity\n  quote: Kiev\n"),
    ],
)
def test_curate_edit_starts_a_list_where_there_is_none(old: str | None, new: str) -> None:
    entry = CuratedEntry(kind="entity", action="suppress", quote="Odesa")
    text = append_entry(old, entry, "seeds/x.txt").text
    assert text.startswith(new)
    assert entries(text)[-1] == entry


def test_curate_edit_keeps_a_flow_list_a_flow_list() -> None:
    old = "annotations: [{kind: entity, quote: Kiev}]  # short\n"
    entry = CuratedEntry(kind="entity", action="suppress", quote="Odesa")
    assert entries(append_entry(old, entry, "x").text) == (*entries(old), entry)


@pytest.mark.parametrize("old", ["- kind: entity\n", "annotations: {kind: entity}\n", "a: 1\nannotations: []\n"])
def test_curate_edit_refuses_what_is_not_a_curated_list(old: str) -> None:
    with pytest.raises(EditError):
        append_entry(old, CuratedEntry(kind="entity", quote="x"), "x")


TRICKY = ["yes", "No", "on", "1:20", "~", "null", "0x1F", "1e3", "2024-01-01", "- dash", "#hash", "a: b", " lead",
          "trail ", "[x]", "{y}", "@at", "`tick", "'single'", '"double"', "tab\there", "line\nbreak", "‘curly’ — dash",
          "%pct", "!tag", "&anchor", "*alias", "|pipe", ">fold", "?q", "x #y", ""]  # fmt: skip


@pytest.mark.parametrize("value", TRICKY)
def test_curate_edit_reads_back_values_yaml_would_misread(value: str) -> None:
    entry = CuratedEntry(kind="claim", quote=value or "q", prefix=value, note=value, attrs=(("k", value or "v"),))
    assert entries(append_entry("annotations:\n", entry, "x").text)[-1] == entry


def test_curate_edit_folds_long_quotes_at_spaces() -> None:
    quote = " ".join(f"word{n}" for n in range(60))
    text = append_entry(None, CuratedEntry(kind="claim", quote=quote), "x").text
    assert "quote: >-\n" in text
    assert max(len(line) for line in text.splitlines()) <= FOLD_AT + 20
    assert entries(text)[-1].quote == quote


printable = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=140) | st.text(max_size=40)


@settings(max_examples=300, deadline=None)
@given(quote=printable.filter(bool), prefix=printable, note=printable)
def test_curate_edit_any_text_reads_back_the_same(quote: str, prefix: str, note: str) -> None:
    entry = CuratedEntry(kind="claim", action="confirm", quote=quote, prefix=prefix, note=note)
    assert entries(append_entry("annotations:\n  - kind: entity\n    quote: x\n", entry, "x").text)[-1] == entry


def test_selectors_use_the_least_context() -> None:
    text = "He said no. She said yes. He said no again."
    assert selector_for(text, *span(text, "She")) == QuoteSelector("She")
    assert selector_for(text, 0, 10) == QuoteSelector("He said no", suffix=".")
    second = text.rindex("He said no")
    assert selector_for(text, second, second + 10) == QuoteSelector("He said no", prefix="yes. ")
    assert selector_for("aaaa", 1, 3) == QuoteSelector("aa", occurrence="2")


def span(text: str, needle: str) -> tuple[int, int]:
    return text.index(needle), text.index(needle) + len(needle)


@settings(max_examples=400, deadline=None)
@given(data=st.data(), text=st.text("ab .’'\n", min_size=1, max_size=60))
def test_selectors_pick_exactly_their_span(data: st.DataObject, text: str) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    low = data.draw(st.integers(0, start))
    high = data.draw(st.integers(end, len(text)))
    selector = selector_for(text, start, end, (low, high))
    assert anchor_quote(text[low:high], selector) == ((start - low, end - low),)


@pytest.mark.parametrize(
    "old",
    [
        "annotations:\n    -   kind: entity\n        quote: Kiev\n",  # deep, odd indentation
        "annotations:\n- kind: entity\n  quote: Kiev\n",  # dashes at the margin
        "annotations:\n  - {kind: entity, quote: Kiev}\n",  # flow entries in a block list
        "annotations:\n  - kind: entity\n    quote: Kiev\n# a comment at the end\n",
        "annotations:   # the list\n  -   kind: entity\n      quote: 'Kiev'\n",
        "\ufeffannotations:\r\n  - kind: entity\r\n    quote: Kiev\r\n".replace("\r\n", "\n"),
    ],
)
def test_curate_edit_keeps_other_layouts_byte_for_byte(old: str) -> None:
    entry = CuratedEntry(kind="entity", action="suppress", quote="Odesa")
    new = append_entry(old, entry, "x").text
    assert new.startswith(old)
    assert entries(new) == (*entries(old), entry)


@pytest.mark.parametrize(
    "start",
    [
        None,
        "annotations:\n",
        "annotations: []\n",
        "# notes\nannotations:\n  - kind: entity\n    quote: Kiev\n\n  - kind: entity\n    quote: Tass\n",
        "annotations:\n- kind: entity\n  quote: Kiev\n",
        "annotations:\n    -   kind: entity\n        quote: Kiev\n",
    ],
)
def test_curate_edit_appending_again_skips_the_round_trip_with_the_same_result(start: str | None) -> None:
    picked = [
        ENTRY,
        CuratedEntry(kind="entity", action="suppress", quote="Odesa"),
        CuratedEntry(kind="claim", quote="ok"),
    ]
    slow: str | None = start
    fast, tail = start, None
    for entry in picked:
        slow = append_entry(slow, entry, "x").text
        appended = append_entry(fast, entry, "x", tail)
        fast, tail = appended.text, appended.tail
        assert fast == slow
    assert tail is not None
