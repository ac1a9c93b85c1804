"""The Jinja2 environment and the read-only views that templates see."""

from __future__ import annotations

import contextlib
import itertools
import posixpath
from collections import ChainMap
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import jinja2.runtime
import markupsafe

from sitegen.config import SiteConfig
from sitegen.errors import error
from sitegen.model import KINDS
from sitegen.site import routes

KIND_NAMES = {"claim": "Claims", "dispute": "Disputed", "entity": "Entities"}


@dataclass(frozen=True, slots=True)
class Link:
    url: str
    text: str


@dataclass(frozen=True, slots=True)
class SiteView:
    """What every page knows of the site."""

    title: str
    description: str
    page_path: str
    root: str
    """URL of the site root from this page (``../`` or empty; the base path, ``/repo/``, for
    pages served at any address): ``{{ site.root }}static/style.css`` costs a template less than
    a call of ``url``, for ASCII paths: the static files every page links to, and passages
    (``documents/<slug>.html#<id>``), which cross-document pages list by the thousand."""
    canonical: str
    kinds: tuple[tuple[str, str], ...]
    base_path: str = ""
    """Set for pages served at any address (the 404 page): links are then absolute paths."""
    folder: str = ""
    """The folder of ``page_path``: an entity page calls ``url`` for each of thousands of passages."""

    def url(self, path: str) -> str:
        if self.base_path:
            return self.base_path + path
        return routes.relative_in(self.folder, path)


def _escaped_markup(text: str, /) -> str:
    return str(markupsafe.escape(text))


_escape_inner: Callable[[str], str] = getattr(markupsafe, "_escape_inner", _escaped_markup)
"""MarkupSafe's C escaper, behind its public ``escape`` since 3.0 (the same text either way)."""


def escaped_text(value: object) -> str:
    """What ``markupsafe.escape`` makes of a value, as a plain string.

    A template's ``{{ value }}`` output is joined into the page at once, so wrapping each
    escaped value in ``Markup`` (a third of the cost of every value a page prints) buys
    nothing there; blocks, macros and ``set`` blocks wrap their joined output themselves."""
    if type(value) is str:
        return _escape_inner(value)
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return _escape_inner(str(value))


class _Template(jinja2.Template):
    """Templates whose compiled code escapes printed values with ``escaped_text``."""

    @classmethod
    def from_code(cls, environment: jinja2.Environment, code: Any, globals: Any, uptodate: Any = None) -> Any:
        template = super().from_code(environment, code, globals, uptodate)
        # Compiled templates print through the module-level name ``escape`` (Jinja 2.x and 3.x);
        # tests/core/test_templates.py checks that this still takes effect.
        namespace = template.root_render_func.__globals__
        if namespace.get("escape") is markupsafe.escape:
            namespace["escape"] = escaped_text
        return template

    def new_context(
        self, vars: dict[str, Any] | None = None, shared: bool = False, locals: Mapping[str, Any] | None = None
    ) -> jinja2.runtime.Context:
        # A template's globals are its own (none here) chained to the environment's: copying
        # the environment's dict for every page costs a tenth of what walking the chain does.
        chained = self.globals
        if isinstance(chained, ChainMap) and len(chained.maps) == 2 and not chained.maps[0]:
            environment_globals = chained.maps[1]
            return jinja2.runtime.new_context(
                self.environment, self.name, self.blocks, vars, shared, environment_globals, locals
            )
        return super().new_context(vars, shared, locals)


THEME_PREFIX = "theme"
"""``{% extends "theme/base.html" %}``: the theme's own template, for an override that changes a block."""


def make_environment(theme_dir: Path, overrides: tuple[Path, ...] = ()) -> jinja2.Environment:
    """Autoescaping, strict environment: a missing variable is an error, not an empty string.
    A template in one of the ``overrides`` folders (``custom_dir``) replaces the theme's of the same name."""
    templates = theme_dir / "templates"
    if not templates.is_dir():
        raise error(str(theme_dir), 0, "theme has no templates/ folder", "set 'theme' in sitegen.yml")
    own = [str(folder / "templates") for folder in overrides if (folder / "templates").is_dir()]
    theme = jinja2.FileSystemLoader(str(templates))
    environment = jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [jinja2.FileSystemLoader([*own, str(templates)]), jinja2.PrefixLoader({THEME_PREFIX: theme})]
        ),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # An environment lives for one build (a theme edit starts a full build with a new one),
        # so templates need not be checked for changes on every page.
        auto_reload=False,
    )
    environment.template_class = _Template
    return environment


def render_template(env: jinja2.Environment, name: str, **context: Any) -> bytes:
    """Render a template, naming the template and page when it fails."""
    with _naming_failures(name, context):
        return env.get_template(name).render(**context).encode("utf-8")


STREAM_PIECES = 4096
"""Pieces of template output per chunk: tens to hundreds of kilobytes."""


def stream_template(env: jinja2.Environment, name: str, **context: Any) -> Iterator[bytes]:
    """``render_template`` in chunks, for a page too big to hold at once (an entity named in
    every document). Pieces are gathered by ``islice``, not counted one by one in Python:
    such pages print hundreds of thousands of them."""
    with _naming_failures(name, context):
        pieces = env.get_template(name).generate(**context)
        while chunk := list(itertools.islice(pieces, STREAM_PIECES)):
            yield "".join(chunk).encode("utf-8")


@contextlib.contextmanager
def _naming_failures(name: str, context: dict[str, Any]) -> Iterator[None]:
    try:
        yield
    except jinja2.TemplateSyntaxError as exc:
        raise error(exc.filename or name, exc.lineno, f"template error: {exc.message}") from None
    except jinja2.TemplateError as exc:
        site: SiteView = context["site"]
        raise error(name, 0, f"failed to render page '{site.page_path}': {exc}") from None


def site_view(config: SiteConfig, page_path: str) -> SiteView:
    # The 404 page is served at any address: its links are absolute paths.
    base = routes.base_path(config.base_url) if page_path == routes.NOT_FOUND else ""
    folder = posixpath.dirname(page_path)
    return SiteView(
        title=config.title,
        description=config.description,
        page_path=page_path,
        root=base or routes.relative_in(folder, routes.HOME).removesuffix(routes.HOME),
        canonical=routes.absolute(config.base_url, page_path),
        kinds=_KIND_NAMES,
        base_path=base,
        folder=folder,
    )


_KIND_NAMES = tuple((kind, KIND_NAMES[kind]) for kind in KINDS)
