"""Screenshots as review: every page type at phone and desktop widths, light and dark.

Usage: python bench/screenshots.py [--root DIR] [--out build/screenshots] [--no-build]
Builds the project at --root (default: this repository), serves its site on 127.0.0.1, opens
each page type in Debian's headless Chromium at 360 px and 1280 px wide in the light and dark
colour schemes, and saves full-page PNGs as OUT/PAGE-WIDTH-SCHEME.png. Look at them.
"""

from __future__ import annotations

import argparse
import functools
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]
WIDTHS = (360, 1280)
SCHEMES = ("light", "dark")


def page_types(site: Path) -> dict[str, str]:
    """One site path per page type, the first of each kind in sorted order."""

    def first(pattern: str, skip: str = "index.html") -> str:
        found = sorted(p for p in site.glob(pattern) if p.name != skip)
        return found[0].relative_to(site).as_posix() if found else ""

    pages = {
        "home": "index.html",
        "document": first("documents/*.html"),
        "entities": "entities/index.html",
        "entity": first("entities/*.html"),
        "sources": "sources/index.html",
        "source": first("sources/*.html"),
        "disputes": "disputes.html",
        "exports": "exports.html",
        "extra": first("pages/*.html"),
        "search": "search.html",
        "not-found": "404.html",
        "share": first("p/*/*.html"),
    }
    return {name: path for name, path in pages.items() if path and (site / path).is_file()}


class _Quiet(SimpleHTTPRequestHandler):
    """Serves the site at /; a path under the site's base path (as the 404 page links) is found too."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def translate_path(self, path: str) -> str:
        found = super().translate_path(path)
        parts = path.split("/", 2)
        if not Path(found).exists() and len(parts) == 3:
            return super().translate_path("/" + parts[2])
        return found


@contextmanager
def serving(site: Path) -> Iterator[str]:
    """The built site over HTTP on 127.0.0.1; yields its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def without_refresh(route: Any) -> None:
    """Share pages forward at once; show the page itself instead of where it forwards to."""
    response = route.fetch()
    body = response.text()
    start = body.find('<meta http-equiv="refresh"')
    if start >= 0:
        body = body[:start] + body[body.index(">", start) + 1 :]
    route.fulfill(response=response, body=body)


def take(browser: Any, site: Path, out: Path, widths: tuple[int, ...] = WIDTHS) -> list[Path]:
    """Save a full-page PNG of every page type at every width in both schemes; return the paths."""
    out.mkdir(parents=True, exist_ok=True)
    saved = []
    with serving(site) as base:
        for scheme in SCHEMES:
            for width in widths:
                context = browser.new_context(
                    viewport={"width": width, "height": 800 if width > 600 else 740},
                    color_scheme=scheme,
                    device_scale_factor=1,
                )
                context.route("**/p/**", without_refresh)
                page = context.new_page()
                for name, path in page_types(site).items():
                    page.goto(base + path)
                    page.wait_for_load_state("load")
                    target = out / f"{name}-{width}-{scheme}.png"
                    page.screenshot(path=str(target), full_page=True)
                    saved.append(target)
                context.close()
    return saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="project to build and photograph")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "screenshots")
    parser.add_argument("--no-build", action="store_true", help="photograph the site as it is")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from sitegen.build import build
    from sitegen.project import load_project

    project = load_project(args.root.resolve())
    if not args.no_build:
        build(project, log=lambda _: None)
    site = project.path(project.config.output_dir)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            saved = take(browser, Path(site), args.out)
        finally:
            browser.close()
    print(f"saved {len(saved)} screenshots in {args.out}")


if __name__ == "__main__":
    main()
