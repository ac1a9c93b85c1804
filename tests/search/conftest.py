"""The tiny site's rendered documents, for search tests that need no build on disk."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sitegen.build import StageClock, analyse
from sitegen.errors import Diagnostics
from sitegen.model import RenderedDoc
from sitegen.render.document import render_document
from sitegen.runtime.executors import InProcess
from tests.conftest import SITES, project_at, quiet


@pytest.fixture(scope="session")
def tiny_rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[RenderedDoc, ...]:
    root: Path = tmp_path_factory.mktemp("search") / "tiny"
    shutil.copytree(SITES / "tiny", root, ignore=shutil.ignore_patterns("site", ".sitegen-cache"))
    analysis = analyse(project_at(root), InProcess(), False, True, StageClock(quiet), Diagnostics())
    return tuple(render_document(doc, analysis.archive.aliases) for doc in analysis.archive.docs)
