"""Reader for GUM-format folders (WebAnno TSV 3.2): named-entity mentions with identities and dates."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

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
    return GoldDoc(name, text, mentions=_keep(text, mentions.values()))


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


def _keep(text: str, mentions: object) -> tuple[Mention, ...]:
    """Named mentions with an identity that start with a capital letter, plus every time mention."""
    kept = set()
    for m in mentions:  # type: ignore[attr-defined]
        if m.kind == "time" or (m.kind in NAMED and m.identity and text[m.start : m.start + 1].isupper()):
            kept.add(Mention(*our_convention(text, m.start, m.end), TYPES[m.kind]))
    return tuple(sorted(kept, key=lambda m: (m.start, m.end, m.type)))


_CLITIC = re.compile(r"\s*['’]s?$")
_ARTICLE = re.compile(r"(?:the|The|THE)\s+")


def our_convention(text: str, start: int, end: int) -> tuple[int, int]:
    """A gold span under our span convention (docs/annotators.md): GUM puts the possessive clitic
    and a leading "the" inside a mention ("Afghanistan 's", "The World Health Organisation"); we
    keep both outside, so the gold is trimmed the same way before scoring."""
    clitic = _CLITIC.search(text, start, end)
    if clitic is not None and clitic.start() > start:
        end = clitic.start()
    article = _ARTICLE.match(text, start, end)
    if article is not None and article.end() < end:
        start = article.end()
    return start, end
