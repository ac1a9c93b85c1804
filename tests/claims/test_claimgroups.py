"""Grouping claims that say the same thing: the similarity test, the grouping, the curated rules."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from sitegen.analyse.claimgroups import ClaimRecord, cached_groups, group_claims
from sitegen.curate.claimgroups import GroupRules, load_group_rules
from sitegen.errors import Diagnostics
from tests.conftest import project_at, write

WORDINGS = {
    "a": ("2024-03-04", "Ukrainian units abandoned their wounded soldiers near Bakhmut"),
    "b": ("2024-03-01", "the wounded soldiers had been abandoned near Bakhmut by Ukrainian units"),
    "c": ("2024-03-09", "wounded soldiers were abandoned by the Ukrainian units outside Bakhmut"),
    "russian": ("2024-03-02", "Russian units abandoned their wounded soldiers near Bakhmut"),
    "avdiivka": ("2024-03-02", "Ukrainian units abandoned their wounded soldiers near Avdiivka"),
    "numbers": ("2024-03-02", "Ukrainian units abandoned 300 wounded soldiers near Bakhmut"),
    "denied": ("2024-03-02", "Ukrainian units never abandoned their wounded soldiers near Bakhmut"),
    "other": ("2024-03-02", "the grain corridor reopened after talks in Istanbul"),
}
BACKGROUND = [  # other claims of the archive: how common a word is weighs in the similarity
    "the power plant was shut down for repairs", "prices of bread rose sharply in the capital",
    "a new bridge opened across the river", "the talks stalled over prisoner exchanges",
    "schools moved their lessons online for the winter", "the railway line was repaired within a week",
    "drones struck a fuel depot overnight", "the mayor promised new shelters before winter",
]  # fmt: skip


def record(slug: str, ident: str = "c-1") -> ClaimRecord:
    published, content = WORDINGS[slug]
    return ClaimRecord(slug, ident, content, "a speaker", f"outlet {slug}", published, slug, content[:40])


def refs(groups: tuple[object, ...]) -> list[list[str]]:
    return [[m.ref for m in g.members] for g in groups]  # type: ignore[attr-defined]


def background() -> list[ClaimRecord]:
    return [ClaimRecord(f"bg{i}", "c-1", text, "", "", "2024-01-01", "", "") for i, text in enumerate(BACKGROUND)]


def test_claimgroups_three_wordings_group_and_near_misses_do_not():
    records = [record(slug) for slug in WORDINGS] + background()
    groups = group_claims(records, GroupRules(), Diagnostics())
    # One group, first said first (b on 1 March), then a and c; every near miss stays alone.
    assert refs(groups) == [["b#c-1", "a#c-1", "c#c-1"]]
    assert groups[0].documents == 3


def test_claimgroups_needs_two_documents():
    """A claim repeated inside one document does not travel."""
    groups = group_claims([record("a", "c-1"), record("a", "c-2")], GroupRules(), Diagnostics())
    assert groups == ()


def test_claimgroups_same_input_same_groups_in_any_order(tmp_path: Path):
    records = [record(slug) for slug in WORDINGS] + background()
    shuffled = records[:]
    random.Random(3).shuffle(shuffled)
    first = group_claims(records, GroupRules(), Diagnostics())
    assert group_claims(shuffled, GroupRules(), Diagnostics()) == first
    # Kept for the next build: the second call reads what the first stored, and agrees.
    assert cached_groups(tmp_path, tuple(records), GroupRules(), Diagnostics()) == first
    assert (tmp_path / "claim-groups").is_file()
    assert cached_groups(tmp_path, tuple(shuffled), GroupRules(), Diagnostics()) == first


def rules_from(tiny: Path, text: str, diagnostics: Diagnostics) -> GroupRules:
    write(tiny, "content/claim-groups.yml", text)
    return load_group_rules(project_at(tiny), diagnostics)


def test_claimgroups_curated_merge_joins_what_similarity_kept_apart(tiny: Path):
    diagnostics = Diagnostics()
    rules = rules_from(tiny, "groups:\n  - merge: [a#c-1, other#c-1]\n", diagnostics)
    groups = group_claims([record(s) for s in ("a", "b", "other")] + background(), rules, diagnostics)
    assert not diagnostics.items
    assert refs(groups) == [["b#c-1", "other#c-1", "a#c-1"]]


def test_claimgroups_curated_split_takes_appearances_out(tiny: Path):
    diagnostics = Diagnostics()
    rules = rules_from(tiny, "groups:\n  - split: [c#c-1]\n", diagnostics)
    groups = group_claims([record(s) for s in ("a", "b", "c")] + background(), rules, diagnostics)
    assert refs(groups) == [["b#c-1", "a#c-1"]]
    # Two listed together form a group of their own, apart from the rest.
    rules = rules_from(tiny, "groups:\n  - split: [a#c-1, c#c-1]\n", diagnostics)
    groups = group_claims([record(s) for s in ("a", "b", "c")] + background(), rules, diagnostics)
    assert refs(groups) == [["a#c-1", "c#c-1"]]
    assert not diagnostics.items


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("groups:\n  - join: [a#c-1, b#c-1]\n", "2:5", "unknown rule 'join'"),
        ("groups:\n  - merge: [a#c-1, b-c-1]\n", "2:20", "expected a claim as DOCUMENT#c-ID, found 'b-c-1'"),
        ("groups:\n  - merge: [a#c-1]\n", "2:12", "a merge needs at least two claims"),
        ("rules:\n  - merge: [a#c-1, b#c-1]\n", "1:1", "expected a mapping with one key, 'groups:'"),
        ("groups:\n  - merge: [a#c-1, nowhere#c-1]\n", "2:20", "no claim 'nowhere#c-1' in the archive"),
    ],
)
def test_claimgroups_curated_errors_name_file_line_col(tiny: Path, text: str, where: str, message: str):
    diagnostics = Diagnostics()
    rules = rules_from(tiny, text, diagnostics)
    group_claims([record(s) for s in ("a", "b")], rules, diagnostics)
    found = [str(d) for d in diagnostics.errors]
    assert any(line.startswith(f"content/claim-groups.yml:{where}: error: {message}") for line in found), found
