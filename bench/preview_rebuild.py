"""Child process of bench/build.py: the preview server's rebuild after one document changed.

    .venv/bin/python bench/preview_rebuild.py ARCHIVE RUNS

Builds ARCHIVE once the way `sitegen serve` does (a Builder that keeps the analysis), waits
for the spaCy model it loads in the background, then edits one document RUNS times and
prints each rebuild's seconds, one per line. The file is restored afterwards.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sitegen.annotate.nlp import load_model
from sitegen.project import load_project
from sitegen.serve.rebuild import Builder


def main() -> None:
    root, runs = Path(sys.argv[1]).resolve(), int(sys.argv[2])
    builder = Builder(root, log=lambda _: None)
    builder.rebuild()
    load_model(load_project(root).config.annotate.model)  # what an editor's first save finds loaded
    seed = sorted((root / "seeds").glob("*.txt"))[0]
    original = seed.read_text()
    try:
        for _ in range(runs):
            # New words every time, so the changed document is never in the annotation cache.
            seed.write_text(original + f"\nA late correction, number {time.time_ns()}, was issued.\n")
            started = time.perf_counter()
            builder.rebuild(frozenset({seed}))
            print(time.perf_counter() - started, flush=True)
    finally:
        seed.write_text(original)


if __name__ == "__main__":
    main()
