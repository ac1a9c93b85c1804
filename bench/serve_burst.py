"""The preview under a burst and under slow clients, beside Python's own ``http.server``, on loopback.

    .venv/bin/python bench/serve_burst.py [--burst 2000] [--slow 300] [--probes 50] [--checkout DIR]

1. burst: ``--burst`` connections opened at once (one client thread, non-blocking sockets),
   each sending one GET for the home page; per-connection time from connect to the last byte.
2. slow clients: ``--slow`` connections that send a partial request head and then one byte
   every 2 s; meanwhile ``--probes`` ordinary requests, one after another, are timed, and the
   server's thread count is read from /proc.

Both servers serve the same built copy of tests/sites/tiny from their own process:
``sitegen serve`` and ``python -m http.server`` (ThreadingHTTPServer, one thread per
connection, listen backlog 5) as the peer.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import selectors
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TINY = ROOT / "tests" / "sites" / "tiny"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get(port: int, path: str, timeout: float = 60.0) -> int:
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/") else 0


def start(command: list[str], port: int, path: str, cwd: Path) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if get(port, path, 5) == 200:
                return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit(f"{command[0]} did not start")


def threads(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("Threads:"):
            return int(line.split()[1])
    return 0


def burst(port: int, path: str, count: int) -> tuple[list[float], int]:
    """Open ``count`` connections at once; seconds each took to be answered, and failures."""
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode()
    selector = selectors.DefaultSelector()
    started: dict[socket.socket, float] = {}
    answers: dict[socket.socket, bytes] = {}
    for _ in range(count):
        sock = socket.socket()
        sock.setblocking(False)
        code = sock.connect_ex(("127.0.0.1", port))
        if code not in (0, errno.EINPROGRESS):
            sock.close()
            continue
        started[sock] = time.perf_counter()
        answers[sock] = b""
        selector.register(sock, selectors.EVENT_WRITE)
    times: list[float] = []
    failures = count - len(started)
    deadline = time.monotonic() + 180
    while selector.get_map() and time.monotonic() < deadline:
        for key, events in selector.select(timeout=1.0):
            sock = key.fileobj
            assert isinstance(sock, socket.socket)
            try:
                if events & selectors.EVENT_WRITE:
                    sock.send(request)
                    selector.modify(sock, selectors.EVENT_READ)
                    continue
                chunk = sock.recv(65536)
            except OSError:
                chunk, answers[sock] = b"", b""
            if chunk:
                answers[sock] += chunk
                continue
            selector.unregister(sock)
            sock.close()
            if answers[sock].startswith(b"HTTP/1.1 200") or answers[sock].startswith(b"HTTP/1.0 200"):
                times.append(time.perf_counter() - started[sock])
            else:
                failures += 1
    failures += len(selector.get_map())
    return times, failures


def slow_clients(pid: int, port: int, path: str, count: int, probes: int) -> tuple[list[float], int, int]:
    """Probe latencies while ``count`` clients trickle; the most threads seen, and probe failures."""
    slow = []
    for _ in range(count):
        try:
            sock = socket.create_connection(("127.0.0.1", port), timeout=5)
            sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            sock.setblocking(False)
            slow.append(sock)
        except OSError:
            break
    latencies, most, failures = [], threads(pid), 0
    last_trickle = time.monotonic()
    for _ in range(probes):
        if time.monotonic() - last_trickle > 2:
            for sock in slow:
                with contextlib.suppress(OSError):  # cut off by the server
                    sock.send(b"a")
            last_trickle = time.monotonic()
        began = time.perf_counter()
        try:
            ok = get(port, path, 60) == 200
        except OSError:
            ok = False
        latencies.append(time.perf_counter() - began)
        failures += not ok
        most = max(most, threads(pid))
    for sock in slow:
        sock.close()
    return latencies, most, failures


def summary(times: list[float]) -> str:
    if not times:
        return "no answers"
    ordered = sorted(times)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    median, slowest = statistics.median(ordered), ordered[-1]
    return f"median {median * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms, slowest {slowest * 1000:.0f} ms"


def measure(name: str, process: subprocess.Popen[bytes], port: int, path: str, args: argparse.Namespace) -> None:
    times, failed = burst(port, path, args.burst)
    print(f"{name:<16} burst of {args.burst}: {len(times)} answered, {failed} failed; {summary(times)}")
    latencies, most, probe_failures = slow_clients(process.pid, port, path, args.slow, args.probes)
    print(
        f"{name:<16} {args.slow} slow clients: {args.probes} probes, {probe_failures} failed; {summary(latencies)}; "
        f"server threads at most {most}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--burst", type=int, default=2000)
    parser.add_argument("--slow", type=int, default=300)
    parser.add_argument("--probes", type=int, default=50)
    parser.add_argument("--checkout", type=Path, default=ROOT, help="sitegen source tree to run (default: this one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sitegen-burst-") as scratch:
        project = Path(scratch) / "tiny"
        shutil.copytree(TINY, project, ignore=shutil.ignore_patterns("site", ".sitegen-cache"))
        ours_port, peer_port = free_port(), free_port()
        command = [sys.executable, "-m", "sitegen.cli", "--root", str(project), "serve", "--port", str(ours_port)]
        ours = start(command, ours_port, "/tiny/", args.checkout)  # `-m` imports sitegen from there
        try:
            measure("sitegen serve", ours, ours_port, "/tiny/", args)
        finally:
            ours.terminate()
            ours.wait(10)
        peer_command = [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", str(peer_port)]
        peer = start(peer_command, peer_port, "/", project / "site")
        try:
            measure("python http.server", peer, peer_port, "/", args)
        finally:
            peer.terminate()
            peer.wait(10)


if __name__ == "__main__":
    main()
