"""The search data files of a build, made in full or updated: shards and store chunks as
scripts, each file's hash and sizes, the tag that names their folder, and the directory."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import NamedTuple

import orjson

from sitegen.model import Page
from sitegen.output.write import content_digest
from sitegen.runtime.forked import map_forked
from sitegen.search.cap import Capped
from sitegen.search.names import Table
from sitegen.search.refs import base36
from sitegen.search.report import Sizes
from sitegen.search.shards import packed
from sitegen.search.state import FileFacts, ShardPostings, State
from sitegen.search.writer import IndexData

FOLDER = "search"
DIRECTORY = f"{FOLDER}/index.js"
"""The one file with a fixed name: it names the build's folder of shards and store chunks."""


@dataclass(frozen=True, slots=True)
class Made:
    """A build's search data: the files made now (data key → script), the facts of every file
    (those not made now are the last build's, kept), and what the next build needs."""

    written: dict[str, bytes]
    facts: dict[str, FileFacts]
    directory: Page
    state: State
    shards: dict[int, ShardPostings]
    """The posting files of the shards made now."""

    @property
    def tag(self) -> str:
        return tag_of(self.facts)

    def pages(self) -> tuple[Page, ...]:
        """The files made now as pages of the site."""
        return tuple(Page(site_path(self.tag, key), content) for key, content in self.written.items())

    def sizes(self) -> tuple[Sizes, Sizes]:
        """Index (directory and shards) and store sizes, from every file's facts."""
        directory = FileFacts("", len(self.directory.content), _gzipped(self.directory.content))
        index = [directory, *(facts for key, facts in self.facts.items() if key.startswith("i/"))]
        store = [facts for key, facts in self.facts.items() if key.startswith("s/")]
        return _summed(index), _summed(store)


def site_path(tag: str, key: str) -> str:
    return f"{FOLDER}/{tag}/{key}.js"


def tag_of(facts: dict[str, FileFacts]) -> str:
    """A hash of every data file's content, so the folder's name changes whenever the data does
    (no stale caches); from the files' hashes, so an update need not read the files it keeps."""
    digest = hashlib.sha256()
    for key in sorted(facts):
        digest.update(f"{key}\0{facts[key].digest}\0".encode())
    return digest.hexdigest()[:12]


class ShardWork(NamedTuple):
    """One shard to pack: its postings, number, terms and names, and the whole-list files of
    its capped terms that an update keeps as they were (not packed again)."""

    capped: Capped
    n: int
    terms: list[str]
    names: Table
    kept: frozenset[str] = frozenset()


PARALLEL_MIN_SHARDS = 16
"""Fewer shards than this are packed here: forking costs more than packing them."""


def shards_files(work: Sequence[ShardWork], jobs: int) -> dict[str, bytes]:
    """Every shard's files (``shard_files``), packed on ``jobs`` forked workers when there are
    enough: packing is pure Python, and an update of 93 shards spent 9 s on one core in it."""
    done = map_forked(range(len(work)), lambda i: shard_files(*work[i]), jobs, len(work) >= PARALLEL_MIN_SHARDS)
    return {key: content for i in range(len(work)) for key, content in done[i].items()}


def shard_files(
    capped: Capped, n: int, terms: list[str], names: Table, kept: frozenset[str] = frozenset()
) -> dict[str, bytes]:
    """Shard ``n`` of ``terms`` and the rest of the whole posting list of each of its capped
    terms, packed (``shards.packed``; the directory names lunr's version and the fields), but
    the ``kept`` whole lists."""
    key = f"i/{base36(n)}"
    files = {key: script(key, packed(capped.data, terms, capped.counts, names))}
    for local, term in enumerate(terms):
        whole = f"{key}-{base36(local)}"
        if term in capped.counts and whole not in kept:
            files[whole] = script(whole, packed(rest_of(capped, term), [term]))
    return files


def rest_of(capped: Capped, term: str) -> IndexData:
    """A capped term's whole posting less what its shard keeps: search.js joins the two when it
    needs the whole list (a third of the whole lists' entries were their shard's, #23)."""
    rest = []
    for whole, kept in zip(capped.whole.postings[term], capped.data.postings[term], strict=True):
        shown = {ref for ref, _ in kept}
        rest.append([(ref, score) for ref, score in whole if ref not in shown])
    return IndexData(capped.whole.fields, (), {term: 0}, {term: tuple(rest)})


def store_file(n: int, store: dict[str, object]) -> tuple[str, bytes]:
    key = f"s/{base36(n)}"
    return key, script(key, store)


def facts_of(files: dict[str, bytes]) -> dict[str, FileFacts]:
    """Each file's hash and sizes. zlib lets go of the interpreter while it compresses, so
    threads use every core."""
    keys = list(files)
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        zipped = list(pool.map(_gzipped, (files[key] for key in keys), chunksize=64))
    return {
        key: FileFacts(content_digest(files[key]), len(files[key]), size)
        for key, size in zip(keys, zipped, strict=True)
    }


def directory_page(
    version: str, tag: str, fields: Iterable[str], docs: int, firsts: Iterable[str], stop: list[str]
) -> Page:
    """The directory search.js loads first."""
    directory = {
        "version": version,
        "tag": tag,
        "fields": list(fields),
        "docs": docs,
        "shards": list(firsts),
        "stop": stop,
    }
    return Page(DIRECTORY, script("index", directory))


def script(key: str, value: object) -> bytes:
    """Data as a script that hands itself to search.js: script elements load on file:// too.
    The data is compact JSON with sorted keys."""
    text = orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode("utf-8")
    return f"sitegenSearch.add({json.dumps(key)},{text});\n".encode()


def _gzipped(content: bytes) -> int:
    return len(gzip.compress(content, compresslevel=6, mtime=0))


def _summed(facts: list[FileFacts]) -> Sizes:
    raw = [f.raw for f in facts]
    zipped = [f.gzip for f in facts]
    return Sizes(len(facts), sum(raw), sum(zipped), max(raw, default=0), max(zipped, default=0))
