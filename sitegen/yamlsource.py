"""YAML loading that keeps the line of every value, so errors can name file:line."""

from __future__ import annotations

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


def load_yaml(text: str, path: str, line_offset: int = 0) -> Value | None:
    """Parse one YAML document into located values; ``None`` for an empty document.

    ``line_offset`` shifts reported lines, for YAML embedded in another file
    (Markdown front matter).
    """
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + line_offset if mark else 0
        col = mark.column + 1 if mark else 0
        raise error(path, line, f"invalid YAML: {exc.problem or exc}", col=col) from None
    except yaml.YAMLError as exc:
        raise error(path, 0, f"invalid YAML: {exc}") from None
    if node is None:
        return None
    return _convert(node, path, line_offset)


def _convert(node: yaml.Node, path: str, offset: int) -> Value:
    line, col = node.start_mark.line + 1 + offset, node.start_mark.column + 1
    if isinstance(node, yaml.MappingNode):
        items = []
        seen: dict[object, int] = {}
        for key_node, value_node in node.value:
            key = _convert(key_node, path, offset)
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
            items.append((key, _convert(value_node, path, offset)))
        return LocatedMap(tuple(items), path, line, col)
    if isinstance(node, yaml.SequenceNode):
        return LocatedList(tuple(_convert(n, path, offset) for n in node.value), path, line, col)
    return Located(_scalar(node), path, line, col)


def _scalar(node: yaml.Node) -> str | int | float | bool | None:
    # Resolve tags the safe way, but keep dates and timestamps as the text written.
    if node.tag == "tag:yaml.org,2002:timestamp":
        return str(node.value)
    value = _CONSTRUCTOR.construct_object(node)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(node.value)
