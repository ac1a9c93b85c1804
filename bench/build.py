"""Build benchmark: sitegen (cold, warm, one changed document with `sitegen build` and in the
preview server) side by side with MkDocs 1.6.

    .venv/bin/python bench/build.py                 # N = 100 and 1,000, 3 runs each
    .venv/bin/python bench/build.py --sizes 100 1000 5000 --runs 3 --cold-max 1000
    .venv/bin/python bench/build.py --sizes 5000 --workdir ~/bench-archives   # keep archives and caches
    .venv/bin/python bench/build.py --sizes 5000 --peer ../before/.venv/bin/sitegen --peer-label 377b59c

``--peer`` names another sitegen (an older checkout's, say): its cold and warm builds of the same
archive (a copy, as cache formats differ) alternate with this one's in the same run, so a regression is
measured against the code before it on the same machine at the same moment.

Every build runs in a child process; wall time and the child's peak resident memory come
from ``os.wait4``. Results are printed and written to bench/results/build.md.
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
from sizes import first_visit
from sizes import table as size_table

VENV_BIN = Path(sys.executable).parent
RESULTS = Path(__file__).resolve().parent / "results" / "build.md"


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float


@dataclass(frozen=True)
class Row:
    tool: str
    docs: int
    median_s: float
    peak_mb: float
    output_mb: float
    index_mb: float

    @property
    def ms_per_doc(self) -> float:
        return self.median_s * 1000 / self.docs


def timed(command: list[str], cwd: Path) -> Run:
    """Run a command, returning its wall time and peak RSS (from the kernel's rusage)."""
    return timed_output(command, cwd)[0]


def timed_output(command: list[str], cwd: Path) -> tuple[Run, str]:
    """``timed``, with what the command printed."""
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    printed = child.stdout.read().decode() if child.stdout else ""
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    if status != 0:
        raise SystemExit(
            f"{' '.join(command)} failed in {cwd}:\n{child.stderr.read().decode() if child.stderr else ''}"
        )
    return Run(elapsed, usage.ru_maxrss / 1024), printed


def size_mb(path: Path, pattern: str = "*") -> float:
    return sum(p.stat().st_size for p in path.rglob(pattern) if p.is_file()) / 1e6


def archive_at(root: Path, n: int, annotators: str) -> Path:
    """The benchmark archive of ``n`` documents in ``root``, made unless it is already there."""
    if not (root / "sitegen.yml").is_file():
        shutil.rmtree(root, ignore_errors=True)
        make_archive(root, n, annotators=annotators)
    return root


@dataclass(frozen=True)
class Peer:
    """Another sitegen to time beside this one: its executable and what to call it."""

    sitegen: Path
    label: str


def peer_archive(root: Path, n: int) -> Path:
    """A copy of the archive's inputs beside it, for the peer's own caches."""
    copy = root.with_name(f"{n}-peer")
    if not (copy / "sitegen.yml").is_file():
        copy.mkdir(parents=True, exist_ok=True)
        for name in ("seeds", "content"):
            shutil.copytree(root / name, copy / name, dirs_exist_ok=True)
        shutil.copy2(root / "sitegen.yml", copy / "sitegen.yml")
    return copy


def sitegen_runs(root: Path, n: int, runs: int, cold: bool, jobs: int, peer: Peer | None = None) -> list[Row]:
    build = [str(VENV_BIN / "sitegen"), "build", "--quiet", "--jobs", str(jobs)]
    rows = []
    if cold:
        rows += cold_beside_peer(root, n, runs, build, peer)
    else:
        timed(build, root)  # fill the annotation cache
    if peer is None:
        rows.append(_row("sitegen warm", n, [timed(build, root) for _ in range(runs)], root / "site"))
    else:
        rows += warm_beside_peer(root, n, runs, build, peer)
    changed = []
    seed = root / "seeds" / "doc00000.txt"
    original = seed.read_text()
    try:
        for _ in range(runs):
            # New words every time, so the changed document is never in the annotation cache.
            seed.write_text(original + f"\nA late correction, number {time.time_ns()}, was issued.\n")
            changed.append(timed(build, root))
    finally:
        seed.write_text(original)
    rows.append(_row("sitegen, 1 doc changed", n, changed, root / "site"))
    rows.append(_row("sitegen preview, 1 doc changed", n, preview_runs(root, runs), root / "site"))
    return rows


def cold_beside_peer(root: Path, n: int, runs: int, build: list[str], peer: Peer | None) -> list[Row]:
    """Cold builds (the annotation cache emptied first), alternated run by run with the peer's
    when there is one."""
    ours, peers = [], []
    for _ in range(runs):
        ours.append(_cold(build, root))
        if peer is not None:
            peers.append(_cold([str(peer.sitegen), "build", *build[2:]], peer_archive(root, n)))
    rows = [_row("sitegen cold", n, ours, root / "site")]
    if peer is not None:
        rows.append(_row(f"sitegen cold, {peer.label}", n, peers, peer_archive(root, n) / "site"))
    return rows


def _cold(build: list[str], root: Path) -> Run:
    shutil.rmtree(root / ".sitegen-cache", ignore_errors=True)
    return timed(build, root)


def warm_beside_peer(root: Path, n: int, runs: int, build: list[str], peer: Peer) -> list[Row]:
    """Warm builds of this sitegen and the peer, alternated run by run."""
    other = peer_archive(root, n)
    theirs = [str(peer.sitegen), "build", *build[2:]]
    timed(theirs, other)  # fill the peer's caches
    timed(theirs, other)
    ours, peers = [], []
    for _ in range(runs):
        ours.append(timed(build, root))
        peers.append(timed(theirs, other))
    return [_row("sitegen warm", n, ours, root / "site"), _row(f"sitegen warm, {peer.label}", n, peers, other / "site")]


def preview_runs(root: Path, runs: int) -> list[Run]:
    """The preview server's rebuilds after an edit, timed inside its process (which builds the
    archive in full first, so the peak is the server's)."""
    child = Path(__file__).resolve().parent / "preview_rebuild.py"
    whole, printed = timed_output([sys.executable, str(child), str(root), str(runs)], root)
    return [Run(float(line), whole.peak_mb) for line in printed.split()]


def mkdocs_runs(root: Path, n: int, runs: int) -> list[Row]:
    docs = root / "docs"
    shutil.rmtree(docs, ignore_errors=True)
    docs.mkdir()
    for path in sorted((root / "seeds").glob("*.txt")):
        headline, _, body = path.read_text().partition("\n")
        (docs / f"{path.stem}.md").write_text(f"# {headline}\n\n" + "\n\n".join(body.splitlines()) + "\n")
    (docs / "index.md").write_text("# Benchmark archive\n")
    (root / "mkdocs.yml").write_text("site_name: Benchmark archive\nplugins:\n  - search\n")
    command = [str(VENV_BIN / "mkdocs"), "build", "--quiet", "--site-dir", "mkdocs-site"]
    results = [timed(command, root) for _ in range(runs)]
    return [_row("MkDocs 1.6 (default theme, search)", n, results, root / "mkdocs-site", "search/*.json")]


def _row(tool: str, n: int, runs: list[Run], site: Path, index_pattern: str = "search/**/*") -> Row:
    return Row(
        tool=tool,
        docs=n,
        median_s=statistics.median(r.seconds for r in runs),
        peak_mb=max(r.peak_mb for r in runs),
        output_mb=size_mb(site),
        index_mb=size_mb(site, index_pattern) if (site / "search").exists() else 0.0,
    )


def table(rows: list[Row]) -> str:
    lines = [
        "| tool | docs | median wall (s) | ms/doc | peak RSS (MB) | output (MB) | search index (MB) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r.tool} | {r.docs:,} | {r.median_s:.2f} | {r.ms_per_doc:.2f} | {r.peak_mb:.0f} | "
            f"{r.output_mb:.1f} | {r.index_mb:.1f} |"
        )
    return "\n".join(lines)


def weights(site: Path, n: int, tool: str) -> str:
    """Bytes and files per document by folder, and a document page's first-visit transfer size."""
    pages = sorted((site / "documents").glob("*.html")) or sorted(site.glob("doc*/index.html"))
    visit = f"; first visit of a document page {first_visit(pages[0]) / 1e3:.1f} kB gzip" if pages else ""
    return f"{tool}, {n:,} documents{visit}:\n\n{size_table(site, n)}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cold-max", type=int, default=1000, help="largest N to time cold builds at")
    parser.add_argument("--jobs", type=int, default=0)
    parser.add_argument("--annotators", default="[entities, claims, disputes]")
    parser.add_argument("--no-mkdocs", action="store_true")
    parser.add_argument("--peer", type=Path, help="another sitegen whose cold and warm builds alternate with ours")
    parser.add_argument("--peer-label", default="peer", help="what the peer's rows are called (a commit, say)")
    parser.add_argument(
        "--workdir",
        type=Path,
        help="keep each archive (and its annotation cache) in WORKDIR/N and reuse it next time; "
        "the corpus is deterministic, so only its cache is new (default: a temporary folder)",
    )
    args = parser.parse_args()
    rows: list[Row] = []
    sizes: list[str] = []
    for n in args.sizes:
        with tempfile.TemporaryDirectory(prefix=f"sitegen-bench-{n}-") as folder:
            root = archive_at((args.workdir or Path(folder)) / str(n), n, args.annotators)
            peer = Peer(args.peer.resolve(), args.peer_label) if args.peer else None
            rows += sitegen_runs(root, n, args.runs, n <= args.cold_max, args.jobs, peer)
            sizes.append(weights(root / "site", n, "sitegen"))
            if not args.no_mkdocs:
                rows += mkdocs_runs(root, n, args.runs)
                sizes.append(weights(root / "mkdocs-site", n, "MkDocs 1.6"))
        print(table(rows), flush=True)
        print(sizes[-1], flush=True)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(
        "# Build benchmark\n\nMeasured with `python bench/build.py "
        + " ".join(sys.argv[1:])
        + f"` on {os.cpu_count()} cores; median of {args.runs} runs per row.\n\n"
        + table(rows)
        + "\n\n## Size on disk, by folder\n\n"
        + "\n\n".join(sizes)
        + "\n"
    )
    print(f"\nwritten to {RESULTS.relative_to(Path.cwd()) if RESULTS.is_relative_to(Path.cwd()) else RESULTS}")


if __name__ == "__main__":
    main()
