"""Anchoring many ``occurrence: N`` entries: 3,000 entries on one common word in a 250 kB
document. Prints the time of ``sitegen check`` (anchoring is most of it) and per entry.

    .venv/bin/python bench/occurrences.py [--entries 3000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sitegen.build import check
from sitegen.project import load_project

SENTENCE = "The mayor said the town fell, and the officials of the region agreed. "


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=3000)
    count = parser.parse_args().entries
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "seeds").mkdir()
        (root / "content/annotations").mkdir(parents=True)
        (root / "sitegen.yml").write_text("annotate: {annotators: []}\n")
        text = "Headline\n" + SENTENCE * (250_000 // len(SENTENCE))
        (root / "seeds/a.txt").write_text(text)
        entries = "".join(f"  - {{kind: entity, quote: the, occurrence: {n}}}\n" for n in range(1, count + 1))
        (root / "content/annotations/a.yml").write_text("annotations:\n" + entries)
        started = time.perf_counter()
        check(load_project(root), log=lambda _: None)
        elapsed = time.perf_counter() - started
    each = elapsed / count * 1e3
    print(f"{count:,} occurrence: N entries, {len(text):,} characters: {elapsed:.2f} s, {each:.2f} ms each")


if __name__ == "__main__":
    main()
