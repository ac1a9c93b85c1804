"""Quicker construction of frozen, slotted dataclasses, for the values a build makes by the
hundred for every document (annotations, passages, views).

The ``__init__`` that ``dataclass(frozen=True)`` writes sets each field through
``object.__setattr__``, since its own ``__setattr__`` refuses: 0.6 µs for a six-field value
on this machine. Setting each slot through its descriptor does the same in 0.3 µs. A warm
build makes some 700 such values per document, and ~2 s of a 5,000-document build's processor
time went there. The class stays as frozen as it was: only construction changes.
"""

from __future__ import annotations

import dataclasses
import inspect
from typing import Any, TypeVar

T = TypeVar("T")


def direct_init(cls: type[T]) -> type[T]:
    """Give a frozen, slotted dataclass an ``__init__`` that sets its slots directly.

    Only for plain fields (positional or keyword, optionally with a default): a default factory,
    an init-only variable, a keyword-only field or a ``__post_init__`` would need the generated
    one's logic, so those are refused."""
    params = getattr(cls, "__dataclass_params__", None)
    if params is None or not params.frozen or "__slots__" not in vars(cls):
        raise TypeError(f"{cls.__name__}: direct_init is for frozen dataclasses with slots")
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    generated = list(inspect.signature(cls.__init__).parameters)[1:]
    plain = [field.name for field in fields if _plain(field)]
    if hasattr(cls, "__post_init__") or generated != plain or len(plain) != len(fields):
        raise TypeError(f"{cls.__name__}: direct_init takes plain fields and no __post_init__")
    namespace: dict[str, Any] = {}
    parameters, body = [], []
    for number, field in enumerate(fields):
        namespace[f"_set{number}"] = getattr(cls, field.name).__set__
        if field.default is dataclasses.MISSING:
            parameters.append(field.name)
        else:
            namespace[f"_default{number}"] = field.default
            parameters.append(f"{field.name}=_default{number}")
        body.append(f"    _set{number}(self, {field.name})\n")
    body_text = "".join(body) or "    pass\n"
    source = f"def __init__(self, {', '.join(parameters)}):\n{body_text}"
    exec(source, namespace)  # the way dataclasses writes its own __init__
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    cls.__init__ = init  # type: ignore[method-assign]
    return cls


def _plain(field: dataclasses.Field[Any]) -> bool:
    return field.init and field.default_factory is dataclasses.MISSING and field.kw_only is not True
