"""The review desk: applies a decision to a document's curated file (validated, read back,
written atomically) and keeps what each write replaced, so it can be undone."""

from __future__ import annotations

import os
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Protocol

from sitegen.build import Built
from sitegen.curate.anchor import Anchored, anchor_file
from sitegen.curate.curated import CuratedFile, LocatedEntry, parse_annotation_text
from sitegen.curate.edit import EditError, Tail, append_entry
from sitegen.errors import Diagnostics
from sitegen.model import AnnotatedDoc, Annotation
from sitegen.serve.review.entries import (
    PROPOSED,
    Decision,
    Edit,
    accept,
    check_edit,
    correct,
    reject,
    review_record,
    review_state,
)

ACTIONS = ("accept", "reject", "edit")


class Notice(Protocol):
    """Who must know of the desk's writes: the preview's rebuild loop."""

    def expect(self, path: Path, content: bytes | None, made: tuple[Path, ...] = ()) -> None:
        """``path`` is about to hold ``content`` (None: be removed), in the new folders ``made``."""

    def add_written(self, path: Path) -> None:
        """``path`` is written: rebuild for it now."""


class _Nobody:
    def expect(self, path: Path, content: bytes | None, made: tuple[Path, ...] = ()) -> None:
        pass

    def add_written(self, path: Path) -> None:
        pass


class ReviewError(Exception):
    """A request the desk refuses, with the HTTP status that says why."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True, slots=True)
class Change:
    """One write: the file's bytes before (None: it did not exist) and after."""

    path: Path
    before: bytes | None
    after: bytes
    start: int
    """Where the annotation acted on starts, for the page to return to."""


