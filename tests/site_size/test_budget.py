"""The build warns when the site passes its size or file-count budget, naming the largest parts (#23)."""

from __future__ import annotations

import pytest

from sitegen.build import build
from sitegen.errors import SitegenError
from tests.conftest import project_at, quiet, write


def _warnings(tiny, budget: str) -> list[str]:
    config = (tiny / "sitegen.yml").read_text(encoding="utf-8")
    write(tiny, "sitegen.yml", config + budget)
    result = build(project_at(tiny), log=quiet)
    return [line for line in result.diagnostics if "budget" in line]


def test_budget_silent_within_the_defaults(tiny):
    assert _warnings(tiny, "") == []


def test_budget_warns_past_a_tiny_file_count_naming_the_largest_parts(tiny):
    (found,) = _warnings(tiny, "budget:\n  files: 5\n")
    files = sum(1 for p in (tiny / "site").rglob("*") if p.is_file()) - 1  # less the marker file
    assert f"{files:,} files, over budget.files (5)" in found
    assert found.startswith("sitegen.yml: warning: the site is ")
    parts = found.split("largest parts: ")[1].split(";")[0].split(", ")
    assert len(parts) == 3 and parts[0].startswith("static/ ")  # the theme outweighs two tiny documents
    assert any(part.startswith("documents/ ") and part.endswith(" in 4 files") for part in parts)


def test_budget_warns_past_a_size_and_fails_a_strict_build(tiny):
    config = (tiny / "sitegen.yml").read_text(encoding="utf-8")
    (found,) = _warnings(tiny, "budget:\n  size_mb: 1\n  files: 1\n")
    assert "over budget.files (1)" in found and "over budget.size_mb" not in found  # the tiny site is < 1 MB
    write(tiny, "sitegen.yml", config + "budget:\n  files: 1\n")
    with pytest.raises(SitegenError):
        build(project_at(tiny), strict=True, log=quiet)


def test_budget_must_be_positive(tiny):
    config = (tiny / "sitegen.yml").read_text(encoding="utf-8")
    write(tiny, "sitegen.yml", config + "budget:\n  size_mb: 0\n")
    with pytest.raises(SitegenError, match=r"sitegen.yml:\d+:\d+: error: budget.size_mb must be 1 or more"):
        project_at(tiny)
