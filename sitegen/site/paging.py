"""Lists of the whole archive cut into pages: the first page keeps its address, the rest go to
a folder, so a list page's size does not grow with the archive (#23)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

PER_PAGE = 100
"""Items on one page of a long list: a page of documents is about 100 kB."""


@dataclass(frozen=True, slots=True)
class Pager:
    """Where a page is among the pages of its list."""

    number: int
    """1 for the first page."""
    paths: tuple[str, ...]
    """The site path of every page of the list, first page first."""
    total: int
    """Items in the whole list."""
    first: int
    """The 1-based position in the list of the page's first item (0 for an empty list)."""
    last: int

    @property
    def count(self) -> int:
        return len(self.paths)


@dataclass(frozen=True, slots=True)
class Paged(Generic[T]):
    """One page's items, iterable as the whole list was, with its ``pager``."""

    items: tuple[T, ...]
    pager: Pager

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


def page_path(first: str, folder: str, number: int) -> str:
    """Page ``number`` of a list whose first page is ``first``: ``folder/2.html`` and on."""
    return first if number == 1 else f"{folder}/{number}.html"


def paged(items: Sequence[T], first: str, folder: str, per_page: int = 0) -> list[tuple[str, Paged[T]]]:
    """``items`` in pages of ``per_page`` (``PER_PAGE``), each with its site path; an empty list
    is one empty page."""
    per_page = per_page or PER_PAGE
    count = max(1, -(-len(items) // per_page))
    paths = tuple(page_path(first, folder, n) for n in range(1, count + 1))
    out = []
    for n, path in enumerate(paths):
        chunk = tuple(items[n * per_page : (n + 1) * per_page])
        start = n * per_page + 1 if chunk else 0
        out.append((path, Paged(chunk, Pager(n + 1, paths, len(items), start, n * per_page + len(chunk)))))
    return out
