"""Run the annotators over gold documents and score each kind the corpus has."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.annotate.baseline import bare_entities
from sitegen.annotate.pipeline import annotate_with
from sitegen.config import AnnotateConfig
from sitegen.evaluate.classes import false_class, miss_class
from sitegen.evaluate.mention_classes import classify
from sitegen.evaluate.records import Dispute, GoldDoc, Mention, Relation
from sitegen.evaluate.scoring import Counts, RelationScore, score_mentions, score_relations
from sitegen.model import EntityRegistry, Proposal

GUM_TYPES = frozenset({"person", "organisation", "place", "date"})
"""The types a GUM-style named-entity gold covers; other predictions are not scored there."""


@dataclass(frozen=True, slots=True)
class Example:
    """One error for the report: its class (rule or gold cue) and a snippet."""

    kind: str
    error: str
    """``fp`` or ``fn``"""
    label: str
    snippet: str
    group: str = ""
    """The error class (``classes.py``): the mechanism a miss or a false positive belongs to."""


@dataclass(frozen=True, slots=True)
class Report:
    """Scores per kind over a set of documents."""

    documents: int
    relations: RelationScore | None = None
    mentions: dict[str, Counts] = field(default_factory=dict)
    disputes: dict[str, Counts] = field(default_factory=dict)
    examples: tuple[Example, ...] = ()


def evaluate(
    docs: Sequence[GoldDoc],
    settings: AnnotateConfig,
    registry: EntityRegistry | None = None,
    cache_dir: Path | None = None,
    jobs: int = 1,
    bare: bool = False,
) -> Report:
    """Annotate the gold texts and score them; ``bare`` adds the unprocessed model's entity score."""
    texts = [d.text for d in docs]
    predicted = annotate_with(texts, registry or EntityRegistry(), settings, cache_dir, jobs)
    relations: RelationScore | None = None
    mentions: dict[str, Counts] = {}
    disputes: dict[str, Counts] = {}
    examples: list[Example] = []
    for doc, proposals in zip(docs, predicted, strict=True):
        if doc.relations is not None:
            score, found = _relations(doc, proposals)
            relations = score if relations is None else relations + score
            examples.extend(found)
        if doc.mentions is not None:
            _add(mentions, _mention_scores(predicted_mentions(proposals, doc), doc.mentions))
            examples.extend(_mention_examples(doc, predicted_mentions(proposals, doc)))
        if doc.disputes is not None:
            _add(disputes, _dispute_scores(predicted_disputes(proposals), doc.disputes))
    if bare and any(d.mentions is not None for d in docs):
        for doc, baseline in zip(docs, bare_mentions(texts, settings), strict=True):
            bare_scores = _mention_scores(scored(baseline, doc), doc.mentions or ())
            _add(mentions, {f"bare {k}": v for k, v in bare_scores.items()})
    return Report(len(docs), relations, mentions, disputes, tuple(examples))


def relation_of(p: Proposal) -> Relation:
    def spans(role: str) -> tuple[tuple[int, int], ...]:
        return tuple(sorted((x.start, x.end) for x in p.parts if x.role == role))

    return Relation(spans("cue"), spans("source"), spans("content"))


def _relations(doc: GoldDoc, proposals: tuple[Proposal, ...]) -> tuple[RelationScore, list[Example]]:
    claims = [p for p in proposals if p.kind == "claim"]
    gold = doc.relations or ()
    score = score_relations(doc.text, [relation_of(p) for p in claims], gold)
    examples = []
    for i in score.spurious:
        rule = claims[i].provenance[0].rule
        snippet = _snippet(doc.text, claims[i].start, claims[i].end)
        examples.append(Example("claim", "fp", rule, snippet, false_class(rule)))
    for j in score.misses:
        cue = gold[j].cue
        if cue:
            label = " ".join(doc.text[s:e] for s, e in cue).lower()
            snippet = _snippet(doc.text, cue[0][0] - 60, cue[-1][1] + 60)
            examples.append(Example("claim", "fn", label, snippet, miss_class(label)))
    return score, examples


def predicted_mentions(proposals: tuple[Proposal, ...], doc: GoldDoc) -> list[Mention]:
    found = [Mention(p.start, p.end, p.attr("entity_type")) for p in proposals if p.kind == "entity"]
    return scored(found, doc)


def scored(found: Sequence[Mention], doc: GoldDoc) -> list[Mention]:
    """The predictions the gold can judge: of its types, and not only on a mention it leaves out
    (``GoldDoc.outside``: a prediction meeting one of the same type and no scored one is not counted)."""
    gold = doc.mentions or ()

    def meets(m: Mention, others: Sequence[Mention], same_type: bool) -> bool:
        return any(o.start < m.end and m.start < o.end and (o.type == m.type or not same_type) for o in others)

    types = _gold_types(doc)
    return [m for m in found if m.type in types and not (meets(m, doc.outside, True) and not meets(m, gold, False))]


def _gold_types(doc: GoldDoc) -> frozenset[str]:
    types = {m.type for m in doc.mentions or ()}
    return GUM_TYPES if types <= GUM_TYPES else frozenset(types) | GUM_TYPES


def predicted_disputes(proposals: tuple[Proposal, ...]) -> list[Dispute]:
    return [Dispute(p.start, p.end, p.attr("reason")) for p in proposals if p.kind == "dispute"]


def bare_mentions(texts: Sequence[str], settings: AnnotateConfig) -> list[list[Mention]]:
    """The unprocessed model's entities of the GUM types: the baseline."""
    return [
        [Mention(start, end, kind) for start, end, kind in doc if kind in GUM_TYPES]
        for doc in bare_entities(texts, settings)
    ]


def _mention_scores(pred: Sequence[Mention], gold: Sequence[Mention]) -> dict[str, Counts]:
    return {
        "exact+type": score_mentions(pred, gold, typed=True, exact=True),
        "overlap+type": score_mentions(pred, gold, typed=True, exact=False),
        "exact": score_mentions(pred, gold, typed=False, exact=True),
        "overlap": score_mentions(pred, gold, typed=False, exact=False),
    }


def _mention_examples(doc: GoldDoc, pred: Sequence[Mention]) -> list[Example]:
    """Every entity error with its class (``mention_classes``) and the text around it."""
    out = []
    for error, group, m, label in classify(pred, doc.mentions or ()):
        snippet = f"{doc.text[m.start : m.end]} | {_snippet(doc.text, m.start - 40, m.end + 40)}"
        out.append(Example("entity", error, label, snippet, group))
    return out


def _dispute_scores(pred: Sequence[Dispute], gold: Sequence[Dispute]) -> dict[str, Counts]:
    as_mentions = [Mention(d.start, d.end, d.reason) for d in pred]
    gold_mentions = [Mention(d.start, d.end, d.reason) for d in gold]
    return {
        "overlap": score_mentions(as_mentions, gold_mentions, typed=False, exact=False),
        "overlap+reason": score_mentions(as_mentions, gold_mentions, typed=True, exact=False),
    }


def _add(total: dict[str, Counts], scores: dict[str, Counts]) -> None:
    for key, counts in scores.items():
        total[key] = total.get(key, Counts()) + counts


def _snippet(text: str, start: int, end: int) -> str:
    return text[max(0, start) : min(len(text), end, max(0, start) + 200)].replace("\n", " ")
