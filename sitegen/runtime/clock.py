"""The stage clock: runs each stage of a build, logging its time."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
Log = Callable[[str], None]


class StageClock:
    """Runs stages, logging each one's time; stages never call each other."""

    def __init__(self, log: Log) -> None:
        self.log = log
        self.timings: list[tuple[str, float]] = []

    def run(self, name: str, stage: Callable[..., T], *args: object) -> T:
        started = time.perf_counter()
        result = stage(*args)
        elapsed = time.perf_counter() - started
        self.timings.append((name, elapsed))
        size = f"{len(result):>6} items" if isinstance(result, tuple | list) else " " * 12
        self.log(f"  {name:<10}{size}  {elapsed * 1000:8.1f} ms")
        return result
