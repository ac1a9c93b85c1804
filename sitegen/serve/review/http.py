"""The review endpoints' HTTP side: who may call them, what they accept, what they answer.

Only this machine, only pages this preview served: a request must come from a loopback
address, name a loopback host, and (to change anything) come from the same origin with the
run's secret token and a JSON body. Everything in the body is checked before it is used.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from sitegen.serve.review.desk import ReviewDesk, ReviewError
from sitegen.serve.review.entries import ROLES, Edit, Span
from sitegen.serve.review.queue import queue_page

PREFIX = "/__sitegen/review/"
QUEUE = PREFIX
SCRIPT = PREFIX + "review.js"
STYLE = PREFIX + "review.css"
ACTION = PREFIX + "action"
UNDO = PREFIX + "undo"
ENTITIES = PREFIX + "entities.json"
RECORDS = PREFIX + "records/"
"""``records/SLUG.json``: a document's annotations for the review bar (the built page has none)."""
TOKEN_HEADER = "X-Sitegen-Token"
MAX_BODY = 64 * 1024
"""Largest request body read; a decision is a few hundred bytes."""
LOCAL_NAMES = ("localhost", "127.0.0.1", "[::1]")
ASSETS = Path(__file__).parent / "assets"
PAGE_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'; base-uri 'none'"
EDIT_KEYS = frozenset({"span", "parts", "reason", "entity", "type", "texts"})


@dataclass(frozen=True, slots=True)
class Reply:
    """An answer for the handler to send."""

    status: int
    body: bytes
    kind: str = "application/json; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Request:
    """What the review side needs of an HTTP request."""

    method: str
    path: str
    headers: Mapping[str, str]
    """Header names in lower case."""
    client: str
    port: int
    read: Callable[[int], bytes]


def tags(desk: ReviewDesk) -> bytes:
    """What the preview adds to each HTML response: the review script with the run's token."""
    return (
        f'<link rel="stylesheet" href="{STYLE}">'
        f'<script src="{SCRIPT}" data-token="{desk.token}" data-queue="{QUEUE}" defer></script>'
    ).encode()


def answer(request: Request, desk: ReviewDesk, base: str, extra_tags: bytes) -> Reply:
    """Answer a request under PREFIX."""
    refused = _refused_caller(request)
    if refused:
        return _error(403, refused)
    if request.method in ("GET", "HEAD"):
        return _get(request, desk, base, extra_tags)
    if request.method != "POST" or request.path not in (ACTION, UNDO):
        return Reply(405, b'{"ok": false, "error": "method not allowed"}\n', headers=(("Allow", "GET, HEAD"),))
    refused = _refused_write(request, desk)
    if refused:
        return _error(403, refused)
    try:
        payload = _payload(request)
        if request.path == UNDO:
            outcome = desk.undo(_text(payload, "doc"))
        else:
            edit = _edit(payload.get("edit")) if payload.get("action") == "edit" else None
            outcome = desk.act(_text(payload, "doc"), _text(payload, "id"), _text(payload, "action"), edit)
    except ReviewError as exc:
        return _error(exc.status, exc.message)
    return _json(200, {"ok": True, "message": outcome.message, "path": outcome.path, "start": outcome.start})


def _get(request: Request, desk: ReviewDesk, base: str, extra_tags: bytes) -> Reply:
    if request.path == QUEUE:
        html = queue_page(desk.latest(), base, extra_tags + tags(desk))
        return Reply(200, html, "text/html; charset=utf-8", (("Content-Security-Policy", PAGE_POLICY),))
    if request.path in (SCRIPT, STYLE):
        name = request.path.removeprefix(PREFIX)
        kind = "text/javascript; charset=utf-8" if name.endswith(".js") else "text/css; charset=utf-8"
        return Reply(200, _asset(name), kind)
    if request.path == ENTITIES:
        refused = _refused_read(request, desk)  # a same-origin GET: Chrome sends no Origin
        if refused:
            return _error(403, refused)
        return _json(200, {"entities": desk.entities()})
    if request.path.startswith(RECORDS) and request.path.endswith(".json"):
        refused = _refused_read(request, desk)
        if refused:
            return _error(403, refused)
        try:
            slug = unquote(request.path[len(RECORDS) : -len(".json")])
            return _json(200, {"records": desk.records(slug), "place": desk.place(slug)})
        except ReviewError as exc:
            return _error(exc.status, exc.message)
    return _error(404, "no such review resource")


@cache
def _asset(name: str) -> bytes:
    return (ASSETS / name).read_bytes()


