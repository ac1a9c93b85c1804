"""Precision, recall and F1 per kind: relations matched on cue overlap, mentions on span and type."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sitegen.evaluate.records import Mention, Relation, Spans, spans_text


@dataclass(frozen=True, slots=True)
class Counts:
    """True positives, false positives, false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def row(self) -> str:
        return (
            f"P {self.precision:.3f}  R {self.recall:.3f}  F1 {self.f1:.3f}  (tp {self.tp}, fp {self.fp}, fn {self.fn})"
        )


@dataclass(frozen=True, slots=True)
class Agreement:
    """Over matched relations: how often a part agrees exactly and by overlap."""

    matched: int = 0
    exact: int = 0
    overlap: int = 0

    def __add__(self, other: Agreement) -> Agreement:
        return Agreement(self.matched + other.matched, self.exact + other.exact, self.overlap + other.overlap)

    def row(self) -> str:
        n = self.matched or 1
        return f"exact {self.exact / n:.3f}  overlap {self.overlap / n:.3f}  (of {self.matched})"


@dataclass(frozen=True, slots=True)
class RelationScore:
    relations: Counts = Counts()
    source: Agreement = Agreement()
    content: Agreement = Agreement()
    misses: tuple[int, ...] = ()
    """Indexes of unmatched gold relations."""
    spurious: tuple[int, ...] = ()
    """Indexes of unmatched predicted relations."""
    pairs: tuple[tuple[int, int], ...] = field(default=())
    """(predicted, gold) index pairs that matched."""

    def __add__(self, other: RelationScore) -> RelationScore:
        return RelationScore(self.relations + other.relations, self.source + other.source, self.content + other.content)


def normalise(text: str) -> str:
    """Compare ignoring whitespace, punctuation and quote marks."""
    return "".join(ch for ch in text if ch.isalnum())


def overlap(a: Spans, b: Spans) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def match(pred: Sequence[Spans], gold: Sequence[Spans]) -> list[tuple[int, int]]:
    """One-to-one pairs with overlapping characters, largest overlap first."""
    candidates = sorted(
        ((overlap(p, g), i, j) for i, p in enumerate(pred) for j, g in enumerate(gold) if overlap(p, g)),
        key=lambda c: (-c[0], c[1], c[2]),
    )
    used_pred: set[int] = set()
    used_gold: set[int] = set()
    pairs = []
    for _, i, j in candidates:
        if i not in used_pred and j not in used_gold:
            used_pred.add(i)
            used_gold.add(j)
            pairs.append((i, j))
    return sorted(pairs)


def score_relations(text: str, pred: Sequence[Relation], gold: Sequence[Relation]) -> RelationScore:
    pairs = match([r.cue for r in pred], [r.cue for r in gold])
    source = sum((_agree(text, pred[i].source, gold[j].source) for i, j in pairs), Agreement())
    content = sum((_agree(text, pred[i].content, gold[j].content) for i, j in pairs), Agreement())
    matched_pred = {i for i, _ in pairs}
    matched_gold = {j for _, j in pairs}
    return RelationScore(
        Counts(len(pairs), len(pred) - len(pairs), len(gold) - len(pairs)),
        source,
        content,
        misses=tuple(j for j in range(len(gold)) if j not in matched_gold),
        spurious=tuple(i for i in range(len(pred)) if i not in matched_pred),
        pairs=tuple(pairs),
    )


def _agree(text: str, pred: Spans, gold: Spans) -> Agreement:
    if not pred and not gold:
        return Agreement(1, 1, 1)
    exact = normalise(spans_text(text, pred)) == normalise(spans_text(text, gold))
    return Agreement(1, int(exact), int(exact or overlap(pred, gold) > 0))


MentionKey = Callable[[Mention], tuple[object, ...]]


def score_mentions(pred: Sequence[Mention], gold: Sequence[Mention], typed: bool, exact: bool) -> Counts:
    """Mentions matched exact-span or by overlap, with or without type agreement."""

    def ok(p: Mention, g: Mention) -> bool:
        if typed and p.type != g.type:
            return False
        if exact:
            return (p.start, p.end) == (g.start, g.end)
        return p.start < g.end and g.start < p.end

    used: set[int] = set()
    tp = 0
    for p in pred:
        for j, g in enumerate(gold):
            if j not in used and ok(p, g):
                used.add(j)
                tp += 1
                break
    return Counts(tp, len(pred) - tp, len(gold) - tp)
