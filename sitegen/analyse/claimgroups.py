"""Claims that travel: the archive's claims grouped by what their contents say, a reduce over
every document's claims after each document's analysis.

    claim records → MinHash LSH candidates → ``similar.same_claim`` → curated split/merge → groups

MinHash LSH (``datasketch``) proposes the pairs worth comparing, so the work grows with the
claims, not with their pairs; each candidate pair is then decided exactly (``similar``). The
result is kept under the digest of every record and the curated rules, so a warm build with
unchanged claims groups nothing again. Same records, same groups, in the same order.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import orjson

from sitegen.analyse.similar import THRESHOLD, features
from sitegen.curate.claimgroups import ClaimRef, GroupRules
from sitegen.curate.verdicts import Written
from sitegen.errors import Diagnostics
from sitegen.model import AnnotatedDoc
from sitegen.output.atomic import replace_file
from sitegen.render.labels import speaker
from sitegen.runtime.data import encode, read_sealed, seal

if TYPE_CHECKING:
    from sitegen.analyse.claimpairs import PairState

# ``claimpairs`` (numpy, scipy, datasketch) is imported where claims are grouped again: a warm
# build that keeps its groups never needs it (100 ms of imports and 15 MB at every build).

FORMAT = 2
SNIPPET = 160

Judged = tuple[str, str, Written]
"""(document, claim id, the verdict as written) of a curated verdict, settled on its claim."""


@dataclass(frozen=True, slots=True)
class ClaimRecord:
    """One appearance of a claim: what a group page and the grouping need of it."""

    slug: str
    id: str
    content: str
    speaker: str
    outlet: str
    published: str
    title: str
    snippet: str
    """The claim as the text words it, cut to ``SNIPPET`` characters."""

    @property
    def ref(self) -> str:
        return f"{self.slug}#{self.id}"

    @property
    def order(self) -> tuple[str, str, str]:
        """Who said it first: by date (undated last), then document and id."""
        return (self.published or "9999", self.slug, self.id)


@dataclass(frozen=True, slots=True)
class ClaimGroup:
    """Appearances of one claim in at least two documents, first said first."""

    id: str
    members: tuple[ClaimRecord, ...]

    @property
    def documents(self) -> int:
        return len({member.slug for member in self.members})


def claim_records(doc: AnnotatedDoc) -> tuple[ClaimRecord, ...]:
    """Every claim of a document as a record."""
    source, text = doc.source, doc.source.text
    records = []
    for ann in doc.annotations:
        if ann.kind != "claim":
            continue
        part = ann.part("content")
        content = text[part.start : part.end] if part else text[ann.start : ann.end]
        exact = " ".join(text[ann.start : ann.end].split())
        snippet = exact if len(exact) <= SNIPPET else exact[: SNIPPET - 1].rstrip() + "…"
        records.append(
            ClaimRecord(source.slug, ann.id, " ".join(content.split()), speaker(ann, text), source.meta.outlet,
                        source.meta.published, source.title, snippet)
        )  # fmt: skip
    return tuple(records)


def group_claims(
    records: Iterable[ClaimRecord], rules: GroupRules, diagnostics: Diagnostics, threshold: float = THRESHOLD
) -> tuple[ClaimGroup, ...]:
    """The archive's claim groups: similar claims joined, then the curated rules applied."""
    return regrouped(records, rules, diagnostics, threshold)[0]


def regrouped(
    records: Iterable[ClaimRecord],
    rules: GroupRules,
    diagnostics: Diagnostics,
    threshold: float = THRESHOLD,
    state: PairState | None = None,
) -> tuple[tuple[ClaimGroup, ...], PairState]:
    """``group_claims``, and what the next grouping needs to test only the claims that changed
    (``state``: the last one's; the groups are the same with or without it)."""
    from sitegen.analyse.claimpairs import updated_pairs

    ordered = sorted(records, key=lambda record: record.order)
    where = {record.ref: index for index, record in enumerate(ordered)}
    splits = _resolved(rules.split, where, diagnostics)
    split = {index: number for number, members in enumerate(splits, 1) for index in members}
    refs = [record.ref for record in ordered]
    pairs, kept = updated_pairs(refs, [features(record.content) for record in ordered], threshold, state)
    # A curated split set joins only within itself.
    parent = _linked(len(ordered), [(a, b) for a, b in pairs if split.get(a) == split.get(b)])
    for joined in _resolved(rules.merge, where, diagnostics) + splits:
        for other in joined[1:]:
            _union(parent, joined[0], other)
    clusters: dict[int, list[int]] = defaultdict(list)
    for index in range(len(ordered)):
        clusters[_find(parent, index)].append(index)
    groups = []
    for indices in sorted(clusters.values()):
        members = tuple(ordered[i] for i in indices)
        if len({member.slug for member in members}) >= 2:
            groups.append(ClaimGroup(group_id(members[0]), members))
    return tuple(groups), kept


