"""Command line: sitegen build | check | annotate | eval | serve | deploy | init.

Exit codes: 0 success; 1 problems in the input (the previous site is kept);
2 wrong command-line usage; 70 an internal error (a bug: please report it).
"""

from __future__ import annotations

import argparse
import contextlib
import os
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
        print(f"sitegen: {len(exc.diagnostics)} problem(s); {exc.outcome}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("sitegen: interrupted; the previous site is untouched", file=sys.stderr)
        return EXIT_INPUT
    except OSError as exc:
        # What the system refused (a folder that cannot be read or written, a full disk, a
        # name too long, a link that loops) is the machine's state, not a bug: name the path.
        print(_system_problem(exc, args.root), file=sys.stderr)
        print("sitegen: nothing was written; the previous site is kept", file=sys.stderr)
        return EXIT_INPUT
    except Exception:
        traceback.print_exc()
        print(
            "sitegen: internal error (a bug in sitegen, not in your input); please report it with the traceback above",
            file=sys.stderr,
        )
        return EXIT_BUG


def _system_problem(exc: OSError, root: Path) -> str:
    """``path: error: what the system said`` for a refused file operation."""
    from sitegen.errors import Diagnostic, Location

    path = _shown(exc.filename, root) if exc.filename is not None else str(root)
    reason = exc.strerror or str(exc)
    if exc.filename2 is not None:
        reason += f" (with {_shown(exc.filename2, root)})"
    hint = "check that the folder is there, writable and has free space, then build again"
    return str(Diagnostic("error", Location(path), f"cannot use this path: {reason}", hint))


def _shown(name: str | bytes | int, root: Path) -> str:
    """A path as the project knows it: relative to the project when inside it."""
    path = os.fsdecode(name) if isinstance(name, str | bytes) else str(name)
    with contextlib.suppress(OSError, RuntimeError, ValueError):
        path = Path(path).resolve().relative_to(root.resolve()).as_posix()
    return path


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sitegen", description="Build annotated source archives.")
    parser.add_argument("--root", type=Path, default=Path("."), help="project folder (default: .)")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    build = _command(commands, "build", "build the site into the output folder", _build)
    build.add_argument("--strict", action="store_true", help="fail on warnings too")
    build.add_argument("--jobs", type=int, help="worker processes (default: config, 0 = per core)")
    build.add_argument("--quiet", "-q", action="store_true", help="print only problems and the summary")
    build.add_argument("--base-url", type=_base_url, metavar="URL", help="publish at URL (replaces base_url)")
    check = _command(commands, "check", "report every problem in the input without building", _check)
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.add_argument("--links", action="store_true", help="also build under a sub-path and check every link")
    _command(commands, "lock", "record every current annotation id in content/ids.lock.json", _lock)
    annotate = _command(commands, "annotate", "print machine annotations of a document as curated YAML", _annotate)
    annotate.add_argument("document", help="the seed file (or its name)")
    annotate.add_argument("--write", action="store_true", help="write content/annotations/NAME.review.yml")
    evaluate = _command(commands, "eval", "score the annotators against gold annotations", _evaluate)
    _configure_eval(evaluate)
    _configure_publishing(commands)
    return parser


def _configure_publishing(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    serve = _command(commands, "serve", "build, serve and rebuild on change, reloading the browser", _serve)
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0 = any free port)")
    serve.add_argument(
        "--host", default="127.0.0.1", help="interface to listen on (default: 127.0.0.1, this machine only)"
    )
    serve.add_argument(
        "--allow-host", action="append", default=[], metavar="NAME", help="also answer to this host name (repeatable)"
    )
    serve.add_argument("--strict", action="store_true", help="treat warnings as failed rebuilds")
    serve.add_argument("--verbose", "-v", action="store_true", help="print every stage's time")
    deploy = _command(commands, "deploy", "build and publish the site to the gh-pages branch", _deploy)
    deploy.add_argument("--remote", help="git remote to push to (default: origin, if it exists)")
    deploy.add_argument("--no-push", action="store_true", help="commit to gh-pages but do not push")
    deploy.add_argument("--force", action="store_true", help="publish even with uncommitted changes")
    deploy.add_argument("--branch", default="gh-pages", help="branch to publish to (default: gh-pages)")
    deploy.add_argument("--strict", action="store_true", help="fail on warnings too")
    init = _command(commands, "init", "create a new archive with examples and a Pages workflow", _init)
    init.add_argument("directory", type=Path, help="folder to create (must be empty or absent)")


def _base_url(value: str) -> str:
    from sitegen.config import base_url_problem

    problem = base_url_problem(value)
    if problem:
        raise argparse.ArgumentTypeError(f"{value!r} {problem}")
    return value


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
    if getattr(args, "base_url", None) is not None:
        project = replace(project, config=replace(project.config, base_url=args.base_url))
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

    project = _project(args)
    problems = check(project, strict=args.strict, log=lambda _: None)
    for line in problems:
        print(line, file=sys.stderr)
    print(f"checked: no errors{f', {len(problems)} warning(s)' if problems else ''}")
    if args.links:
        from sitegen.build import check_links

        report = check_links(project)
        for broken in report.broken:
            print(f"broken link: {broken}", file=sys.stderr)
        print(
            f"links: {report.pages} pages, {report.links} links ({report.external} external), "
            f"{len(report.broken)} broken"
        )
        return EXIT_INPUT if report.broken else EXIT_OK
    return EXIT_OK


def _lock(args: argparse.Namespace) -> int:
    from sitegen.build import lock

    added, total = lock(_project(args))
    print(f"locked {total} ids ({added} new) in content/ids.lock.json; commit it")
    return EXIT_OK


def _annotate(args: argparse.Namespace) -> int:
    from sitegen.curate.review import review

    print(review(_project(args), args.document, write=args.write), end="")
    return EXIT_OK


def _configure_eval(parser: argparse.ArgumentParser) -> None:
    from sitegen.evaluate.command import configure_parser

    configure_parser(parser)


def _evaluate(args: argparse.Namespace) -> int:
    from sitegen.evaluate.command import run

    return int(run(args))


def _serve(args: argparse.Namespace) -> int:
    from sitegen.serve import serve

    try:
        serve(args.root, args.host, args.port, args.strict, args.verbose, allow=tuple(args.allow_host))
    except KeyboardInterrupt:
        print("sitegen: stopped", file=sys.stderr)
    return EXIT_OK


def _deploy(args: argparse.Namespace) -> int:
    from sitegen.output.deploy import deploy

    remote = None if args.no_push else args.remote
    deploy(args.root, remote=remote, push=not args.no_push, force=args.force, branch=args.branch, strict=args.strict)
    return EXIT_OK


def _init(args: argparse.Namespace) -> int:
    from sitegen.scaffold import scaffold

    for path in scaffold(args.directory):
        print(f"  created {path}")
    print(f"sitegen: new archive in {args.directory}; try: sitegen --root {args.directory} serve")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
