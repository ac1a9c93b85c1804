"""Request targets → files: traversal in every spelling is refused, folders are never listed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sitegen.serve.paths import MAX_TARGET, content_type, resolve


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "secret.txt").write_text("SECRET")
    out = tmp_path / "site"
    (out / "documents").mkdir(parents=True)
    (out / "static").mkdir()
    (out / "index.html").write_text("home")
    (out / "documents" / "index.html").write_text("docs")
    (out / "documents" / "a b.html").write_text("spaced")
    (out / "static" / "style.css").write_text("css")
    (out / ".sitegen-site").write_text("marker")
    os.symlink(tmp_path / "secret.txt", out / "leak.txt")
    os.symlink(tmp_path, out / "up")
    return out


@pytest.mark.parametrize(
    ("target", "name"),
    [
        ("/repo/", "index.html"),
        ("/repo/index.html", "index.html"),
        ("/repo/index.html?x=1#top", "index.html"),
        ("/repo/documents/", "documents/index.html"),
        ("/repo/documents/a%20b.html", "documents/a b.html"),
        ("/repo/static/style.css", "static/style.css"),
    ],
)
def test_paths_serve_files_under_the_base_path(site: Path, target: str, name: str) -> None:
    found = resolve(site, "/repo/", target)
    assert (found.status, found.file) == (200, (site / name).resolve())


@pytest.mark.parametrize(
    "target",
    [
        "/repo/../secret.txt",
        "/repo/%2e%2e/secret.txt",
        "/repo/%2E%2E/secret.txt",
        "/repo/%252e%252e/secret.txt",
        "/repo/..%2fsecret.txt",
        "/repo/..%252fsecret.txt",
        "/repo/..%5csecret.txt",
        "/repo/..\\secret.txt",
        "/repo/.%2e/secret.txt",
        "/repo/static/../../secret.txt",
        "/repo//etc/passwd",
        "/repo/%2fetc%2fpasswd",
        "/repo/%00",
        "/repo/index.html%00.txt",
        "/repo/leak.txt",
        "/repo/up/secret.txt",
        "/repo/.sitegen-site",
        "/repo/static/",
        "/repo/static",
        "/secret.txt",
        "/",
        "//evil.example/repo/",
        "repo/index.html",
        "*",
        "http://127.0.0.1/repo/../secret.txt",
        "/repo/%ff%fe",
    ],
)
def test_paths_refuse_everything_outside_the_site(site: Path, target: str) -> None:
    found = resolve(site, "/repo/", target)
    assert found.file is None and 400 <= found.status < 500, found


def test_paths_redirect_folders_and_the_bare_base(site: Path) -> None:
    assert resolve(site, "/repo/", "/repo").location == "/repo/"
    assert resolve(site, "/repo/", "/repo/documents").location == "/repo/documents/"


def test_paths_answer_414_to_overlong_targets(site: Path) -> None:
    assert resolve(site, "/repo/", "/repo/" + "a" * MAX_TARGET).status == 414


def test_paths_work_at_the_root(site: Path) -> None:
    assert resolve(site, "/", "/").file == (site / "index.html").resolve()
    assert resolve(site, "/", "/../secret.txt").file is None


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("a.html", "text/html; charset=utf-8"),
        ("a.js", "text/javascript; charset=utf-8"),
        ("a.json", "application/json; charset=utf-8"),
        ("a.svg", "image/svg+xml; charset=utf-8"),
        ("a.txt", "text/plain; charset=utf-8"),
        ("a.css", "text/css; charset=utf-8"),
        ("a.XML", "application/xml; charset=utf-8"),
        ("a.unknown", "application/octet-stream"),
    ],
)
def test_paths_content_types(name: str, kind: str) -> None:
    assert content_type(Path(name)) == kind
