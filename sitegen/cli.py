"""Command line: sitegen build | check | lock | annotate | eval | serve | deploy | new (init).

Exit codes: 0 success; 1 problems in the input (the previous site is kept);
2 wrong command-line usage; 70 an internal error (a bug: please report it); 75 the build's
workers died (a Dask worker lost, say): try again; 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import os
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from sitegen import DISTRIBUTION, __version__
from sitegen.config import EXECUTORS
from sitegen.errors import SitegenError
from sitegen.runtime.executors import WorkersFailed

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_BUG, EXIT_WORKERS, EXIT_INTERRUPTED = 0, 1, 2, 70, 75, 130
COMMON_DEFAULTS: dict[str, object] = {"root": Path("."), "config_file": None, "quiet": False, "verbose": False}


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    for name, default in COMMON_DEFAULTS.items():  # given neither before nor after the command
        if not hasattr(args, name):
            setattr(args, name, default)
    try:
        return int(args.run(args))
    except SitegenError as exc:
        for diagnostic in exc.diagnostics:
            print(diagnostic, file=sys.stderr)
        print(f"sitegen: {len(exc.diagnostics)} problem(s); {exc.outcome}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("sitegen: interrupted; the previous site is untouched", file=sys.stderr)
        return EXIT_INTERRUPTED
    except WorkersFailed as exc:
        print(f"sitegen: {exc}; nothing was written, the previous site is untouched", file=sys.stderr)
        return EXIT_WORKERS
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


@functools.cache
def _common() -> argparse.ArgumentParser:
    """Options every command takes, before or after its name (``sitegen -q build``, ``sitegen build -q``)."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--root", type=Path, default=argparse.SUPPRESS, help="project folder (default: .)")
    common.add_argument(
        "-f",
        "--config-file",
        type=Path,
        default=argparse.SUPPRESS,
        metavar="FILE",
        help="the config file (default: sitegen.yml or sitegen.yaml); its folder is the project",
    )
    common.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS, help="print only problems")
    common.add_argument(
        "-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help="print more (every stage's time)"
    )
    return common


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sitegen", description="Build annotated source archives.", parents=[_common()]
    )
    parser.add_argument("--version", action="version", version=f"sitegen {__version__} ({DISTRIBUTION})")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    build = _command(commands, "build", "build the site into the output folder", _build)
    build.add_argument("--strict", action="store_true", help="fail on warnings too")
    build.add_argument("--jobs", type=int, help="worker processes (default: config, 0 = per core)")
    build.add_argument("--base-url", type=_base_url, metavar="URL", help="publish at URL (replaces base_url)")
    build.add_argument(
        "--executor",
        choices=EXECUTORS,
        help="what runs the per-document work: inprocess, processes (local, the default) or dask",
    )
    build.add_argument(
        "--scheduler", metavar="tcp://HOST:PORT", help="the Dask cluster to run on (implies --executor dask)"
    )
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
    deploy = _command(commands, "deploy", "build and publish the site to the gh-pages branch", _deploy)
    deploy.add_argument("--remote", help="git remote to push to (default: origin, if it exists)")
    deploy.add_argument("--no-push", action="store_true", help="commit to gh-pages but do not push")
    deploy.add_argument("--force", action="store_true", help="publish even with uncommitted changes")
    deploy.add_argument("--branch", default="gh-pages", help="branch to publish to (default: gh-pages)")
    deploy.add_argument("--strict", action="store_true", help="fail on warnings too")
    new = _command(commands, "new", "create a new archive with examples and a Pages workflow", _new, ["init"])
    new.add_argument("directory", type=Path, help="folder to create (must be empty or absent)")


def _base_url(value: str) -> str:
    from sitegen.config import base_url_problem

    problem = base_url_problem(value)
    if problem:
        hint = " (in the Pages workflow: enable Pages with Source: GitHub Actions)" if not value.strip("/") else ""
        raise argparse.ArgumentTypeError(f"{value!r} {problem}{hint}")
    return value


