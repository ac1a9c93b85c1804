"""The preview server under sustained load and abuse on loopback: no errors, flat memory, nothing leaked.

A real ``sitegen serve`` process; ``THREADS`` client threads request pages, assets,
missing pages, traversal attempts, overlong and malformed targets for ``SECONDS``
seconds (``SITEGEN_LOAD_SECONDS`` to change it). The server's resident memory is read
from /proc at the start (after a warm-up), in the middle and at the end.
"""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

SECONDS = float(os.environ.get("SITEGEN_LOAD_SECONDS", "12"))
THREADS = 32
RSS_GROWTH_MB = 20
TARGETS = [
    ("GET", "/tiny/", 200),
    ("GET", "/tiny/documents/report.html", 200),
    ("GET", "/tiny/documents/notes.html", 200),
    ("GET", "/tiny/static/style.css", 200),
    ("HEAD", "/tiny/index.html", 200),
    ("GET", "/tiny/exports/annotations.csv", 200),
    ("GET", "/tiny/nope.html", 404),
    ("GET", "/tiny/../sitegen.yml", 404),
    ("GET", "/tiny/%2e%2e/%2e%2e/etc/passwd", 404),
    ("GET", "/tiny/..%2f..%2fsitegen.yml", 404),
    ("GET", "/tiny/%252e%252e/sitegen.yml", 404),
    ("GET", "//etc/passwd", 404),
    ("GET", "/tiny/..\\sitegen.yml", 400),
    ("GET", "/tiny/%00", 400),
    ("GET", "/tiny/" + "a" * 3000, 414),
    ("POST", "/tiny/", 405),
]
SECRETS = (b"base_url", b"root:x:")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def request(port: int, method: str, target: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        conn.putrequest(method, target, skip_accept_encoding=True)
        conn.endheaders()
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


class Load:
    """Client threads hammering the server until ``stop`` is set; counts answers and errors."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.answers: Counter[int] = Counter()
        self.errors: list[str] = []

    def worker(self, offset: int) -> None:
        index = offset
        while not self.stop.is_set():
            method, target, expected = TARGETS[index % len(TARGETS)]
            index += 1
            try:
                status, body = request(self.port, method, target)
                problem = status != expected or any(secret in body for secret in SECRETS)
                outcome = f"{method} {target[:60]}: {status}, expected {expected}" if problem else ""
            except OSError as exc:
                status, outcome = 0, f"{method} {target[:60]}: {exc!r}"
            with self.lock:
                self.answers[status] += 1
                if outcome:
                    self.errors.append(outcome)


@pytest.fixture
def server(tiny: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    port = free_port()
    log = (tmp_path / "serve.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "sitegen.cli", "--root", str(tiny), "serve", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            if request(port, "GET", "/tiny/")[0] == 200:
                break
        except OSError:
            pass
        assert process.poll() is None and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.1)
    yield process, port, tmp_path / "serve.log"
    process.terminate()
    process.wait(timeout=10)
    log.close()


@pytest.mark.slow
def test_load_sustained_requests_no_errors_flat_memory(server) -> None:  # type: ignore[no-untyped-def]
    process, port, log = server
    load = Load(port)
    threads = [threading.Thread(target=load.worker, args=(i,), daemon=True) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    time.sleep(min(2.0, SECONDS / 5))  # warm-up: thread stacks, caches, first pages
    rss = [rss_mb(process.pid)]
    started, warm = time.monotonic(), sum(load.answers.values())
    time.sleep(SECONDS / 2)
    rss.append(rss_mb(process.pid))
    time.sleep(SECONDS / 2)
    rss.append(rss_mb(process.pid))
    load.stop.set()
    for thread in threads:
        thread.join(timeout=30)
    elapsed = time.monotonic() - started
    total = sum(load.answers.values())
    logged = log.read_text(encoding="utf-8", errors="replace")
    print(
        f"load: {total} requests ({(total - warm) / elapsed:.0f}/s after warm-up), {THREADS} threads, "
        f"{SECONDS:.0f} s, statuses {dict(sorted(load.answers.items()))}, {len(load.errors)} errors, "
        f"RSS MB start/middle/end {rss[0]:.1f}/{rss[1]:.1f}/{rss[2]:.1f}"
    )
    assert not load.errors, load.errors[:10]
    assert total > 1000
    assert rss[-1] - rss[0] < RSS_GROWTH_MB, rss
    assert logged.count(" 414 ") and logged.count(" 400 ") and logged.count("outside the base path")
    assert process.poll() is None


def test_load_abuse_is_answered_4xx_and_logged(server) -> None:  # type: ignore[no-untyped-def]
    _, port, log = server
    cases = [
        b"GET /tiny/%c0%ae%c0%ae/sitegen.yml HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        b"GET /tiny/.%2e/.%2e/sitegen.yml HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        b"GET /tiny/\xff\xfe HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        b"GET " + b"/tiny/" + b"%2e%2e/" * 2000 + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        b"GET /tiny/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: -1\r\n\r\n",
        b"GET http://evil.example/tiny/../../sitegen.yml HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 64,
        b"GET /tiny/ HTTP/1.1\r\nHost: 127.0.0.1\r\n" + b"X-Long: " + b"a" * 70000 + b"\r\n\r\n",
    ]
    for raw in cases:
        with socket.create_connection(("127.0.0.1", port), timeout=20) as sock:
            sock.sendall(raw)
            sock.shutdown(socket.SHUT_WR)  # no more bytes: a partial request must be answered, not waited on
            answer = b""
            while chunk := sock.recv(65536):
                answer += chunk
        status = int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/") else 0
        if raw.endswith(b"Content-Length: -1\r\n\r\n"):
            assert status in (200, 400), answer[:100]  # a GET's body length is not looked at
            continue
        assert 400 <= status < 500, (raw[:60], answer[:200])
        assert not any(secret in answer for secret in SECRETS)
    logged = log.read_text(encoding="utf-8", errors="replace")
    assert len(re.findall(r"^  127\.0\.0\.1 4\d\d ", logged, re.M)) >= len(cases) - 1, logged[-2000:]


def test_load_idle_connections_do_not_hold_threads_forever() -> None:
    from sitegen.serve.handler import PreviewHandler

    assert PreviewHandler.timeout is not None and PreviewHandler.timeout <= 60
