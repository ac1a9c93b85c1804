"""Executors: the same site whichever runs the per-document work, and a lost worker never
leaves half a site. The Dask tests run a real ``dask.distributed.LocalCluster`` (2 worker
processes)."""

from __future__ import annotations

import os
import shutil
import signal
import weakref
from dataclasses import replace
from pathlib import Path

import pytest

from sitegen import documents
from sitegen.build import build
from sitegen.cli import EXIT_WORKERS, main
from sitegen.errors import SitegenError
from sitegen.runtime import forked
from sitegen.runtime.executors import WorkersFailed
from tests.conftest import project_at, quiet, write
from tests.core.test_build import GOLDEN, site_files

pytest.importorskip("distributed")
REPO = Path(__file__).resolve().parents[2]
DOCUMENT_PASS = documents.document_pass


def _with(root: Path, **settings: object):  # type: ignore[no-untyped-def]
    project = project_at(root)
    return replace(project, config=replace(project.config, **settings))


def test_executors_inprocess_and_processes_make_the_golden_site(tiny):
    build(_with(tiny, executor="inprocess"), log=quiet)
    assert site_files(tiny / "site") == site_files(GOLDEN)
    build(_with(tiny, executor="processes", jobs=2), log=quiet)
    assert site_files(tiny / "site") == site_files(GOLDEN)


@pytest.mark.slow
def test_executors_dask_local_cluster_makes_the_golden_site(tiny):
    build(_with(tiny, executor="dask", jobs=2), log=quiet)
    assert site_files(tiny / "site") == site_files(GOLDEN)


@pytest.mark.slow
@pytest.mark.model
def test_executors_dask_builds_the_seeds_as_local_processes_do(tmp_path):
    copies = {}
    for executor in ("processes", "dask"):
        root = tmp_path / executor
        shutil.copytree(REPO / "seeds", root / "seeds")
        shutil.copytree(REPO / "content", root / "content")
        shutil.copy(REPO / "sitegen.yml", root / "sitegen.yml")
        build(_with(root, executor=executor, jobs=2), log=quiet)  # cold: spaCy runs on the workers
        copies[executor] = site_files(root / "site")
    assert copies["dask"] == copies["processes"]
    assert any(name.startswith("documents/") for name in copies["dask"])


def dying_once(task: documents.DocumentTask, context: documents.DocumentContext) -> documents.Made:
    """The per-document pass, except that the first worker to reach the second document dies
    there (after writing the first document's files), as a machine lost mid-build would."""
    flag = context.project.root / "died"
    if task.index == 1 and not flag.exists():
        flag.touch()
        os.kill(os.getpid(), signal.SIGKILL)
    return DOCUMENT_PASS(task, context)


def dying_always(task: documents.DocumentTask, context: documents.DocumentContext) -> documents.Made:
    if task.index == 1:
        os.kill(os.getpid(), signal.SIGKILL)
    return DOCUMENT_PASS(task, context)


@pytest.mark.slow
def test_executors_dask_retries_a_killed_workers_documents(tiny, monkeypatch):
    monkeypatch.setattr(documents, "document_pass", dying_once)
    build(_with(tiny, executor="dask", jobs=2), log=quiet)
    assert (tiny / "died").exists(), "a worker was killed mid-build"
    assert site_files(tiny / "site") == site_files(GOLDEN)


@pytest.mark.slow
def test_executors_dask_fails_cleanly_when_workers_keep_dying(tiny, monkeypatch, capsys):
    import dask

    build(project_at(tiny), log=quiet)
    before = site_files(tiny / "site")
    write(tiny, "seeds/report.txt", (tiny / "seeds/report.txt").read_text() + "A late paragraph.\n")
    monkeypatch.setattr(documents, "document_pass", dying_always)
    with dask.config.set({"distributed.scheduler.allowed-failures": 1}), pytest.raises(WorkersFailed):
        build(_with(tiny, executor="dask", jobs=2), log=quiet)
    assert site_files(tiny / "site") == before  # the previous site, whole
    assert not [p for p in tiny.parent.iterdir() if ".building-" in p.name], "no half-built site is left"
    with dask.config.set({"distributed.scheduler.allowed-failures": 1}):
        code = main(["--root", str(tiny), "build", "--executor", "dask", "--jobs", "2", "--quiet"])
    assert code == EXIT_WORKERS
    assert "previous site is untouched" in capsys.readouterr().err
    assert site_files(tiny / "site") == before


def test_executors_unknown_executor_is_an_error_at_its_line(tiny):
    write(tiny, "sitegen.yml", (tiny / "sitegen.yml").read_text() + "executor: cluster\n")
    with pytest.raises(SitegenError) as raised:
        project_at(tiny)
    assert "sitegen.yml:" in str(raised.value) and "unknown executor 'cluster'" in str(raised.value)


class _Held:
    """A value caught in a reference cycle, as a chunk's pages can be (closures, frames)."""

    def __init__(self) -> None:
        self.me = self


_HELD: list[weakref.ref[_Held]] = []


def _held_and_still_alive(index: int) -> int:
    """Make a cycle, and say how many of the cycles this worker made before are still alive."""
    alive = sum(ref() is not None for ref in _HELD)
    _HELD.append(weakref.ref(_Held()))
    return alive


def test_executors_forked_workers_free_each_chunks_cycles(monkeypatch):
    # Workers never run the collector while working; what a chunk left in cycles (at 1,000
    # documents, half a worker's peak memory) must still be freed before the next chunk.
    monkeypatch.setattr(forked, "CHUNK", 2)
    alive = forked.map_forked(range(40), _held_and_still_alive, jobs=2)
    assert set(alive) == set(range(40))
    assert max(alive.values()) <= 1, "cycles made by earlier chunks were never freed"
