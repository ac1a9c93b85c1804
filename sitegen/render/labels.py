"""One-line descriptions of annotations, for tooltips, lists and screen readers."""

from __future__ import annotations

from sitegen.model import Annotation, Origin

REASON_WORDS = {"denied": "denied", "unverified": "unverified", "contradicted": "contradicted"}


def label(ann: Annotation, text: str) -> str:
    """A reader's description: "Claim by Andrew Marochko", "Disputed (denied) by Ukraine"."""
    if ann.kind == "entity":
        name = ann.attr("name") or " ".join(text[ann.start : ann.end].split())
        return f"{name} ({ann.attr('entity_type', 'entity')})"
    if ann.kind == "claim":
        return f"Claim by {as_written(ann, 'source', text) or 'an unnamed source'}"
    if ann.kind == "dispute":
        reason = REASON_WORDS.get(ann.attr("reason"), ann.attr("reason") or "disputed")
        who = as_written(ann, "disputant", text)
        return f"Disputed ({reason})" + (f" by {who}" if who else "")
    return ann.kind.capitalize()


def speaker(ann: Annotation, text: str) -> str:
    """Who a claim is attributed to, for grouping: the linked entity's name, else the source's words."""
    return ann.attr("source_name") or _part_text(ann, "source", text) or "an unnamed source"


def as_written(ann: Annotation, role: str, text: str) -> str:
    """A source or disputant as the text words it ("sources close to the Russian government"), with
    the linked entity's name beside it when that differs ("Marochko (Andrei Marochko)")."""
    phrase = _part_text(ann, role, text)
    name = ann.attr(f"{role}_name")
    if not phrase or not name:
        return phrase or name
    return phrase if name.casefold() in phrase.casefold() else f"{phrase} ({name})"


def _part_text(ann: Annotation, role: str, text: str) -> str:
    part = ann.part(role)
    return " ".join(text[part.start : part.end].split()) if part else ""


def origin_text(origin: Origin) -> str:
    """Provenance as one line: ``curated (add) in FILE:LINE`` or ``ANNOTATOR VERSION (RULE)``."""
    if origin.kind == "curated":
        return f"curated ({origin.rule}) in {origin.name}:{origin.line}"
    return f"{origin.name} {origin.version} ({origin.rule})"
