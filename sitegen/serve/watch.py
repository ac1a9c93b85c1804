"""Watching the inputs: file events, filtered and coalesced into one batch per burst."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from watchdog.events import (
    EVENT_TYPE_CLOSED,
    EVENT_TYPE_CREATED,
    EVENT_TYPE_DELETED,
    EVENT_TYPE_MODIFIED,
    EVENT_TYPE_MOVED,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch

from sitegen.config import Project

THEMES = "themes"
CHANGES = {EVENT_TYPE_CREATED, EVENT_TYPE_DELETED, EVENT_TYPE_MODIFIED, EVENT_TYPE_MOVED, EVENT_TYPE_CLOSED}
"""Event types that mean content changed; opening and reading (as the build does) are not among them."""
TEMP_SUFFIXES = ("~", ".swp", ".swx", ".swo", ".swpx", ".tmp", ".part", ".crdownload", ".kate-swp")
TEMP_NAMES = ("4913", ".DS_Store")  # 4913: vim's probe file


def is_editor_temp(name: str) -> bool:
    """Swap, backup and lock files editors write next to the file being edited."""
    return (
        name in TEMP_NAMES
        or name.endswith(TEMP_SUFFIXES)
        or name.startswith(".#")
        or (name.startswith("#") and name.endswith("#"))
        or (name.startswith(".goutputstream-"))
    )


class Inputs:
    """Which paths of a project are inputs: the config, seeds, content, themes and ``custom_dir``."""

    def __init__(self, project: Project) -> None:
        config = project.config
        root = project.root
        self.root = root
        self.config = root / project.config_path
        custom = (root / config.custom_dir,) if config.custom_dir else ()
        self.folders = (root / config.seeds_dir, root / config.content_dir, root / THEMES, *custom)
        self.ignored = (root / config.output_dir, root / config.cache_dir, root / ".git")

    def wants(self, path: Path) -> bool:
        if path == self.config:
            return True
        if is_editor_temp(path.name) or any(path.is_relative_to(d) for d in self.ignored):
            return False
        return any(path.is_relative_to(d) for d in self.folders)


class Debouncer:
    """Collects changed paths and hands them over once events have paused for ``quiet`` seconds."""

    def __init__(self, on_batch: Callable[[frozenset[Path]], None], quiet: float = 0.1, longest: float = 1.0) -> None:
        self.on_batch = on_batch
        self.quiet = quiet
        self.longest = longest
        """A steady stream of events still gets a rebuild this often."""
        self._pending: set[Path] = set()
        self._last = 0.0
        self._wake = threading.Condition()
        self._closed = False
        self._urgent = False
        self._written: dict[Path, bytes | None] = {}
        """Files we wrote ourselves, with what we wrote: their own events are not news."""
        self._made: set[Path] = set()
        """Folders we made for them, until the watcher reports their creation."""

    def add(self, path: Path) -> None:
        with self._wake:
            if path in self._made:
                self._made.discard(path)  # its creation, once
                return
            if path in self._written:
                if self._written[path] == _content(path):
                    return  # the event of our own write, already rebuilt for
                del self._written[path]
            self._pending.add(path)
            self._last = time.monotonic()
            self._wake.notify_all()

    def expect(self, path: Path, content: bytes | None, made: tuple[Path, ...] = ()) -> None:
        """This process is about to write ``content`` to ``path`` (None: remove it), making the
        folders ``made``: the watcher's events for that are not news (else a new folder would
        look like a new input and take a full build)."""
        with self._wake:
            self._written[path] = content
            self._made.update(made)

    def add_written(self, path: Path) -> None:
        """A file this process has just written whole (a review decision): rebuild at once,
        without waiting for quiet."""
        with self._wake:
            self._pending.add(path)
            self._urgent = True
            self._wake.notify_all()

    def close(self) -> None:
        with self._wake:
            self._closed = True
            self._wake.notify_all()

    def run(self) -> None:
        """Loop until closed; batches are handled on this thread, one at a time."""
        while (batch := self._next_batch()) is not None:
            self.on_batch(batch)

    def _next_batch(self) -> frozenset[Path] | None:
        with self._wake:
            self._wake.wait_for(lambda: bool(self._pending) or self._closed)
            first = time.monotonic()
            while not self._closed and not self._urgent:
                now = time.monotonic()
                settle = min(self._last + self.quiet, first + self.longest) - now
                if settle <= 0:
                    break
                self._wake.wait(settle)
            if self._closed:
                return None
            batch = frozenset(self._pending)
            self._pending.clear()
            self._urgent = False
            return batch


def _content(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


class _Events(FileSystemEventHandler):
    def __init__(self, watcher: Watcher) -> None:
        self.watcher = watcher

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in CHANGES or (event.is_directory and event.event_type == EVENT_TYPE_MODIFIED):
            return
        for raw in (event.src_path, event.dest_path):
            if raw:
                self.watcher.seen(Path(raw if isinstance(raw, str) else raw.decode()))


class Watcher:
    """A watchdog observer over the project's inputs, feeding a Debouncer."""

    def __init__(self, project: Project, debouncer: Debouncer) -> None:
        self.debouncer = debouncer
        self.inputs = Inputs(project)
        self._observer: BaseObserver = Observer()
        self._watches: dict[tuple[Path, bool], ObservedWatch] = {}
        self._handler = _Events(self)

    def seen(self, path: Path) -> None:
        if self.inputs.wants(path):
            self.debouncer.add(path)

    def start(self) -> None:
        self._schedule()
        self._observer.start()

    def refresh(self, project: Project) -> None:
        """Follow a changed config, or an input folder that has just been created."""
        self.inputs = Inputs(project)
        self._schedule()

    def _schedule(self) -> None:
        # The root itself only non-recursively: it holds the config, and .git and the
        # output folder would otherwise flood us.
        wanted = {(self.inputs.root, False)} | {(d, True) for d in self.inputs.folders if d.is_dir()}
        for key in set(self._watches) - wanted:
            self._observer.unschedule(self._watches.pop(key))
        for folder, recursive in sorted(wanted - set(self._watches)):
            self._watches[(folder, recursive)] = self._observer.schedule(
                self._handler, str(folder), recursive=recursive
            )

    def stop(self) -> None:
        self._observer.stop()
        self._observer.join(timeout=5)
