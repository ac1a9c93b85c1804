"""#18's reproduction of a wedged preview: ``sitegen serve`` under ``prlimit --nofile=256``, 300 slow
partial connections, then all closed. Prints the server's CPU time in the 5 s after, whether it
still answers, its log volume and its resident memory.

    .venv/bin/python bench/serve_starved.py [--checkout DIR] [--slow 300]

``--checkout`` runs another sitegen source tree (e.g. an older commit's worktree) for comparison.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = b"GET /tiny/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def status(port: int) -> str:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall(PAGE)
            return sock.recv(64).split(b"\r\n", 1)[0].decode("latin-1") or "closed without an answer"
    except OSError as exc:
        return repr(exc)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checkout", type=Path, default=ROOT)
    parser.add_argument("--slow", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sitegen-starved-") as scratch:
        project = Path(scratch) / "tiny"
        shutil.copytree(ROOT / "tests" / "sites" / "tiny", project, ignore=shutil.ignore_patterns("site"))
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        log_path = Path(scratch) / "serve.log"
        command = ["prlimit", "--nofile=256", sys.executable, "-m", "sitegen.cli", "--root", str(project), "serve"]
        with log_path.open("wb") as log:
            server = subprocess.Popen([*command, "--port", str(port)], cwd=args.checkout, stdout=log, stderr=log)
            try:
                deadline = time.monotonic() + 120
                while not status(port).startswith("HTTP/1.1 200") and time.monotonic() < deadline:
                    time.sleep(0.2)
                slow = []
                for _ in range(args.slow):
                    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
                    sock.sendall(b"GET /tiny/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: a")
                    slow.append(sock)
                time.sleep(2)
                for sock in slow:
                    sock.close()
                time.sleep(1)
                before = cpu_seconds(server.pid)
                time.sleep(5)
                used = cpu_seconds(server.pid) - before
                answer, rss = status(port), rss_mb(server.pid)
            finally:
                server.terminate()
                server.wait(10)
        lines = log_path.read_bytes().count(b"\n")
        print(
            f"{args.checkout}: {used:.2f} s CPU in the 5 s after closing {args.slow} slow connections; "
            f"then {answer!r}; {lines} log lines; RSS {rss:.0f} MB"
        )


if __name__ == "__main__":
    main()