def _refused_caller(request: Request) -> str:
    """Why a caller may not use the review side at all (empty when it may)."""
    try:
        local = ipaddress.ip_address(request.client.removeprefix("::ffff:")).is_loopback
    except ValueError:
        local = False
    if not local:
        return "review requests are answered only from this machine"
    host = request.headers.get("host", "")
    if host not in {f"{name}:{request.port}" for name in LOCAL_NAMES}:
        return "the Host header must name this machine's preview (127.0.0.1, localhost or [::1] with its port)"
    return ""


def _refused_write(request: Request, desk: ReviewDesk) -> str:
    """Why a request may not change anything (empty when it may)."""
    origin = request.headers.get("origin", "")
    if origin != f"http://{request.headers.get('host', '')}":
        return "cross-origin request refused: only pages of this preview may review"
    if request.headers.get("sec-fetch-site", "same-origin") != "same-origin":
        return "cross-site request refused"
    if not hmac.compare_digest(request.headers.get(TOKEN_HEADER.lower(), "").encode(), desk.token.encode()):
        return "missing or wrong review token: reload the page from this preview"
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        return "the body must be JSON (Content-Type: application/json)"
    return ""


def _refused_read(request: Request, desk: ReviewDesk) -> str:
    """Why a request may not read the review data (empty when it may): the run's token, from a
    page of this preview. A browser sends no Origin with a same-origin GET; one that is sent
    must be this preview's."""
    origin = request.headers.get("origin")
    if origin is not None and origin != f"http://{request.headers.get('host', '')}":
        return "cross-origin request refused: only pages of this preview may review"
    if request.headers.get("sec-fetch-site", "same-origin") != "same-origin":
        return "cross-site request refused"
    if not hmac.compare_digest(request.headers.get(TOKEN_HEADER.lower(), "").encode(), desk.token.encode()):
        return "missing or wrong review token: reload the page from this preview"
    return ""


def _payload(request: Request) -> dict[str, Any]:
    try:
        length = int(request.headers.get("content-length", ""))
    except ValueError:
        raise ReviewError(411, "a Content-Length is required") from None
    if not 0 < length <= MAX_BODY:
        raise ReviewError(413, f"the body must be 1 to {MAX_BODY} bytes")
    try:
        payload = json.loads(request.read(length))
    except (ValueError, UnicodeDecodeError):
        raise ReviewError(400, "the body is not valid JSON") from None
    if not isinstance(payload, dict):
        raise ReviewError(400, "the body must be a JSON object")
    return payload


def _text(payload: Mapping[str, Any], key: str) -> str:
    value = payload.get(key)
    if not isinstance(value, str) or not value or len(value) > 200:
        raise ReviewError(400, f"{key!r} must be a short non-empty string")
    return value


def _edit(raw: object) -> Edit:
    if not isinstance(raw, dict) or not set(raw) <= EDIT_KEYS:
        raise ReviewError(400, f"'edit' must be an object with some of: {', '.join(sorted(EDIT_KEYS))}")
    parts = raw.get("parts") or {}
    if not isinstance(parts, dict) or not all(isinstance(role, str) for role in parts):
        raise ReviewError(400, "'parts' must map roles to spans")
    known = {role for roles in ROLES.values() for role in roles}
    chosen = tuple(sorted((role, _span(span, role)) for role, span in parts.items() if span is not None))
    unknown = [role for role, _ in chosen if role not in known]
    if unknown:
        raise ReviewError(422, f"unknown part {unknown[0]!r}")
    texts = raw.get("texts") or {}
    if not isinstance(texts, dict) or not all(isinstance(v, str) for v in texts.values()):
        raise ReviewError(400, "'texts' must map names to the selected text")
    fields = {key: raw.get(key) or "" for key in ("reason", "entity", "type")}
    if not all(isinstance(value, str) and len(value) <= 200 for value in fields.values()):
        raise ReviewError(400, "'reason', 'entity' and 'type' must be short strings")
    texts_seen = tuple(sorted((str(k), v) for k, v in texts.items()))
    return Edit(_span(raw.get("span"), "span"), chosen, texts=texts_seen, **fields)


def _span(raw: object, name: str) -> Span:
    if isinstance(raw, dict) and set(raw) == {"start", "end"}:
        start, end = raw["start"], raw["end"]
        if all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)):
            return Span(start, end)
    raise ReviewError(400, f"{name!r} must be {{start, end}} in code points")


def _json(status: int, payload: dict[str, Any]) -> Reply:
    return Reply(status, (json.dumps(payload, ensure_ascii=False, sort_keys=True) + "\n").encode())


def _error(status: int, message: str) -> Reply:
    return _json(status, {"ok": False, "error": message})
