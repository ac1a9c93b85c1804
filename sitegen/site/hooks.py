"""Page-context hooks (``sitegen.page_context`` entry points): more values for a page's template."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, cast

from sitegen import plugins
from sitegen.errors import error

Hook = Callable[..., Mapping[str, Any]]
"""``hook(template=..., page_path=..., context=...) -> {name: value}``: new names only."""
SETTING = "plugins.page_context"


def page_context_hooks(names: tuple[str, ...]) -> tuple[tuple[str, Hook], ...]:
    """The named hooks, loaded from their entry points."""
    hooks: list[tuple[str, Hook]] = []
    for name in names:
        value = plugins.load(plugins.PAGE_CONTEXT, name, SETTING).value
        if not callable(value):
            raise error(SETTING, 0, f"the page_context plugin {name!r} is not callable", "point it at a function")
        hooks.append((name, cast(Hook, value)))
    return tuple(hooks)


def with_hooks(
    hooks: tuple[tuple[str, Hook], ...], template: str, page_path: str, context: dict[str, Any]
) -> dict[str, Any]:
    """``context`` plus what each hook adds; a hook may add names, never replace one."""
    if not hooks:
        return context
    added: dict[str, Any] = {}
    for name, hook in hooks:
        with plugins.blamed((name,), SETTING, f"on {page_path}"):
            values = hook(template=template, page_path=page_path, context=MappingProxyType(context))
        if not isinstance(values, Mapping):
            raise error(SETTING, 0, f"the page_context plugin {name!r} returned {type(values).__name__}, not a mapping")
        taken = sorted(set(values) & (set(context) | set(added) | {"site"}))
        if taken:
            raise error(
                SETTING, 0, f"the page_context plugin {name!r} would replace {', '.join(taken)}", "add new names"
            )
        added.update(values)
    return {**context, **added}
