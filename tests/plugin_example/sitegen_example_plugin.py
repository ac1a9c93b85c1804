"""An example sitegen plugin: an annotator, a markdown-it plugin and a page-context hook."""

import re

from sitegen.annotate.component import origin
from sitegen.model import Proposal, make_attrs


class Shouting:
    """Words in capitals (NATO, UNESCO) as entities of type 'other'."""

    name = "shouting.example"
    version = "1"  # change it whenever the output changes: the annotation cache is keyed by it

    def __call__(self, doc, context):
        for found in re.finditer(r"\b[A-Z]{4,}\b", context.text):
            word = found.group()
            yield Proposal(
                kind="entity",
                start=found.start(),
                end=found.end(),
                parts=(),
                attrs=make_attrs(entity_id=word.lower(), entity_type="other", name=word),
                provenance=origin(self.name, self.version, "capitals"),
                confidence=0.5,
            )


def ruled(md):
    """A markdown-it-py plugin: thematic breaks carry a class the theme can style."""
    md.add_render_rule("hr", lambda renderer, tokens, idx, options, env: '<hr class="example-rule">\n')


def annotation_total(template, page_path, context):
    """A page-context hook: ``{{ annotation_total }}`` in every template (0 off document pages)."""
    doc = context.get("doc")
    return {"annotation_total": len(doc.annotations) if doc is not None else 0}
