"""Annotators from other packages (``sitegen.annotators`` entry points) as registered components."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sitegen import plugins
from sitegen.annotate.component import Component, Context
from sitegen.errors import error
from sitegen.model import KINDS, Proposal

if TYPE_CHECKING:
    from spacy.tokens import Doc

SETTING = "annotate.annotators"


def plugin_component(key: str) -> Component:
    """The installed annotator ``key``: a class (made once) or object with ``version``, an
    optional provenance ``name``, and ``__call__(doc, context) -> proposals``."""
    loaded = plugins.load(plugins.ANNOTATORS, key, SETTING)
    annotator = loaded.value() if isinstance(loaded.value, type) else loaded.value
    version = getattr(annotator, "version", None)
    if not isinstance(version, str | int) or isinstance(version, bool) or str(version) == "":
        raise error(
            SETTING,
            0,
            f"the annotator plugin {key!r} ({loaded.distribution}) has no version",
            "give it a version attribute (version = '1') and change it whenever its output changes: "
            "the annotation cache is keyed by it",
        )
    if not callable(annotator):
        raise error(SETTING, 0, f"the annotator plugin {key!r} is not callable", "define __call__(self, doc, context)")
    name = str(getattr(annotator, "name", "") or key)
    return Component(key, name, str(version), _checked(key, annotator))


def _checked(key: str, annotator: Any) -> Any:
    """The annotator's call, refusing what it returns that is not a proposal of a known kind."""

    def run(doc: Doc, context: Context) -> tuple[Proposal, ...]:
        proposals: list[Proposal] = []
        with plugins.blamed((key,), SETTING, f"on the document that starts {context.text[:60]!r}"):
            found: list[object] = list(annotator(doc, context))
        for proposal in found:
            if isinstance(proposal, Proposal) and proposal.kind in KINDS:
                proposals.append(proposal)
            else:
                raise error(
                    SETTING,
                    0,
                    f"the annotator plugin {key!r} returned {proposal!r:.80}",
                    f"return sitegen.model.Proposal objects of kind {', '.join(KINDS)}",
                )
        return tuple(proposals)

    return run
