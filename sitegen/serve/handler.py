"""The preview's HTTP side: safe static files under the base path, the reload script, SSE.

Every request passes the same gates before any endpoint sees it: a deadline for the whole
request (``limits``), a request line with an HTTP version, and a ``Host`` this server is bound
to (``hosts``). The number of connections is capped where they are accepted.
"""

from __future__ import annotations

import errno
import socket
import sys
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from sitegen.serve.body import Body, in_memory, open_file
from sitegen.serve.guard import UpdateGuard
from sitegen.serve.hosts import allowed_hosts, binds_everywhere, host_allowed, host_name
from sitegen.serve.limits import Connections, Limits
from sitegen.serve.paths import Target, content_type, resolve, site_file
from sitegen.serve.reload import EVENTS, RELOAD_JS, SCRIPT, Hub, script_tag

PING_SECONDS = 15.0
"""How often an idle event stream sends a comment, so a closed tab frees its thread."""
LISTEN_BACKLOG = 4096
"""Connections the kernel queues before we accept them (it caps this at net.core.somaxconn);
at 128, a burst of 2,000 saw dropped SYNs retried after 1, 3, 7, … s: tails of 55 s."""
TEXT = "text/plain; charset=utf-8"
HTML = "text/html; charset=utf-8"
BUSY = (
    b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
    b"Content-Length: 27\r\nRetry-After: 1\r\nConnection: close\r\n\r\nthe preview is busy; retry\n"
)
OUT_OF_FILES = (errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM)


@dataclass(frozen=True, slots=True)
class Site:
    """Where the built site is and the base path it is served under."""

    output: Path
    base: str


@dataclass(frozen=True, slots=True)
class Reply:
    """A response: status, type, body and any extra headers."""

    status: int
    kind: str
    body: Body
    headers: tuple[tuple[str, str], ...] = ()


class PreviewServer(ThreadingHTTPServer):
    """One thread per connection, so a long-lived event stream never blocks page loads; at most
    ``limits.connections`` of them, each with a deadline."""

    daemon_threads = True
    request_queue_size = LISTEN_BACKLOG

    def __init__(
        self,
        address: tuple[str, int],
        hub: Hub,
        site: Site,
        log: Callable[[str], None],
        limits: Limits | None = None,
        allow: tuple[str, ...] = (),
    ) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        super().__init__(address, PreviewHandler)
        self.hub = hub
        self.log = log
        self._site = site
        self._lock = threading.Lock()
        self.guard = UpdateGuard()
        """Held for reading while a request opens a file; a quick rebuild holds it to apply its files."""
        self.hosts = allowed_hosts(address[0]) | {host_name(name) for name in allow}
        """Host names answered (DNS rebinding): the bound ones and those ``--allow-host`` adds."""
        self.any_address = binds_everywhere(address[0])
        self.connections = Connections((limits or Limits()).fitted())
        self.connections.start()
        self._starved = False

    @property
    def site(self) -> Site:
        with self._lock:
            return self._site

    @site.setter
    def site(self, site: Site) -> None:
        with self._lock:
            self._site = site

    def get_request(self) -> tuple[socket.socket, tuple[str, int]]:
        try:
            accepted = super().get_request()
        except OSError as exc:
            if exc.errno in OUT_OF_FILES:  # the waiting connection stays readable: do not spin on it
                if not self._starved:
                    self.log(f"sitegen: cannot accept connections ({exc.strerror}); waiting for some to close")
                self._starved = True
                self.connections.wait_for_room(0.1)
            raise
        self._starved = False
        return accepted

    def process_request(self, request: socket.socket, client_address: tuple[str, int]) -> None:  # type: ignore[override]
        if self.connections.admit(request):
            super().process_request(request, client_address)
            return
        self.log(f"  {client_address[0]} 503 busy: {self.connections.limits.connections} connections open")
        try:
            request.setblocking(False)
            request.send(BUSY)
        except OSError:
            pass
        self.shutdown_request(request)

    def close_request(self, request: socket.socket) -> None:  # type: ignore[override]
        self.connections.release(request)
        super().close_request(request)

    def handle_error(self, request: object, client_address: object) -> None:
        if isinstance(sys.exc_info()[1], OSError):
            return  # the client went away or was cut off at its deadline: nothing to report
        self.log(f"sitegen: internal error answering a request:\n{traceback.format_exc()}")

    def shutdown(self) -> None:
        self.connections.close()  # first: the accept loop may be waiting for room
        super().shutdown()

    def server_close(self) -> None:
        self.connections.close()  # cut open connections, so joining their threads is quick
        super().server_close()


