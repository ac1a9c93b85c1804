"""Updating the search data for a few changed documents: what it writes is what a full build
scored against the same basis writes; the drift bound and a damaged state make it in full."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest
from lunr.index import Index

from bench.corpus import make_archive
from sitegen.build import build
from sitegen.model import EntityRegistry
from sitegen.search import STOP_WORDS, _build, delta
from sitegen.search import made as made_module
from sitegen.search import state as kept
from sitegen.search.entries import FIELDS, DocEntries, Entry, PackedEntries
from sitegen.search.made import Made
from sitegen.search.names import name_table
from sitegen.search.refs import base36
from sitegen.search.shards import unpacked
from sitegen.search.terms import fold
from tests.conftest import project_at
from tests.search.test_search_build import data
from tests.search.test_writer import merged

WORDS = [f"w{i}x" for i in range(300)] + ["ministry", "convoy", "kharkiv", "supplies", "officials"]
QUERIES = ["ministry", "convoy kharkiv", "w7x", "w12x w40x", "supplies", "novelword", "kyiv", "kiev", "officials w3x"]
DOCS = 300  # 1% of them: three documents may change between full builds


def document(n: int, rng: random.Random, extra: str = "") -> DocEntries:
    """A document of five paragraphs of words from ``WORDS``, some common to most documents,
    and an entity mention (so capped terms and the names table are both in play)."""
    paragraphs = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 40))) for _ in range(5)]
    paragraphs[1] += extra
    ref = base36(n)
    entries = [Entry(ref, ("", f"Report {n}", "Outlet", "Kyiv"))]
    entries += [Entry(f"{ref}P{i}", (text, "", "", "")) for i, text in enumerate(paragraphs)]
    entries.append(Entry(f"{ref}E5", ("Kiev", "", "", "Kyiv")))
    store = {
        "t": f"Report {n}",
        "u": f"documents/d{n}.html",
        "o": "Outlet",
        "d": "",
        "x": " ".join(paragraphs),
        "e": [],
    }
    return DocEntries(tuple(entries), store)


def archive() -> list[PackedEntries]:
    rng = random.Random(5)
    return [document(n, rng).pack() for n in range(DOCS)]


def full(docs: list[PackedEntries], last: Made | None = None) -> Made:
    """A full build; with ``last``, scored against its basis and cut at its shards."""
    if last is None:
        return _build(docs, 1, EntityRegistry(), None)
    return _build(docs, 1, EntityRegistry(), None, last.state.basis, last.state.firsts)


def update(last: Made, docs: list[PackedEntries], files: dict[str, bytes], jobs: int = 1) -> Made | None:
    """An update of ``last`` (whose posting files are at hand) for ``docs``; ``files`` collects
    every data file made so far, as the cache would."""
    context = delta.Context(
        load=lambda wanted: {n: last.shards[n] for n in wanted} if set(wanted) <= set(last.shards) else None,
        table=lambda seen: name_table(seen, EntityRegistry(), None),
        version="2.3.9",
        stop=sorted(STOP_WORDS),
        jobs=jobs,
    )
    made = delta.update(last.state, docs, context)
    if made is not None:
        files.update(made.written)
        # The next update reads every shard's postings: those made now, the others as they were.
        made = Made(made.written, made.facts, made.directory, made.state, last.shards | made.shards)
    return made


def site(made: Made, files: dict[str, bytes]) -> dict[str, bytes]:
    """The data files a site would publish after ``made``."""
    return {key: files[key] for key in made.facts} | {"index": made.directory.content}


def answers(files: dict[str, bytes]) -> dict[str, list[tuple[str, float]]]:
    """Each query's hits and scores, in order, from the shards merged as search.js merges them."""
    shards = [_payload(content) for key, content in sorted(files.items()) if key.startswith("i/") and "-" not in key]
    index = Index.load(merged(shards))
    return {query: [(r["ref"], round(r["score"], 9)) for r in index.search(fold(query))] for query in QUERIES}


def _payload(content: bytes) -> dict:
    """A shard script's payload, ``sitegenSearch.add(key, DATA);``, in lunr's form as search.js makes it."""
    return unpacked(json.loads(content.decode().split(",", 1)[1][:-3]), "2.3.9", [name for name, _ in FIELDS])


def edit(docs: list[PackedEntries], n: int, extra: str, seed: int = 99) -> list[PackedEntries]:
    changed = list(docs)
    changed[n] = document(n, random.Random(seed), extra).pack()
    return changed


def test_delta_update_writes_what_a_full_build_with_the_same_basis_writes():
    docs = archive()
    last = full(docs)
    files = dict(last.written)
    docs = edit(docs, 7, " novelword convoy convoy ministry")
    made = update(last, docs, files)
    assert made is not None
    assert len(made.written) < len(last.written) / 2  # not everything was made again
    reference = full(docs, last)
    assert site(made, files) == site(reference, reference.written)
    assert made.tag == reference.tag
    found = answers(site(made, files))
    assert found == answers(reference.written)
    assert found["novelword"] and found["ministry"]  # the queries find something
    # Against a full build with a basis of its own, the same entries match every query.
    fresh = answers(full(docs).written)
    assert {q: sorted(ref for ref, _ in hits) for q, hits in found.items()} == {
        q: sorted(ref for ref, _ in hits) for q, hits in fresh.items()
    }


