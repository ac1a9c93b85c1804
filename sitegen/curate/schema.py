"""Typed validation of located YAML into frozen dataclasses, reporting every problem at once."""

from __future__ import annotations

import dataclasses
import difflib
import functools
import types
import typing
from typing import Any, TypeVar

from sitegen.curate.yamlsource import Located, LocatedList, LocatedMap, Value
from sitegen.errors import Diagnostics, Location

T = TypeVar("T")

# A field typed ``tuple[tuple[str, X], ...]`` is a YAML mapping from text to X, stored
# as sorted pairs (``attrs``, ``links``, ``parts``). A dataclass field whose class's
# first field is text may be written as that text alone (``source: "Kimakovski"``).


def build_record(cls: type[T], node: Value | None, diagnostics: Diagnostics, partial: bool = False) -> T | None:
    """Validate ``node`` against dataclass ``cls``; ``None`` (with diagnostics) when invalid.

    With ``partial``, an invalid record still comes back built from its valid fields, so
    later checks can report their problems in the same run.
    """
    if node is None:
        return cls()
    if not isinstance(node, LocatedMap):
        diagnostics.error(where(node), f"expected a mapping of {_describe(cls)} settings")
        return None
    fields, hints = _schema(typing.cast(type, cls))
    values: dict[str, Any] = {}
    ok = True
    for key, value in node.items:
        name = str(key.value)
        if name not in fields:
            diagnostics.error(where(key), f"unknown key {key.value!r}", did_you_mean(str(key.value), fields))
            ok = False
            continue
        converted = _convert(hints[name], value, diagnostics, name)
        if converted is _INVALID:
            ok = False
        else:
            values[name] = converted
    return cls(**values) if ok or partial else None


_INVALID = object()


@functools.cache
def _schema(cls: type) -> tuple[dict[str, dataclasses.Field[Any]], dict[str, Any]]:
    """A record class's fields and their types, worked out once: evaluating the annotations
    took 3 ms a record, most of the time 3,000 curated entries took to load."""
    return {f.name: f for f in dataclasses.fields(cls)}, typing.get_type_hints(cls)


def _convert(hint: Any, node: Value, diagnostics: Diagnostics, name: str) -> Any:
    origin = typing.get_origin(hint)
    if origin is typing.Union or origin is types.UnionType:
        (hint,) = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return _convert(hint, node, diagnostics, name)
    if origin is tuple:
        item = typing.get_args(hint)[0]
        if typing.get_origin(item) is tuple and typing.get_args(item)[0] is str:
            return _pairs(typing.get_args(item)[1], node, diagnostics, name)
        return _tuple(item, node, diagnostics, name)
    if dataclasses.is_dataclass(hint):
        if isinstance(node, Located) and isinstance(node.value, str):
            return typing.cast(Any, hint)(node.value)
        record = build_record(hint, node, diagnostics)  # type: ignore[arg-type]
        return _INVALID if record is None else record
    return _scalar(hint, node, diagnostics, name)


def _scalar(hint: Any, node: Value, diagnostics: Diagnostics, name: str) -> Any:
    expected = {str: "text", int: "a whole number", float: "a number", bool: "true or false"}[hint]
    if isinstance(node, Located):
        value = node.value
        if hint is float and isinstance(value, int) and not isinstance(value, bool):
            return float(value)
        if hint is str and isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        if isinstance(value, hint) and not (hint is int and isinstance(value, bool)):
            return value
        if hint is str and value is None:
            return ""
    got = _kind_of(node)
    diagnostics.error(where(node), f"{name!r} must be {expected}, not {got}")
    return _INVALID


def _tuple(item_hint: Any, node: Value, diagnostics: Diagnostics, name: str) -> Any:
    if isinstance(node, Located) and item_hint is str and isinstance(node.value, str):
        return (node.value,)
    if not isinstance(node, LocatedList):
        diagnostics.error(where(node), f"{name!r} must be a list, not {_kind_of(node)}")
        return _INVALID
    items = [_convert(item_hint, item, diagnostics, name) for item in node.items]
    return _INVALID if any(item is _INVALID for item in items) else tuple(items)


def _pairs(value_hint: Any, node: Value, diagnostics: Diagnostics, name: str) -> Any:
    if not isinstance(node, LocatedMap):
        diagnostics.error(where(node), f"{name!r} must be a mapping, not {_kind_of(node)}")
        return _INVALID
    pairs = []
    for key, value in node.items:
        converted = _convert(value_hint, value, diagnostics, f"{name}.{key.value}")
        if converted is _INVALID:
            return _INVALID
        pairs.append((str(key.value), converted))
    return tuple(sorted(pairs, key=lambda pair: pair[0]))


def did_you_mean(word: str, choices: typing.Iterable[str]) -> str:
    """A hint naming the closest known word, or listing them all."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    if close:
        return f"did you mean {close[0]!r}?"
    return "known keys: " + ", ".join(sorted(choices))


def where(node: Value) -> Location:
    """The location of a located YAML value."""
    return Location(node.path, node.line, node.col)


def _kind_of(node: Value) -> str:
    if isinstance(node, LocatedMap):
        return "a mapping"
    if isinstance(node, LocatedList):
        return "a list"
    if node.value is None:
        return "empty"
    return f"{type(node.value).__name__} {node.value!r}"


def _describe(cls: type) -> str:
    return cls.__name__
