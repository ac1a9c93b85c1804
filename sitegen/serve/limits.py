"""How much of the preview one client may hold: a cap on open connections, a deadline for each
whole request (not for each read), and room for newcomers when idle connections fill the cap.

One reaper thread shuts down connections whose deadline has passed, whatever their thread is
blocked in (a read of the request head or a write of the response), so a client that trickles
a byte every few seconds is cut off as surely as one that sends nothing.
"""

from __future__ import annotations

import contextlib
import math
import resource
import select
import socket
import threading
import time
from dataclasses import dataclass, replace

MAX_CONNECTIONS = 128
"""Connections (one thread each) served at once; more wait in the listen backlog."""
RESERVED_FILES = 64
"""File descriptors kept for everything else (the build, the watcher, files being sent)."""


@dataclass(frozen=True, slots=True)
class Limits:
    """The preview's limits; tests shrink them to see them act."""

    connections: int = MAX_CONNECTIONS
    streams: int = 16
    """Open event streams (one per tab); beyond this a new one is refused with 503."""
    head_seconds: float = 10.0
    """To send a request's line and headers, counted from when the server waits for it."""
    request_seconds: float = 30.0
    """To take the whole response once the head is in (plus ``min_rate`` for a large file)."""
    min_rate: int = 1 << 20
    """Bytes per second a client must at least take a large file at."""
    idle_seconds: float = 1.0
    """A connection idle this long after a request, with nothing unread, may be closed to make room."""
    fresh_seconds: float = 3.0
    """The same for a connection that has not yet sent a whole request: a client in a crowd
    may be slow to send its first one."""
    admit_seconds: float = 5.0
    """How long a new connection waits for room before it is answered 503."""

    def fitted(self) -> Limits:
        """These limits with the connection cap lowered to fit the process's open-file limit."""
        soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
        if soft == resource.RLIM_INFINITY:
            return self
        fits = max(4, (soft - RESERVED_FILES) // 2)  # a socket and a file being sent, each
        return self if fits >= self.connections else replace(self, connections=fits)


@dataclass(slots=True)
class _Open:
    """One open connection: when it must be done by, and whether it is between requests."""

    deadline: float
    waiting_since: float | None = None
    """When it started waiting for a request head (None while a request is being answered)."""
    streaming: bool = False
    fresh: bool = True
    """No request head has come in yet."""
    cut: bool = False


class Connections:
    """Every connection the server holds, with its deadline; a reaper thread cuts late ones."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.peak = 0
        """The most connections held at once (for tests and the benchmark)."""
        self._open: dict[socket.socket, _Open] = {}
        self._changed = threading.Condition()
        self._closed = False

    def start(self) -> None:
        threading.Thread(target=self._reap, name="sitegen-reaper", daemon=True).start()

    def admit(self, sock: socket.socket) -> bool:
        """Take a new connection, making room by closing the longest-idle one if the cap is
        reached; False if no room came within ``admit_seconds``."""
        limits = self.limits
        give_up = time.monotonic() + limits.admit_seconds
        with self._changed:
            while len(self._open) >= limits.connections and not self._closed:
                now = time.monotonic()
                if now >= give_up:
                    return False
                self._changed.wait(min(give_up, self._make_room(now)) - now)  # woken by a release
            if self._closed:
                return False
            now = time.monotonic()
            self._open[sock] = _Open(now + limits.head_seconds, now)
            self.peak = max(self.peak, len(self._open))
            self._changed.notify_all()
            return True

    def waiting(self, sock: socket.socket) -> None:
        """The connection waits for (or reads) a request head."""
        now = time.monotonic()
        self._update(sock, now + self.limits.head_seconds, now)

    def answering(self, sock: socket.socket, size: int = 0) -> None:
        """The head is in: the response (``size`` bytes of file in it) must be taken in time."""
        self._update(sock, time.monotonic() + self.limits.request_seconds + size / self.limits.min_rate, None)

    def stream(self, sock: socket.socket) -> bool:
        """Let the connection stay open with no deadline (an event stream), if there is room."""
        with self._changed:
            entry = self._open.get(sock)
            if entry is None or sum(e.streaming for e in self._open.values()) >= self.limits.streams:
                return False
            entry.streaming, entry.deadline, entry.waiting_since = True, math.inf, None
            return True

    def release(self, sock: socket.socket) -> None:
        with self._changed:
            if self._open.pop(sock, None) is not None:
                self._changed.notify_all()

    def close(self) -> None:
        """Cut every connection and stop the reaper."""
        with self._changed:
            self._closed = True
            for sock, entry in self._open.items():
                _cut(sock, entry)
            self._changed.notify_all()

    def wait_for_room(self, seconds: float) -> None:
        """Block until a connection closes (or ``seconds`` pass): the accept loop's pause when
        the process has no file descriptors left."""
        with self._changed:
            count = len(self._open)
            self._changed.wait_for(lambda: len(self._open) < count or self._closed, seconds)

    def _update(self, sock: socket.socket, deadline: float, waiting_since: float | None) -> None:
        with self._changed:
            entry = self._open.get(sock)
            if entry is not None and not entry.streaming:
                entry.deadline, entry.waiting_since = deadline, waiting_since
                entry.fresh = entry.fresh and waiting_since is not None
                self._changed.notify_all()

    def _make_room(self, now: float) -> float:
        """Cut the connection idle for longest past its threshold (``idle_seconds``, or
        ``fresh_seconds`` before its first request) with nothing unread: a request already
        sent is about to be answered. Returns when to look again if none could be cut yet."""
        if any(entry.cut for entry in self._open.values()):
            return math.inf  # room is on its way
        limits = self.limits
        idle = sorted(
            (entry.waiting_since + (limits.fresh_seconds if entry.fresh else limits.idle_seconds), id(sock), sock)
            for sock, entry in self._open.items()
            if entry.waiting_since is not None
        )
        for due, _, sock in idle:
            if due > now:
                return due
            if not _has_unread(sock):
                _cut(sock, self._open[sock])
                return math.inf
        return math.inf

    def _reap(self) -> None:
        with self._changed:
            while not self._closed:
                now = time.monotonic()
                for sock, entry in self._open.items():
                    if entry.deadline <= now:
                        _cut(sock, entry)
                soonest = min((e.deadline for e in self._open.values() if not e.cut), default=math.inf)
                self._changed.wait(None if soonest == math.inf else soonest - now)


def _has_unread(sock: socket.socket) -> bool:
    """Whether bytes (or the client's close) wait to be read. Not ``recv(MSG_PEEK)``: on a
    socket with a timeout, Python waits for data first, up to that timeout."""
    poll = select.poll()
    poll.register(sock, select.POLLIN)
    return bool(poll.poll(0))


def _cut(sock: socket.socket, entry: _Open) -> None:
    """Shut a connection down; its thread's blocked read or write returns at once and it ends."""
    if entry.cut:
        return
    entry.cut, entry.deadline = True, math.inf
    with contextlib.suppress(OSError):  # already closed by the client
        sock.shutdown(socket.SHUT_RDWR)
