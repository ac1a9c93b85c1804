"""The entities annotator: every linked mention as an entity proposal."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sitegen.annotate.component import Component, Context, origin
from sitegen.annotate.mentions import Mention
from sitegen.model import Proposal, make_attrs

if TYPE_CHECKING:
    from spacy.tokens import Doc

NAME = "entities.spacy"
VERSION = "3"


def mention_proposal(mention: Mention) -> Proposal:
    return Proposal(
        kind="entity",
        start=mention.start,
        end=mention.end,
        parts=(),
        attrs=make_attrs(
            entity_id=mention.entity_id, entity_type=mention.type, name=mention.name, **dict(mention.extra)
        ),
        provenance=origin(NAME, VERSION, mention.rule),
        confidence=mention.confidence,
    )


def run(doc: Doc, ctx: Context) -> tuple[Proposal, ...]:
    return tuple(mention_proposal(m) for m in ctx.mentions)


COMPONENT = Component("entities", NAME, VERSION, run)
