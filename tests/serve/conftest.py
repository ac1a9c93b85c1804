"""A real preview server on 127.0.0.1 (port 0) over a copy of the tiny site, and helpers to talk to it."""

from __future__ import annotations

import http.client
import json
import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sitegen.serve import Preview
from sitegen.serve.reload import EVENTS, State
from tests.conftest import quiet

TIMEOUT = 20.0
"""Upper bound for anything we wait on; reached only when something is broken."""


@pytest.fixture
def preview(tiny: Path) -> Iterator[Preview]:
    running = Preview(tiny, port=0, log=quiet, quiet=0.05)
    running.start()
    yield running
    running.close()


def address(preview: Preview) -> tuple[str, int]:
    host, port = preview.server.server_address[:2]
    return str(host), int(port)


def get(preview: Preview, target: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    """One request with the target sent exactly as given (no client-side normalising)."""
    conn = http.client.HTTPConnection(*address(preview), timeout=TIMEOUT)
    try:
        conn.putrequest(method, target, skip_accept_encoding=True)
        conn.endheaders()
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def raw(preview: Preview, request: bytes) -> bytes:
    """Send raw bytes (for requests no well-behaved client would make) and read the whole answer."""
    with socket.create_connection(address(preview), timeout=TIMEOUT) as sock:
        sock.sendall(request)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def wait_for(preview: Preview, done: Callable[[State], bool], what: str) -> State:
    """Wait on the hub (no polling, no sleeps) until ``done(state)`` holds."""
    deadline = time.monotonic() + TIMEOUT
    state = preview.hub.state
    while not done(state):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}; last state {state}")
        state = preview.hub.wait(state, deadline - time.monotonic())
    return state


class EventStream:
    """A client of /__sitegen/events that yields each state the server sends."""

    def __init__(self, preview: Preview) -> None:
        self.conn = http.client.HTTPConnection(*address(preview), timeout=TIMEOUT)
        self.conn.request("GET", EVENTS)
        self.response = self.conn.getresponse()

    def next(self) -> dict[str, object]:
        while True:
            line = self.response.fp.readline()
            if not line:
                raise AssertionError("event stream closed")
            if line.startswith(b"data: "):
                payload: dict[str, object] = json.loads(line[6:])
                return payload

    def close(self) -> None:
        self.conn.close()
