"""lunr.js from its npm package (never committed): found, version-checked and copied into the site."""

from __future__ import annotations

import json
from pathlib import Path

import lunr

from sitegen.config import Project
from sitegen.errors import error
from sitegen.model import Page
from sitegen.site import routes

SITEGEN_ROOT = Path(__file__).resolve().parents[2]
"""Where sitegen's package.json is: ``./dev`` runs ``npm ci`` there."""
LUNR_JS = routes.static("vendor/lunr.min.js")
LUNR_LICENSE = routes.static("vendor/lunr.LICENSE.txt")


def target_version() -> str:
    """The lunr.js version lunr.py writes indexes for."""
    return str(lunr.__TARGET_JS_VERSION__)


def lunr_package(project: Project) -> Path:
    """``node_modules/lunr`` of the project, else of sitegen itself; an error naming the fix if absent."""
    for root in (project.root, SITEGEN_ROOT):
        folder = root / "node_modules" / "lunr"
        if (folder / "package.json").is_file() and (folder / "lunr.min.js").is_file():
            return folder
    raise error(
        "package.json",
        0,
        f"lunr.js is not installed (looked for node_modules/lunr in {project.root} and {SITEGEN_ROOT})",
        f"run `./dev build` or `npm ci` in {SITEGEN_ROOT}: the search ships lunr.js {target_version()}",
    )


def vendor_pages(project: Project) -> tuple[Page, ...]:
    """lunr.min.js and its licence, after checking it is the version lunr.py writes indexes for."""
    folder = lunr_package(project)
    version = json.loads((folder / "package.json").read_text(encoding="utf-8")).get("version", "")
    if version != target_version():
        raise error(
            str(folder / "package.json"),
            0,
            f"lunr.js {version} is installed, but lunr.py {lunr.__VERSION__} writes indexes for lunr.js "
            f"{target_version()}",
            f"pin lunr {target_version()} in {SITEGEN_ROOT / 'package.json'} and run `npm ci` there",
        )
    return (
        Page(LUNR_JS, (folder / "lunr.min.js").read_bytes()),
        Page(LUNR_LICENSE, (folder / "LICENSE").read_bytes()),
    )
