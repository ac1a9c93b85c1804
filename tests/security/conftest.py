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


ANNOTATORS_OFF = "annotate:\n  annotators: []\n"


@pytest.fixture(scope="session", params=["annotators off", pytest.param("annotators on", marks=pytest.mark.model)])
def hostile(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A built copy of tests/sites/hostile, once with the annotators off and once with the real
    model's entities, claims and disputes (whose names and spans then reach pages and paths
    too); read it, do not change it."""
    root = tmp_path_factory.mktemp("hostile") / "hostile"
    shutil.copytree(SITES / "hostile", root, ignore=shutil.ignore_patterns("site", ".sitegen-cache"))
    if request.param == "annotators on":
        config = (root / "sitegen.yml").read_text(encoding="utf-8")
        assert ANNOTATORS_OFF in config
        (root / "sitegen.yml").write_text(config.replace(ANNOTATORS_OFF, ""), encoding="utf-8")
    for name in ODD_NAMES:
        (root / "seeds" / f"{name}.txt").write_text(f"An odd name: {name}\nKyiv officials said so.\n", encoding="utf-8")
    build(project_at(root), log=quiet)
    return root
