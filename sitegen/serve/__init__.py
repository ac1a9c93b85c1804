"""The preview server: build, serve under the base path, watch, rebuild, reload open tabs."""

from __future__ import annotations

import functools
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from sitegen.config import Project, SiteConfig
from sitegen.errors import SitegenError, error
from sitegen.project import load_project
from sitegen.serve.handler import PreviewServer, Site
from sitegen.serve.limits import Limits
from sitegen.serve.rebuild import Builder
from sitegen.serve.reload import Hub, Problem, problems_of
from sitegen.serve.watch import Debouncer, Watcher
from sitegen.site import routes

Log = Callable[[str], None]


def _site(project: Project) -> Site:
    return Site(project.path(project.config.output_dir), routes.base_path(project.config.base_url))


def _quiet(_: str) -> None:
    pass


class Preview:
    """A running preview: HTTP server, file watcher and rebuild loop, each on its own thread."""

    def __init__(
        self,
        root: Path,
        host: str = "127.0.0.1",
        port: int = 0,
        strict: bool = False,
        log: Log = print,
        stages: bool = False,
        quiet: float = 0.1,
        limits: Limits | None = None,
        allow: tuple[str, ...] = (),
    ) -> None:
        self.root = root.resolve()
        self.log = log
        self.hub = Hub()
        project = self._project() or Project(self.root, SiteConfig())
        try:
            self.server = PreviewServer((host, port), self.hub, _site(project), log, limits, allow)
        except OSError as exc:
            raise error("sitegen serve", 0, f"cannot listen on {host}:{port}: {exc.strerror}", "pass --port") from None
        self.builder = Builder(self.root, strict, log if stages else _quiet, self.server.guard)
        self.debouncer = Debouncer(self.rebuild, quiet)
        self.watcher = Watcher(project, self.debouncer)
        self._threads: list[threading.Thread] = []
        self._reminded: set[str] = set()
        """Standing reminders already said this session."""

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        shown = f"[{host!s}]" if ":" in str(host) else str(host)
        return f"http://{shown}:{port}{self.server.site.base}"

    def start(self) -> None:
        """Watch first (so edits made during the first build are not lost), then build and serve."""
        self.watcher.start()
        self.rebuild(frozenset())
        serve = functools.partial(self.server.serve_forever, poll_interval=0.1)
        for name, run in (("http", serve), ("rebuild", self.debouncer.run)):
            thread = threading.Thread(target=run, name=f"sitegen-{name}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def rebuild(self, changed: frozenset[Path]) -> None:
        """Build again; on failure keep serving the last good site and show why."""
        started = time.perf_counter()
        try:
            result = self.builder.rebuild(changed)
        except SitegenError as exc:
            self._failed(problems_of(exc), [str(d) for d in exc.diagnostics])
            return
        except Exception as exc:  # a bug must not stop the preview; show it like an input error
            self._failed((Problem("sitegen", f"internal error: {exc!r}", "see the terminal"),), [])
            self.log(traceback.format_exc())
            return
        project = self._project()
        if project is not None:
            self.server.site = _site(project)
            self.watcher.refresh(project)
        state = self.hub.built()
        self._report(result.diagnostics, dict((line, name) for name, line in result.reminders))
        elapsed = (time.perf_counter() - started) * 1000
        what = f"{len(changed)} changed file(s)" if changed else "full build"
        self.log(f"sitegen: build {state.version} ({what}): {result.pages} pages in {elapsed:.0f} ms")

    def _report(self, lines: tuple[str, ...], reminders: dict[str, str]) -> None:
        """Print a build's diagnostics; a standing reminder only the first time this session."""
        for line in lines:
            name = reminders.get(line)
            if name in self._reminded:
                continue
            if name is not None:
                self._reminded.add(name)
            self.log(line)

    def _failed(self, problems: tuple[Problem, ...], lines: list[str]) -> None:
        for line in lines:
            self.log(line)
        self.log(f"sitegen: rebuild failed ({len(problems)} problem(s)); still serving the last good site")
        self.hub.failed(problems)

    def _project(self) -> Project | None:
        try:
            return load_project(self.root)
        except SitegenError:
            return None

    def close(self) -> None:
        self.debouncer.close()
        self.watcher.stop()
        self.hub.close()
        if self._threads:  # shutdown() waits for serve_forever, which only runs once started
            self.server.shutdown()
        self.server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)


def serve(
    root: Path, host: str, port: int, strict: bool, stages: bool, log: Log = print, allow: tuple[str, ...] = ()
) -> None:
    """Run the preview until interrupted (Ctrl-C); ``allow`` adds host names it answers to."""
    preview = Preview(root, host, port, strict, log, stages, allow=allow)
    if host not in ("127.0.0.1", "localhost", "::1"):
        log(f"sitegen: listening on {host}: other machines that can reach it can read the preview")
    try:
        preview.start()
        log(f"sitegen: serving {preview.url}  (Ctrl-C to stop)")
        threading.Event().wait()
    finally:
        preview.close()
