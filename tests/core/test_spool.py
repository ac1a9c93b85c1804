"""The build's scratch spool: what goes in comes back, while the file grows and after a fork."""

from __future__ import annotations

import os

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
    assert spool.unpack(packed) == value and len(packed) < 1000
    damaged = bytearray(packed)
    damaged[len(packed) // 2] ^= 0x10
    for bad in (bytes(damaged), packed[:-4], b"plain bytes"):
        try:
            spool.unpack(bad)
        except spool.Unreadable:
            continue
        raise AssertionError(f"damage not caught: {bad[:20]!r}")
