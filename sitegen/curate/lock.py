"""The id lock: every published annotation id, so links to passages keep working after edits.

``content/ids.lock.json`` is written by ``sitegen lock`` (and on deploy) and committed. A
build reads it and turns each locked id that no longer exists into an alias: to the
passage's new id when it can be found again, or to the document with a notice when not.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sitegen.curate.anchor import fold
from sitegen.curate.ids import CONTEXT
from sitegen.errors import Diagnostics, Location
from sitegen.model import Alias, AnnotatedDoc, Annotation
from sitegen.names import id_problem
from sitegen.output.atomic import replace_file

LOCK_NAME = "ids.lock.json"
LOCK_VERSION = 1
EXACT_LIMIT = 300
SIMILAR = 0.6


@dataclass(frozen=True, slots=True)
class LockedId:
    """What an id pointed at when it was locked: enough to find the passage again."""

    kind: str
    exact: str
    prefix: str
    suffix: str


Lock = dict[str, dict[str, LockedId]]
"""Document slug → id → what it pointed at."""


def read_lock(path: Path, display: str, diagnostics: Diagnostics) -> Lock:
    """The lock file's records; a missing file is an empty lock. Every id is checked as it enters:
    an old id becomes a share page's file name."""
    if not path.exists():
        return {}
    hint = "restore it from version control, or delete it and run `sitegen lock`"
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        diagnostics.error(Location(display, exc.lineno, exc.colno), f"invalid lock file: {exc.msg}", hint)
    except _Constant as exc:
        where = _place(display, text, exc.name, quoted=False)
        diagnostics.error(where, f"invalid lock file: {exc.name} is not a JSON value", hint)
    except OSError as exc:
        diagnostics.error(
            Location(display),
            f"cannot read the lock file: {exc.strerror or exc}",
            "check that it is a readable file, or delete it and run `sitegen lock`",
        )
    except UnicodeDecodeError as exc:
        diagnostics.error(Location(display), f"invalid lock file: not UTF-8 (byte {exc.start})", hint)
    else:
        return _records(data, text, display, diagnostics, hint)
    return {}


class _Constant(ValueError):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def _no_constant(name: str) -> object:
    """JSON has no NaN or Infinity; Python's reader takes them unless told not to."""
    raise _Constant(name)


def _records(data: object, text: str, display: str, diagnostics: Diagnostics, hint: str) -> Lock:
    documents = data.get("documents") if isinstance(data, dict) else None
    if not isinstance(documents, dict):
        diagnostics.error(Location(display, 1), 'invalid lock file: expected {"documents": {…}}', hint)
        return {}
    lock: Lock = {}
    problems = len(diagnostics.errors)
    for slug, ids in documents.items():
        if not isinstance(ids, dict):
            diagnostics.error(_place(display, text, slug), f"invalid lock file: {slug!r} must map ids to records", hint)
            continue
        for ident, record in ids.items():
            problem = id_problem(ident) or _record_problem(record)
            if problem:
                diagnostics.error(_place(display, text, ident), f"invalid lock record {ident[:40]!r}: {problem}", hint)
            else:
                lock.setdefault(slug, {})[ident] = LockedId(*record)
    return lock if len(diagnostics.errors) == problems else {}


def _record_problem(record: object) -> str:
    if isinstance(record, list) and len(record) == 4 and all(isinstance(item, str) for item in record):
        return ""
    return "a record is [kind, exact, prefix, suffix], four strings"


def _place(display: str, text: str, key: str, quoted: bool = True) -> Location:
    """Where ``key`` is first written in the file (JSON readers keep no positions)."""
    at = text.find(json.dumps(key, ensure_ascii=False) if quoted else key)
    if at < 0 and quoted:
        at = text.find(json.dumps(key))
    if at < 0:
        return Location(display)
    return Location(display, text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at))


def fingerprint(ann: Annotation, text: str) -> LockedId:
    return LockedId(
        ann.kind,
        text[ann.start : ann.end][:EXACT_LIMIT],
        text[max(0, ann.start - CONTEXT) : ann.start],
        text[ann.end : ann.end + CONTEXT],
    )


def updated_lock(lock: Lock, docs: Sequence[AnnotatedDoc]) -> Lock:
    """The lock with every current id added; ids once locked are never dropped."""
    merged = {slug: dict(ids) for slug, ids in lock.items()}
    for doc in docs:
        entries = merged.setdefault(doc.source.slug, {})
        for ann in doc.annotations:
            entries.setdefault(ann.id, fingerprint(ann, doc.source.text))
    return merged


def write_lock(path: Path, lock: Lock) -> None:
    """Write the lock deterministically and atomically (a kill never leaves half a file)."""
    data = {
        "version": LOCK_VERSION,
        "documents": {
            slug: {ident: [r.kind, r.exact, r.prefix, r.suffix] for ident, r in sorted(ids.items())}
            for slug, ids in sorted(lock.items())
        },
    }
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    replace_file(path, text.encode("utf-8"))


def unlocked(lock: Lock, docs: Sequence[AnnotatedDoc]) -> int:
    """How many current annotation ids the lock does not record yet."""
    return sum(1 for doc in docs for ann in doc.annotations if ann.id not in lock.get(doc.source.slug, {}))


def resolve_aliases(lock: Lock, docs: Sequence[AnnotatedDoc]) -> tuple[Alias, ...]:
    """An alias for every locked id that is gone from its (still existing) document."""
    aliases = []
    for doc in docs:
        current = {ann.id for ann in doc.annotations}
        for old, record in sorted(lock.get(doc.source.slug, {}).items()):
            if old not in current:
                aliases.append(Alias(doc.source.slug, old, _new_home(record, doc)))
    return tuple(aliases)


def _new_home(record: LockedId, doc: AnnotatedDoc) -> str:
    """The id of the passage the record describes, now; empty when it cannot be found."""
    text = doc.source.text
    same_kind = [ann for ann in doc.annotations if ann.kind == record.kind]
    for ann in same_kind:
        if text[ann.start : ann.end][:EXACT_LIMIT] == record.exact:
            return ann.id
    at = fold(text).find(fold(record.prefix + record.exact))
    if at >= 0:
        start = at + len(record.prefix)
        overlapping = [a for a in same_kind if a.start < start + len(record.exact) and start < a.end]
        if overlapping:
            return min(overlapping, key=lambda a: abs(a.start - start)).id
    scored = [(_similarity(text[a.start : a.end], record.exact), a.id) for a in same_kind]
    best = max(scored, default=(0.0, ""))
    return best[1] if best[0] >= SIMILAR else ""


def _similarity(first: str, second: str) -> float:
    return difflib.SequenceMatcher(None, first, second, autojunk=False).ratio()