def _command(
    commands: argparse._SubParsersAction,  # type: ignore[type-arg]
    name: str,
    help_text: str,
    run: Callable[[argparse.Namespace], int],
    aliases: list[str] | None = None,
) -> argparse.ArgumentParser:
    command: argparse.ArgumentParser = commands.add_parser(
        name, help=help_text, description=help_text, parents=[_common()], aliases=aliases or []
    )
    command.set_defaults(run=run)
    return command


def _where(args: argparse.Namespace) -> tuple[Path, str | None]:
    """The project folder and config file name: ``-f FILE`` makes FILE's folder the project."""
    if args.config_file is None:
        return args.root, None
    path = Path(args.config_file)
    return (path.parent if path.is_absolute() else args.root / path.parent), path.name


def _log(args: argparse.Namespace, default: bool = True) -> Callable[[str], None]:
    """Where progress goes: nowhere with ``-q``, the terminal with ``-v`` or by ``default``."""
    if args.quiet:
        return lambda _: None
    return print if (args.verbose or default) else (lambda _: None)


def _project(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from sitegen.project import load_project

    project = load_project(*_where(args))
    if getattr(args, "jobs", None) is not None:
        project = replace(project, config=replace(project.config, jobs=args.jobs))
    if getattr(args, "base_url", None) is not None:
        project = replace(project, config=replace(project.config, base_url=args.base_url))
    if getattr(args, "scheduler", None) is not None:
        project = replace(project, config=replace(project.config, executor="dask", scheduler=args.scheduler))
    if getattr(args, "executor", None) is not None:
        project = replace(project, config=replace(project.config, executor=args.executor))
    return project


def _build(args: argparse.Namespace) -> int:
    from sitegen.build import build
    from sitegen.site.address import unpublishable

    started = time.perf_counter()
    project = _project(args)
    placeholder = unpublishable(project, "error" if args.strict else "warning")
    if placeholder is not None and args.strict:
        raise SitegenError(placeholder)
    result = build(project, strict=args.strict, log=_log(args))
    if placeholder is not None:
        print(placeholder, file=sys.stderr)
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
    problems = check(project, strict=args.strict, log=_log(args, default=False))
    for line in problems:
        print(line, file=sys.stderr)
    if not args.quiet or problems:
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
    _log(args)(f"locked {total} ids ({added} new) in content/ids.lock.json; commit it")
    return EXIT_OK


def _annotate(args: argparse.Namespace) -> int:
    from sitegen.curate.review import review

    print(review(_project(args), args.document, write=args.write), end="")
    return EXIT_OK


def _configure_eval(parser: argparse.ArgumentParser) -> None:
    from sitegen.evaluate.options import configure_parser

    configure_parser(parser)


def _evaluate(args: argparse.Namespace) -> int:
    from sitegen.evaluate.command import run

    return int(run(args))


def _serve(args: argparse.Namespace) -> int:
    from sitegen.serve import serve

    root, config_name = _where(args)
    # -q keeps the address and every problem, and drops the line each good rebuild prints.
    log = (lambda line: None if line.startswith("sitegen: build ") else print(line)) if args.quiet else print
    try:
        serve(
            root,
            args.host,
            args.port,
            args.strict,
            args.verbose,
            log=log,
            allow=tuple(args.allow_host),
            config_name=config_name,
        )
    except KeyboardInterrupt:
        print("sitegen: stopped", file=sys.stderr)
        return EXIT_INTERRUPTED
    return EXIT_OK


def _deploy(args: argparse.Namespace) -> int:
    from sitegen.deploy import deploy

    root, config_name = _where(args)
    remote = None if args.no_push else args.remote
    deploy(
        root,
        remote=remote,
        push=not args.no_push,
        force=args.force,
        branch=args.branch,
        strict=args.strict,
        log=_log(args),
        config_name=config_name,
    )
    return EXIT_OK


def _new(args: argparse.Namespace) -> int:
    from sitegen.scaffold import next_steps, scaffold

    log = _log(args)
    for path in scaffold(args.directory):
        log(f"  created {path}")
    log(next_steps(args.directory))
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
