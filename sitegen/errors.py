"""User-facing problems: each knows the file, line and column it is about."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Location:
    """Where a problem is: a project-relative path and 1-based line/column (0 = unknown)."""

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        text = self.path
        if self.line:
            text += f":{self.line}"
            if self.col:
                text += f":{self.col}"
        return text


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem found in the input, with a hint that says what to do."""

    severity: Severity
    location: Location
    message: str
    hint: str = ""
    reminder: str = ""
    """A name for a standing reminder (the same advice every build until the user acts):
    a long-lived process, such as the preview server, says it once per session."""

    def __str__(self) -> str:
        text = f"{self.location}: {self.severity}: {self.message}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text


class SitegenError(Exception):
    """A user error: bad input or configuration. The CLI prints it without a traceback."""

    def __init__(self, diagnostics: list[Diagnostic] | Diagnostic) -> None:
        self.diagnostics = diagnostics if isinstance(diagnostics, list) else [diagnostics]
        super().__init__("\n".join(str(d) for d in self.diagnostics))


def error(path: str, line: int, message: str, hint: str = "", col: int = 0) -> SitegenError:
    """A one-problem SitegenError."""
    return SitegenError(Diagnostic("error", Location(path, line, col), message, hint))


@dataclass(slots=True)
class Diagnostics:
    """Collects problems across a stage so a build reports all of them at once."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, location: Location, message: str, hint: str = "") -> None:
        self.items.append(Diagnostic("error", location, message, hint))

    def warn(self, location: Location, message: str, hint: str = "", reminder: str = "") -> None:
        self.items.append(Diagnostic("warning", location, message, hint, reminder))

    def extend(self, other: SitegenError | Diagnostics) -> None:
        self.items.extend(other.diagnostics if isinstance(other, SitegenError) else other.items)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "warning"]

    def raise_errors(self, strict: bool = False) -> None:
        """Raise every error (and, when ``strict``, every warning) collected so far."""
        failing = self.items if strict else self.errors
        if failing:
            raise SitegenError(sorted(failing, key=_sort_key))


def _sort_key(diagnostic: Diagnostic) -> tuple[str, int, int]:
    loc = diagnostic.location
    return (loc.path, loc.line, loc.col)