def test_delta_shards_packed_on_workers_are_those_packed_here(monkeypatch):
    """A big archive's shards are packed on forked workers, in a full build and in an update:
    byte for byte what one process packs."""
    docs = archive()
    here = full(docs)
    monkeypatch.setattr(made_module, "PARALLEL_MIN_SHARDS", 2)
    there = _build(docs, 2, EntityRegistry(), None)
    assert len([key for key in there.written if key.startswith("i/") and "-" not in key]) >= 2
    assert there.written == here.written
    changed = edit(docs, 7, " novelword convoy convoy ministry")
    alone, together = dict(here.written), dict(here.written)
    monkeypatch.setattr(made_module, "PARALLEL_MIN_SHARDS", 10**6)
    packed_here = update(here, changed, alone)
    monkeypatch.setattr(made_module, "PARALLEL_MIN_SHARDS", 2)
    packed_there = update(here, changed, together, jobs=2)
    assert packed_here is not None and packed_there is not None
    assert packed_there.written == packed_here.written and together == alone


def test_delta_updates_in_a_row_weigh_new_terms_as_first_met():
    docs = archive()
    last = full(docs)
    files = dict(last.written)
    docs = edit(docs, 7, " novelword")
    first = update(last, docs, files)
    assert first is not None
    docs = edit(docs, 200, " novelword novelword convoy", seed=3)
    second = update(first, docs, files)
    assert second is not None
    assert second.state.drifted == (7, 200)
    assert second.state.basis.frequencies["novelword"] == 1  # as the first update met it
    reference = _build(docs, 1, EntityRegistry(), None, second.state.basis, last.state.firsts)
    assert site(second, files) == site(reference, reference.written)


def test_delta_a_change_that_keeps_every_count_scores_as_a_full_build():
    docs = archive()
    last = full(docs)
    files = dict(last.written)
    entries = docs[12].unpack()
    swapped = list(entries.entries)
    texts = [entry.texts for entry in swapped]
    swapped[2], swapped[3] = Entry(swapped[2].ref, texts[3]), Entry(swapped[3].ref, texts[2])
    docs = list(docs)
    docs[12] = DocEntries(tuple(swapped), entries.store).pack()
    made = update(last, docs, files)
    assert made is not None and made.state.basis == last.state.basis
    assert site(made, files) == site(full(docs), full(docs).written)


def test_delta_past_the_drift_bound_the_data_is_made_in_full():
    docs = archive()
    assert delta.allowed(len(docs)) == 3
    last: Made | None = full(docs)
    files = dict(last.written)
    for n in (4, 5, 6):
        docs = edit(docs, n, f" edit{n}", seed=n)
        last = update(last, docs, files)
        assert last is not None
    assert update(last, edit(docs, 8, " edit8"), files) is None
    # A document edited again counts once.
    assert update(last, edit(docs, 5, " again", seed=50), files) is not None
    # Documents added or removed move every ref after them.
    assert update(last, [*docs, document(DOCS, random.Random(1)).pack()], files) is None
    assert update(last, docs[:-1], files) is None


# --- Whole builds ----------------------------------------------------------------------------

BUILD_DOCS = 100  # one document may change between full builds


@pytest.fixture(scope="module")
def built_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_archive(tmp_path_factory.mktemp("delta") / "archive", BUILD_DOCS)
    build(project_at(root), log=lambda _: None)
    return root


def copy_of(archive_root: Path, tmp_path: Path, name: str = "copy") -> Path:
    root = tmp_path / name
    shutil.copytree(archive_root, root, symlinks=True)
    return root


def built(root: Path) -> list[str]:
    lines: list[str] = []
    build(project_at(root), log=lines.append)
    return lines


def updated(lines: list[str]) -> bool:
    return any(line.strip().startswith("search    updated") for line in lines)


def search_files(root: Path) -> dict[str, bytes]:
    """The published search data, by path under the tag (which is in the directory)."""
    folder = root / "site" / "search"
    directory = data(folder / "index.js")
    found = {
        p.relative_to(folder / directory["tag"]).as_posix(): p.read_bytes()
        for p in (folder / directory["tag"]).rglob("*.js")
    }
    return found | {"index.js": (folder / "index.js").read_bytes()}


def swap_paragraphs(root: Path, n: int) -> None:
    seed = root / "seeds" / f"doc{n:05d}.txt"
    lines = seed.read_text().split("\n")
    lines[2], lines[3] = lines[3], lines[2]
    seed.write_text("\n".join(lines))


