"""How grouping claims that travel grows with the archive: sitegen's grouping (MinHash LSH
candidates, then the exact test) beside an exhaustive peer in the same run (every pair's word
overlap by one matrix product per block of claims, numpy, then the same test and the same
linkage), on generated claim contents with known truth.

    python bench/claim_groups.py                 # 5,000 and 50,000 claims
    python bench/claim_groups.py --sizes 5000    # one size
    python bench/claim_groups.py --archive 5000  # also build a generated archive of N documents
                                                 # with a travelling claim each, and time its stages

The claims come from ``bench/corpus.py`` (``travelling_claims``): who, what, where and a number,
each claim worded 2 to 6 ways, a third of them alone, and many near misses (the same who, what
and where with another number). Precision and recall are over pairs of claims, against the
claim each was generated from. Results: bench/results/claim_groups.md.
"""

from __future__ import annotations

import argparse
import itertools
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from corpus import make_archive, travelling_claims  # noqa: E402

from sitegen.analyse import claimgroups, claimpairs  # noqa: E402
from sitegen.analyse.claimgroups import ClaimRecord, group_claims  # noqa: E402
from sitegen.analyse.similar import THRESHOLD, features, groupable, same_claim, weights  # noqa: E402
from sitegen.curate.claimgroups import GroupRules  # noqa: E402
from sitegen.errors import Diagnostics  # noqa: E402

BLOCK = 1000


class Clock:
    """Processor time (this process, every thread) and wall time: on a shared machine the
    processor time is the figure that does not depend on the neighbours."""

    def __init__(self) -> None:
        self.cpu, self.wall = time.process_time(), time.perf_counter()

    def read(self) -> str:
        return f"{time.process_time() - self.cpu:.1f} s ({time.perf_counter() - self.wall:.1f} s wall)"


def records_of(n: int) -> tuple[list[ClaimRecord], list[tuple[int, int, int, int]]]:
    claims = travelling_claims(n)
    records = [
        ClaimRecord(f"doc{i:05d}", "c-1", content, "", "", f"2024-01-01T{i:06d}", "", "")
        for i, (_, content) in enumerate(claims)
    ]
    return records, [key for key, _ in claims]


def exhaustive_pairs(items: list, threshold: float = THRESHOLD) -> list[tuple[int, int]]:
    """The peer: every pair's shared words counted, a block of rows at a time, then the same
    exact test on every pair whose overlap could pass."""
    usable = [i for i, item in enumerate(items) if groupable(item)]
    vocabulary = {word: k for k, word in enumerate(sorted({w for i in usable for w in items[i].words}))}
    matrix = np.zeros((len(usable), len(vocabulary)), dtype=np.float32)
    for row, i in enumerate(usable):
        matrix[row, [vocabulary[w] for w in items[i].words]] = 1.0
    sizes = matrix.sum(axis=1)
    weight = weights(items)
    floor = max(0.1, threshold - claimpairs.LSH_MARGIN)
    pairs = []
    for start in range(0, len(usable), BLOCK):
        shared = matrix[start : start + BLOCK] @ matrix.T
        union = sizes[start : start + BLOCK, None] + sizes[None, :] - shared
        rows, cols = np.nonzero(shared >= floor * union)
        for row, col in zip(rows.tolist(), cols.tolist(), strict=True):
            a, b = usable[start + row], usable[col]
            if a < b and same_claim(items[a], items[b], threshold, weight):
                pairs.append((a, b))
    return sorted(pairs)


def scored(groups: list[list[int]], keys: list[tuple[int, int, int, int]]) -> tuple[float, float]:
    """Pairwise precision and recall against the generated truth."""
    found = {pair for members in groups for pair in itertools.combinations(sorted(members), 2)}
    truth: dict[tuple[int, int, int, int], list[int]] = {}
    for index, key in enumerate(keys):
        truth.setdefault(key, []).append(index)
    true = {pair for members in truth.values() for pair in itertools.combinations(members, 2)}
    right = len(found & true)
    return (right / len(found) if found else 1.0), (right / len(true) if true else 1.0)


def run(n: int, peer: bool) -> list[str]:
    records, keys = records_of(n)
    index = {record.ref: i for i, record in enumerate(records)}
    clock = Clock()
    groups = group_claims(records, GroupRules(), Diagnostics())
    ours = clock.read()
    precision, recall = scored([[index[m.ref] for m in g.members] for g in groups], keys)
    rows = [f"| {n:,} | sitegen (MinHash LSH + test) | {ours} | {len(groups):,} | {precision:.3f} | {recall:.3f} |"]
    if peer:
        clock = Clock()
        items = [features(record.content) for record in records]
        parent = claimgroups._linked(len(records), exhaustive_pairs(items))
        theirs = clock.read()
        clusters: dict[int, list[int]] = {}
        for i in range(len(records)):
            clusters.setdefault(claimgroups._find(parent, i), []).append(i)
        multi = [members for members in clusters.values() if len(members) > 1]
        precision, recall = scored(multi, keys)
        rows.append(f"| {n:,} | exhaustive pairs (numpy) + test | {theirs} | {len(multi):,} | "
                    f"{precision:.3f} | {recall:.3f} |")  # fmt: skip
    return rows


def archive(n: int) -> str:
    """Build a generated archive of ``n`` documents with a travelling claim each, cold then
    warm, and report the claims stage's time and the groups made."""
    with tempfile.TemporaryDirectory() as folder:
        root = make_archive(Path(folder) / "archive", n, claims=True)
        lines = []
        for run_name in ("cold", "warm"):
            done = subprocess.run(
                [str(Path(sys.executable).parent / "sitegen"), "build", "-v", "--root", str(root)],
                capture_output=True, text=True, check=True,
            )  # fmt: skip
            claims = re.search(r"^\s*claims\s.*?([\d.]+) ms$", done.stdout, re.M)
            total = re.search(r"in ([\d.]+) s", done.stdout)
            groups = len(list((root / "site/claims").glob("g-*.html")))
            stage = float(claims[1]) / 1000 if claims else 0.0
            whole = total[1] if total else "?"
            lines.append(f"| {n:,} documents, {run_name} | {stage:.1f} s | {whole} s | {groups:,} group pages |")
        return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[5000, 50000])
    parser.add_argument("--no-peer", action="store_true")
    parser.add_argument("--archive", type=int, default=0, help="also build a generated archive of N documents")
    args = parser.parse_args()
    print("| claims | method | grouping time, processor (wall) | groups | pair precision | pair recall |")
    print("|---|---|---|---|---|---|")
    for n in args.sizes:
        for row in run(n, not args.no_peer):
            print(row, flush=True)
    if args.archive:
        print()
        print("| archive | claims stage | whole build | made |")
        print("|---|---|---|---|")
        print(archive(args.archive))


if __name__ == "__main__":
    main()
