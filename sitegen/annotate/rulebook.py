"""Dependency patterns as data: attribution frames and sense vetoes read from ``patterns/*.toml``
and matched with spaCy's ``DependencyMatcher``.

A pattern file holds ``[[pattern]]`` tables. Each names its nodes in spaCy's dependency-pattern
form (``RIGHT_ID``, ``RIGHT_ATTRS``, ``LEFT_ID``, ``REL_OP``) and says what the nodes are:

* ``cue``: the nodes the cue runs across (first to last); the first is the frame's cue token;
* ``content``: the node whose subtree is the content; ``source``: the node that is the speaker;
* a **veto** pattern (file ``vetoes.toml``) has only ``cue``: a frame on that token is dropped.

The engine knows no words: a new construction or a new sense filter is a table in a file, with
an example, and a test that parses the example.
"""

from __future__ import annotations

import importlib.resources
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from sitegen.annotate.frames import Frame, Range, np_range

if TYPE_CHECKING:
    from spacy.matcher import DependencyMatcher
    from spacy.tokens import Doc, Token
    from spacy.vocab import Vocab

FILES = ("frames.toml", "vetoes.toml")


@dataclass(frozen=True, slots=True)
class Pattern:
    """One dependency pattern and the roles of its nodes."""

    name: str
    """The rule label a frame carries (``faced:noun``), or the veto's name."""
    nodes: tuple[dict[str, Any], ...]
    cue: tuple[str, ...]
    content: str = ""
    source: str = ""
    confidence: float = 0.65
    example: str = ""


def load(file: str) -> tuple[Pattern, ...]:
    """The patterns of ``patterns/FILE``; a malformed one is a ``ValueError`` naming it."""
    text = (importlib.resources.files("sitegen.annotate") / "patterns" / file).read_text(encoding="utf-8")
    return tuple(_pattern(file, entry) for entry in tomllib.loads(text).get("pattern", []))


def _pattern(file: str, entry: dict[str, Any]) -> Pattern:
    name = entry.get("name", "?")
    nodes = tuple(entry.get("nodes", ()))
    known = {node.get("RIGHT_ID") for node in nodes}
    roles = [*entry.get("cue", ()), entry.get("content", ""), entry.get("source", "")]
    missing = [role for role in roles if role and role not in known]
    if not nodes or not entry.get("cue") or missing:
        raise ValueError(f"patterns/{file}: pattern {name!r}: needs nodes and a cue naming its nodes {missing}")
    return Pattern(
        name,
        nodes,
        tuple(entry["cue"]),
        entry.get("content", ""),
        entry.get("source", ""),
        float(entry.get("confidence", 0.65)),
        entry.get("example", ""),
    )


@lru_cache(maxsize=8)
def _matcher(vocab: Vocab, file: str) -> tuple[DependencyMatcher, tuple[Pattern, ...]]:
    """One matcher per vocabulary and file, built on first use (a build parses with one model)."""
    from spacy.matcher import DependencyMatcher

    patterns = load(file)
    matcher = DependencyMatcher(vocab)
    for number, pattern in enumerate(patterns):
        matcher.add(str(number), [list(pattern.nodes)])
    return matcher, patterns


def matches(doc: Doc, file: str) -> Iterator[tuple[Pattern, dict[str, Token]]]:
    """Each match of the file's patterns in ``doc``: the pattern and its nodes by name, in text order.
    A model without a parser or lemmatizer matches nothing (spaCy's matcher would refuse the doc)."""
    if not (doc.has_annotation("DEP") and doc.has_annotation("LEMMA")):
        return
    matcher, patterns = _matcher(doc.vocab, file)
    found = []
    for key, token_ids in matcher(doc):
        pattern = patterns[int(doc.vocab.strings[key])]
        nodes = {node["RIGHT_ID"]: doc[i] for node, i in zip(pattern.nodes, token_ids, strict=True)}
        found.append((nodes[pattern.cue[0]].i, pattern.name, pattern, nodes))
    for _, _, pattern, nodes in sorted(found, key=lambda item: item[:2]):
        yield pattern, nodes


def pattern_frames(doc: Doc) -> Iterator[Frame]:
    """The frames of ``patterns/frames.toml``, one per cue token (the first pattern that matches)."""
    seen: set[int] = set()
    for pattern, nodes in matches(doc, "frames.toml"):
        cue = [nodes[name] for name in pattern.cue]
        if cue[0].i in seen:
            continue
        seen.add(cue[0].i)
        source = nodes.get(pattern.source)
        yield Frame(
            (min(t.idx for t in cue), max(t.idx + len(t.text) for t in cue)),
            np_range(source) if source is not None else None,
            (_subtree(nodes[pattern.content]),),
            pattern.name,
            pattern.confidence,
            cue[0].i,
            source.i if source is not None else -1,
        )


def vetoed(doc: Doc) -> frozenset[int]:
    """The tokens that ``patterns/vetoes.toml`` says are no cue here ("deny Democrats a landslide")."""
    return frozenset(nodes[pattern.cue[0]].i for pattern, nodes in matches(doc, "vetoes.toml"))


def _subtree(token: Token) -> Range:
    tokens = sorted(token.subtree, key=lambda t: t.i)
    while len(tokens) > 1 and (tokens[-1].is_punct or tokens[-1].is_space) and not tokens[-1].is_quote:
        tokens.pop()
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
