"""One annotation per passage: near-duplicate claims and disputes collapse into one.

The machine often proposes what an editor also curated, with slightly different spans (a cue
with or without "that", a content with or without its closing quote), and two rules can find
the same claim. Readers would see the passage twice and counts would be inflated, so
annotations of the same kind over the same passage are settled here:

- claims are near-duplicates when their cues overlap, or their contents (the whole span when a
  claim has no content part) overlap by more than half of the shorter one;
- disputes are near-duplicates when their disputed stretches overlap by more than half of the
  shorter one and their cues overlap (or one of them has no cue);
- entity mentions never overlap at all (``merge.resolve_entity_overlaps``).

The stronger one wins: curated over machine, then the surer, the longer, the earlier. The
loser's provenance goes into the winner's history. Annotations an editor marked
``keep_overlaps: true`` are never merged.
"""

from __future__ import annotations

import bisect
from collections.abc import Collection
from dataclasses import replace

from sitegen.model import Part, Proposal

SETTLED_KINDS = ("claim", "dispute")
MOST = 0.5
"""Overlap, as a share of the shorter stretch, above which two stretches are the same passage."""

SpanKey = tuple[str, int, int]
"""(kind, start, end): how an annotation kept apart by its editor is recognised."""


def settle_near_duplicates(
    proposals: tuple[Proposal, ...], kept_apart: Collection[SpanKey] = ()
) -> tuple[Proposal, ...]:
    """``proposals`` with every near-duplicate claim and dispute folded into the strongest of its
    group; other kinds pass through unchanged, in their order."""
    settled = [p for p in proposals if p.kind not in SETTLED_KINDS]
    for kind in SETTLED_KINDS:
        settled += _settle_kind([p for p in proposals if p.kind == kind], kept_apart)
    return tuple(settled)


def _settle_kind(candidates: list[Proposal], kept_apart: Collection[SpanKey]) -> list[Proposal]:
    kept = _Kept()
    for candidate in sorted(candidates, key=_strength):
        free = (candidate.kind, candidate.start, candidate.end) not in kept_apart
        twin = kept.twin_of(candidate, kept_apart) if free else None
        if twin is None:
            kept.add(candidate)
        else:
            kept.replace(twin, absorb(kept.items[twin], candidate))
    return kept.items


def _strength(p: Proposal) -> tuple[bool, float, int, int, int]:
    """Sort key, strongest first: curated, then surer, longer, earlier."""
    return (p.review != "reviewed", -p.confidence, -(p.end - p.start), p.start, p.end)


def absorb(winner: Proposal, loser: Proposal) -> Proposal:
    """The winner, with the loser's history before its own."""
    extra = tuple(o for o in loser.provenance if o not in winner.provenance)
    return replace(winner, provenance=extra + winner.provenance) if extra else winner


def near_duplicates(a: Proposal, b: Proposal) -> bool:
    """Whether ``a`` and ``b`` annotate the same passage the same way (see the module docstring)."""
    if a.kind != b.kind:
        return False
    cue_a, cue_b = a.part("cue"), b.part("cue")
    cues_meet = cue_a is not None and cue_b is not None and _overlap(_span(cue_a), _span(cue_b)) > 0
    if a.kind == "claim":
        return cues_meet or _mostly_shared(_content(a), _content(b))
    if a.kind == "dispute":
        no_cue = cue_a is None or cue_b is None
        return (cues_meet or no_cue) and _mostly_shared((a.start, a.end), (b.start, b.end))
    return False


def _span(part: Part) -> tuple[int, int]:
    return (part.start, part.end)


def _content(p: Proposal) -> tuple[int, int]:
    content = p.part("content")
    return _span(content) if content is not None else (p.start, p.end)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return min(a[1], b[1]) - max(a[0], b[0])


def _mostly_shared(a: tuple[int, int], b: tuple[int, int]) -> bool:
    shorter = min(a[1] - a[0], b[1] - b[0])
    return shorter > 0 and _overlap(a, b) > MOST * shorter


def extent(p: Proposal) -> tuple[int, int]:
    """From the first character of the annotation or any of its parts to the last."""
    return (min([p.start, *(q.start for q in p.parts)]), max([p.end, *(q.end for q in p.parts)]))


class _Kept:
    """The annotations kept so far, by where they start, so only those that could overlap a
    candidate are compared with it: O(log n + k) per candidate."""

    def __init__(self) -> None:
        self.items: list[Proposal] = []
        self.starts: list[int] = []
        self.order: list[int] = []
        """Indexes into ``items``, sorted by extent start."""
        self.longest = 0

    def add(self, proposal: Proposal) -> None:
        start, end = extent(proposal)
        at = bisect.bisect_right(self.starts, start)
        self.starts.insert(at, start)
        self.order.insert(at, len(self.items))
        self.items.append(proposal)
        self.longest = max(self.longest, end - start)

    def replace(self, index: int, proposal: Proposal) -> None:
        self.items[index] = proposal  # the same spans: only the history grew

    def twin_of(self, candidate: Proposal, kept_apart: Collection[SpanKey]) -> int | None:
        start, end = extent(candidate)
        first = bisect.bisect_left(self.starts, start - self.longest)
        last = bisect.bisect_left(self.starts, end)
        for index in self.order[first:last]:
            kept = self.items[index]
            if (kept.kind, kept.start, kept.end) not in kept_apart and near_duplicates(kept, candidate):
                return index
        return None