@dataclass(frozen=True, slots=True)
class _Known:
    """A curated file's text (None: no file), its entries, and how to append to it."""

    text: str | None
    parsed: CuratedFile
    tail: Tail | None


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a request did, for the page to say."""

    message: str
    path: str
    start: int


class ReviewDesk:
    """One per preview run: its secret token, and a journal of writes per document."""

    def __init__(self, latest: Callable[[], Built | None], notice: Notice | None = None) -> None:
        self.token = secrets.token_urlsafe(32)
        """Embedded in served pages; every state-changing request must carry it."""
        self._latest = latest
        self._notice = notice or _Nobody()
        self._lock = threading.Lock()
        self._journal: dict[str, list[Change]] = {}
        self._known: dict[Path, _Known] = {}
        """Each file as the desk last wrote it, parsed, so the next decision need not parse it again."""
        self._places: dict[str, dict[str, object]] = {}
        """Per document, where its last decision or undo acted (``serial``, ``start``): the page a
        rebuild reloads returns there, even when the reload overtook the request's answer."""
        self._serial = 0
        self._run = secrets.token_hex(4)
        """Tells this run's serials from an earlier run's, which a tab's session may still hold."""

    def latest(self) -> Built | None:
        """The last good build, as the preview keeps it."""
        return self._latest()

    def entities(self) -> list[dict[str, str]]:
        """The registry, for the entity link an editor may choose."""
        built = self._latest()
        registry = built.analysis.archive.registry.entities if built is not None else ()
        return [{"id": entity.id, "name": entity.name, "type": entity.type} for entity in registry]

    def records(self, slug: str) -> list[dict[str, object]]:
        """Every annotation of document ``slug``, for the review bar."""
        _, doc = self._document(slug)
        return [review_record(ann, doc.source.text) for ann in doc.annotations]

    def place(self, slug: str) -> dict[str, object] | None:
        """Where the last decision or undo on ``slug`` acted, with a serial unique to this run.
        Without the lock (one dict read is atomic): a page's records need not wait for a write."""
        return self._places.get(slug)

    def _acting_at(self, slug: str, start: int) -> None:
        """Note where a write is about to act (the lock held), before the file changes: the
        rebuild it starts may reload the page before the request is answered."""
        self._serial += 1
        self._places[slug] = {"serial": f"{self._run}-{self._serial}", "start": start}

    def act(self, slug: str, ann_id: str, action: str, edit: Edit | None) -> Outcome:
        """Record ``action`` on annotation ``ann_id`` of document ``slug`` in its curated file."""
        built, doc = self._document(slug)
        ann = next((a for a in doc.annotations if a.id == ann_id), None)
        if ann is None:
            raise ReviewError(409, f"no annotation {ann_id!r} in {slug} any more: reload the page")
        if review_state(ann) != PROPOSED:
            raise ReviewError(409, f"{ann_id} is already reviewed")
        decision = self._decide(built, doc, ann, action, edit)
        path = self._curated_path(built, doc)
        with self._lock:
            self._acting_at(slug, ann.start)
            change = self._write(built, doc, path, decision)
            self._journal.setdefault(slug, []).append(change)
        self._notice.add_written(change.path)
        verb = {"accept": "Accepted", "reject": "Rejected", "edit": "Corrected"}[action]
        relative = self._relative(built, path)
        return Outcome(f"{verb}; written to {relative}", relative, ann.start)

    def undo(self, slug: str) -> Outcome:
        """Put the document's curated file back as it was before the last write made here."""
        built, _ = self._document(slug)
        with self._lock:
            journal = self._journal.get(slug) or []
            if not journal:
                raise ReviewError(409, "nothing to undo for this document in this session")
            change = journal[-1]
            now = change.path.read_bytes() if change.path.exists() else None
            if now != change.after:
                raise ReviewError(409, f"{self._relative(built, change.path)} changed since; undo it in your editor")
            self._acting_at(slug, change.start)
            self._notice.expect(change.path, change.before)
            try:
                if change.before is None:
                    change.path.unlink()
                else:
                    write_atomically(change.path, change.before)
            except OSError as exc:
                raise ReviewError(500, f"could not undo ({exc.strerror or exc}); the file is as it was") from None
            journal.pop()
        self._notice.add_written(change.path)
        return Outcome(
            f"Undone in {self._relative(built, change.path)}", self._relative(built, change.path), change.start
        )

    def _document(self, slug: str) -> tuple[Built, AnnotatedDoc]:
        built = self._latest()
        if built is None:
            raise ReviewError(503, "the first build has not finished yet")
        doc = built.analysis.archive.get(slug)
        if doc is None:
            raise ReviewError(404, f"no document {slug!r}")
        return built, doc

    def _decide(self, built: Built, doc: AnnotatedDoc, ann: Annotation, action: str, edit: Edit | None) -> Decision:
        text, registry = doc.source.text, built.analysis.archive.registry
        if action == "accept":
            return accept(text, ann, registry)
        if action == "reject":
            return reject(text, ann)
        if action != "edit" or edit is None:
            raise ReviewError(400, f"action must be one of {', '.join(ACTIONS)} (edit with its fields)")
        problems = check_edit(ann.kind, edit, text, registry)
        if problems:
            raise ReviewError(422, "; ".join(problems))
        return correct(text, ann, edit)

    def _curated_path(self, built: Built, doc: AnnotatedDoc) -> Path:
        content = built.project.config.content_dir
        return built.project.path(f"{content}/annotations/{PurePosixPath(doc.source.path).stem}.yml")

    def _relative(self, built: Built, path: Path) -> str:
        return path.relative_to(built.project.root).as_posix()

    def _write(self, built: Built, doc: AnnotatedDoc, path: Path, decision: Decision) -> Change:
        before = path.read_bytes() if path.exists() else None
        relative = self._relative(built, path)
        old_text = None if before is None else _text_of(before, relative)
        known = self._known.get(path)
        if known is None or known.text != old_text:  # new to us, or changed since we wrote it
            known = _Known(old_text, _parsed(old_text or "", relative), None)
        if any(located.entry == decision.entry for located in known.parsed.entries):
            raise ReviewError(409, f"{relative} already has this entry")
        try:
            appended = append_entry(old_text, decision.entry, doc.source.path, known.tail)
        except EditError as exc:
            raise ReviewError(409, f"{relative}: {exc}") from None
        new = _read_back(known, appended.text, relative)
        _check_written(doc, known.parsed, new, decision)
        after = _bytes_of(appended.text, before)
        self._notice.expect(path, after, tuple(d for d in (path.parent, *path.parent.parents) if not d.exists()))
        try:
            write_atomically(path, after)
        except OSError as exc:
            problem = exc.strerror or exc
            raise ReviewError(500, f"could not write {relative} ({problem}); the file is as it was") from None
        self._known[path] = _Known(appended.text, new, appended.tail)
        return Change(path, before, after, decision.target.start if decision.target else decision.span.start)


