"""Annotated passages by reference: what a cross-document page lists for each mention, claim
or dispute (a link and the passage's own words; its context is on the document page, #23)."""

from __future__ import annotations

from dataclasses import dataclass

from sitegen.model import AnnotatedDoc, Annotation
from sitegen.render.labels import label
from sitegen.site import routes


@dataclass(frozen=True, slots=True)
class Passage:
    """An annotated passage as listed on cross-document pages."""

    doc_title: str
    url: str
    """Site-relative path of the passage: ``documents/x.html#id``."""
    exact: str
    """Its words, white space folded."""
    label: str
    review: str = "reviewed"
    """``proposed`` for a machine proposal nobody has reviewed."""


def passage(doc: AnnotatedDoc, ann: Annotation) -> Passage:
    text = doc.source.text
    return Passage(
        doc_title=doc.source.title,
        url=f"{routes.document(doc.source.slug)}#{ann.id}",
        exact=fold_space(text[ann.start : ann.end]),
        label=label(ann, text),
        review=ann.review,
    )


def fold_space(text: str) -> str:
    """Text with runs of white space made single spaces (kept as is when it is all space)."""
    return " ".join(text.split()) if text.strip() else text.replace("\n", " ")
