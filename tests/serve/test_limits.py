"""What one client may hold of the preview: deadlines, the connection cap, Host, bodies, file descriptors.

Each test runs the real server on 127.0.0.1 with its limits shrunk so they act within a second.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import resource
import select
import socket
import threading
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitegen.serve import Preview
from sitegen.serve.hosts import allowed_hosts, host_allowed
from sitegen.serve.limits import Limits
from sitegen.serve.reload import SCRIPT
from tests.serve.conftest import TIMEOUT, address, get, raw

SHORT = Limits(
    connections=4,
    streams=2,
    head_seconds=0.5,
    request_seconds=1.0,
    idle_seconds=0.2,
    fresh_seconds=0.2,
    admit_seconds=5.0,
)


@pytest.fixture
def limited(tiny: Path) -> Iterator[tuple[Preview, list[str]]]:
    logged: list[str] = []
    running = Preview(tiny, port=0, log=logged.append, quiet=0.05, limits=SHORT)
    running.start()
    yield running, logged
    running.close()


def _closed_within(sock: socket.socket, seconds: float, trickle: bytes = b"") -> float | None:
    """Send ``trickle`` one byte per tenth of a second until the server closes the connection;
    the seconds that took, or None if it was still open after ``seconds``."""
    started = time.monotonic()
    for at in range(int(seconds * 10)):
        readable, _, _ = select.select([sock], [], [], 0.1)
        try:
            if readable and not sock.recv(65536):
                return time.monotonic() - started
            if trickle:
                sock.send(trickle[at % len(trickle) : at % len(trickle) + 1])
        except OSError:  # reset by the server
            return time.monotonic() - started
    return None


def test_limits_a_trickling_client_is_cut_at_the_request_deadline(limited: tuple[Preview, list[str]]) -> None:
    # Each byte arrives well within any per-read timeout; only a deadline for the whole head ends it.
    preview, _ = limited
    with socket.create_connection(address(preview), timeout=TIMEOUT) as sock:
        sock.sendall(b"GET /tiny/ HTTP/1.1\r\n")
        took = _closed_within(sock, 10.0, trickle=b"X-Slow: " + b"a" * 200)
    assert took is not None, "a client trickling a header was still connected after 10 s"
    assert took < 5.0  # head deadline 0.5 s; the rest is a loaded machine's slack
    assert get(preview, "/tiny/")[0] == 200


def test_limits_idle_keep_alive_connections_are_closed(limited: tuple[Preview, list[str]]) -> None:
    preview, _ = limited
    with socket.create_connection(address(preview), timeout=TIMEOUT) as sock:
        sock.sendall(b"HEAD /tiny/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        assert sock.recv(65536).startswith(b"HTTP/1.1 200 ")
        assert _closed_within(sock, 10.0) is not None


def test_limits_connections_are_capped_and_idle_ones_make_room(limited: tuple[Preview, list[str]]) -> None:
    preview, _ = limited
    slow = [socket.create_connection(address(preview), timeout=TIMEOUT) for _ in range(20)]
    try:
        for sock in slow:
            sock.sendall(b"GET /tiny/ HTTP/1.1\r\nX-Never: ")  # a head that never ends
        # Accepted in order: once this is answered, the server has taken (or cut) the 20 before it.
        assert get(preview, "/tiny/")[0] == 200
        handlers = [t for t in threading.enumerate() if "process_request_thread" in t.name]
        assert len(handlers) <= SHORT.connections, len(handlers)
        assert preview.server.connections.peak <= SHORT.connections
    finally:
        for sock in slow:
            sock.close()


def test_limits_event_streams_are_capped(limited: tuple[Preview, list[str]]) -> None:
    preview, _ = limited
    streams = []
    try:
        for _ in range(SHORT.streams):
            conn = http.client.HTTPConnection(*address(preview), timeout=TIMEOUT)
            conn.request("GET", "/__sitegen/events")
            assert conn.getresponse().status == 200
            streams.append(conn)
        assert get(preview, "/__sitegen/events")[0] == 503
        assert get(preview, "/tiny/")[0] == 200  # pages still load
    finally:
        for conn in streams:
            conn.close()


@pytest.mark.parametrize(
    ("host", "status"),
    [
        ("127.0.0.1", 200),
        ("127.0.0.1:{port}", 200),
        ("localhost:{port}", 200),
        ("LOCALHOST.", 200),
        ("evil.example", 403),
        ("evil.example:{port}", 403),
        ("127.0.0.1.evil.example", 403),
        ("localhost.evil.example:{port}", 403),
        ("10.0.0.1", 403),
        ("", 403),
    ],
)
def test_hosts_only_the_bound_names_are_answered(preview: Preview, host: str, status: int) -> None:
    port = address(preview)[1]
    head = f"GET /tiny/ HTTP/1.1\r\nHost: {host.format(port=port)}\r\nConnection: close\r\n\r\n"
    answer = raw(preview, head.encode())
    assert answer.startswith(f"HTTP/1.1 {status} ".encode()), answer[:100]
    if status != 200:
        assert b"Tiny archive" not in answer
        events = raw(preview, f"GET /__sitegen/events HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
        assert events.startswith(b"HTTP/1.1 403 "), events[:100]


def test_hosts_http_1_1_needs_a_host_and_1_0_may_omit_it(preview: Preview) -> None:
    assert raw(preview, b"GET /tiny/ HTTP/1.1\r\n\r\n").startswith(b"HTTP/1.1 400 ")
    assert raw(preview, b"GET /tiny/ HTTP/1.0\r\n\r\n").startswith(b"HTTP/1.1 200 ")


def test_hosts_names_for_each_kind_of_binding() -> None:
    assert allowed_hosts("127.0.0.1") == {"127.0.0.1", "localhost"}
    assert allowed_hosts("::1") == {"::1", "localhost"}
    assert host_allowed("[::1]:8000", allowed_hosts("::1"), False)
    everywhere = allowed_hosts("0.0.0.0")
    assert host_allowed("192.168.1.20:8000", everywhere, True)
    assert host_allowed(f"{socket.gethostname()}:8000", everywhere, True)
    assert not host_allowed("evil.example", everywhere, True)


def test_hosts_allow_host_adds_a_name(tiny: Path) -> None:
    running = Preview(tiny, port=0, log=lambda _: None, allow=("Preview.Example.",))
    running.start()
    try:
        for host, status in (("preview.example:8000", 200), ("other.example", 403)):
            answer = raw(running, f"HEAD /tiny/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
            assert answer.startswith(f"HTTP/1.1 {status} ".encode()), answer[:100]
    finally:
        running.close()


@pytest.mark.parametrize("request_bytes", [b"GET /tiny/\r\n", b"GET /tiny/\r\n\r\n", b"GET /\n"])
def test_serve_a_request_without_a_version_gets_a_status_line(preview: Preview, request_bytes: bytes) -> None:
    with socket.create_connection(address(preview), timeout=TIMEOUT) as sock:
        sock.sendall(request_bytes)
        answer = sock.recv(65536)  # at once: no waiting for headers an HTTP/0.9 client never sends
    assert answer.startswith(b"HTTP/1.1 400 "), answer[:100]
    assert b"Tiny archive" not in answer


def test_serve_out_of_file_descriptors_answers_instead_of_looping(preview: Preview) -> None:
    """The 404 page cannot be opened either: the answer is a plain one, not endless recursion."""
    conn = http.client.HTTPConnection(*address(preview), timeout=TIMEOUT)
    conn.request("GET", "/tiny/")
    assert conn.getresponse().read()  # the connection is open and its handler waits for the next request
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    fillers: list[int] = []
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (max(map(int, os.listdir("/proc/self/fd"))) + 8, hard))
        try:
            while True:
                fillers.append(os.open("/dev/null", os.O_RDONLY))
        except OSError:
            pass  # every descriptor this process may have is taken
        conn.request("GET", "/tiny/documents/report.html")
        response = conn.getresponse()
        status, body = response.status, response.read()
    finally:
        for descriptor in fillers:
            os.close(descriptor)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
        conn.close()
    assert status == 503 and b"cannot read the file" in body
    assert get(preview, "/tiny/documents/report.html")[0] == 200


def test_body_large_files_are_streamed_not_read_whole(preview: Preview, tiny: Path) -> None:
    size = 48 << 20
    page = b"<!doctype html><title>big</title><body><p>" + b"x" * size + b"</p></body></html>\n"
    (tiny / "site" / "big.html").write_bytes(page)
    (tiny / "site" / "big.pdf").write_bytes(page[:size])
    tracemalloc.start()
    try:
        digests = {}
        for name in ("big.html", "big.pdf"):
            conn = http.client.HTTPConnection(*address(preview), timeout=TIMEOUT)
            conn.request("GET", f"/tiny/{name}")
            response = conn.getresponse()
            digest, length = hashlib.sha256(), 0
            while chunk := response.read(1 << 16):
                digest.update(chunk)
                length += len(chunk)
            assert length == int(response.getheader("Content-Length", "0"))
            digests[name] = digest.hexdigest()
            conn.close()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    tag = f'<script src="{SCRIPT}?v=1" defer></script>'.encode()
    spliced = page.replace(b"</body>", tag + b"</body>")
    assert digests["big.html"] == hashlib.sha256(spliced).hexdigest()
    assert digests["big.pdf"] == hashlib.sha256(page[:size]).hexdigest()
    assert peak < 8 << 20, f"{peak / 2**20:.1f} MB held at once for a {size >> 20} MB file"