class PreviewHandler(BaseHTTPRequestHandler):
    server: PreviewServer
    raw_requestline: bytes
    protocol_version = "HTTP/1.1"
    server_version = "sitegen-preview"
    timeout = 30.0
    """Seconds one read or write may block; the whole request's deadline is in ``Limits``."""
    sys_version = ""

    def handle_one_request(self) -> None:
        self.server.connections.waiting(self.connection)
        super().handle_one_request()

    def parse_request(self) -> bool:
        """The request line and headers, then the gates every endpoint is behind."""
        if len(self.raw_requestline.split()) == 2:  # HTTP/0.9: an answer would have no status line
            self.command, self.requestline = "", ""
            self.send_error(400, "no HTTP version in the request line")
            return False
        if not super().parse_request():
            return False
        if not self._host_is_ours():
            return False
        self.server.connections.answering(self.connection)
        return True

    def _host_is_ours(self) -> bool:
        host = self.headers.get("Host")
        if host is None and self.request_version == "HTTP/1.0":
            return True  # not a browser: every browser sends Host
        if host_allowed(host, self.server.hosts, self.server.any_address):
            return True
        if host is None:
            self.send_error(400, "no Host header")
            return False
        self.log_error("403 Host %r is not this server's name", host[:100])
        names = ", ".join(sorted(self.server.hosts))
        body = f"403 this preview answers only to {names}; open it by one of those names\n".encode()
        self._send(403, body, TEXT, self.command != "HEAD", {"Connection": "close"})
        return False

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def _refuse(self) -> None:
        self._send(405, b"method not allowed\n", TEXT, True, {"Allow": "GET, HEAD"})

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _refuse

    def _answer(self, send_body: bool) -> None:
        path = self.path.split("?", 1)[0]
        if path == SCRIPT:
            self._send(200, RELOAD_JS.encode(), "text/javascript; charset=utf-8", send_body)
        elif path == EVENTS:
            self._stream_events(send_body)
        else:
            # Files are opened while no rebuild applies its changes, then sent after: an open
            # file keeps its content even when a rebuild replaces it meanwhile.
            with self.server.guard.reading():
                site = self.server.site
                reply = self._reply_for(site, resolve(site.output, site.base, self.path))
            self._reply(reply, send_body)

    def _reply_for(self, site: Site, target: Target) -> Reply:
        if target.status == 301:
            return Reply(301, TEXT, Body(), (("Location", target.location),))
        if target.status == 404:
            return self._not_found(site, target.reason)
        if target.file is None:
            self.log_error("%d %s: %r", target.status, target.reason, self.path[:200])
            return Reply(target.status, TEXT, Body(f"{target.reason}\n".encode()), (("Connection", "close"),))
        try:
            return Reply(200, content_type(target.file), self._open(target.file))
        except FileNotFoundError:
            return self._not_found(site, "vanished during a rebuild")
        except OSError as exc:
            self.log_error("503 cannot read %r: %s", self.path[:200], exc.strerror)
            return Reply(503, TEXT, Body(f"cannot read the file: {exc.strerror}\n".encode()), (("Retry-After", "1"),))

    def _not_found(self, site: Site, reason: str) -> Reply:
        """The site's 404 page, else (missing or unreadable) a built-in one; never a loop."""
        self.log_error("404 %s: %r", reason, self.path[:200])
        page = site_file(site.output, "404.html")
        if page is not None:
            try:
                return Reply(404, HTML, self._open(page))
            except OSError:
                pass
        text = f'<!doctype html><title>Not found</title><p>Not found. The site is at <a href="{site.base}">'
        body = (text + f"{site.base}</a>.</p>").encode()
        return Reply(404, HTML, in_memory(body, script_tag(self.server.hub.state.version)))

    def _open(self, file: Path) -> Body:
        html = content_type(file).startswith("text/html")
        return open_file(file, script_tag(self.server.hub.state.version) if html else b"")

    def _send(self, status: int, body: bytes, kind: str, send_body: bool, extra: dict[str, str] | None = None) -> None:
        self._reply(Reply(status, kind, Body(body), tuple((extra or {}).items())), send_body)

    def _reply(self, reply: Reply, send_body: bool) -> None:
        try:
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.kind)
            self.send_header("Content-Length", str(reply.body.length))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            for name, value in reply.headers:
                self.send_header(name, value)
            self.end_headers()
            if send_body and reply.body.length:
                self.server.connections.answering(self.connection, reply.body.length)
                reply.body.send(self.connection)
        finally:
            reply.body.close()

    def _stream_events(self, send_body: bool) -> None:
        if send_body and not self.server.connections.stream(self.connection):
            self._send(503, b"too many open event streams\n", TEXT, True, {"Connection": "close", "Retry-After": "5"})
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        if not send_body:
            return
        hub = self.server.hub
        state = hub.state
        try:
            self.wfile.write(b"retry: 500\n" + state.event())
            self.wfile.flush()
            while not hub.closed:
                latest = hub.wait(state, PING_SECONDS)
                self.wfile.write(latest.event() if latest != state else b": ping\n\n")
                self.wfile.flush()
                state = latest
        except OSError:
            return  # the tab went away

    def log_message(self, format: str, *args: object) -> None:
        pass  # successful requests are not worth a terminal line

    def log_error(self, format: str, *args: object) -> None:
        self.server.log(f"  {self.address_string()} {format % args}")

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Malformed requests (bad request line, headers, overlong lines): logged, never served."""
        self.log_error("%d %s", code, message or "")
        self.request_version = "HTTP/1.0"  # never answer as HTTP/0.9, which has no status line
        body = f"{code} {message or ''}\n".encode()
        self._send(code, body, TEXT, self.command != "HEAD", {"Connection": "close"})
