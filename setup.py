"""The wheel's one build step beyond setuptools: lunr.js from npm, pinned and integrity-checked.

``npm ci`` installs exactly what package-lock.json names (its integrity hashes are checked by
npm) into a scratch folder, and lunr's script, licence and package.json are copied into the
package (``sitegen/search/lunr/``), so an installed sitegen needs neither node nor the network.
Nothing of npm's is committed. Editable installs (``./dev``) skip this: they use the
checkout's ``node_modules``.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
LUNR_FILES = ("lunr.min.js", "LICENSE", "package.json")
BUNDLED = Path("sitegen") / "search" / "lunr"


class BuildWithLunr(build_py):
    """``build_py``, then lunr.js from ``npm ci`` into the built package."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / BUNDLED
        target.mkdir(parents=True, exist_ok=True)
        for name, data in fetch_lunr().items():
            (target / name).write_bytes(data)


def fetch_lunr() -> dict[str, bytes]:
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit(
            "building the sitegen wheel needs npm to fetch lunr.js (pinned in package-lock.json); "
            "install Node.js (Debian: apt-get install npm) and build again"
        )
    with tempfile.TemporaryDirectory(prefix="sitegen-npm-") as scratch:
        for name in ("package.json", "package-lock.json"):
            shutil.copy(HERE / name, Path(scratch) / name)
        command = [npm, "ci", "--omit=dev", "--ignore-scripts", "--no-audit", "--no-fund", "--silent"]
        done = subprocess.run(command, cwd=scratch, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise SystemExit(f"npm ci failed while fetching lunr.js for the wheel:\n{done.stderr or done.stdout}")
        folder = Path(scratch) / "node_modules" / "lunr"
        return {name: (folder / name).read_bytes() for name in LUNR_FILES}


setup(cmdclass={"build_py": BuildWithLunr})