def _linked(count: int, pairs: list[tuple[int, int]]) -> list[int]:
    """Groups of similar items, first said first: an item joins the earliest group it is
    similar to at least half of (so one loose likeness does not chain unrelated claims
    together, as single linkage would), else starts its own. As union-find parents."""
    neighbours: dict[int, set[int]] = defaultdict(set)
    for a, b in pairs:
        neighbours[b].add(a)  # a < b: the earlier one is already placed
    parent = list(range(count))
    members: dict[int, list[int]] = {}
    for index in range(count):
        groups = sorted({_find(parent, other) for other in neighbours.get(index, ())})
        for group in groups:
            alike = sum(1 for member in members[group] if member in neighbours[index])
            if 2 * alike >= len(members[group]):
                parent[index] = group
                members[group].append(index)
                break
        else:
            members[index] = [index]
    return parent


def group_id(first: ClaimRecord) -> str:
    """A group is named after its first appearance: stable while nobody said it earlier."""
    return "g-" + hashlib.sha256(first.ref.encode("utf-8")).hexdigest()[:12]


def _resolved(
    sets: tuple[tuple[ClaimRef, ...], ...], where: dict[str, int], diagnostics: Diagnostics
) -> list[list[int]]:
    found = []
    for refs in sets:
        indices = []
        for ref in refs:
            if ref.ref in where:
                indices.append(where[ref.ref])
            else:
                diagnostics.error(ref.location, f"no claim {ref.ref!r} in the archive", ref.hint())
        found.append(indices)
    return found


def _find(parent: list[int], index: int) -> int:
    while parent[index] != index:
        parent[index] = parent[parent[index]]
        index = parent[index]
    return index


def _union(parent: list[int], a: int, b: int) -> None:
    first, second = sorted((_find(parent, a), _find(parent, b)))
    parent[second] = first


# --- Kept for the next build ---------------------------------------------------------------------


def cached_groups(
    folder: Path | None,
    records: tuple[ClaimRecord, ...],
    rules: GroupRules,
    diagnostics: Diagnostics,
    key: bytes | None = None,
) -> tuple[ClaimGroup, ...]:
    """``group_claims``, from the last build's result when records and rules are the same, else
    testing only the claims that changed since (``claimpairs``). ``key``: what the records are
    known by (``claim_groups``: a digest of each document's), when not by their own digest."""
    if folder is None:
        return group_claims(records, rules, diagnostics)
    key = key or groups_key([records_digest(tuple(sorted(records, key=lambda r: r.order)))], rules)
    path = folder / "claim-groups"
    body = read_sealed(path, key)
    if body is not None:
        found = kept_groups(kept_refs(body), {record.ref: record for record in records})
        if found is not None:
            return found
    from sitegen.analyse.claimpairs import PairState

    local = Diagnostics()
    pairs_path, pairs_key = folder / "claim-pairs", _pairs_key()
    kept = read_sealed(pairs_path, pairs_key)
    state = PairState.read(kept, THRESHOLD) if kept is not None else None
    groups, state = regrouped(records, rules, local, THRESHOLD, state)
    replace_file(pairs_path, seal(pairs_key, state.encoded()))
    diagnostics.extend(local)
    if not local.errors:
        replace_file(path, seal(key, orjson.dumps([[m.ref for m in group.members] for group in groups])))
    return groups


def _pairs_key() -> bytes:
    from sitegen.analyse.cache import code_fingerprint

    return hashlib.sha256(orjson.dumps([FORMAT, code_fingerprint(), THRESHOLD])).digest()


def groups_key(digests: list[bytes], rules: GroupRules) -> bytes:
    from sitegen.analyse.cache import code_fingerprint

    sets = [[ref.ref for ref in refs] for refs in (*rules.merge, *rules.split)]
    shape = [FORMAT, code_fingerprint(), THRESHOLD, [d.hex() for d in digests], sets, len(rules.merge)]
    return hashlib.sha256(orjson.dumps(shape)).digest()


def records_digest(records: tuple[ClaimRecord, ...]) -> bytes:
    return hashlib.blake2b(encode(records), digest_size=16).digest()


def kept_refs(body: bytes) -> list[list[str]] | None:
    """The members (refs) of each group a kept result names, or None when it is not that."""
    try:
        refs = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None
    fits = isinstance(refs, list) and all(
        isinstance(members, list) and members and all(isinstance(ref, str) for ref in members) for members in refs
    )
    return refs if fits else None


def kept_groups(refs: list[list[str]] | None, records: dict[str, ClaimRecord]) -> tuple[ClaimGroup, ...] | None:
    """The groups a kept result names, or None when it names anything unknown."""
    if refs is None or not all(ref in records for members in refs for ref in members):
        return None
    return tuple(ClaimGroup(group_id(records[members[0]]), tuple(records[ref] for ref in members)) for members in refs)
