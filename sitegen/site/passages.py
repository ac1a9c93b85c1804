"""Annotated passages in context: the snippet a cross-document page shows for each mention,
claim or dispute, its white space folded so the mark reads as part of its sentence."""

from __future__ import annotations

from dataclasses import dataclass

from sitegen.model import AnnotatedDoc, Annotation
from sitegen.render.labels import label
from sitegen.site import routes

SNIPPET = 80


@dataclass(frozen=True, slots=True)
class Passage:
    """An annotated passage in context, as listed on cross-document pages."""

    doc_title: str
    url: str
    """Site-relative path of the passage: ``documents/x.html#id``."""
    before: str
    exact: str
    after: str
    label: str
    review: str = "reviewed"
    """``proposed`` for a machine proposal nobody has reviewed."""


def passage(doc: AnnotatedDoc, ann: Annotation, around: int = SNIPPET) -> Passage:
    text = doc.source.text
    before = text[max(0, ann.start - around) : ann.start]
    after = text[ann.end : ann.end + around]
    return Passage(
        doc_title=doc.source.title,
        url=f"{routes.document(doc.source.slug)}#{ann.id}",
        before=fold_edge(before.split(" ", 1)[-1] if len(before) == around else before),
        exact=fold_space(text[ann.start : ann.end]),
        after=fold_edge(after.rsplit(" ", 1)[0] if len(after) == around else after),
        label=label(ann, text),
        review=ann.review,
    )


def fold_space(text: str) -> str:
    """Text with runs of white space made single spaces (kept as is when it is all space)."""
    return " ".join(text.split()) if text.strip() else text.replace("\n", " ")


def fold_edge(text: str) -> str:
    """A snippet's side of a mention folded like ``fold_space``, keeping one space at either edge
    where the text has white space there, so "from <mark>X</mark> has" never reads "fromXhas"."""
    if not text.strip():
        return " " if text else ""
    lead = " " if text[0].isspace() else ""
    trail = " " if text[-1].isspace() else ""
    return lead + " ".join(text.split()) + trail
