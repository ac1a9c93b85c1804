"""YAML loading that keeps the line of every value, so errors can name file:line."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Union

import yaml

from sitegen.errors import error

# A constructor only resolves scalars here; it holds no state between calls.
_CONSTRUCTOR = yaml.SafeLoader("")

Value = Union["Located", "LocatedMap", "LocatedList"]


@dataclass(frozen=True, slots=True)
class Located:
    """A scalar with the place it was written."""

    value: str | int | float | bool | None
    path: str
    line: int
    col: int


@dataclass(frozen=True, slots=True)
class LocatedMap:
    """A mapping whose keys and values keep their places; keys keep file order."""

    items: tuple[tuple[Located, Value], ...]
    path: str
    line: int
    col: int

    def get(self, key: str) -> Value | None:
        for name, value in self.items:
            if name.value == key:
                return value
        return None


@dataclass(frozen=True, slots=True)
class LocatedList:
    """A sequence with the place it was written."""

    items: tuple[Value, ...]
    path: str
    line: int
    col: int


MAX_DEPTH = 100
"""Deepest nesting of lists and mappings accepted; curated files need a handful of levels."""
MAX_ALIAS_VALUES = 100_000
"""How many values aliases (``*name``) may add to a file by repeating anchored ones."""


def load_yaml(text: str, path: str, line_offset: int = 0) -> Value | None:
    """Parse one YAML document into located values; ``None`` for an empty document.

    ``line_offset`` shifts reported lines, for YAML embedded in another file
    (Markdown front matter).
    """
    places = Places(text, line_offset)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = places.at(mark.index) if mark else (0, 0)
        raise error(path, line, f"invalid YAML: {exc.problem or exc}", col=col) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow: NUL, ESC, …
        line, col = places.at(exc.position)
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise error(path, line, f"invalid YAML: character U+{code:04X} is not allowed", "remove it", col=col) from None
    except yaml.YAMLError as exc:
        raise error(path, 0, f"invalid YAML: {exc}") from None
    except RecursionError:
        # PyYAML's composer recurses once per level of nesting.
        raise error(path, 1, "invalid YAML: nested too deeply", f"use at most {MAX_DEPTH} levels") from None
    if node is None:
        return None
    return _Converter(path, places).convert(node, 1)


class Places:
    """1-based (line, column) of a character of the text. PyYAML's marks count U+0085, U+2028
    and U+2029 as line breaks, which no editor shows as one, so lines are counted here from
    line feeds alone when the text holds any of them."""

    def __init__(self, text: str, offset: int) -> None:
        self.text, self.offset = text, offset
        self.odd = any(mark in text for mark in ("\x85", "\u2028", "\u2029", "\r"))
        self._feeds: list[int] | None = None

    def of(self, index: int, line: int, column: int) -> tuple[int, int]:
        """The place of character ``index``, which PyYAML put at 0-based ``line``, ``column``."""
        return self.at(index) if self.odd else (line + 1 + self.offset, column + 1)

    def at(self, index: int) -> tuple[int, int]:
        if self._feeds is None:
            self._feeds = [at for at, char in enumerate(self.text) if char == "\n"]
        before = bisect.bisect_left(self._feeds, index)
        start = self._feeds[before - 1] + 1 if before else 0
        return before + 1 + self.offset, index - start + 1


class _Converter:
    """Nodes → located values; an anchored node is converted once however often it is aliased."""

    def __init__(self, path: str, places: Places) -> None:
        self.path, self.places = path, places
        self.done: dict[int, tuple[Value, int]] = {}
        """id(node) → (value, number of values it expands to)."""
        self.open: set[int] = set()
        self.added = 0

    def convert(self, node: yaml.Node, depth: int) -> Value:
        return self._sized(node, depth)[0]

    def _sized(self, node: yaml.Node, depth: int) -> tuple[Value, int]:
        mark = node.start_mark
        line, col = self.places.of(mark.index, mark.line, mark.column)
        if id(node) in self.done:
            value, size = self.done[id(node)]
            self.added += size
            if self.added > MAX_ALIAS_VALUES:
                raise error(self.path, line, "aliases expand this YAML too much", "write the values out", col=col)
            return value, size
        if id(node) in self.open:
            raise error(self.path, line, "an alias refers to the value that contains it", "remove the alias", col=col)
        if depth > MAX_DEPTH:
            raise error(self.path, line, "YAML nested too deeply", f"use at most {MAX_DEPTH} levels", col=col)
        self.open.add(id(node))
        value, size = self._build(node, depth, line, col)
        self.open.discard(id(node))
        self.done[id(node)] = (value, size)
        return value, size

    def _build(self, node: yaml.Node, depth: int, line: int, col: int) -> tuple[Value, int]:
        path = self.path
        if isinstance(node, yaml.MappingNode):
            items = []
            seen: dict[object, int] = {}
            size = 1
            for key_node, value_node in node.value:
                key, key_size = self._sized(key_node, depth + 1)
                if not isinstance(key, Located):
                    raise error(path, line, "mapping keys must be plain values")
                if key.value in seen:
                    raise error(
                        path,
                        key.line,
                        f"duplicate key {key.value!r} (first at line {seen[key.value]})",
                        col=key.col,
                    )
                seen[key.value] = key.line
                value, value_size = self._sized(value_node, depth + 1)
                items.append((key, value))
                size += key_size + value_size
            return LocatedMap(tuple(items), path, line, col), size
        if isinstance(node, yaml.SequenceNode):
            sized = [self._sized(n, depth + 1) for n in node.value]
            return LocatedList(tuple(v for v, _ in sized), path, line, col), 1 + sum(n for _, n in sized)
        return Located(_scalar(node), path, line, col), 1


def _scalar(node: yaml.Node) -> str | int | float | bool | None:
    # Resolve tags the safe way, but keep dates and timestamps as the text written.
    if node.tag == "tag:yaml.org,2002:timestamp":
        return str(node.value)
    try:
        value = _CONSTRUCTOR.construct_object(node)
    except yaml.YAMLError:
        return str(node.value)  # e.g. the merge key ``<<``: kept as text, so it is an unknown key
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(node.value)
