"""User-facing problems: each knows the file, line and column it is about."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]

_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")
"""What a terminal would act on rather than show: controls (an escape sequence can rewrite the
screen), bidirectional overrides (they reorder what is shown), line separators and the lone
surrogates that stand for bytes of a file name that are not UTF-8. Tabs and line feeds stay."""


def printable(text: str) -> str:
    """``text`` with every such character written as an escape (``\\x1b``, ``\\u202e``)."""
    return _UNPRINTABLE.sub(_escaped, text)


def _escaped(found: re.Match[str]) -> str:
    code = ord(found.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that is not UTF-8, shown as that byte
        code -= 0xDC00
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


@dataclass(frozen=True, slots=True)
class Location:
    """Where a problem is: a project-relative path and 1-based line/column (0 = unknown)."""

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        text = printable(self.path).replace("\n", "\\n").replace("\t", "\\t")
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
        text = f"{self.location}: {self.severity}: {printable(self.message)}"
        if self.hint:
            text += f"\n    hint: {printable(self.hint)}"
        return text


class SitegenError(Exception):
    """A user error: bad input or configuration. The CLI prints it without a traceback."""

    def __init__(self, diagnostics: list[Diagnostic] | Diagnostic, outcome: str = "nothing was written") -> None:
        self.diagnostics = diagnostics if isinstance(diagnostics, list) else [diagnostics]
        self.outcome = outcome
        """What the failed command did and did not change, for its last line."""
        super().__init__("\n".join(str(d) for d in self.diagnostics))

    def __reduce__(self) -> tuple[type[SitegenError], tuple[list[Diagnostic]]]:
        # Raised in a forked worker (the write stage's guard), it crosses to the build whole.
        return SitegenError, (self.diagnostics,)


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
