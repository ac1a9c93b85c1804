"""Reader for PolNeAR-format folders: SPLIT/text/*.txt plus brat SPLIT/attributions/*.ann."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from sitegen.evaluate.records import GoldDoc, Relation, Spans

_RECORD = re.compile(r"^(?:[TEAR]\d+|#\d*)\t")
_ROLES = {"Cue": "cue", "Source": "source", "Content": "content", "Content2": "content"}


def read_polnear(folder: Path, limit: int = 0) -> Iterator[GoldDoc]:
    """Every document of a split folder that has an annotator file, sorted by name."""
    texts = sorted((folder / "text").glob("*.txt"))
    count = 0
    for text_path in texts:
        ann = first_annotation_file(folder / "attributions", text_path.stem)
        if ann is None:
            continue
        text = text_path.read_text(encoding="utf-8")
        yield GoldDoc(text_path.stem, text, relations=parse_ann(ann.read_text(encoding="utf-8")))
        count += 1
        if limit and count >= limit:
            return


def first_annotation_file(folder: Path, stem: str) -> Path | None:
    """The first annotator's file in sorted order, so scores are reproducible."""
    candidates = sorted(p for p in folder.glob(f"{stem}_*.ann") if _is_annotator_of(p, stem))
    return candidates[0] if candidates else None


def _is_annotator_of(path: Path, stem: str) -> bool:
    # DOC_ANNOTATOR.ann: the annotator suffix has no underscore, so a longer
    # document name sharing the prefix does not match.
    return "_" not in path.stem[len(stem) + 1 :]


def parse_ann(source: str) -> tuple[Relation, ...]:
    """Relations of a brat file; unreferenced Discuss/Discard marks are ignored."""
    spans: dict[str, Spans] = {}
    events: list[dict[str, str]] = []
    for record in _records(source):
        fields = record.split("\t")
        if fields[0].startswith("T") and len(fields) >= 2:
            spans[fields[0]] = _parse_offsets(fields[1])
        elif fields[0].startswith("E") and len(fields) >= 2:
            events.append(dict(arg.split(":", 1) for arg in fields[1].split() if ":" in arg))
    return tuple(_relation(event, spans) for event in events)


def _records(source: str) -> Iterator[str]:
    """Logical records: a line not starting a record continues the previous surface."""
    current = ""
    for line in source.split("\n"):
        if _RECORD.match(line):
            if current:
                yield current
            current = line
        elif current:
            current += "\n" + line
    if current:
        yield current


def _parse_offsets(field: str) -> Spans:
    _, _, offsets = field.partition(" ")
    pieces = []
    for piece in offsets.split(";"):
        start, end = piece.split()
        pieces.append((int(start), int(end)))
    return tuple(sorted(pieces))


def _relation(event: dict[str, str], spans: dict[str, Spans]) -> Relation:
    parts: dict[str, list[tuple[int, int]]] = {"cue": [], "source": [], "content": []}
    for key, ref in event.items():
        role = _ROLES.get(key)
        if role is not None and ref in spans:
            parts[role].extend(spans[ref])
    return Relation(
        cue=tuple(sorted(parts["cue"])),
        source=tuple(sorted(parts["source"])),
        content=tuple(sorted(parts["content"])),
    )