def _text_of(raw: bytes, relative: str) -> str:
    try:
        return raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8").replace("\r\n", "\n")
    except UnicodeDecodeError:
        raise ReviewError(409, f"{relative} is not UTF-8 text; fix it in your editor") from None


def _bytes_of(text: str, before: bytes | None) -> bytes:
    """The new text in the old file's encoding details: its byte-order mark and line ends."""
    if before is not None and b"\r\n" in before:
        text = text.replace("\n", "\r\n")
    bom = b"\xef\xbb\xbf" if before is not None and before.startswith(b"\xef\xbb\xbf") else b""
    return bom + text.encode("utf-8")


def _parsed(text: str, relative: str) -> CuratedFile:
    diagnostics = Diagnostics()
    try:
        return parse_annotation_text(text, relative, diagnostics)
    except Exception as exc:  # a SitegenError for invalid YAML: the file is the editor's to fix
        raise ReviewError(409, f"{relative} does not load: {exc}") from None


def _read_back(known: _Known, text: str, relative: str) -> CuratedFile:
    """The new file as the build will read it. Appended to the file as we last wrote it, only
    the new text needs reading (as a list of its own): what is before it is our own entry and
    the list goes on at the same column, so nothing before can change."""
    if known.tail is None or known.text is None or not text.startswith(known.text):
        return _parsed(text, relative)
    added = _parsed("annotations:\n" + text[len(known.text) :], relative)
    return CuratedFile(known.parsed.path, known.parsed.slug, known.parsed.entries + added.entries)


def _check_written(doc: AnnotatedDoc, old: CuratedFile, new: CuratedFile, decision: Decision) -> None:
    """Read the new file back as the build will: the old entries unchanged, the new one last,
    valid, and anchored exactly where the reviewer meant."""
    entries = tuple(located.entry for located in new.entries)
    if entries != (*(located.entry for located in old.entries), decision.entry):
        raise ReviewError(500, "the new entry did not read back as written; nothing was saved")
    found = Diagnostics()
    last = LocatedEntry(decision.entry, new.entries[-1].location)
    anchored = anchor_file(doc.source, CuratedFile(new.path, new.slug, (last,)), found)
    if found.errors or not anchored or not _lands(anchored[0], decision):
        raise ReviewError(422, "the quotes for this selection do not pick it out unambiguously; nothing was saved")


def _lands(anchored: Anchored, decision: Decision) -> bool:
    spans = anchored.spans == ((decision.span.start, decision.span.end),)
    target = decision.target
    targets = anchored.target == (None if target is None else (target.start, target.end))
    parts = sorted((role, start, end) for role, start, end in anchored.parts)
    return spans and targets and parts == sorted((role, s.start, s.end) for role, s in decision.parts)


def write_atomically(path: Path, data: bytes) -> None:
    """Write beside ``path``, flush to disk, then rename over it: a reader (or a crash) sees the
    old file or the new one, and a failed write leaves the old one as it was."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}-{threading.get_ident()}.tmp")
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    try:
        with open(temporary, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
