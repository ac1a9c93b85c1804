"""Highlight coverage: which annotations cover each stretch of text, and its HTML.

Highlights wrap only leaf text, one flat element per stretch, so whatever the
overlap of annotations and inline markup the HTML nests correctly.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from html import escape

from sitegen.model import Annotation

Layer = tuple[str, tuple[str, ...]]
"""The annotations over one stretch of text: its mark's opening tag (``<mark … data-role="…"``,
unclosed, made once per stretch of the sweep, not per leaf) and their ids, for the tooltip."""


@dataclass(frozen=True, slots=True)
class Coverage:
    """Stretch ``i`` runs from ``bounds[i]`` to ``bounds[i + 1]`` under ``layers[i]`` (None: bare)."""

    bounds: tuple[int, ...]
    layers: tuple[Layer | None, ...]
    starts: tuple[tuple[int, tuple[str, ...]], ...]
    """(offset, anchor elements of the annotations that start there), sorted: where anchors go."""
    start_offsets: tuple[int, ...]
    """The offsets of ``starts`` alone, for bisecting."""
    labels: dict[str, str]
    """Annotation id → its description, for tooltips."""


def build_coverage(
    annotations: tuple[Annotation, ...],
    labels: dict[str, str],
    aliases: dict[str, tuple[str, ...]] | None = None,
) -> Coverage:
    """Sweep the annotations' spans and parts once: O((n + k) log k).

    ``aliases`` maps an annotation id to its old ids, which get anchors beside its own.
    """
    events: dict[int, list[tuple[int, Stretch]]] = {}
    for ann in annotations:
        spans = [(ann.start, ann.end, "")]
        spans += [(part.start, part.end, part.role) for part in ann.parts]
        review = str(ann.review)
        for start, end, role in spans:
            if start < end:
                key: Stretch = (ann.id, ann.kind, role, review)
                events.setdefault(start, []).append((1, key))
                events.setdefault(end, []).append((-1, key))
    bounds = sorted(events)
    active: dict[Stretch, int] = {}
    layers: list[Layer | None] = []
    for offset in bounds:
        for step, key in events[offset]:
            count = active.get(key, 0) + step
            if count:
                active[key] = count
            else:
                del active[key]
        layers.append(_layer(active) if active else None)
    starts: dict[int, list[str]] = {}
    for ann in annotations:
        tail = f' data-kind="{_attribute(ann.kind)}" data-review="{ann.review}"></span>'
        ids = (ann.id, *(aliases or {}).get(ann.id, ()))
        starts.setdefault(ann.start, []).extend(f'<span class="anchor" id="{escape(i)}"{tail}' for i in ids)
    ordered = tuple(sorted((k, tuple(v)) for k, v in starts.items()))
    return Coverage(tuple(bounds), tuple(layers), ordered, tuple(offset for offset, _ in ordered), labels)


Stretch = tuple[str, str, str, str]
"""(annotation id, kind, part role or empty, review state) of one span the sweep follows."""


def _layer(active: dict[Stretch, int]) -> Layer:
    if len(active) == 1:  # four layers in ten: one annotation, said without sorting
        ((ident, kind, role, review),) = active
        return _opening(ident, kind, f"{kind}-{role}" if role else "", review), (ident,)
    reviews = {ident: review for ident, _, _, review in active}
    ids = tuple(sorted(reviews))
    kinds = sorted({kind for _, kind, _, _ in active})
    roles = sorted({f"{kind}-{role}" for _, kind, role, _ in active if role})
    return _opening(" ".join(ids), " ".join(kinds), " ".join(roles), " ".join(reviews[i] for i in ids)), ids


def _opening(ids: str, kinds: str, roles: str, reviews: str) -> str:
    role = f' data-role="{_attribute(roles)}"' if roles else ""
    return (
        f'<mark class="hl" data-ann="{_attribute(ids)}" data-kind="{_attribute(kinds)}"{role} data-review="{reviews}"'
    )


def _attribute(value: str) -> str:
    """``escape(value)``, without its five replacements for the ids and kinds that need none."""
    if "&" in value or "<" in value or ">" in value or '"' in value or "'" in value:
        return escape(value)
    return value


def highlight(text: str, offset: int, coverage: Coverage) -> str:
    """Escaped HTML of ``text`` (which starts at ``offset``) with every covered stretch marked."""
    end = offset + len(text)
    bounds, layers = coverage.bounds, coverage.layers
    index = bisect.bisect_right(bounds, offset) - 1  # the stretch ``offset`` is in; -1: before all
    anchors = _anchors_between(coverage, offset, end)
    html: list[str] = []
    start = offset
    while start < end:
        stop = min(bounds[index + 1], end) if index + 1 < len(bounds) else end
        starting = anchors.pop(start, ())
        html.extend(starting)
        layer = layers[index] if index >= 0 else None
        html.append(_marked(text[start - offset : stop - offset], layer, coverage.labels if starting else None))
        start = stop
        index += 1
    return "".join(html)


def _anchors_between(coverage: Coverage, start: int, end: int) -> dict[int, list[str]]:
    keys = coverage.start_offsets
    found: dict[int, list[str]] = {}
    for offset, anchors in coverage.starts[bisect.bisect_left(keys, start) : bisect.bisect_left(keys, end)]:
        found[offset] = list(anchors)
    return found


def _marked(text: str, layer: Layer | None, labels: dict[str, str] | None) -> str:
    """A stretch of text, marked when annotations cover it; ``labels`` are given where some of
    them begin: a tooltip there is enough, and repeating it on every stretch bloats pages."""
    if layer is None:
        return escape(text, quote=False)
    opening, ids = layer
    title = ""
    if labels is not None:
        title = f' title="{escape("; ".join(labels[i] for i in ids if i in labels))}"'
    return f"{opening}{title}>{escape(text, quote=False)}</mark>"
