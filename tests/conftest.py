"""Shared fixtures: throw-away copies of test projects."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sitegen.config import Project
from sitegen.project import load_project

SITES = Path(__file__).parent / "sites"


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    """A fresh copy of tests/sites/tiny to build and break."""
    root = tmp_path / "tiny"
    shutil.copytree(SITES / "tiny", root, ignore=shutil.ignore_patterns("site", ".sitegen-cache"))
    return root


def project_at(root: Path) -> Project:
    return load_project(root)


def write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def quiet(_: str) -> None:
    """A build log that prints nothing."""
