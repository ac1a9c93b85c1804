"""The ``sitegen eval`` verb's options, apart from its machinery: every command line builds
its parser, and only ``sitegen eval`` needs the readers and the annotators behind it."""

from __future__ import annotations

import argparse
from pathlib import Path

from sitegen.config import AnnotateConfig


def configure_parser(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--polnear", type=Path, metavar="DIR", help="a PolNeAR split folder (text/, attributions/)")
    parser.add_argument("--gum", type=Path, metavar="DIR", help="a folder of GUM WebAnno TSV files")
    parser.add_argument("--gold", type=Path, metavar="DIR", help="curated-YAML gold files (<slug>.yml)")
    parser.add_argument("--docs", type=Path, metavar="DIR", help="the documents the --gold files describe")
    parser.add_argument("--limit", type=int, default=0, metavar="N", help="only the first N documents")
    parser.add_argument(
        "--skip",
        type=int,
        default=0,
        metavar="N",
        help="leave out the first N documents (PolNeAR train: --limit 640 to develop on, --skip 640 held back)",
    )
    parser.add_argument("--model", default=AnnotateConfig().model, help="spaCy model package")
    parser.add_argument("--errors", type=int, default=0, metavar="N", help="print the N largest error classes")
    parser.add_argument("--jobs", type=int, default=1, help="processes for parsing large folders")
    parser.add_argument("--entities", type=Path, metavar="FILE", help="an entity registry (content/entities.yml)")
