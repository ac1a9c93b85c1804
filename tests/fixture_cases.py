"""Reads fixture files: cases of sections separated by lines holding a single '.'.

Each case is a title line followed by its sections, each ended by a '.' line:

    title
    .
    section 1
    .
    section 2
    .
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"


@dataclass(frozen=True)
class Case:
    title: str
    line: int
    sections: tuple[str, ...]


def read_cases(name: str, sections: int) -> list[Case]:
    lines = (FIXTURES / name).read_text(encoding="utf-8").split("\n")
    cases: list[Case] = []
    index = 0
    while index < len(lines):
        if not lines[index].strip():
            index += 1
            continue
        title, start = lines[index], index + 1
        index += 2  # the title and its '.' line
        parts: list[str] = []
        for _ in range(sections):
            end = lines.index(".", index)
            parts.append("\n".join(lines[index:end]))
            index = end + 1
        cases.append(Case(title, start, tuple(parts)))
    return cases


def ids(cases: list[Case]) -> list[str]:
    return [f"{case.line}-{case.title}" for case in cases]
