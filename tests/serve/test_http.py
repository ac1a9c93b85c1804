"""The preview over real HTTP: content types, 404s, HEAD, no-store, refusals, and load."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from sitegen.serve import Preview
from sitegen.serve.reload import SCRIPT
from tests.serve.conftest import EventStream, get, raw


def test_serve_answers_pages_with_types_and_no_store(preview: Preview) -> None:
    status, headers, body = get(preview, "/tiny/")
    assert status == 200
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert headers["cache-control"] == "no-store"
    assert int(headers["content-length"]) == len(body)
    assert f'<script src="{SCRIPT}?v=1" defer></script></body>'.encode() in body
    assert get(preview, "/tiny/static/sitegen.js")[1]["content-type"] == "text/javascript; charset=utf-8"
    assert get(preview, "/tiny/robots.txt")[1]["content-type"] == "text/plain; charset=utf-8"
    assert get(preview, "/tiny/sitemap.xml")[0] == 200


def test_serve_injects_the_script_into_responses_only(preview: Preview, tiny: Path) -> None:
    built = (tiny / "site" / "index.html").read_bytes()
    assert b"__sitegen" not in built
    assert b"__sitegen" not in get(preview, "/tiny/static/style.css")[2]
    assert get(preview, "/tiny/")[2].replace(f'<script src="{SCRIPT}?v=1" defer></script>'.encode(), b"") == built


def test_serve_head_has_headers_and_no_body(preview: Preview) -> None:
    status, headers, body = get(preview, "/tiny/index.html", "HEAD")
    assert (status, body) == (200, b"")
    assert int(headers["content-length"]) == len(get(preview, "/tiny/index.html")[2])


@pytest.mark.parametrize("target", ["/", "/elsewhere/index.html", "/tiny/no-such-page.html", "/tiny/static/"])
def test_serve_answers_404_with_the_sites_page_linking_to_the_base(preview: Preview, target: str) -> None:
    status, headers, body = get(preview, target)
    assert status == 404 and headers["content-type"].startswith("text/html")
    assert b'href="/tiny/index.html"' in body
    assert b"Index of" not in body


def test_serve_redirects_the_bare_base_path(preview: Preview) -> None:
    status, headers, _ = get(preview, "/tiny")
    assert (status, headers["location"]) == (301, "/tiny/")


@pytest.mark.parametrize(
    "target",
    [
        "/tiny/../sitegen.yml",
        "/tiny/%2e%2e/sitegen.yml",
        "/tiny/%252e%252e/sitegen.yml",
        "/tiny/..%5csitegen.yml",
        "/tiny//etc/passwd",
        "/tiny/%00",
        "/tiny/.sitegen-site",
    ],
)
def test_serve_never_serves_outside_the_site(preview: Preview, target: str) -> None:
    status, _, body = get(preview, target)
    assert 400 <= status < 500
    assert b"Tiny archive\nbase_url" not in body and b"root:" not in body


def test_serve_refuses_symlinks_out_of_the_site(preview: Preview, tiny: Path) -> None:
    (tiny / "site" / "leak.yml").symlink_to(tiny / "sitegen.yml")
    status, _, body = get(preview, "/tiny/leak.yml")
    assert status == 404 and b"base_url" not in body


@pytest.mark.parametrize(
    "request_bytes",
    [
        b"GET /tiny/\x00 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        b"GET /tiny/..\\sitegen.yml HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        b"GARBAGE\r\n\r\n",
        b"GET /tiny/ HTTP/1.x\r\n\r\n",
        b"GET /tiny/" + b"a" * 70000 + b" HTTP/1.1\r\n\r\n",
        b"GET /tiny/" + b"a" * 5000 + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        b"GET /tiny/ HTTP/1.1\r\n" + b"X: y\r\n" * 200 + b"\r\n",
    ],
)
def test_serve_answers_malformed_requests_with_4xx(tiny: Path, request_bytes: bytes) -> None:
    logged: list[str] = []
    running = Preview(tiny, port=0, log=logged.append)
    running.start()
    try:
        answer = raw(running, request_bytes)
    finally:
        running.close()
    status = int(answer.split(b" ", 2)[1])
    assert 400 <= status < 500, answer[:200]
    assert b"Tiny archive" not in answer and b"base_url" not in answer
    assert any(f" {status} " in line for line in logged), logged


def test_serve_refuses_other_methods(preview: Preview) -> None:
    status, headers, _ = get(preview, "/tiny/", "POST")
    assert (status, headers["allow"]) == (405, "GET, HEAD")


def test_serve_keeps_answering_under_parallel_load(preview: Preview) -> None:
    # An open event stream holds a thread for as long as the tab is open; pages must not wait for it.
    stream = EventStream(preview)
    assert stream.next()["version"] == 1
    targets = ["/tiny/", "/tiny/documents/report.html", "/tiny/static/style.css", "/tiny/nope"] * 100
    try:
        with ThreadPoolExecutor(max_workers=32) as pool:
            statuses = list(pool.map(lambda t: get(preview, t)[0], targets))
    finally:
        stream.close()
    assert statuses.count(200) == 300 and statuses.count(404) == 100
