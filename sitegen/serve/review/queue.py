"""The review queue: every document with its open proposals, most first (served by the preview only)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from html import escape
from urllib.parse import quote

from sitegen.build import Built
from sitegen.model import KINDS
from sitegen.serve.review.entries import PROPOSED, review_state
from sitegen.site import routes


@dataclass(frozen=True, slots=True)
class Row:
    """One document's line in the queue."""

    slug: str
    title: str
    open: Counter[str]
    reviewed: int


def queue_rows(built: Built) -> list[Row]:
    """Documents by number of open proposals (most first), then by title."""
    rows = []
    for doc in built.analysis.archive.docs:
        states = [(ann.kind, review_state(ann)) for ann in doc.annotations]
        open_kinds = Counter(kind for kind, state in states if state == PROPOSED)
        rows.append(Row(doc.source.slug, doc.source.title, open_kinds, len(states) - open_kinds.total()))
    return sorted(rows, key=lambda row: (-row.open.total(), row.title.casefold(), row.slug))


def queue_page(built: Built | None, base: str, scripts: bytes) -> bytes:
    """The queue as a page, with the preview's ``scripts`` (live reload keeps it current)."""
    if built is None:
        body = "<p>The first build has not finished yet; this page reloads when it has.</p>"
        return _page(base, body).encode().replace(b"</body>", scripts + b"</body>")
    rows = queue_rows(built)
    waiting = [row for row in rows if row.open]
    total = sum(row.open.total() for row in rows)
    intro = (
        f"<p>{total} open proposal{'s' * (total != 1)} in {len(waiting)} of {len(rows)} documents. "
        "Open a document and review with the keyboard: <kbd>j</kbd>/<kbd>k</kbd> next and previous, "
        "<kbd>a</kbd> accept, <kbd>r</kbd> reject, <kbd>e</kbd> edit, <kbd>u</kbd> undo.</p>"
    )
    head = "".join(f'<th scope="col">{label}</th>' for label in ("Document", "Open", *_plural(), "Reviewed"))
    lines = "".join(_row(row, base) for row in rows)
    table = (
        '<table class="review-queue-table"><caption>Documents by open proposals</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{lines}</tbody></table>"
    )
    return _page(base, intro + table).encode().replace(b"</body>", scripts + b"</body>")


def _plural() -> tuple[str, ...]:
    return tuple(f"{kind.capitalize()}s" if kind != "entity" else "Entities" for kind in KINDS)


def _row(row: Row, base: str) -> str:
    href = escape(base + quote(routes.document(row.slug)))
    cells = "".join(f"<td>{row.open[kind]}</td>" for kind in KINDS)
    return (
        f'<tr data-open="{row.open.total()}"><th scope="row"><a href="{href}">{escape(row.title)}</a></th>'
        f"<td>{row.open.total()}</td>{cells}<td>{row.reviewed}</td></tr>"
    )


def _page(base: str, body: str) -> str:
    style = escape(base + routes.static("style.css"))
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<title>Review queue</title>\n<link rel="stylesheet" href="{style}">\n</head>\n<body>\n'
        f'<main id="main" class="review-queue">\n<p><a href="{escape(base)}">Back to the site</a></p>\n'
        f"<h1>Review queue</h1>\n{body}\n</main>\n</body>\n</html>\n"
    )
