"""Highlight coverage: which annotations cover each stretch of text, and its HTML.

Highlights wrap only leaf text, one flat element per stretch, so whatever the
overlap of annotations and inline markup the HTML nests correctly.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from html import escape

from sitegen.curate.ids import ID_PREFIX
from sitegen.model import Annotation

Layer = str
"""The opening tag of one stretch's mark (``<mark class="hl c cue p" data-ann="…">``), made once
per stretch of the sweep, not per leaf."""


@dataclass(frozen=True, slots=True)
class Coverage:
    """Stretch ``i`` runs from ``bounds[i]`` to ``bounds[i + 1]`` under ``layers[i]`` (None: bare)."""

    bounds: tuple[int, ...]
    layers: tuple[Layer | None, ...]
    starts: tuple[tuple[int, tuple[str, ...]], ...]
    """(offset, anchor elements of the annotations that start there), sorted: where anchors go."""
    start_offsets: tuple[int, ...]
    """The offsets of ``starts`` alone, for bisecting."""
    openers: dict[int, str]
    """Offset → the opening tag of the mark there with an ``id``, its ``data-ann`` the other
    annotations it covers (none when that one is all): its first mark is its anchor (#23)."""


def kind_class(kind: str) -> str:
    """A kind's class on marks and list items: its ids' prefix (``c`` claim, ``d`` dispute,
    ``e`` entity; another kind's first letter)."""
    return ID_PREFIX.get(kind, kind[:1])


def build_coverage(
    annotations: tuple[Annotation, ...], aliases: dict[str, tuple[str, ...]] | None = None, text: str = ""
) -> Coverage:
    """Sweep the annotations' spans and parts once: O((n + k) log k).

    ``aliases`` maps an annotation id to its old ids, which get anchors beside its own.
    ``text`` (the document's) lets white space between two parts of the same annotations join
    the part before it instead of making a mark of its own (#23: a claim's "source said that"
    was five marks, two of them a space).
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
    anchored = {ann.start for ann in annotations}
    bounds, layers, covering = _sweep(events, anchored, text)
    starts, openers = _anchors(annotations, covering, aliases or {})
    ordered = tuple(sorted((k, tuple(v)) for k, v in starts.items()))
    return Coverage(tuple(bounds), tuple(layers), ordered, tuple(offset for offset, _ in ordered), openers)


Covering = dict[int, tuple[tuple[str, ...], str]]
"""Offset where annotations start → the ids and classes of the mark there."""


def _sweep(
    events: dict[int, list[tuple[int, Stretch]]], anchored: set[int], text: str
) -> tuple[list[int], list[Layer | None], Covering]:
    active: dict[Stretch, int] = {}
    stretches: list[tuple[int, tuple[str, ...], str]] = []
    for offset in sorted(events):
        for step, key in events[offset]:
            count = active.get(key, 0) + step
            if count:
                active[key] = count
            else:
                del active[key]
        ids, classes = _layer(active) if active else ((), "")
        if stretches and (ids, classes) == stretches[-1][1:] and offset not in anchored:
            continue  # the same mark goes on (a part that outlasts its span): one element, not two
        stretches.append((offset, ids, classes))
    kept = _spaces_joined(stretches, anchored, text)
    bounds = [offset for offset, _, _ in kept]
    layers = [_opening(" ".join(ids), classes) if ids else None for _, ids, classes in kept]
    return bounds, layers, {offset: (ids, classes) for offset, ids, classes in kept if offset in anchored}


Stretches = list[tuple[int, tuple[str, ...], str]]
"""(start, ids, classes) of each stretch, in order."""


def _spaces_joined(stretches: Stretches, anchored: set[int], text: str) -> Stretches:
    """White space under the same annotations as the stretch before it joins that stretch,
    or else the one after it (whose start must not be where an annotation starts)."""
    kept: Stretches = []
    skip = False
    for n, (start, ids, classes) in enumerate(stretches):
        if skip:
            skip = False
            continue
        after = stretches[n + 1] if n + 1 < len(stretches) else None
        space = bool(ids) and after is not None and start not in anchored and text[start : after[0]].isspace()
        if space and kept and kept[-1][1] == ids:
            continue
        if space and after is not None and after[1] == ids and after[0] not in anchored:
            kept.append((start, after[1], after[2]))
            skip = True
            continue
        kept.append((start, ids, classes))
    return kept


def _anchors(
    annotations: tuple[Annotation, ...], covering: Covering, aliases: dict[str, tuple[str, ...]]
) -> tuple[dict[int, list[str]], dict[int, str]]:
    """Where each annotation starts, the element ``#ID`` finds: the first mark there when its
    review state is the mark's (its ``p`` class then badges it rightly), else an empty
    ``span.anchor`` before it (old ids, and every other annotation starting there, too)."""
    starting: dict[int, list[Annotation]] = {}
    for ann in annotations:
        starting.setdefault(ann.start, []).append(ann)
    starts: dict[int, list[str]] = {}
    openers: dict[int, str] = {}
    for offset, anns in starting.items():
        ids, classes = covering.get(offset, ((), ""))
        proposed = "p" in classes.split()
        for ann in sorted(anns, key=lambda a: a.id):
            if offset not in openers and ann.id in ids and (ann.review == "proposed") == proposed:
                others = " ".join(i for i in ids if i != ann.id)  # its id names it (#23: 12 bytes)
                data = f' data-ann="{_attribute(others)}"' if others else ""
                openers[offset] = f'<mark class="hl {_attribute(classes)}" id="{escape(ann.id)}"{data}>'
                names: tuple[str, ...] = aliases.get(ann.id, ())
            else:
                names = (ann.id, *aliases.get(ann.id, ()))
            css = "anchor p" if ann.review == "proposed" else "anchor"
            starts.setdefault(offset, []).extend(f'<span class="{css}" id="{escape(i)}"></span>' for i in names)
    return starts, openers


Stretch = tuple[str, str, str, str]
"""(annotation id, kind, part role or empty, review state) of one span the sweep follows."""


def _layer(active: dict[Stretch, int]) -> tuple[tuple[str, ...], str]:
    """The ids (sorted) and classes of a stretch's mark: the kinds' classes, the parts' roles,
    ``p`` when a machine proposal covers the stretch."""
    if len(active) == 1:  # four layers in ten: one annotation, said without sorting
        ((ident, kind, role, review),) = active
        classes = [kind_class(kind), *((role,) if role else ()), *(("p",) if review == "proposed" else ())]
        return (ident,), " ".join(classes)
    ids = tuple(sorted({ident for ident, _, _, _ in active}))
    kinds = sorted({kind_class(kind) for _, kind, _, _ in active})
    roles = sorted({role for _, _, role, _ in active if role})
    proposed = ["p"] if any(review == "proposed" for _, _, _, review in active) else []
    return ids, " ".join([*kinds, *roles, *proposed])


def _opening(ids: str, classes: str) -> str:
    return f'<mark class="hl {_attribute(classes)}" data-ann="{_attribute(ids)}">'


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
        html.extend(anchors.pop(start, ()))
        layer = coverage.openers.get(start) or (layers[index] if index >= 0 else None)
        html.append(_marked(text[start - offset : stop - offset], layer))
        start = stop
        index += 1
    return "".join(html)


def _anchors_between(coverage: Coverage, start: int, end: int) -> dict[int, list[str]]:
    keys = coverage.start_offsets
    found: dict[int, list[str]] = {}
    for offset, anchors in coverage.starts[bisect.bisect_left(keys, start) : bisect.bisect_left(keys, end)]:
        found[offset] = list(anchors)
    return found


def _marked(text: str, layer: Layer | None) -> str:
    """A stretch of text, marked when annotations cover it."""
    if layer is None:
        return escape(text, quote=False)
    return f"{layer}{escape(text, quote=False)}</mark>"
