"""Faults: a build killed at any moment leaves the previous site whole; the cache never trusts a bad entry;
the build touches nothing outside its output and cache folders.

The output area is ``site/`` plus its sibling work folders ``.site.building-*`` (the
next site being written), ``.site.old-*`` (only on systems without an atomic exchange)
and ``.site.trash-*`` (an old site a background process is deleting).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import random
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.corpus import make_archive
from sitegen.annotate import cache
from sitegen.build import build
from sitegen.model import Origin, Part, Proposal
from sitegen.runtime import data
from tests.conftest import project_at, quiet, write

DOCUMENTS = 300
KILLS = 6
OUTPUT_AREA = ("site", ".sitegen-cache", ".site.building-", ".site.old-", ".site.trash-")


def tree(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with the hash of its content."""
    return {
        path.relative_to(folder).as_posix(): hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def sitegen(root: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "sitegen.cli", "--root", str(root), "build", "--quiet"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def finish(root: Path) -> dict[str, str]:
    process = sitegen(root)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 0, err.decode()
    return tree(root / "site")


def test_faults_killed_builds_leave_the_previous_site_whole(tmp_path: Path) -> None:
    root = make_archive(tmp_path / "archive", DOCUMENTS)
    started = time.perf_counter()
    good = finish(root)
    duration = time.perf_counter() - started
    rng = random.Random(8)
    outcomes = []
    for attempt in range(KILLS):
        # A new input each time, so a half-swapped site could not pass for the old one.
        seed = root / "seeds" / f"doc{attempt:05d}.txt"
        seed.write_text(seed.read_text(encoding="utf-8") + f"Edited in attempt {attempt}.\n", encoding="utf-8")
        process = sitegen(root)
        time.sleep(duration * (0.97 if attempt == KILLS - 1 else rng.uniform(0.1, 1.0)))
        workers = _children(process.pid)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        assert not _outlive(workers), f"attempt {attempt}: the killed build's workers are still running"
        killed = tree(root / "site")
        new = finish(root)
        assert killed in (good, new), f"attempt {attempt}: a killed build left a site that no build made"
        outcomes.append("previous site" if killed == good else "finished before the kill")
        assert not list(root.glob(".site.building-*")) and not list(root.glob(".site.old-*"))
        good = new
    print(f"kills: {outcomes}")  # shown with -s; docs/robustness.md records a run
    assert "previous site" in outcomes, outcomes


def _children(pid: int) -> list[int]:
    """The processes ``pid`` has forked (its workers), from /proc."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError):
            found += [int(child) for child in (task / "children").read_text().split()]
    return found


def _outlive(pids: list[int], within: float = 10.0) -> list[int]:
    """Which of ``pids`` are still running ``within`` seconds from now (each is waited on
    through a pidfd, which becomes readable when the process exits)."""
    deadline = time.monotonic() + within
    alive = []
    for pid in pids:
        try:
            handle = os.pidfd_open(pid)
        except ProcessLookupError:
            continue
        try:
            ready, _, _ = select.select([handle], [], [], max(0.0, deadline - time.monotonic()))
        finally:
            os.close(handle)
        if not ready:
            alive.append(pid)
    return alive


def _proposal() -> Proposal:
    origin = Origin(kind="machine", name="claims.rules", version="1", rule="said", line=0)
    return Proposal("claim", 0, 4, (Part("cue", 0, 2),), (("source_kind", "named"),), (origin,), 0.9, "a note")


_HASH = len(data.MAGIC) + 2 + 1 + 64
"""Where an entry's hash starts: after the magic, the schema, the key's length and the key."""

CORRUPTIONS = {
    "truncated": lambda entry: entry[: len(entry) // 2],
    "empty": lambda entry: b"",
    "not an entry": lambda entry: b"\x00\x01garbage",
    "a flipped offset": lambda entry: entry.replace(b'"claim", 0, 4', b'"claim", 0, 5'),
    "a changed note": lambda entry: entry.replace(b"a note", b"b note"),
    "a wrong hash": lambda entry: entry[:_HASH] + bytes([entry[_HASH] ^ 1]) + entry[_HASH + 1 :],
    "no header": lambda entry: entry[_HASH + 32 :],
    "another schema": lambda entry: entry.replace(data.MAGIC + b"\x00\x01", data.MAGIC + b"\x00\x02", 1),
    "an object, resealed": lambda entry: _resealed(entry, lambda body: {"proposals": body}),
    "wrong types, resealed": lambda entry: _resealed(entry, lambda body: [[*body[0][:3], 5, *body[0][4:]]]),
    "not UTF-8, resealed": lambda entry: _resealed(entry, None),
}


def _resealed(entry: bytes, change) -> bytes:  # type: ignore[no-untyped-def]
    """The entry with its body changed and sealed again under its key, its hash right."""
    key = data.sealed_under(entry)
    assert key is not None
    body = data.unseal(entry, key)
    assert body is not None
    new = "Kyiv".encode("utf-16") if change is None else json.dumps(change(json.loads(body))).encode()
    return data.seal(key, new)


@pytest.mark.parametrize("corruption", sorted(CORRUPTIONS))
def test_faults_cache_refuses_a_corrupted_entry(tmp_path: Path, corruption: str) -> None:
    cache.store(tmp_path, "ab" * 32, (_proposal(),))
    assert cache.load(tmp_path, "ab" * 32) == (_proposal(),)
    entry = cache.entry_path(tmp_path, "ab" * 32)
    damaged = CORRUPTIONS[corruption](entry.read_bytes())
    assert damaged != entry.read_bytes()
    entry.write_bytes(damaged)
    assert cache.load(tmp_path, "ab" * 32) is None


def test_faults_cache_survives_a_killed_writer(tmp_path: Path) -> None:
    # A writer killed before its rename leaves a temporary file; readers never see it.
    key = "cd" * 32
    cache.store(tmp_path, key, (_proposal(),))
    entry = cache.entry_path(tmp_path, key)
    (entry.parent / ".tmp-killed.json").write_text('{"checksum": "x", "propo')
    assert cache.load(tmp_path, key) == (_proposal(),)


@pytest.mark.model
def test_faults_build_rebuilds_a_corrupted_cache_entry(tiny: Path) -> None:
    write(tiny, "sitegen.yml", "title: Tiny archive\nbase_url: https://example.org/tiny/\n")
    build(project_at(tiny), log=quiet)
    first = tree(tiny / "site")
    entries = sorted((tiny / ".sitegen-cache/annotate").rglob("*.proposals"))
    assert entries
    for entry in entries:
        entry.write_bytes(entry.read_bytes() + b" ")  # the body no longer matches its hash
    corrupted = {entry: entry.read_bytes() for entry in entries}
    build(project_at(tiny), log=quiet)  # the analysis cache still holds each document's result
    assert tree(tiny / "site") == first
    shutil.rmtree(tiny / ".sitegen-cache/analysed")  # so the proposals are needed again
    build(project_at(tiny), log=quiet)
    assert tree(tiny / "site") == first
    assert all(entry.read_bytes() != data for entry, data in corrupted.items()), "bad entries must be rewritten"


def snapshot(folder: Path, project: Path) -> dict[str, int]:
    """Path → modification time of everything under ``folder`` outside the project's output area."""
    found = {}
    for path in folder.rglob("*"):
        if path.is_relative_to(project) and path != project:
            first = path.relative_to(project).parts[0]
            if first in OUTPUT_AREA[:2] or first.startswith(OUTPUT_AREA[2:]):
                continue
        found[path.relative_to(folder).as_posix()] = path.lstat().st_mtime_ns
    return found


@pytest.mark.parametrize("outcome", ["success", "failure"])
def test_faults_build_writes_nothing_outside_its_output(tmp_path: Path, tiny: Path, outcome: str) -> None:
    (tmp_path / "neighbour.txt").write_text("next to the project")
    (tiny / "notes.txt").write_text("the curator's own file")
    if outcome == "failure":
        write(tiny, "content/annotations/report.yml", "annotations:\n  - kind: claim\n    quote: nowhere\n")
    os.utime(tiny, ns=(0, 0))
    before = snapshot(tmp_path, tiny)
    try:
        build(project_at(tiny), log=quiet)
    except Exception:
        assert outcome == "failure"
    made = {p.name for p in tiny.iterdir()} - {p.split("/")[1] for p in before if p.startswith("tiny/")}
    assert made <= {"site", ".sitegen-cache"}, made
    after = snapshot(tmp_path, tiny)
    changed = {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}
    assert changed <= {"tiny"}, changed  # the project folder's own mtime: site/ was swapped inside it
    if outcome == "failure":
        assert not (tiny / "site").exists()


def test_faults_the_output_folder_is_only_replaced_when_it_is_ours(tiny: Path) -> None:
    write(tiny, "site/precious.txt", "not a site")
    with pytest.raises(Exception, match="refusing to replace a folder that sitegen did not build"):
        build(project_at(tiny), log=quiet)
    assert (tiny / "site/precious.txt").read_text() == "not a site"
    shutil.rmtree(tiny / "site")
