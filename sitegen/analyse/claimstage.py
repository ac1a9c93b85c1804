"""The claims stage: every document's claims gathered before the documents render, and grouped
(``claimgroups``), with the curated verdicts settled on them.

A warm build finds the whole stage's result under the key of every document's analysis (the
first pass's digest of each document, its curated file), the archive's verdict tables and the
group rules, and reads nothing else. Otherwise each document's claims come from a small brief
kept beside its analysis (``analysis_brief``), and only the claims the kept groups name come
back whole; the groups are made again only when the claims changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from sitegen.analyse.analysis import AnalyseContext, Seed, analyse_document, analysis_brief
from sitegen.analyse.cache import AnalysisCache, document_digest, salt
from sitegen.analyse.claimgroups import (
    ClaimGroup,
    ClaimRecord,
    Judged,
    cached_groups,
    claim_records,
    group_claims,
    group_id,
    groups_key,
    kept_groups,
    kept_refs,
    records_digest,
)
from sitegen.curate.claimgroups import GroupRules
from sitegen.curate.curated import CuratedFile
from sitegen.curate.verdicts import judged_claims
from sitegen.errors import Diagnostics
from sitegen.model import AnnotatedDoc, Opened
from sitegen.output.atomic import replace_file
from sitegen.runtime.data import Unreadable, pack, read_regular, read_sealed, seal, sealed_under, shape, unpack, unseal
from sitegen.runtime.executors import Executor


@dataclass(frozen=True, slots=True)
class ClaimSources:
    """Where the stage finds each document's claims: the seeds, their curated files, the
    analysis context, and the documents an earlier stage analysed already (``first``)."""

    seeds: tuple[Seed, ...]
    curated: dict[str, CuratedFile]
    context: AnalyseContext
    first: dict[str, Opened]


C = TypeVar("C")
R = TypeVar("R")

STAGE = "claims-stage"
"""The whole stage's result, in the cache folder."""
_GROUPS: type[tuple[ClaimGroup, ...]] = shape(tuple[ClaimGroup, ...])


def claim_groups(
    executor: Executor, sources: ClaimSources, folder: Path | None, rules: GroupRules, diagnostics: Diagnostics
) -> tuple[tuple[ClaimGroup, ...], tuple[Judged, ...]]:
    """The archive's claim groups and every curated verdict settled on its claim: the last
    build's, when nothing they depend on changed (no document is read, no brief either)."""
    cache = sources.context.cache
    if folder is None or cache is None:
        return briefed_groups(executor, sources, folder, rules, diagnostics)
    key = _stage_key(cache, sources, rules)
    kept = _kept_stage(read_sealed(folder / STAGE, key), frozenset(seed.slug for seed in sources.seeds))
    if kept is not None:
        return kept, judged_verdicts(executor, sources)
    local = Diagnostics()
    groups, judged = briefed_groups(executor, sources, folder, rules, local)
    diagnostics.extend(local)
    if not local.errors:
        replace_file(folder / STAGE, seal(key, pack(groups)))
    return groups, judged


def _stage_key(cache: AnalysisCache, sources: ClaimSources, rules: GroupRules) -> bytes:
    """Everything the stage's result depends on: each document's analysis key (by the source
    an earlier stage analysed, or else by the first pass's digest), the archive's verdict
    tables (which the briefs hold only while they stand) and the rules."""
    machine = sources.context.machine
    digest = hashlib.sha256(groups_key([], rules) + salt(machine.tables if machine is not None else None))
    for seed in sources.seeds:
        opened = sources.first.get(seed.slug)
        read = document_digest(opened.doc.source) if opened is not None and opened.doc is not None else seed.digest
        digest.update(salt(seed.slug, seed.path) + cache.key(read, sources.curated.get(seed.slug)))
    return digest.digest()


def _kept_stage(body: bytes | None, slugs: frozenset[str]) -> tuple[ClaimGroup, ...] | None:
    """The groups a kept stage holds, or None: unreadable, or naming a document not in the
    archive. Each group's id is made again from its first member, as when it was grouped."""
    try:
        groups = unpack(body, _GROUPS) if body is not None else None
    except Unreadable:
        return None
    if groups is None or not all(group.members and {m.slug for m in group.members} <= slugs for group in groups):
        return None
    return tuple(ClaimGroup(group_id(group.members[0]), group.members) for group in groups)


def judged_verdicts(executor: Executor, sources: ClaimSources) -> tuple[Judged, ...]:
    """Every curated verdict settled on its claim, in the archive's order: only the documents
    with verdicts are analysed (those analysed already give theirs)."""
    curated = sources.curated
    judging = tuple(seed for seed in sources.seeds if seed.slug in curated and curated[seed.slug].verdicts)
    found = _each(executor, sources, judging, _claims_of, sources.context, _gathered)
    return tuple(verdict for _, judged in found for verdict in judged)


