"""Command line: sitegen build | check | annotate | eval.

Exit codes: 0 success; 1 problems in the input (the previous site is kept);
2 wrong command-line usage; 70 an internal error (a bug: please report it).
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from sitegen.errors import SitegenError

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 70


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except SitegenError as exc:
        for diagnostic in exc.diagnostics:
            print(diagnostic, file=sys.stderr)
        print(f"sitegen: {len(exc.diagnostics)} problem(s); nothing was written", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("sitegen: interrupted; the previous site is untouched", file=sys.stderr)
        return EXIT_INPUT
    except Exception:
        traceback.print_exc()
        print(
            "sitegen: internal error (a bug in sitegen, not in your input); please report it "
            "with the traceback above",
            file=sys.stderr,
        )
        return EXIT_BUG


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sitegen", description="Build annotated source archives.")
    parser.add_argument("--root", type=Path, default=Path("."), help="project folder (default: .)")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    build = _command(commands, "build", "build the site into the output folder", _build)
    build.add_argument("--strict", action="store_true", help="fail on warnings too")
    build.add_argument("--jobs", type=int, help="worker processes (default: config, 0 = per core)")
    build.add_argument("--quiet", "-q", action="store_true", help="print only problems and the summary")
    check = _command(commands, "check", "report every problem in the input without building", _check)
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    annotate = _command(
        commands, "annotate", "print machine annotations of a document as curated YAML", _annotate
    )
    annotate.add_argument("document", help="the seed file (or its name)")
    annotate.add_argument("--write", action="store_true", help="write content/annotations/NAME.review.yml")
    evaluate = _command(commands, "eval", "score the annotators against gold annotations", _evaluate)
    _configure_eval(evaluate)
    return parser


def _command(
    commands: argparse._SubParsersAction,  # type: ignore[type-arg]
    name: str,
    help_text: str,
    run: Callable[[argparse.Namespace], int],
) -> argparse.ArgumentParser:
    command: argparse.ArgumentParser = commands.add_parser(name, help=help_text, description=help_text)
    command.set_defaults(run=run)
    return command


def _project(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from sitegen.project import load_project

    project = load_project(args.root)
    if getattr(args, "jobs", None) is not None:
        project = replace(project, config=replace(project.config, jobs=args.jobs))
    return project


def _build(args: argparse.Namespace) -> int:
    from sitegen.build import build

    started = time.perf_counter()
    log = (lambda _: None) if args.quiet else print
    result = build(_project(args), strict=args.strict, log=log)
    for line in result.diagnostics:
        print(line, file=sys.stderr)
    elapsed = time.perf_counter() - started
    print(
        f"built {result.documents} documents, {result.pages} files, "
        f"{result.bytes_written / 1024:.0f} kB in {elapsed:.2f} s"
    )
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    from sitegen.build import check

    problems = check(_project(args), strict=args.strict, log=lambda _: None)
    for line in problems:
        print(line, file=sys.stderr)
    print(f"checked: no errors{f', {len(problems)} warning(s)' if problems else ''}")
    return EXIT_OK


def _annotate(args: argparse.Namespace) -> int:
    from sitegen.review import review

    print(review(_project(args), args.document, write=args.write), end="")
    return EXIT_OK


def _configure_eval(parser: argparse.ArgumentParser) -> None:
    try:
        from sitegen.evaluate.command import configure_parser
    except ImportError:
        return
    configure_parser(parser)


def _evaluate(args: argparse.Namespace) -> int:
    from sitegen.evaluate.command import run

    return int(run(args))


if __name__ == "__main__":
    sys.exit(main())
