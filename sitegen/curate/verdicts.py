"""Curated verdicts on claims: a claim entry's ``verdict:`` validated up front, then settled
on the id of the claim that entry made, once the document is merged.

A verdict is curated data only. It is written on a curated claim entry that adds, confirms or
corrects a claim, so the claim it judges is always one an editor stands behind (``reviewed``);
a machine proposal nobody reviewed can never carry one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Protocol

from sitegen.config import SiteConfig
from sitegen.errors import Diagnostics, Location
from sitegen.model import AnnotatedDoc, Evidence, Origin, PassageRef, Rating, Verdict
from sitegen.sources.schema import did_you_mean, where
from sitegen.sources.yamlsource import LocatedList, LocatedMap, Value

VERDICT_ACTIONS = ("add", "confirm", "correct")
"""The actions whose claim an editor stands behind: a verdict may sit only on these."""
FULL_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
HTTP_URL = re.compile(r"https?://[^\s<>\"]+")


@dataclass(frozen=True, slots=True)
class EvidenceEntry:
    """One evidence link as written: ``{url, title, archived_url}``."""

    url: str = ""
    title: str = ""
    archived_url: str = ""


@dataclass(frozen=True, slots=True)
class VerdictEntry:
    """A claim entry's ``verdict:`` as written."""

    rating: object = ""
    """A rating id of the scale; an unquoted YAML ``false`` reads as a boolean, and is taken as ``false``."""
    explanation: str = ""
    evidence: tuple[EvidenceEntry, ...] = ()
    reviewer: str = ""
    date: str = ""
    whole_group: bool = False
    """Apply the verdict to every appearance of the claim's group (``docs/claim-groups.md``)."""


def rating_key(value: object) -> str:
    """The rating id a verdict names, as compared with the scale's ids."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip().casefold()


def scale_of(config: SiteConfig) -> tuple[Rating, ...]:
    """The configured scale as ratings, worst (lowest value) first."""
    steps = sorted(config.fact_checks.scale, key=lambda step: step.value)
    return tuple(Rating(s.id.casefold(), s.label or s.id.capitalize(), s.meaning, s.value) for s in steps)


def check_verdict(kind: str, action: str, verdict: VerdictEntry, item: Value, diagnostics: Diagnostics) -> None:
    """Report what is wrong with a claim entry's verdict, each problem at its own line."""
    node = item.get("verdict") if isinstance(item, LocatedMap) else None
    at = where(node or item)
    if kind != "claim":
        diagnostics.error(at, f"a verdict judges a claim, not a {kind or 'kindless entry'}", "move it to the claim")
    if action not in VERDICT_ACTIONS:
        diagnostics.error(
            at,
            f"a verdict cannot sit on a '{action}' entry",
            "write it on the entry that adds, confirms or corrects the claim: a verdict is an editor's",
        )
    if not isinstance(verdict.rating, (str, bool, int)) or not rating_key(verdict.rating):
        diagnostics.error(at, "a verdict needs a 'rating': one id of the scale (fact_checks.scale)")
    if not verdict.explanation.strip():
        diagnostics.error(at, "a verdict needs an 'explanation' (Markdown) that readers can check")
    if not verdict.reviewer.strip():
        diagnostics.error(at, "a verdict needs a 'reviewer': who stands behind it")
    if not FULL_DATE.fullmatch(verdict.date):
        diagnostics.error(_at(node, "date", at), "a verdict needs a 'date' like 2026-12-01", "use YYYY-MM-DD")
    listed = node.get("evidence") if isinstance(node, LocatedMap) else None
    nodes = listed.items if isinstance(listed, LocatedList) else ()
    for index, evidence in enumerate(verdict.evidence):
        _check_evidence(evidence, where(nodes[index]) if index < len(nodes) else at, diagnostics)


