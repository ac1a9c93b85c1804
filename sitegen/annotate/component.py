"""The annotator protocol, the shared per-document context and the registry of components."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sitegen.config import AnnotateConfig
from sitegen.errors import error
from sitegen.model import Origin, Proposal

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from sitegen.annotate.mentions import Mention


@dataclass(frozen=True, slots=True)
class Context:
    """What every component sees besides the parsed doc."""

    text: str
    settings: AnnotateConfig
    mentions: tuple[Mention, ...]
    """Linked entity mentions, computed once per document and shared."""
    earlier: tuple[Proposal, ...]
    """Proposals of the components that ran before this one."""

    def of_kind(self, kind: str) -> tuple[Proposal, ...]:
        return tuple(p for p in self.earlier if p.kind == kind)


Run = Callable[["Doc", Context], tuple[Proposal, ...]]


@dataclass(frozen=True, slots=True)
class Component:
    """A registered annotator: a versioned name and a function ``(doc, context) -> proposals``."""

    key: str
    """The name used in ``sitegen.yml`` (``entities``)."""
    name: str
    """The versioned provenance name (``entities.spacy``)."""
    version: str
    run: Run

    @property
    def label(self) -> str:
        return f"{self.name}@{self.version}"


def origin(name: str, version: str, rule: str) -> tuple[Origin, ...]:
    """The provenance of a machine proposal."""
    return (Origin(kind="machine", name=name, version=version, rule=rule),)


def select(components: tuple[Component, ...], names: tuple[str, ...]) -> tuple[Component, ...]:
    """The components named in the config, in config order; unknown names are user errors."""
    by_key = {component.key: component for component in components}
    chosen = []
    for name in names:
        if name not in by_key:
            close = difflib.get_close_matches(name, sorted(by_key), n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"choose from {', '.join(by_key)}"
            hint += "; an annotator from another package must be installed (sitegen.annotators entry point)"
            raise error("sitegen.yml", 0, f"unknown annotator '{name}'", hint=hint)
        chosen.append(by_key[name])
    return tuple(chosen)