def test_delta_build_after_one_changed_document_updates_as_a_cold_build_would(built_archive, tmp_path):
    root = copy_of(built_archive, tmp_path)
    swap_paragraphs(root, 3)  # every count stays, so the basis is the one a full build measures
    assert updated(built(root))
    cold = copy_of(root, tmp_path, "cold")
    shutil.rmtree(cold / ".sitegen-cache" / "search")
    assert not updated(built(cold))
    assert search_files(root) == search_files(cold)


def test_delta_build_second_changed_document_past_the_bound_builds_in_full(built_archive, tmp_path):
    root = copy_of(built_archive, tmp_path)
    seed = root / "seeds" / "doc00003.txt"
    seed.write_text(seed.read_text() + "A late correction was issued.\n")
    assert updated(built(root))
    seed = root / "seeds" / "doc00004.txt"
    seed.write_text(seed.read_text() + "Another correction was issued.\n")
    assert not updated(built(root))  # two documents differ from the last full build: over 1%
    cold = copy_of(root, tmp_path, "cold")
    shutil.rmtree(cold / ".sitegen-cache" / "search")
    built(cold)
    assert search_files(root) == search_files(cold)
    swap_paragraphs(root, 5)
    assert updated(built(root))  # the full build measured a new basis: updates again


def _flip(folder: Path) -> None:
    main = folder / kept.MAIN
    content = bytearray(main.read_bytes())
    content[-5] ^= 1
    main.write_bytes(bytes(content))


def _swap_shards(folder: Path) -> None:
    a, b = folder / kept.SHARDS / "0.bin", folder / kept.SHARDS / "1.bin"
    first = a.read_bytes()
    a.write_bytes(b.read_bytes())
    b.write_bytes(first)


def _lose_a_file(folder: Path) -> None:
    (chunk,) = (folder.parent / "files" / "search").glob("*/s/5.js")  # a document that does not change
    chunk.unlink()


@pytest.mark.parametrize("damage", [_flip, _swap_shards, _lose_a_file])
def test_delta_a_damaged_or_swapped_state_is_a_miss(built_archive, tmp_path, damage):
    root = copy_of(built_archive, tmp_path)
    (state,) = (root / ".sitegen-cache" / "search").glob("*/state")
    damage(state)
    swap_paragraphs(root, 3)
    assert not updated(built(root))
    cold = copy_of(root, tmp_path, "cold")
    shutil.rmtree(cold / ".sitegen-cache" / "search")
    built(cold)
    assert search_files(root) == search_files(cold)


# --- Capping again after an update -----------------------------------------------------------


@pytest.mark.parametrize("seed", range(12))
def test_delta_recapped_equals_capping_the_whole_posting(seed):
    """Random documents replaced one at a time, with scores that tie: the cap made from the
    last cap equals the cap of the whole posting, term by term, views and counts included."""
    from sitegen.search.cap import _capped, _Refs, recapped
    from sitegen.search.terms import Analyzer
    from sitegen.search.writer import Basis, build_index
    from tests.search.test_cap import LIMIT, corpus

    rng = random.Random(seed)
    entries = corpus(40)
    first = build_index(entries, FIELDS, Analyzer())
    basis: Basis = first.basis
    caps = {term: _cap_of(posting) for term, posting in first.postings.items()}
    postings = first.postings
    for _ in range(6):
        doc = base36(rng.randrange(40))
        donor = base36(rng.randrange(40))
        theirs = [e for e in entries if _doc_of(e.ref) == donor]
        # The document takes another's texts (and sometimes loses or gains an entry): refs stay its own.
        texts = [e.texts for e in theirs][: rng.randint(1, len(theirs))]
        new = [Entry(doc if i == 0 else f"{doc}{'PCE'[i % 3]}{base36(i)}", t) for i, t in enumerate(texts)]
        entries = [e for e in entries if _doc_of(e.ref) != doc] + new
        data = build_index(entries, FIELDS, Analyzer(), basis)
        for term in set(postings) | set(data.postings):
            before = postings.get(term, tuple([] for _ in FIELDS))
            now = data.postings.get(term, tuple([] for _ in FIELDS))
            gone = tuple([row for row in rows if _doc_of(row[0]) == doc] for rows in before)
            come = tuple([row for row in rows if _doc_of(row[0]) == doc] for rows in now)
            if not any(now) or not (any(gone) or any(come)):
                continue  # an update leaves a term no changed document has alone
            expected = _cap_of(now)
            assert recapped(now, caps.get(term), gone, come, LIMIT) == expected, term
            caps[term] = expected
        postings = data.postings
        caps = {term: found for term, found in caps.items() if term in postings and found is not None}
    del _capped, _Refs


def _cap_of(posting):
    from sitegen.search.cap import _capped, _Refs
    from tests.search.test_cap import LIMIT

    return _capped(posting, LIMIT, _Refs(tuple({ref for rows in posting for ref, _ in rows})))


def _doc_of(ref: str) -> str:
    from sitegen.search.cap import split_ref

    return split_ref(ref)[0]
