"""Live reload: the build state browsers follow over Server-Sent Events, and the script they run."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass

from sitegen.errors import SitegenError

PREFIX = "/__sitegen/"
SCRIPT = PREFIX + "reload.js"
EVENTS = PREFIX + "events"


@dataclass(frozen=True, slots=True)
class Problem:
    """One build problem as the overlay shows it (plain text only)."""

    where: str
    message: str
    hint: str = ""


@dataclass(frozen=True, slots=True)
class State:
    """The last good build's number and what is wrong with the latest attempt, if anything."""

    version: int = 0
    problems: tuple[Problem, ...] = ()

    def event(self) -> bytes:
        """This state as one SSE message."""
        payload = {
            "version": self.version,
            "problems": [{"where": p.where, "message": p.message, "hint": p.hint} for p in self.problems],
        }
        return f"data: {json.dumps(payload, sort_keys=True)}\n\n".encode()


def problems_of(exc: SitegenError) -> tuple[Problem, ...]:
    return tuple(Problem(str(d.location), f"{d.severity}: {d.message}", d.hint) for d in exc.diagnostics)


class Hub:
    """Holds the current state; each SSE stream waits here for the next change."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._state = State()
        self._closed = False

    @property
    def state(self) -> State:
        with self._changed:
            return self._state

    @property
    def closed(self) -> bool:
        return self._closed

    def built(self) -> State:
        """A rebuild succeeded: bump the version, clear the problems."""
        with self._changed:
            return self._set(State(self._state.version + 1, ()))

    def failed(self, problems: tuple[Problem, ...]) -> State:
        """A rebuild failed: keep the version (the last good site is still served)."""
        return self._set(State(self._state.version, problems))

    def _set(self, state: State) -> State:
        with self._changed:
            self._state = state
            self._changed.notify_all()
        return state

    def wait(self, seen: State, timeout: float) -> State:
        """The state once it differs from ``seen`` (or after ``timeout``, or on close)."""
        with self._changed:
            self._changed.wait_for(lambda: self._state != seen or self._closed, timeout)
            return self._state

    def close(self) -> None:
        with self._changed:
            self._closed = True
            self._changed.notify_all()


def script_tag(version: int) -> bytes:
    """What the server adds to each HTML response (never to the built files)."""
    return f'<script src="{SCRIPT}?v={version}" defer></script>'.encode()


# The page's CSP allows only same-origin scripts and no inline styles, hence a served
# file and CSSOM styling; problem text goes in with textContent, never as markup.
RELOAD_JS = r"""
(() => {
  "use strict";
  const me = document.currentScript;
  const pageVersion = Number(new URL(me.src).searchParams.get("v"));
  const OVERLAY = "sitegen-error-overlay";
  function hide() {
    const old = document.getElementById(OVERLAY);
    if (old) old.remove();
  }
  function line(parent, tag, text, style) {
    const el = document.createElement(tag);
    el.textContent = text;
    Object.assign(el.style, style || {});
    parent.appendChild(el);
    return el;
  }
  function show(problems) {
    hide();
    const box = document.createElement("div");
    box.id = OVERLAY;
    box.setAttribute("role", "alert");
    Object.assign(box.style, {
      position: "fixed", inset: "0", zIndex: "2147483647", overflow: "auto",
      background: "rgb(20,20,20)", color: "#fff", padding: "2rem",
      font: "14px/1.5 ui-monospace, monospace", whiteSpace: "pre-wrap",
    });
    line(box, "h2", "sitegen: the rebuild failed; showing the last good site", {color: "#ff8f8f"});
    for (const p of problems) {
      const item = line(box, "div", "", {margin: "1rem 0"});
      line(item, "div", p.where, {color: "#9fd3ff", fontWeight: "bold"});
      line(item, "div", p.message);
      if (p.hint) line(item, "div", "hint: " + p.hint, {color: "#ccc"});
    }
    line(box, "p", "Fix the file and save: this page reloads by itself.", {color: "#ccc"});
    document.body.appendChild(box);
  }
  const source = new EventSource("/__sitegen/events");
  source.onmessage = (message) => {
    const state = JSON.parse(message.data);
    if (state.problems.length) show(state.problems);
    else if (state.version !== pageVersion) location.reload();
    else hide();
  };
})();
"""
