"""The ``sitegen eval`` verb: score the annotators on PolNeAR, GUM or our own gold folders."""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from sitegen.config import AnnotateConfig
from sitegen.curate.curated import load_registry
from sitegen.errors import Diagnostics
from sitegen.evaluate.gold import read_gold
from sitegen.evaluate.gum import read_gum
from sitegen.evaluate.options import configure_parser
from sitegen.evaluate.polnear import read_polnear
from sitegen.evaluate.records import GoldDoc
from sitegen.evaluate.runner import Example, Report, evaluate
from sitegen.model import EntityRegistry

__all__ = ["configure_parser", "format_report", "run"]


def run(args: argparse.Namespace) -> int:
    """Evaluate every corpus given; a missing folder is reported and skipped, not an error."""
    settings = AnnotateConfig(model=args.model)
    sources = _sources(args)
    if not sources:
        print("nothing to evaluate: give --polnear DIR, --gum DIR or --gold DIR --docs DIR", file=sys.stderr)
        return 2
    for label, folder, read in sources:
        if not folder.is_dir():
            print(f"{label}: skipped, {folder} not found")
            continue
        docs = list(read())
        began = time.perf_counter()
        report = evaluate(docs, settings, _registry(args.entities), jobs=args.jobs, bare=label == "gum")
        print(f"== {label} {folder} ({report.documents} documents, {time.perf_counter() - began:.1f}s)")
        print(format_report(report, args.errors))
    return 0


def _registry(path: Path | None) -> EntityRegistry:
    """The registry to evaluate with; its problems are user errors, like in a build."""
    if path is None:
        return EntityRegistry()
    diagnostics = Diagnostics()
    registry = load_registry(path.parent, path.name, diagnostics)
    diagnostics.raise_errors()
    return registry


Source = tuple[str, Path, Callable[[], Iterable[GoldDoc]]]


def _sources(args: argparse.Namespace) -> list[Source]:
    """Each corpus given, as the window of documents ``--skip`` and ``--limit`` choose."""
    sources: list[Source] = []
    stop = args.skip + args.limit if args.limit else None

    def window(docs: Iterable[GoldDoc]) -> Iterable[GoldDoc]:
        return itertools.islice(docs, args.skip, stop)

    if args.polnear:
        sources.append(("polnear", args.polnear, lambda: window(read_polnear(args.polnear))))
    if args.gum:
        sources.append(("gum", args.gum, lambda: window(read_gum(args.gum))))
    if args.gold:
        docs = args.docs or args.gold
        sources.append(("gold", docs, lambda: window(read_gold(docs, args.gold))))
    return sources


def format_report(report: Report, errors: int = 0) -> str:
    lines = []
    if report.relations is not None:
        lines.append(f"claims (cue overlap)  {report.relations.relations.row()}")
        lines.append(f"  source agreement    {report.relations.source.row()}")
        lines.append(f"  content agreement   {report.relations.content.row()}")
    for key, counts in report.mentions.items():
        lines.append(f"entities {key:18} {counts.row()}")
    for key, counts in report.disputes.items():
        lines.append(f"disputes {key:18} {counts.row()}")
    if errors:
        lines.extend(_error_classes(report.examples, errors))
    return "\n".join(lines)


def _error_classes(examples: tuple[Example, ...], top: int) -> list[str]:
    lines = _mechanisms(examples)
    for kind in sorted({e.kind for e in examples}):
        for error in ("fp", "fn"):
            chosen = [e for e in examples if e.kind == kind and e.error == error]
            counts = Counter(e.label for e in chosen)
            if not counts:
                continue
            lines.append(f"-- {kind} {error}: top {top} of {len(counts)} classes ({len(chosen)} errors)")
            for label, count in counts.most_common(top):
                sample = next(e.snippet for e in chosen if e.label == label)
                lines.append(f"  {count:5}  {label[:30]:30}  e.g. {sample[:110]!r}")
    return lines


EXAMPLES_PER_CLASS = 3


def _mechanisms(examples: tuple[Example, ...]) -> list[str]:
    """Misses and false positives per error class, largest first, with a few examples each."""
    lines = []
    for kind in sorted({e.kind for e in examples}):
        for error, title in (("fn", "misses"), ("fp", "false positives")):
            chosen = [e for e in examples if e.kind == kind and e.error == error and e.group]
            counts = Counter(e.group for e in chosen)
            if not counts:
                continue
            lines.append(f"-- {kind} {title} by class ({len(chosen)})")
            for group, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
                lines.append(f"  {count:5}  {group}")
                picked = [e for e in chosen if e.group == group][:EXAMPLES_PER_CLASS]
                lines.extend(f"           e.g. [{e.label[:24]}] {e.snippet[:100]!r}" for e in picked)
    return lines
