"""Error classes for entity mentions: what a missed or spurious mention has instead.

A false positive or a miss (exact span and type) is classed by the mentions on the other side that
overlap it: none (spurious / missed), the same span with another type (a type confusion, labelled
"predicted for gold"), another span of the same type (a boundary), or another span and type.
"""

from __future__ import annotations

from collections.abc import Sequence

from sitegen.evaluate.records import Mention

NOTHING = {"fp": "spurious: no gold mention there", "fn": "missed: nothing found there"}
TYPE = "type confusion: same span, other type"
SPAN = "boundary: same type, other span"
BOTH = "other span and other type"

Classed = tuple[str, str, Mention, str]
"""(``fp``/``fn``, class, the mention, a label: its type, or "predicted for gold" types)."""


def classify(pred: Sequence[Mention], gold: Sequence[Mention]) -> list[Classed]:
    """Every prediction without an exact typed match and every gold mention left unmatched."""
    pred_keys = {(m.start, m.end, m.type) for m in pred}
    gold_keys = {(m.start, m.end, m.type) for m in gold}
    found = [_one("fp", m, gold) for m in pred if (m.start, m.end, m.type) not in gold_keys]
    found += [_one("fn", m, pred) for m in gold if (m.start, m.end, m.type) not in pred_keys]
    return found


def _one(error: str, mention: Mention, others: Sequence[Mention]) -> Classed:
    meeting = [o for o in others if o.start < mention.end and mention.start < o.end]
    if not meeting:
        return error, NOTHING[error], mention, mention.type
    same_span = [o for o in meeting if (o.start, o.end) == (mention.start, mention.end)]
    if same_span:
        other = same_span[0].type
        predicted, wanted = (mention.type, other) if error == "fp" else (other, mention.type)
        return error, TYPE, mention, f"{predicted} for {wanted}"
    if any(o.type == mention.type for o in meeting):
        return error, SPAN, mention, mention.type
    return error, BOTH, mention, mention.type
