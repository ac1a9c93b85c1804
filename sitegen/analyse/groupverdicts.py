"""Whole-group verdicts: a curated verdict written with ``whole_group: true`` applies to every
other appearance of its claim's group, as that appearance's own verdict, marked as applied.

The per-document pass sees one document, so the claims stage (which sees every document's
claims and their groups) works them out, and each document's pass gets the verdicts its claims
inherit (``DocumentKey.inherited``). A claim with a verdict of its own keeps it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sitegen.analyse.claimgroups import ClaimGroup, ClaimRecord, Judged
from sitegen.curate.verdicts import applied, as_verdict, rating_key
from sitegen.errors import Diagnostics
from sitegen.model import PassageRef, Rating, Verdict

Inherited = dict[str, tuple[Verdict, ...]]
"""Document slug → the verdicts its claims inherit from their groups."""


def group_verdicts(
    groups: tuple[ClaimGroup, ...], judged: Iterable[Judged], scale: tuple[Rating, ...], diagnostics: Diagnostics
) -> Inherited:
    """Each whole-group verdict applied to the other appearances of its group that have no
    verdict of their own. A whole-group verdict on a claim in no group is a warning (the
    verdict stays on its claim: the group may come back as the archive grows); of two in
    one group, the one on the appearance said first applies, the other is a warning."""
    judged = tuple(judged)
    own = {f"{slug}#{claim}" for slug, claim, _ in judged}
    wanted = {f"{slug}#{claim}": written for slug, claim, written in judged if written[0].whole_group}
    grouped = {member.ref for group in groups for member in group.members}
    for ref, (_, location) in sorted(wanted.items()):
        if ref not in grouped:
            diagnostics.warn(
                location,
                f"whole_group: claim {ref} is in no group of claims that travel; the verdict rates this claim only",
                "merge it with its other appearances in content/claim-groups.yml, or drop 'whole_group'",
            )
    ratings = {rating.id: rating for rating in scale}
    inherited: dict[str, list[Verdict]] = defaultdict(list)
    for group in groups:
        judges = [member for member in group.members if member.ref in wanted]
        if not judges:
            continue
        first = judges[0]
        for other in judges[1:]:
            diagnostics.warn(
                wanted[other.ref][1],
                f"the group of claim {other.ref} has a whole-group verdict already ({first.ref}); "
                "this one rates its own claim only",
                "keep one whole-group verdict per group",
            )
        entry, location = wanted[first.ref]
        rating = ratings.get(rating_key(entry.rating))
        if rating is None:  # reported with the ratings
            continue
        verdict = as_verdict(PassageRef(first.slug, first.id), rating, entry, location)
        for member in _heirs(group.members, own):
            inherited[member.slug].append(applied(verdict, PassageRef(member.slug, member.id), first.title))
    return {slug: tuple(verdicts) for slug, verdicts in sorted(inherited.items())}


def _heirs(members: tuple[ClaimRecord, ...], own: set[str]) -> list[ClaimRecord]:
    return [member for member in members if member.ref not in own]
