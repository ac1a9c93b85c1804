"""Do the micro-optimisations still pay? Warm builds with each one switched off, interleaved
with the build as it is, on the same archive.

    .venv/bin/python bench/micro.py                  # 1,000 documents, 3 rounds
    .venv/bin/python bench/micro.py --size 5000 --rounds 5 --workdir ~/bench-archives

- ``collector``: Python's cycle collector left on during the build (``runtime/collector.py``).

(``direct_init`` and ``by_fields`` were measured here too and dropped on 2026-12-07: switched
off, the build was +0.1% and -4.2%; docs/scaling.md has the table.)

Each build runs in a child process; the table gives the median wall time and the slowdown
against the build as it is. Results are printed and written to bench/results/micro.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import make_archive

RESULTS = Path(__file__).resolve().parent / "results" / "micro.md"
DRIVER = """
import contextlib, sys
off = sys.argv[2]
if off == "collector":
    from sitegen.runtime import collector
    collector.paused = contextlib.nullcontext
    import gc
    from sitegen.runtime import forked
    forked.gc.disable = lambda: None
from pathlib import Path
from sitegen.build import build
from sitegen.project import load_project
build(load_project(Path(sys.argv[1])), log=lambda _: None)
"""
VARIANTS = ("as it is", "collector")


def timed(root: Path, off: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", DRIVER, str(root), off], check=True, cwd=root)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sitegen-micro-") as folder:
        root = (args.workdir or Path(folder)) / str(args.size)
        if not (root / "sitegen.yml").is_file():
            make_archive(root, args.size, annotators="[entities, claims, disputes]")
        timed(root, "as it is")  # fill the caches
        times: dict[str, list[float]] = {variant: [] for variant in VARIANTS}
        for _ in range(args.rounds):
            for variant in VARIANTS:
                times[variant].append(timed(root, variant))
    base = statistics.median(times["as it is"])
    lines = ["| switched off | median warm wall (s) | ms/doc | against the build as it is |", "|---|---:|---:|---:|"]
    for variant in VARIANTS:
        median = statistics.median(times[variant])
        lines.append(f"| {variant} | {median:.2f} | {median * 1000 / args.size:.2f} | {median / base - 1:+.1%} |")
    table = "\n".join(lines)
    print(table)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(
        f"# Micro-optimisations\n\nMeasured with `python bench/micro.py {' '.join(sys.argv[1:])}` on "
        f"{os.cpu_count()} cores; median of {args.rounds} interleaved rounds.\n\n{table}\n"
    )


if __name__ == "__main__":
    main()
