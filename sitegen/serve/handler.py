"""The preview's HTTP side: safe static files under the base path, the reload script, SSE."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from sitegen.serve.guard import UpdateGuard
from sitegen.serve.paths import Target, content_type, resolve
from sitegen.serve.reload import EVENTS, RELOAD_JS, SCRIPT, Hub, script_tag
from sitegen.serve.review import http as review
from sitegen.serve.review.desk import ReviewDesk

PING_SECONDS = 15.0
"""How often an idle event stream sends a comment, so a closed tab frees its thread."""


@dataclass(frozen=True, slots=True)
class Site:
    """Where the built site is and the base path it is served under."""

    output: Path
    base: str


class PreviewServer(ThreadingHTTPServer):
    """One thread per connection, so a long-lived event stream never blocks page loads."""

    daemon_threads = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], hub: Hub, site: Site, log: Callable[[str], None]) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        super().__init__(address, PreviewHandler)
        self.hub = hub
        self.log = log
        self._site = site
        self._lock = threading.Lock()
        self.guard = UpdateGuard()
        """Held for reading while a request reads the site; a rebuild in place holds it to write."""
        self.review: ReviewDesk | None = None
        """The review endpoints, when the preview listens on loopback only."""

    @property
    def site(self) -> Site:
        with self._lock:
            return self._site

    @site.setter
    def site(self, site: Site) -> None:
        with self._lock:
            self._site = site


class PreviewHandler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.1"
    server_version = "sitegen-preview"
    timeout = 30.0
    """Seconds a connection may sit idle or trickle a request before its thread is freed."""
    sys_version = ""

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def _refuse(self) -> None:
        self._send(405, b"method not allowed\n", "text/plain; charset=utf-8", True, {"Allow": "GET, HEAD"})

    def do_POST(self) -> None:
        if self.path.split("?", 1)[0].startswith(review.PREFIX):
            self._review(self.path.split("?", 1)[0], send_body=True)
        else:
            self._refuse()

    do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _refuse

    def _answer(self, send_body: bool) -> None:
        path = self.path.split("?", 1)[0]
        if path == SCRIPT:
            self._send(200, RELOAD_JS.encode(), "text/javascript; charset=utf-8", send_body)
        elif path == EVENTS:
            self._stream_events(send_body)
        elif path.startswith(review.PREFIX):
            self._review(path, send_body)
        else:
            with self.server.guard.reading():
                site = self.server.site
                self._serve(site, resolve(site.output, site.base, self.path), send_body)

    def _serve(self, site: Site, target: Target, send_body: bool) -> None:
        if target.status == 301:
            self._send(301, b"", "text/plain; charset=utf-8", send_body, {"Location": target.location})
        elif target.status == 404:
            self._not_found(site, target.reason, send_body)
        elif target.file is None:
            self.log_error("%d %s: %r", target.status, target.reason, self.path[:200])
            body = f"{target.reason}\n".encode()
            self._send(target.status, body, "text/plain; charset=utf-8", send_body, {"Connection": "close"})
        else:
            self._file(target.file, 200, send_body)

    def _file(self, file: Path, status: int, send_body: bool) -> None:
        try:
            # Read at request time: the build swaps whole folders, so this is one complete site.
            body = file.read_bytes()
        except OSError:
            self._not_found(self.server.site, "vanished during a rebuild", send_body)
            return
        kind = content_type(file)
        if kind.startswith("text/html"):
            body = _inject(body, self._tags())
        self._send(status, body, kind, send_body)

    def _tags(self) -> bytes:
        """The preview's scripts for an HTML response: live reload, and review when it is on."""
        desk = self.server.review
        return (review.tags(desk) if desk else b"") + script_tag(self.server.hub.state.version)

    def _review(self, path: str, send_body: bool) -> None:
        desk = self.server.review
        if desk is None:
            body = b"review is off: this preview listens beyond this machine\n"
            self._send(404, body, "text/plain; charset=utf-8", send_body)
            return
        headers = {name.lower(): value for name, value in self.headers.items()}
        port = int(self.server.server_address[1])
        request = review.Request(self.command, path, headers, str(self.client_address[0]), port, self.rfile.read)
        reply = review.answer(request, desk, self.server.site.base, script_tag(self.server.hub.state.version))
        if self.command == "POST" and reply.status != 200:
            self.close_connection = True  # its body may be unread
        extra = dict(reply.headers) | ({"Connection": "close"} if self.close_connection else {})
        self._send(reply.status, reply.body, reply.kind, send_body, extra)

    def _not_found(self, site: Site, reason: str, send_body: bool) -> None:
        self.log_error("404 %s: %r", reason, self.path[:200])
        page = site.output / "404.html"
        if page.is_file():
            self._file(page, 404, send_body)
            return
        text = f'<!doctype html><title>Not found</title><p>Not found. The site is at <a href="{site.base}">'
        body = (text + f"{site.base}</a>.</p>").encode()
        self._send(404, _inject(body, script_tag(self.server.hub.state.version)), "text/html", send_body)

    def _send(self, status: int, body: bytes, kind: str, send_body: bool, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def _stream_events(self, send_body: bool) -> None:
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
        self._send(code, body, "text/plain; charset=utf-8", self.command != "HEAD", {"Connection": "close"})


def _inject(html: bytes, tag: bytes) -> bytes:
    # A preview-only addition to a finished response; the built files never contain it.
    at = html.rfind(b"</body>")
    return html[:at] + tag + html[at:] if at >= 0 else html + tag
