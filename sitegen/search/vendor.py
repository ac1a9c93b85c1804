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
"""Where sitegen's package.json is, in a checkout: ``./dev`` runs ``npm ci`` there."""
BUNDLED = Path(__file__).resolve().parent / "lunr"
"""lunr.js inside an installed wheel: setup.py copies it there from ``npm ci`` at wheel build time."""
LUNR_JS = routes.static("vendor/lunr.min.js")
LUNR_LICENSE = routes.static("vendor/lunr.LICENSE.txt")


def target_version() -> str:
    """The lunr.js version lunr.py writes indexes for."""
    return str(lunr.__TARGET_JS_VERSION__)


def lunr_package(project: Project) -> Path:
    """The copy inside the installed package, else ``node_modules/lunr`` of the project or of
    sitegen's checkout; an error naming the fix if absent."""
    for folder in (BUNDLED, project.root / "node_modules" / "lunr", SITEGEN_ROOT / "node_modules" / "lunr"):
        if (folder / "package.json").is_file() and (folder / "lunr.min.js").is_file():
            return folder
    raise error(
        "package.json",
        0,
        f"lunr.js is not installed (looked in {BUNDLED} and for node_modules/lunr in {project.root} and "
        f"{SITEGEN_ROOT})",
        f"install sitegen from a wheel (it carries lunr.js {target_version()}), or run `./dev build` or `npm ci` "
        f"in {SITEGEN_ROOT}",
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
