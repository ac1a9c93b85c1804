"""Annotator test set-up: the ``model`` marker, so this folder also runs on its own."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "model: uses the real spaCy model (run in CI)")
