"""Executors: what maps a per-document function over the archive.

A stage hands an executor a module-level function ``step(item, context)``, the items (small and
picklable: a document's name and its own inputs) and one context shared by every item (the
registry, the settings, where to write). The executor decides where each call runs and how
values travel; the stages never know:

- ``inprocess``: one call after the other, here (tests, small archives, the preview server);
- ``processes`` (the default): forked local workers, which inherit the context as it is, so
  only item indices go out and only results come back;
- ``dask``: a Dask cluster (``scheduler: tcp://HOST:PORT``, or a local cluster of ``jobs``
  worker processes); the context is sent to each worker once. Workers must see the project
  folder, the cache folder and the output folder's parent at the same paths (shared storage).

A worker that dies takes the build down cleanly (``WorkersFailed``): the staging folder is
discarded and the previous site stays as it was. Dask first retries the lost worker's tasks on
the others (``distributed.scheduler.allowed-failures``, 3 by default).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Protocol, TypeVar

from sitegen.runtime.forked import PARALLEL_MIN_DOCUMENTS, map_forked

I = TypeVar("I")  # noqa: E741
C = TypeVar("C")
R = TypeVar("R")

Step = Callable[[I, C], R]

TASK_ITEMS = 8
"""Items a Dask task takes at a time: one task per document cost a tenth of a warm document's
time in scheduling at 1,000 documents; eight keep every worker busy down to a few hundred."""


class WorkersFailed(Exception):
    """A worker died (killed, out of memory) and the build could not finish without it."""


class Executor(Protocol):
    """Maps ``step(item, context)`` over items, giving the results in the items' order."""

    name: str

    def map(self, step: Step[I, C, R], items: Sequence[I], context: C, *, heavy: bool = False) -> list[R]:
        """``heavy``: each item is a batch worth a worker of its own, so a local pool runs even
        a few of them in parallel (else only enough items repay starting one)."""
        ...


class InProcess:
    """Every call here, in order."""

    name = "inprocess"

    def map(self, step: Step[I, C, R], items: Sequence[I], context: C, *, heavy: bool = False) -> list[R]:
        return [step(item, context) for item in items]


class Processes:
    """Forked local workers, for an archive big enough to repay forking them."""

    name = "processes"

    def __init__(self, jobs: int, min_items: int | None = None) -> None:
        self.jobs = jobs
        self.min_items = PARALLEL_MIN_DOCUMENTS if min_items is None else min_items

    def map(self, step: Step[I, C, R], items: Sequence[I], context: C, *, heavy: bool = False) -> list[R]:
        parallel = heavy or len(items) >= self.min_items
        try:
            done = map_forked(range(len(items)), lambda i: step(items[i], context), self.jobs, parallel)
        except BrokenProcessPool as lost:
            raise WorkersFailed(f"a worker process died ({lost})") from None
        return [done[i] for i in range(len(items))]


class Dask:
    """A Dask distributed cluster (``pip install 'sitegen[dask]'``)."""

    name = "dask"

    def __init__(self, client: Any) -> None:
        self.client = client

    def map(self, step: Step[I, C, R], items: Sequence[I], context: C, *, heavy: bool = False) -> list[R]:
        if not items:
            return []
        from distributed import KilledWorker

        # A task rather than scattered data: a worker lost with its copy makes it again, where
        # scattered data would be gone. Workers fetch it from each other, once each.
        shared = self.client.submit(_given, context, pure=False)
        chunks = [list(items[start : start + TASK_ITEMS]) for start in range(0, len(items), TASK_ITEMS)]
        futures = self.client.map(_run_chunk, [step] * len(chunks), chunks, [shared] * len(chunks), pure=False)
        try:
            done = self.client.gather(futures)
        except KilledWorker as lost:
            raise WorkersFailed(f"a Dask worker died while running {lost.task} (retried on others, in vain)") from None
        finally:
            self.client.cancel([*futures, shared])
        return [result for chunk in done for result in chunk]


def _given(context: C) -> C:
    return context


def _run_chunk(step: Step[I, C, R], items: list[I], context: C) -> list[R]:
    return [step(item, context) for item in items]


@contextlib.contextmanager
def opened(executor: str, jobs: int, scheduler: str = "") -> Iterator[Executor]:
    """The executor a build's settings name, for the length of the build."""
    if executor == "inprocess":
        yield InProcess()
    elif executor == "dask":
        with _dask_client(jobs, scheduler) as client:
            yield Dask(client)
    else:
        yield Processes(jobs)


@contextlib.contextmanager
def _dask_client(jobs: int, scheduler: str) -> Iterator[Any]:
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        from sitegen.errors import error

        raise error("sitegen.yml", 0, "the dask executor needs Dask", "pip install 'sitegen[dask]'") from None
    if scheduler:
        try:
            client = Client(scheduler, timeout="20s")  # type: ignore[no-untyped-call]
        except OSError as exc:
            from sitegen.errors import error

            raise error(
                "sitegen.yml",
                0,
                f"cannot reach the Dask scheduler at {scheduler}: {exc}",
                "start it, or fix the address",
            ) from None
        with client:
            yield client
        return
    workers = jobs or os.cpu_count() or 1
    with (
        LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,  # type: ignore[no-untyped-call]
    ):
        yield client
