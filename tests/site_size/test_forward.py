"""A share link with no page of its own still reaches its passage through the 404 page, the way
GitHub Pages and GitLab Pages serve it at any missing address (#23)."""

from __future__ import annotations

import functools
import re
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from sitegen.build import build
from tests.conftest import SITES, project_at, quiet

pytestmark = pytest.mark.browser
PREFIX = "/tiny/"  # the tiny site's base path (base_url https://example.org/tiny/)


class _PagesHandler(SimpleHTTPRequestHandler):
    """Serves the site under its base path and the 404 page, with status 404, at any missing address."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        path = self.path.split("?")[0]
        found = Path(self.directory) / path[len(PREFIX) :] if path.startswith(PREFIX) else None
        if found is not None and (found.is_file() or (found / "index.html").is_file()):
            self.path = "/" + self.path[len(PREFIX) :]
            return super().send_head()
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None


@pytest.fixture(scope="module")
def pages_host(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    root = tmp_path_factory.mktemp("forward") / "tiny"
    shutil.copytree(SITES / "tiny", root, ignore=shutil.ignore_patterns("site", ".sitegen-cache"))
    build(project_at(root), log=quiet)
    handler = functools.partial(_PagesHandler, directory=str(root / "site"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{PREFIX}", root / "site"
    finally:
        server.shutdown()
        server.server_close()


def test_forward_a_share_link_without_a_page_lands_on_its_passage(browser, pages_host):
    url, site = pages_host
    html = (site / "documents/report.html").read_text(encoding="utf-8")
    mention = re.search(r'<a href="#(e-[a-z0-9]+)"', html).group(1)  # the entity list's first mention
    assert not (site / f"p/report/{mention}.html").exists()
    page = browser.new_page()
    try:
        page.goto(f"{url}p/report/{mention}.html")
        page.wait_for_url(re.compile(f"/tiny/documents/report.html#{mention}$"))
        page.goto(f"{url}no/such/page.html")
        assert page.locator("h1").inner_text() == "Page not found"  # anything else stays a 404
    finally:
        page.close()


def test_forward_a_claim_groups_old_page_lands_on_its_section(browser, pages_host):
    # A claim group had a page of its own, claims/ID.html; it is a section of claims/XX.html now.
    url, _ = pages_host
    page = browser.new_page()
    try:
        page.goto(f"{url}claims/g-0a1b2c3d4e5f.html")
        page.wait_for_url(re.compile("/tiny/claims/0a.html#g-0a1b2c3d4e5f$"))
    finally:
        page.close()
