"""A real headless Chromium (Debian's) and a real HTTP server on 127.0.0.1 for browser tests."""

from __future__ import annotations

import contextlib
import functools
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from sitegen.build import build

# The browser fixture lives in tests/conftest.py: Playwright's sync API allows one per process.
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, project_at, quiet  # noqa: F401


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def built_tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("browser") / "tiny"
    shutil.copytree(Path(__file__).parent.parent / "sites" / "tiny", root, ignore=shutil.ignore_patterns("site"))
    build(project_at(root), log=quiet)
    return root / "site"


@contextlib.contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """A built site on a real HTTP server on 127.0.0.1; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def served(built_tiny: Path) -> Iterator[str]:
    """The tiny site on a real HTTP server on 127.0.0.1; yields its base URL."""
    with serve_folder(built_tiny) as url:
        yield url


class _SubPathHandler(_QuietHandler):
    """Serves the site only under ``/repo/``, the way GitHub Pages serves a project site."""

    PREFIX = "/repo/"

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.PREFIX):
            return str(Path(self.directory) / "__not_under_the_sub_path__")
        return super().translate_path("/" + path[len(self.PREFIX) :])


@pytest.fixture(scope="session")
def served_subpath(built_tiny: Path) -> Iterator[str]:
    """The tiny site under ``/repo/`` on 127.0.0.1 (nothing at the root); yields its base URL."""
    handler = functools.partial(_SubPathHandler, directory=str(built_tiny))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/repo/"
    server.shutdown()
    server.server_close()
