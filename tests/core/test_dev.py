"""The ./dev entry point: what a newcomer types first."""

from __future__ import annotations

import subprocess
from pathlib import Path

DEV = Path(__file__).resolve().parents[2] / "dev"


def test_dev_names_an_unknown_command_before_its_usage():
    result = subprocess.run(["bash", str(DEV), "biuld"], capture_output=True, text=True, check=False)
    assert result.returncode == 2
    first, *rest = result.stderr.splitlines()
    assert first == "dev: unknown command 'biuld'"
    assert any("./dev build" in line for line in rest)


def test_dev_help_prints_usage_and_succeeds():
    result = subprocess.run(["bash", str(DEV), "help"], capture_output=True, text=True, check=False)
    assert result.returncode == 0
    assert "./dev test" in result.stdout
