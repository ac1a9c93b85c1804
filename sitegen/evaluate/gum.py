"""Reader for GUM-format folders (WebAnno TSV 3.2): named-entity mentions with identities and dates."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.evaluate.convention import is_name, is_point_in_time, our_convention
from sitegen.evaluate.records import GoldDoc, Mention

TYPES = {"person": "person", "organization": "organisation", "place": "place", "time": "date"}
NAMED = frozenset({"person", "organization", "place"})
_LABEL = re.compile(r"^([^\[]+)(?:\[(\d+)\])?$")


@dataclass(slots=True)
class _Open:
    """A mention being collected token by token."""

    kind: str
    start: int
    end: int
    identity: str = ""
    tokens: list[int] = field(default_factory=list)


def read_gum(folder: Path, limit: int = 0) -> Iterator[GoldDoc]:
    """Every ``*.tsv`` document of a folder, sorted by name."""
    for count, path in enumerate(sorted(folder.glob("*.tsv")), start=1):
        yield parse_tsv(path.stem, path.read_text(encoding="utf-8"))
        if limit and count >= limit:
            return


def parse_tsv(name: str, source: str) -> GoldDoc:
    tokens: list[tuple[int, int, str, bool]] = []
    mentions: dict[str, _Open] = {}
    sentence_start = False
    for line in source.split("\n"):
        if line.startswith("#Text="):
            sentence_start = True
            continue
        fields = line.split("\t")
        if line.startswith("#") or len(fields) < 7 or "-" not in fields[1]:
            continue
        start, end = (int(x) for x in fields[1].split("-"))
        tokens.append((start, end, fields[2], sentence_start))
        sentence_start = False
        _collect(mentions, f"{len(tokens)}", start, end, fields[3], fields[6])
    text = _rebuild(tokens)
    kept, outside = _keep(text, mentions.values())
    return GoldDoc(name, text, mentions=kept, outside=outside)


def _collect(mentions: dict[str, _Open], token_key: str, start: int, end: int, kinds: str, ids: str) -> None:
    if kinds == "_":
        return
    identities = _identities(ids)
    for position, label in enumerate(kinds.split("|")):
        match = _LABEL.match(label)
        if match is None:
            continue
        kind, number = match.group(1), match.group(2)
        key = number or f"t{token_key}.{position}"
        identity = identities.get(number or "", identities.get(f"#{position}", ""))
        found = mentions.get(key)
        if found is None:
            mentions[key] = _Open(kind, start, end, identity)
        else:
            found.end = end
            found.identity = found.identity or identity


def _identities(ids: str) -> dict[str, str]:
    """identity[id] pairs; an identity without an id belongs to a one-token mention."""
    found: dict[str, str] = {}
    if ids == "_":
        return found
    for position, item in enumerate(ids.split("|")):
        match = _LABEL.match(item)
        if match is not None and match.group(1) != "_":
            found[match.group(2) or f"#{position}"] = match.group(1)
    return found


def _rebuild(tokens: list[tuple[int, int, str, bool]]) -> str:
    """Each token at its offsets; a sentence break becomes a newline."""
    size = max((end for _, end, _, _ in tokens), default=0)
    chars = [" "] * size
    for start, end, surface, new_sentence in tokens:
        chars[start:end] = list(surface[: end - start].ljust(end - start))
        if new_sentence and start > 0:
            chars[start - 1] = "\n"
    return "".join(chars)


def _keep(text: str, mentions: Iterable[_Open]) -> tuple[tuple[Mention, ...], tuple[Mention, ...]]:
    """The named mentions (an identity, and a name's first word: ``convention.is_name``) and the
    times that are points in time, under our span convention; and the rest of the person,
    organisation, place and time mentions GUM marks, on which predictions are not scored. A
    mention inside another kept one ("2017" in "July 21 , 2017", "Canada" in "Environment Canada")
    is not scored either: a flat annotator marks one of the two, and flat named-entity corpora made
    from nested ones keep the outermost."""
    kept: set[Mention] = set()
    outside: set[Mention] = set()
    for m in mentions:
        if m.kind not in TYPES:
            continue
        start, end = our_convention(text, m.start, m.end, m.kind)
        mention = Mention(start, end, TYPES[m.kind])
        named = m.kind in NAMED and bool(m.identity) and is_name(text, start, end)
        dated = m.kind == "time" and is_point_in_time(text[start:end])
        (kept if named or dated else outside).add(mention)
    nested = {m for m in kept if any(_inside(m, o) for o in kept)}
    return _sorted(kept - nested), _sorted(outside | nested)


def _inside(inner: Mention, outer: Mention) -> bool:
    return inner != outer and outer.start <= inner.start and inner.end <= outer.end


def _sorted(mentions: set[Mention]) -> tuple[Mention, ...]:
    return tuple(sorted(mentions, key=lambda m: (m.start, m.end, m.type)))
