"""A warm build imports only what it runs: no language stack, no claim grouping, no evaluation."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sitegen.build import build
from tests.conftest import project_at, quiet

ROOT = Path(__file__).resolve().parents[2]
UNNEEDED = ("spacy", "sitegen.annotate.pipeline", "numpy", "scipy", "datasketch", "sitegen.evaluate.runner")
"""What a warm build of an archive without annotators never needs: its claim groups are kept
(grouping again needs numpy, scipy and datasketch) and ``sitegen eval`` is another command."""


def test_warm_imports_a_warm_build_loads_nothing_it_does_not_run(tiny: Path):
    build(project_at(tiny), log=quiet)  # cold: groups the claims, so the next build keeps them
    script = (
        "import sys\nfrom sitegen.cli import main\n"
        f"code = main(['--root', {str(tiny)!r}, 'build', '-q'])\n"
        f"print(code, [name for name in {UNNEEDED!r} if name in sys.modules])\n"
    )
    warm = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True)
    assert warm.stdout.strip().splitlines()[-1] == "0 []"
