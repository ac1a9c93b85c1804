"""The review helper: every proposal printed as a curated entry that anchors back to the same span."""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.annotate.review import proposals_to_curated_yaml
from sitegen.curate.anchor import anchor_quote
from sitegen.curate.curated import QuoteSelector
from sitegen.model import DocMeta, Origin, Part, Proposal, SourceDoc, make_attrs

TEXT = "Kyiv said Kyiv is safe. Officials said Kyiv is safe. Kyiv is far.\nThe end, said Kyiv."


def _doc(text: str = TEXT) -> SourceDoc:
    return SourceDoc("doc", "seeds/doc.txt", "text", text.encode(), "0", text, "", (), DocMeta(), "Doc")


def _selector(entry: dict[str, Any]) -> QuoteSelector:
    return QuoteSelector(
        quote=entry["quote"],
        prefix=entry.get("prefix", ""),
        suffix=entry.get("suffix", ""),
        occurrence=str(entry.get("occurrence", "")),
    )


def _anchor(text: str, entry: dict[str, Any], window: tuple[int, int]) -> tuple[int, int]:
    start, end = window
    (found,) = anchor_quote(text[start:end], _selector(entry))
    return found[0] + start, found[1] + start


def _entity(start: int, end: int) -> Proposal:
    return Proposal(
        "entity",
        start,
        end,
        (),
        make_attrs(entity_id="kyiv", entity_type="place", name="Kyiv"),
        (Origin("machine", "entities.spacy", "1", "ner:GPE"),),
        0.7,
    )


def test_review_entries_anchor_back_to_their_spans() -> None:
    second = TEXT.index("Officials")
    claim = Proposal(
        "claim",
        second,
        second + len("Officials said Kyiv is safe"),
        (
            Part("source", second, second + 9),
            Part("cue", second + 10, second + 14),
            Part("content", second + 15, second + 27),
        ),
        make_attrs(source_kind="unnamed"),
        (Origin("machine", "claims.rules", "1", "say:ccomp"),),
        0.85,
    )
    proposals = [claim, *(_entity(i, i + 4) for i in range(len(TEXT)) if TEXT.startswith("Kyiv", i))]
    printed = proposals_to_curated_yaml(_doc(), proposals)
    entries = yaml.safe_load(printed)["annotations"]
    assert "# claims.rules@1 rule=say:ccomp confidence=0.85" in printed
    assert all(e["action"] == "confirm" for e in entries)
    by_kind = {e["kind"]: e for e in entries}
    assert by_kind["entity"]["attrs"]["entity_id"] == "kyiv" and by_kind["entity"]["type"] == "place"
    spans = sorted(_anchor(TEXT, e, (0, len(TEXT))) for e in entries)
    assert spans == sorted((p.start, p.end) for p in proposals)
    parts = by_kind["claim"]["parts"]
    window = (claim.start, claim.end)
    got = {role: _anchor(TEXT, v if isinstance(v, dict) else {"quote": v}, window) for role, v in parts.items()}
    assert got == {p.role: (p.start, p.end) for p in claim.parts}


def test_review_empty_document_prints_empty_list() -> None:
    assert yaml.safe_load(proposals_to_curated_yaml(_doc(), [])) == {"annotations": []}


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_review_any_span_round_trips(data: st.DataObject) -> None:
    text = data.draw(st.text(alphabet='ab \n’"', min_size=2, max_size=40))
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    entries = yaml.safe_load(proposals_to_curated_yaml(_doc(text), [_entity(start, end)]))["annotations"]
    assert _anchor(text, entries[0], (0, len(text))) == (start, end)