Gathered = tuple[tuple[ClaimRecord, ...], tuple[Judged, ...]]
"""Claim records and settled verdicts (of a document, or of the archive)."""


@dataclass(frozen=True, slots=True)
class _Gathering:
    """A document whose claims the grouping needs: its seed and curated file."""

    seed: Seed
    curated: CuratedFile | None


_RECORDS: type[tuple[ClaimRecord, ...]] = shape(tuple[ClaimRecord, ...])


def _claims_of(item: _Gathering, context: AnalyseContext) -> Gathered:
    """One document's claim records and verdicts, from its analysis (kept in the analysis cache,
    where its per-document pass finds it again). What its analysis finds wrong is reported there.
    Without verdicts, its records alone are kept beside its analysis and read from there."""
    if item.curated is None or not item.curated.verdicts:
        records = analysis_brief(item.seed, item.curated, context, claim_records, _RECORDS)
        return (records or (), ())
    opened = analyse_document(item.seed, item.curated, {}, context)
    return _gathered(opened.doc, item.curated)


def _gathered(doc: AnnotatedDoc | None, curated: CuratedFile | None) -> Gathered:
    if doc is None:
        return (), ()
    written = curated.verdicts if curated is not None else ()
    judged = tuple((doc.source.slug, claim, verdict) for claim, verdict in judged_claims(doc, written))
    return claim_records(doc), judged


def gather_records(executor: Executor, sources: ClaimSources) -> Gathered:
    """Every claim of the archive as a record, and every curated verdict settled on its claim,
    in the archive's order: the documents analysed already give theirs, the others are analysed
    where the executor runs them."""
    found = _each(executor, sources, sources.seeds, _claims_of, sources.context, _gathered)
    return tuple(r for records, _ in found for r in records), tuple(v for _, judged in found for v in judged)


def _each(
    executor: Executor,
    sources: ClaimSources,
    seeds: tuple[Seed, ...],
    step: Callable[[_Gathering, C], R],
    shared: C,
    analysed: Callable[[AnnotatedDoc | None, CuratedFile | None], R],
) -> list[R]:
    """What each of ``seeds`` gives, in their order: ``analysed`` of the document an earlier
    stage analysed, else ``step`` of the document on the executor (with ``shared``)."""
    curated, first = sources.curated, sources.first
    todo = [_Gathering(seed, curated.get(seed.slug)) for seed in seeds if seed.slug not in first]
    made = dict(zip((item.seed.slug for item in todo), executor.map(step, todo, shared), strict=True))
    return [
        analysed(first[seed.slug].doc, curated.get(seed.slug)) if seed.slug in first else made[seed.slug]
        for seed in seeds
    ]


@dataclass(frozen=True, slots=True)
class _Briefing:
    """What each document's brief needs besides its own inputs: the analysis context, and the
    refs of the claims the kept groups name (their records come back with the digest)."""

    context: AnalyseContext
    wanted: frozenset[str]

    def brief(self, gathered: Gathered) -> Brief:
        records, judged = gathered
        return records_digest(records), tuple(r for r in records if r.ref in self.wanted), judged


Brief = tuple[bytes, tuple[ClaimRecord, ...], tuple[Judged, ...]]


def _brief_of(item: _Gathering, briefing: _Briefing) -> Brief:
    """A digest of one document's claim records, those of them the kept groups name, and its
    verdicts: all the claims stage brings back of a document while the kept groups still stand
    (a record is ~750 B in memory, and a 5,000-document archive has ~117,000)."""
    return briefing.brief(_claims_of(item, briefing.context))


def briefed_groups(
    executor: Executor, sources: ClaimSources, folder: Path | None, rules: GroupRules, diagnostics: Diagnostics
) -> tuple[tuple[ClaimGroup, ...], tuple[Judged, ...]]:
    """``claim_groups`` from each document's brief: the records come back from the documents
    only for the claims the kept groups name, unless the groups must be made again."""
    if folder is None:
        every, settled = gather_records(executor, sources)
        return group_claims(every, rules, diagnostics), settled
    path = folder / "claim-groups"
    entry = read_regular(path)
    then = sealed_under(entry) if entry is not None else None
    kept = kept_refs(unseal(entry, then) or b"") if entry is not None and then is not None else None
    briefing = _Briefing(sources.context, frozenset(ref for members in kept or () for ref in members))
    analysed = lambda doc, curated: briefing.brief(_gathered(doc, curated))  # noqa: E731
    briefs = _each(executor, sources, sources.seeds, _brief_of, briefing, analysed)
    named = {record.ref: record for _, wanted, _ in briefs for record in wanted}
    judged = tuple(verdict for _, _, verdicts in briefs for verdict in verdicts)
    key = groups_key([digest for digest, _, _ in briefs], rules)
    found = kept_groups(kept, named) if key == then else None
    if found is not None:
        return found, judged
    records = gather_records(executor, sources)[0]
    return cached_groups(folder, records, rules, diagnostics, key), judged
