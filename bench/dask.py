"""Dask benchmark: a build on a Dask LocalCluster against the same build on local processes.

    .venv/bin/python bench/dask.py --warm --pages both  # 1,000 documents, 1 run each
    .venv/bin/python bench/dask.py --sizes 1000 --runs 3 --warm
    .venv/bin/python bench/dask.py --pages both         # also: pages sent back to the client

Cold builds start from an empty cache folder, so spaCy runs on the executor's workers; both
executors have ``--jobs`` workers (2 by default). ``--pages both`` also times the warm Dask build
with the pages sent back to the client to write (``documents.WORKERS_WRITE = False``), against the
workers writing them into the shared staging folder. Every build runs in a child process (wall
time, and the peak resident memory of the child and the processes it waited for, from
``os.wait4``); the Dask row includes starting the local cluster. Each build prints its stages'
times, kept beside the table, for the per-document and reduce costs in docs/scaling.md.
Results are printed and written to bench/results/dask.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import make_archive

RESULTS = Path(__file__).resolve().parent / "results" / "dask.md"
DRIVER = """
import sys, time
from sitegen import documents
from sitegen.build import build
from sitegen.project import load_project
from dataclasses import replace
root, executor, jobs, write = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4] == "workers"
documents.WORKERS_WRITE = write
project = load_project(__import__("pathlib").Path(root))
project = replace(project, config=replace(project.config, executor=executor, jobs=jobs))
result = build(project, log=print)
"""


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float
    stages: dict[str, float]


def timed(root: Path, executor: str, jobs: int, write: str) -> Run:
    command = [sys.executable, "-c", DRIVER, str(root), executor, str(jobs), write]
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    printed = child.stdout.read().decode() if child.stdout else ""
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"{executor} build failed:\n{child.stderr.read().decode() if child.stderr else ''}")
    return Run(elapsed, usage.ru_maxrss / 1024, _stages(printed))


def _stages(printed: str) -> dict[str, float]:
    """Each stage's milliseconds, from the build's log (``  name  [N items]  T ms``)."""
    stages = {}
    for line in printed.splitlines():
        words = line.split()
        if len(words) >= 3 and words[-1] == "ms":
            stages[words[0]] = float(words[-2]) / 1000
    return stages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--warm", action="store_true", help="also time warm builds (the cache filled)")
    parser.add_argument("--pages", choices=("workers", "both"), default="workers")
    parser.add_argument("--annotators", default="[entities, claims, disputes]")
    args = parser.parse_args()
    rows = []
    kinds = [("processes", "workers"), ("dask", "workers")]
    for n in args.sizes:
        with tempfile.TemporaryDirectory(prefix=f"sitegen-dask-{n}-") as folder:
            root = make_archive(Path(folder) / str(n), n, annotators=args.annotators)
            for executor, write in kinds:
                cold = []
                for _ in range(args.runs):
                    shutil.rmtree(root / ".sitegen-cache", ignore_errors=True)
                    cold.append(timed(root, executor, args.jobs, write))
                rows.append(_row(f"{executor}, pages by {write}", "cold", n, cold))
            # Warm builds interleaved, so a busy machine slows each alike; pages sent back to the
            # client are timed warm, where writing pages is most of the work.
            warm_kinds = [*kinds, *([("dask", "client")] if args.pages == "both" else [])] if args.warm else []
            warm: dict[tuple[str, str], list[Run]] = {kind: [] for kind in warm_kinds}
            for _ in range(args.runs):
                for executor, write in warm_kinds:
                    warm[executor, write].append(timed(root, executor, args.jobs, write))
            rows += [_row(f"{executor}, pages by {write}", "warm", n, runs) for (executor, write), runs in warm.items()]
            print(table(rows), flush=True)
    text = (
        "# Dask benchmark\n\nMeasured with `python bench/dask.py "
        + " ".join(sys.argv[1:])
        + f"` on {os.cpu_count()} cores, {args.jobs} workers each; median of {args.runs} run(s) per row.\n\n"
        + table(rows)
        + "\n\nStage times (s) of the median run:\n\n"
        + stage_table(rows)
        + "\n"
    )
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(text)
    print(f"\n{stage_table(rows)}\nwritten to {RESULTS}")


def _row(tool: str, kind: str, n: int, runs: list[Run]) -> dict[str, object]:
    median = sorted(runs, key=lambda run: run.seconds)[len(runs) // 2]
    return {
        "tool": tool,
        "kind": kind,
        "docs": n,
        "seconds": statistics.median(run.seconds for run in runs),
        "peak": max(run.peak_mb for run in runs),
        "stages": median.stages,
    }


def table(rows: list[dict[str, object]]) -> str:
    lines = [
        "| executor | build | docs | median wall (s) | ms/doc | against processes | peak RSS (MB) |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    base = {(r["kind"], r["docs"]): r["seconds"] for r in rows if str(r["tool"]).startswith("processes")}
    for r in rows:
        seconds = float(r["seconds"])  # type: ignore[arg-type]
        docs = int(r["docs"])  # type: ignore[call-overload]
        ratio = seconds / float(base.get((r["kind"], docs), seconds))  # type: ignore[arg-type]
        lines.append(
            f"| {r['tool']} | {r['kind']} | {docs:,} | {seconds:.2f} | {seconds * 1000 / docs:.2f} | "
            f"{ratio:.2f} | {r['peak']:.0f} |"
        )
    return "\n".join(lines)


def stage_table(rows: list[dict[str, object]]) -> str:
    names: list[str] = []
    for r in rows:
        names += [name for name in r["stages"] if name not in names]  # type: ignore[attr-defined]
    lines = ["| executor | build | " + " | ".join(names) + " |", "|---|---|" + "---:|" * len(names)]
    for r in rows:
        stages: dict[str, float] = r["stages"]  # type: ignore[assignment]
        cells = " | ".join(f"{stages[name]:.2f}" if name in stages else "" for name in names)
        lines.append(f"| {r['tool']} | {r['kind']} | {cells} |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
