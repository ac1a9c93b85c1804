"""Annotating one very long document with the real model: time, peak memory, proposals.

A document over spaCy's 1,000,000 characters used to stop the build (E088), and one just
under it took 2.7 GB; it is now parsed in pieces of whole paragraphs, in batches of at
most 200,000 characters. Prints the size, the time, the number of proposals and this
process's peak resident memory (which includes the model, about 0.3 GB).

    .venv/bin/python bench/long_document_annotate.py [--mb 1.1]
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.large_document import MB, make_text
from sitegen.annotate.pipeline import annotate_with
from sitegen.config import AnnotateConfig
from sitegen.model import EntityRegistry


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=1.1, help="document size in MB (default 1.1)")
    text = make_text(int(parser.parse_args().mb * MB))
    started = time.perf_counter()
    (found,) = annotate_with([text], EntityRegistry(), AnnotateConfig(), None, jobs=1)
    elapsed = time.perf_counter() - started
    assert all(0 <= p.start < p.end <= len(text) for p in found)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6
    print(f"{len(text):,} characters: {len(found):,} proposals in {elapsed:.1f} s, peak memory {peak:.2f} GB")


if __name__ == "__main__":
    main()
