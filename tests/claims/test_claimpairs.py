"""Pairs of claims kept between builds: after a change, testing only the changed claims finds the
pairs a full regrouping finds; generic claims (stock words only) pair only with their exact words."""

from __future__ import annotations

import random

from sitegen.analyse.claimgroups import ClaimRecord, cached_groups, group_claims
from sitegen.analyse.claimpairs import PairState, updated_pairs
from sitegen.analyse.similar import THRESHOLD, features
from sitegen.curate.claimgroups import GroupRules
from sitegen.errors import Diagnostics

SUBJECTS = ["Ukrainian units", "Russian forces", "foreign mercenaries", "NATO instructors", "separatist militias"]
ACTIONS = [
    "abandoned their wounded soldiers", "shelled a school building", "blew up the river dam", "looted empty homes",
    "staged the video of the strike", "mined the main road", "destroyed the grain depot", "seized the city hospital",
    "cut the water supply", "stole humanitarian aid parcels", "jammed mobile networks", "burned the harvest fields",
]  # fmt: skip
TOWNS = ["Bakhmut", "Avdiivka", "Kupiansk", "Pokrovsk", "Lyman", "Izium", "Kherson", "Sumy"]
EXTRA = ["quietly", "again", "twice", "openly", "deliberately", "reportedly", "yesterday", "at night", ""]


def claims(rng: random.Random, count: int, prefix: str) -> list[ClaimRecord]:
    """Claims worded from a few parts, so that many say the same thing in other words."""
    found = []
    for n in range(count):
        words = f"{rng.choice(SUBJECTS)} {rng.choice(EXTRA)} {rng.choice(ACTIONS)} near {rng.choice(TOWNS)}"
        if rng.random() < 0.2:
            words += f", leaving {rng.randint(2, 5)} villages without power"
        found.append(
            ClaimRecord(f"{prefix}{n // 3:04d}", f"c-{n % 3}", words, "", "", f"2024-01-{1 + n % 28:02d}", "", "")
        )
    return found


def pairs_of(records: list[ClaimRecord], state: PairState | None = None) -> tuple[list[tuple[str, str]], PairState]:
    ordered = sorted(records, key=lambda record: record.order)
    found, kept = updated_pairs([r.ref for r in ordered], [features(r.content) for r in ordered], THRESHOLD, state)
    return [(ordered[a].ref, ordered[b].ref) for a, b in found], kept


def test_claimpairs_after_each_change_the_pairs_are_a_full_regroupings():
    rng = random.Random(5)
    records = claims(rng, 900, "doc")
    found, state = pairs_of(records)
    assert len(found) > 30
    for step in range(8):
        changed = {f"doc{rng.randrange(300):04d}" for _ in range(2)}
        records = [r for r in records if r.slug not in changed] + claims(rng, 4, f"new{step}-")
        for slug in sorted(changed)[:1]:  # one changed document comes back reworded
            records += [ClaimRecord(slug, f"c-{k}", c.content, "", "", c.published, "", "")
                        for k, c in enumerate(claims(rng, 3, slug))]  # fmt: skip
        kept, state = pairs_of(records, state)
        assert kept == pairs_of(records)[0], f"step {step}"


def test_claimpairs_a_weight_that_drifts_far_still_gives_a_full_regroupings_pairs():
    """A rare word made common by the new claims: its claims are tested again."""
    rng = random.Random(9)
    records = claims(rng, 300, "doc")
    _, state = pairs_of(records)
    said = "militias quietly shelled the dam near Sumy {} times"
    burst = [ClaimRecord(f"burst{n}", "c-1", said.format(n), "", "", "2024-02-01", "", "") for n in range(40)]
    kept, _ = pairs_of(records + burst, state)
    assert kept == pairs_of(records + burst)[0]


def test_claimpairs_stock_word_claims_pair_only_with_the_same_words():
    """Claims made of a few dozen stock words, each in thousands of claims, share stock words,
    not a claim: banding them made a tenth of all pairs candidates. Five words of six alike
    (weighted Jaccard above the threshold) no longer pair them; the same words still do."""
    stock = [
        "situation",
        "ground",
        "remains",
        "difficult",
        "forces",
        "continue",
        "hold",
        "positions",
        "front",
        "supplies",
        "arrive",
        "slowly",
    ]
    rng = random.Random(3)
    records = [
        ClaimRecord(f"doc{n:05d}", "c-1", " ".join(rng.sample(stock, 7)), "", "", "2024-01-01", "", "")
        for n in range(1200)
    ]
    a = ClaimRecord("same-a", "c-1", "situation ground remains difficult forces continue", "", "", "2024-01-02", "", "")
    b = ClaimRecord("same-b", "c-1", "situation ground remains difficult forces continue", "", "", "2024-01-03", "", "")
    near = ClaimRecord("near", "c-1", "situation ground remains difficult forces hold", "", "", "2024-01-04", "", "")
    found, state = pairs_of([*records, a, b, near])
    assert ("same-a#c-1", "same-b#c-1") in found
    assert not {pair for pair in found if "near#c-1" in pair}
    assert len(state.near) < 5_000  # of 720,000 pairs; before: most of the claims' pairs


def test_claimpairs_a_kept_state_that_does_not_fit_is_not_used():
    _, state = pairs_of(claims(random.Random(2), 60, "doc"))
    body = state.encoded()
    assert PairState.read(body, THRESHOLD) == state
    assert PairState.read(body, 0.7) is None
    assert PairState.read(body[:-3], THRESHOLD) is None
    bad = PairState(state.threshold, state.refs, state.idents, state.keys[:-8], state.near, state.decided)
    assert PairState.read(bad.encoded(), THRESHOLD) is None


def test_claimpairs_a_build_after_a_change_groups_as_afresh(tmp_path):
    rng = random.Random(4)
    records = claims(rng, 300, "doc")
    cached_groups(tmp_path, tuple(records), GroupRules(), Diagnostics())
    assert (tmp_path / "claim-pairs").is_file()
    changed = tuple(r for r in records if r.slug != "doc0007") + tuple(claims(rng, 3, "doc0007"))
    again = cached_groups(tmp_path, changed, GroupRules(), Diagnostics())
    assert again == group_claims(changed, GroupRules(), Diagnostics())
    (tmp_path / "claim-pairs").write_bytes(b"not a state")
    (tmp_path / "claim-groups").unlink()
    assert cached_groups(tmp_path, changed, GroupRules(), Diagnostics()) == again


def test_claimpairs_no_claim_to_group_gives_no_pairs():
    assert pairs_of([])[0] == []
    short = [ClaimRecord(f"d{n}", "c-1", "it is true", "", "", "2024-01-01", "", "") for n in range(3)]
    assert pairs_of(short)[0] == []
