"""The build's scratch spool: what goes in comes back, while the file grows and after a fork;
killed builds' folders are cleaned up, running builds' never."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from sitegen.runtime import spool


def test_pieces_come_back_while_the_spool_grows(tmp_path):
    with spool.opened(tmp_path) as scratch:
        first = scratch.put(b"alpha")
        assert spool.read(first) == b"alpha"  # maps the file as it is now
        second = scratch.put(b"beta" * 1000)
        assert spool.read(second) == b"beta" * 1000  # beyond the first mapping
        assert first.read_within(1, 3) == b"lp" and second.read_within(4000, 4000) == b""
        assert spool.read(scratch.put(b"")) == b""
    assert not any(tmp_path.iterdir()), "the spool's folder goes when the build ends"


def test_a_forked_worker_reads_and_writes_its_own(tmp_path):
    with spool.opened(tmp_path) as scratch:
        before = scratch.put(b"parent")
        spool.read(before)
        reading, writing = os.pipe()
        child = os.fork()
        if child == 0:  # pragma: no cover - runs in the child
            made = scratch.put(b"child")
            ok = spool.read(before) == b"parent" and spool.read(made) == b"child" and made.path != before.path
            os.write(writing, b"1" if ok else b"0")
            os._exit(0)
        os.close(writing)
        assert os.read(reading, 1) == b"1"
        os.waitpid(child, 0)
        assert spool.read(before) == b"parent"


def test_packed_values_round_trip_and_damage_is_caught(tmp_path):
    value = {"text": "Kyiv " * 500, "numbers": list(range(100))}
    packed = spool.pack(value)
    assert spool.unpack(packed, dict[str, Any]) == value and len(packed) < 1000
    damaged = bytearray(packed)
    damaged[len(packed) // 2] ^= 0x10
    for bad in (bytes(damaged), packed[:-4], b"plain bytes"):
        try:
            spool.unpack(bad, dict[str, Any])
        except spool.Unreadable:
            continue
        raise AssertionError(f"damage not caught: {bad[:20]!r}")


HOLD_A_SPOOL = """
import sys
from pathlib import Path
from sitegen.runtime import spool
with spool.opened(Path(sys.argv[1])) as scratch:
    scratch.put(b"x" * 1000)
    print(scratch.folder, flush=True)
    sys.stdin.readline()  # holds the spool until told, or killed
"""


def _holding(cache_dir: Path) -> tuple[subprocess.Popen[str], Path]:
    """A build-like process that holds a spool under ``cache_dir``, and its folder."""
    child = subprocess.Popen(
        [sys.executable, "-c", HOLD_A_SPOOL, str(cache_dir)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    return child, Path(child.stdout.readline().strip())


def test_spool_a_killed_builds_folder_goes_and_a_running_ones_stays(tmp_path):
    killed, killed_folder = _holding(tmp_path)
    running, running_folder = _holding(tmp_path)
    try:
        killed.send_signal(signal.SIGKILL)
        killed.wait()
        assert killed_folder.is_dir(), "a killed build leaves its spool behind"
        with spool.opened(tmp_path) as scratch:  # the next build
            scratch.put(b"mine")
            assert not killed_folder.exists()
            assert running_folder.is_dir() and any(running_folder.iterdir()), "a running build's spool is kept"
            with spool.opened(tmp_path):  # a second build beside the first keeps the first's too
                assert scratch.folder is not None and scratch.folder.is_dir()
    finally:
        running.communicate("\n")
    assert running.returncode == 0
    assert not any(tmp_path.iterdir())


def test_spool_a_folder_without_a_lock_goes_only_once_it_is_old(tmp_path):
    # Versions before locks left bare folders; one may still be in use for a while.
    fresh, old = tmp_path / "spool-fresh", tmp_path / "spool-old"
    for folder in (fresh, old):
        folder.mkdir()
        (folder / "123.spool").write_bytes(b"x")
    hours_ago = time.time() - 7200
    os.utime(old, (hours_ago, hours_ago))
    assert spool.remove_stale(tmp_path) == [old]
    assert fresh.is_dir()
