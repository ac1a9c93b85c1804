"""The hostile test project, built once per session, with odd file names added at test time."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sitegen.build import build
from tests.conftest import SITES, project_at, quiet
from tests.security.checks import Theme

THEME = Theme.load(Path(__file__).parents[2] / "sitegen" / "themes" / "default")
ODD_NAMES = ("quote'\"name", "<angle>&amp", "tab\tand\\backslash", "--help", "-r")
"""Names made at test time: characters some file systems (and checkouts) cannot hold."""


@pytest.fixture(scope="session")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A built copy of tests/sites/hostile; read it, do not change it."""
    root = tmp_path_factory.mktemp("hostile") / "hostile"
    shutil.copytree(SITES / "hostile", root, ignore=shutil.ignore_patterns("site", ".sitegen-cache"))
    for name in ODD_NAMES:
        (root / "seeds" / f"{name}.txt").write_text(f"An odd name: {name}\nKyiv officials said so.\n", encoding="utf-8")
    build(project_at(root), log=quiet)
    return root
