"""Build time of one very large document with dense curated annotations: is it linear?

Writes a project with a single plain-text document of 1, 2.5 and 5 MB (news-like
sentences from ``bench/corpus.py``, one paragraph per line, some very long lines) and a
curated file of ``occurrence: all`` entity entries for every person and place name, so
tens of thousands of highlights. Prints the build time of each, per stage, and the
ratio of time per MB between the largest and the smallest: near 1 is linear.

    .venv/bin/python bench/large_document.py [--sizes 1,2.5,5] [--markdown]
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import PEOPLE, PLACES, _sentence
from sitegen.build import build
from sitegen.project import load_project

MB = 1_000_000


def make_text(size: int, seed: int = 11) -> str:
    """About ``size`` bytes of text: a headline, paragraphs, now and then a 100 kB line."""
    rng = random.Random(seed)
    parts, total = ["A very large report on the fighting\n"], 0
    while total < size:
        sentences = 400 if rng.random() < 0.01 else rng.randint(2, 6)
        paragraph = " ".join(_sentence(rng) for _ in range(sentences)) + "\n"
        parts.append(paragraph)
        total += len(paragraph.encode())
    return "".join(parts)


def curated() -> str:
    entries = [f"  - kind: entity\n    quote: {name}\n    occurrence: all\n    type: person\n" for name in PEOPLE]
    entries += [f"  - kind: entity\n    quote: {name}\n    occurrence: all\n    type: place\n" for name in PLACES]
    return "annotations:\n" + "".join(entries)


def make_project(root: Path, size: int, markdown: bool) -> int:
    (root / "seeds").mkdir(parents=True)
    (root / "content/annotations").mkdir(parents=True)
    (root / "sitegen.yml").write_text("title: Large\nbase_url: https://example.org/\nannotate:\n  annotators: []\n")
    text = make_text(size)
    if markdown:
        text = text.replace("\n", "\n\n")
    (root / "seeds" / f"large{'.md' if markdown else '.txt'}").write_text(text, encoding="utf-8")
    (root / "content/annotations/large.yml").write_text(curated())
    return len(text.encode())


def run(size: int, markdown: bool) -> tuple[int, float, list[tuple[str, float]], int]:
    with tempfile.TemporaryDirectory(prefix="sitegen-large-") as folder:
        root = Path(folder)
        written = make_project(root, size, markdown)
        started = time.perf_counter()
        result = build(load_project(root), log=lambda _: None)
        elapsed = time.perf_counter() - started
        page = (root / "site/documents/large.html").read_text(encoding="utf-8")
        marks = page.count('<mark class="hl"')
        shutil.rmtree(root / "site", ignore_errors=True)
    return written, elapsed, list(result.timings), marks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1,2.5,5", help="document sizes in MB (default: 1,2.5,5)")
    parser.add_argument("--markdown", action="store_true", help="a Markdown document instead of plain text")
    args = parser.parse_args()
    rows = []
    for size in (float(s) for s in args.sizes.split(",")):
        written, elapsed, timings, marks = run(int(size * MB), args.markdown)
        rows.append((written, elapsed))
        slowest = ", ".join(f"{name} {seconds:.2f}" for name, seconds in sorted(timings, key=lambda t: -t[1])[:4])
        print(f"{written / MB:5.2f} MB  {marks:>7} highlights  build {elapsed:6.2f} s  ({slowest})", flush=True)
    (small, small_time), (large, large_time) = rows[0], rows[-1]
    ratio = (large_time / large) / (small_time / small)
    print(f"time per MB, largest / smallest: {ratio:.2f} (1.0 = linear, {large / small:.1f} = quadratic-ish x size)")


if __name__ == "__main__":
    main()