def _check_evidence(evidence: EvidenceEntry, at: Location, diagnostics: Diagnostics) -> None:
    if not HTTP_URL.fullmatch(evidence.url):
        diagnostics.error(
            at, f"evidence url must be an http(s) URL, not {evidence.url[:60]!r}", "write it as https://…"
        )
    if evidence.archived_url and not HTTP_URL.fullmatch(evidence.archived_url):
        diagnostics.error(at, "evidence archived_url must be an http(s) URL", "write it as https://…")
    if not evidence.title.strip():
        diagnostics.error(at, "evidence needs a 'title' that says what the link is")


def _at(node: Value | None, key: str, default: Location) -> Location:
    value = node.get(key) if isinstance(node, LocatedMap) else None
    return where(value) if value is not None else default


Written = tuple[VerdictEntry, Location]
"""A verdict as written, with the location of the claim entry that carries it."""


class HasVerdicts(Protocol):
    """A curated file, as far as verdicts go (``CuratedFile``)."""

    @property
    def verdicts(self) -> tuple[Written, ...]: ...


def check_ratings(written: Iterable[Written], scale: tuple[Rating, ...], diagnostics: Diagnostics) -> None:
    """Every verdict names a rating of the configured scale."""
    ids = [rating.id for rating in scale]
    for verdict, location in written:
        key = rating_key(verdict.rating)
        if key and key not in ids:
            diagnostics.error(location, f"unknown verdict rating {key!r}", did_you_mean(key, ids))


def has_verdicts(curated: Mapping[str, HasVerdicts]) -> bool:
    """Whether any curated file carries a verdict (the site then has a Fact checks page)."""
    return any(f.verdicts for f in curated.values())


def settle_verdicts(
    doc: AnnotatedDoc, written: Iterable[Written], scale: tuple[Rating, ...], diagnostics: Diagnostics
) -> tuple[Verdict, ...]:
    """Each verdict on the claim its entry made (found by the entry's step in the claim's
    history, which survives a merge), in document order; one verdict per claim."""
    ratings = {rating.id: rating for rating in scale}
    made: dict[str, Verdict] = {}
    for entry, location in written:
        rating = ratings.get(rating_key(entry.rating))
        claims = [a for a in doc.annotations if a.kind == "claim" and _made_by(a.provenance, location)]
        if rating is None or not claims:
            if rating is not None:
                diagnostics.warn(location, "this verdict's claim is not in the document any more; verdict left out")
            continue
        for claim in claims:
            if claim.id in made:
                diagnostics.error(location, f"claim {claim.id} has a verdict already (line {made[claim.id].line})")
                continue
            made[claim.id] = _verdict(doc.source.slug, claim.id, rating, entry, location)
    order = {a.id: n for n, a in enumerate(doc.annotations)}
    return tuple(sorted(made.values(), key=lambda v: order[v.claim.id]))


def judged_claims(doc: AnnotatedDoc, written: Iterable[Written]) -> tuple[tuple[str, Written], ...]:
    """(claim id, verdict) of every verdict that settles on a claim of ``doc``: what the claims
    stage needs to apply whole-group verdicts, before the per-document pass settles them."""
    claims = [a for a in doc.annotations if a.kind == "claim"]
    return tuple((claim.id, w) for w in written for claim in claims if _made_by(claim.provenance, w[1]))


def applied(verdict: Verdict, claim: PassageRef, title: str) -> Verdict:
    """``verdict``, given to another appearance of its group, as ``claim``'s."""
    return replace(verdict, claim=claim, applied_from=verdict.claim, applied_title=title)


def as_verdict(claim: PassageRef, rating: Rating, entry: VerdictEntry, location: Location) -> Verdict:
    return _verdict(claim.doc, claim.id, rating, entry, location)


def _made_by(provenance: tuple[Origin, ...], location: Location) -> bool:
    return any(o.kind == "curated" and o.name == location.path and o.line == location.line for o in provenance)


def _verdict(slug: str, claim: str, rating: Rating, entry: VerdictEntry, location: Location) -> Verdict:
    evidence = tuple(Evidence(e.url, e.title.strip(), e.archived_url) for e in entry.evidence)
    return Verdict(
        PassageRef(slug, claim),
        rating,
        entry.explanation.strip(),
        evidence,
        entry.reviewer.strip(),
        entry.date,
        location.path,
        location.line,
    )
