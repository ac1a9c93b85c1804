"""Shared fixtures: throw-away copies of test projects."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from sitegen.build import full_build
from sitegen.config import Project
from sitegen.model import Archive
from sitegen.project import load_project

# Property tests check what is true, never how fast: on a shared, loaded machine a case can
# take longer than Hypothesis's default 200 ms deadline and fail as "flaky" for no fault.
settings.register_profile("sitegen", deadline=None)
settings.load_profile("sitegen")

SITES = Path(__file__).parent / "sites"
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    """A fresh copy of tests/sites/tiny to build and break."""
    root = tmp_path / "tiny"
    shutil.copytree(SITES / "tiny", root, ignore=shutil.ignore_patterns("site", ".sitegen-cache"))
    return root


def project_at(root: Path) -> Project:
    return load_project(root)


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own seed archive (seeds/, content/, sitegen.yml) built once per test run
    with the real model: its ``site`` folder. Shared by every test that asks, so nothing may
    write into it; a test that needs to change it copies it first. Only tests marked ``model``
    may use it."""
    root = tmp_path_factory.mktemp("seed")
    for name in ("seeds", "content"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "sitegen.yml", root / "sitegen.yml")
    _, built = full_build(project_at(root), log=quiet, keep=True)
    SEED_ARCHIVES[root / "site"] = built.analysis.archive
    return root / "site"


SEED_ARCHIVES: dict[Path, Archive] = {}
"""The seed site's archive as its build analysed it, by site folder (``seed_archive``)."""


@pytest.fixture(scope="session")
def seed_archive(seed_site: Path) -> Archive:
    """The annotated documents the seed site was built from (the model its pages show)."""
    return SEED_ARCHIVES[seed_site]


def write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def quiet(_: str) -> None:
    """A build log that prints nothing."""


CHROMIUM = os.environ.get("SITEGEN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"CI must have Chromium at {CHROMIUM} (.ci/run installs Debian's chromium)")
        pytest.skip(f"no Chromium at {CHROMIUM}; install Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()
