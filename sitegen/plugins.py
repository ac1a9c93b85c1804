"""Extension points by entry point: annotators, markdown-it plugins and page-context hooks.

A package declares, in its ``pyproject.toml``::

    [project.entry-points."sitegen.annotators"]
    shouting = "my_package:Shouting"

and a project turns it on by name in ``sitegen.yml`` (``annotate.annotators``,
``plugins.markdown``, ``plugins.page_context``): an installed plugin does nothing until it is
named, so a build never depends on what else happens to be installed.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.metadata
import traceback
from collections.abc import Iterator
from dataclasses import dataclass

from sitegen.errors import SitegenError, error

ANNOTATORS = "sitegen.annotators"
"""A class (or instance) with ``name``, ``version`` and ``__call__(doc, context) -> proposals``."""
MARKDOWN = "sitegen.markdown"
"""A markdown-it-py plugin: ``plugin(md)``, as given to ``MarkdownIt.use``."""
PAGE_CONTEXT = "sitegen.page_context"
"""``hook(template, page_path, context) -> mapping``: more values for a page's template."""
GROUPS = (ANNOTATORS, MARKDOWN, PAGE_CONTEXT)


@dataclass(frozen=True, slots=True)
class Loaded:
    """A plugin as loaded: its entry-point name, the object, and the distribution that ships it."""

    name: str
    value: object
    distribution: str
    """``name==version`` of the package that declares it (part of cache keys and provenance)."""


def installed(group: str) -> tuple[str, ...]:
    """The names of every plugin of ``group`` installed, sorted."""
    return tuple(sorted({point.name for point in importlib.metadata.entry_points(group=group)}))


@functools.cache
def load(group: str, name: str, setting: str = "sitegen.yml") -> Loaded:
    """The plugin ``name`` of ``group``; an error naming the fix when it is missing or broken."""
    points = [point for point in importlib.metadata.entry_points(group=group) if point.name == name]
    if not points:
        known = ", ".join(installed(group)) or "none"
        raise error(
            setting,
            0,
            f"no {group} plugin named {name!r} is installed (installed: {known})",
            "pip install the package that provides it into the same environment as sitegen",
        )
    point = points[0]
    try:
        value = point.load()
    except Exception as exc:  # a plugin's own bug, reported as the plugin's
        raise error(setting, 0, f"the {group} plugin {name!r} ({point.value}) failed to load: {exc!r}") from None
    dist = point.dist
    shipped = f"{dist.name}=={dist.version}" if dist is not None else ""
    return Loaded(name, value, shipped)


@contextlib.contextmanager
def blamed(names: tuple[str, ...], setting: str, doing: str) -> Iterator[None]:
    """Report an exception out of plugin code as an error of the plugins ``names`` (exit 1,
    naming them, the exception and the plugin's line), not as a bug in sitegen (exit 70)."""
    try:
        yield
    except SitegenError:
        raise
    except Exception as exc:
        frames = traceback.extract_tb(exc.__traceback__)
        where = f" at {frames[-1].filename}:{frames[-1].lineno}" if frames else ""
        named = ", ".join(repr(name) for name in names)
        raise error(
            setting,
            0,
            f"plugin {named} failed {doing}: {type(exc).__name__}: {exc}{where}",
            f"fix the plugin, or take it out of {setting}",
        ) from None
