"""The second pass's cache: a hit is the same as analysing afresh, and any input change is a miss."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sitegen import documents as document_parts
from sitegen.analyse import analysis
from sitegen.analyse.cache import AnalysisCache
from sitegen.analyse.merge import merge
from sitegen.annotate.cache import CacheKey
from sitegen.annotate.consolidate import Consulted, Consulting, Tables, settle, still_stand
from sitegen.annotate.pipeline import MachineAnnotations
from sitegen.build import build
from sitegen.model import AnnotatedDoc, Entity, EntityRegistry, Origin, Proposal, SourceDoc, make_attrs
from sitegen.runtime import data
from sitegen.runtime.data import compress
from tests.conftest import project_at, quiet, write
from tests.core.test_build import site_files

CACHE = ".sitegen-cache/analysed"


def entries(root: Path, suffix: str = "") -> list[Path]:
    """The cache's files: analyses (no suffix), or what was derived from them (``.derived``)."""
    return sorted(p for p in (root / CACHE).rglob("*") if p.is_file() and p.suffix == suffix)


def fresh_site(root: Path, tmp_path: Path) -> dict[str, bytes]:
    """What a build with no caches at all makes of the same project."""
    copy = tmp_path / "fresh"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("site", ".sitegen-cache"))
    build(project_at(copy), log=quiet)
    return site_files(copy / "site")


def no_merging(*_: object, **__: object) -> None:
    raise AssertionError("a document was merged again though nothing it depends on changed")


def test_a_second_build_takes_every_document_from_the_cache(tiny, monkeypatch):
    build(project_at(tiny), log=quiet)
    first = site_files(tiny / "site")
    assert len(entries(tiny)) == 2  # one per document
    monkeypatch.setattr(analysis, "merge", no_merging)
    build(project_at(tiny), log=quiet)
    assert site_files(tiny / "site") == first


EDITS = {
    "seed text": ("seeds/report.txt", "From Kiev\n", "From Kiev\nA line that moves every passage below it.\n"),
    "curated note": ("content/annotations/report.yml", "notes are text", "notes stay text"),
    "registry name": ("content/entities.yml", "name: Kyiv", "name: Kyiv City"),
    "metadata": ("content/documents/report.yml", "outlet: Example Gazette", "outlet: Edited Gazette"),
}


@pytest.mark.parametrize("edit", EDITS.values(), ids=list(EDITS))
def test_any_change_to_what_a_document_depends_on_is_a_miss(tiny, tmp_path, edit):
    relative, old, new = edit
    build(project_at(tiny), log=quiet)
    before = site_files(tiny / "site")
    path = tiny / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    build(project_at(tiny), log=quiet)
    after = site_files(tiny / "site")
    assert after != before
    assert after == fresh_site(tiny, tmp_path)
    assert len(entries(tiny)) == 2  # replaced, not added


def test_a_kept_document_reports_its_warnings_again(tiny):
    write(
        tiny, "content/annotations/notes.yml", "annotations:\n  - kind: entity\n    action: suppress\n    quote: Kyiv\n"
    )
    for _ in range(2):
        result = build(project_at(tiny), log=quiet)
        assert [d for d in result.diagnostics if "notes.yml:2:5: warning: nothing to suppress here" in d]


def _flipped(entry: bytes) -> bytes:
    """One bit flipped mid-body: only the hash in the header tells."""
    middle = len(entry) - 10
    return entry[:middle] + bytes([entry[middle] ^ 1]) + entry[middle + 1 :]


def _resealed(body: bytes):  # type: ignore[no-untyped-def]
    return lambda entry: data.seal(data.sealed_under(entry), body)


@pytest.mark.parametrize(
    "damage",
    [_resealed(b"not compressed"), _resealed(compress(b"not packed data")), _flipped, lambda entry: entry[:-1]],
    ids=["not-compressed", "not-packed", "bit-flipped", "truncated"],
)
def test_an_unreadable_entry_is_made_again(tiny, tmp_path, damage):
    build(project_at(tiny), log=quiet)
    for entry in entries(tiny) + entries(tiny, ".derived"):
        entry.write_bytes(damage(entry.read_bytes()))
    build(project_at(tiny), log=quiet)
    assert site_files(tiny / "site") == fresh_site(tiny, tmp_path)


def test_the_shared_key_covers_the_registry_and_the_code(tmp_path, monkeypatch):
    kyiv = EntityRegistry((Entity("kyiv", "Kyiv", "place", ("Kiev",)),))
    renamed = EntityRegistry((Entity("kyiv", "Kyiv City", "place", ("Kiev",)),))
    shared = AnalysisCache.under(tmp_path, None, kyiv).shared
    assert AnalysisCache.under(tmp_path, None, kyiv).shared == shared
    assert AnalysisCache.under(tmp_path, None, renamed).shared != shared
    monkeypatch.setattr("sitegen.analyse.cache.code_fingerprint", lambda: "another version")
    assert AnalysisCache.under(tmp_path, None, kyiv).shared != shared


def test_the_shared_key_covers_the_annotators(tmp_path):
    def machine(model: str) -> MachineAnnotations:
        key = CacheKey(("entities.rules@1",), model, "3.8.0", (), "registry")
        return MachineAnnotations(key, Tables({}, {}, {}), {}, annotator=None)  # type: ignore[arg-type]

    def shared(found: MachineAnnotations) -> bytes:
        return AnalysisCache.under(tmp_path, found, EntityRegistry()).shared

    assert shared(machine("en_core_web_sm")) == shared(machine("en_core_web_sm"))
    assert shared(machine("en_core_web_sm")) != shared(machine("en_core_web_md"))


TEXT = "Smith said the port in Odesa was shelled."
SMITH, ODESA = (0, 5), (23, 28)


def statistical(span: tuple[int, int], entity_type: str, ident: str) -> Proposal:
    attrs = make_attrs(entity_id=ident, entity_type=entity_type, name=TEXT[span[0] : span[1]])
    return Proposal("entity", *span, (), attrs, (Origin("machine", "entities", "1", "ner:X"),), 0.8)


def settled_under(tables: Tables) -> tuple[tuple[Proposal, ...], Consulted]:
    consulting = Consulting(tables)
    found = (statistical(SMITH, "person", "smith"), statistical(ODESA, "place", "odesa"))
    return settle(TEXT, found, consulting), consulting.consulted()


def test_a_document_stays_settled_while_the_verdicts_it_looked_up_stand():
    tables = Tables({"Smith": ("john-smith", "John Smith")}, {}, {"Odesa": "place"})
    settled, consulted = settled_under(tables)
    assert settled[0].attr("entity_id") == "john-smith"
    unrelated = Tables(tables.surnames | {"Jones": ("ann-jones", "Ann Jones")}, {}, tables.types | {"Kyiv": "place"})
    assert still_stand(consulted, unrelated)
    assert settled_under(unrelated)[0] == settled
    for changed in (
        Tables({"Smith": ("jane-smith", "Jane Smith")}, {}, {"Odesa": "place"}),
        Tables({}, {}, {"Odesa": "place"}),
        Tables(tables.surnames, {}, {"Odesa": "organisation"}),
    ):
        assert not still_stand(consulted, changed)
        assert settled_under(changed)[0] != settled


def no_deriving(*_: object, **__: object) -> None:
    raise AssertionError("a document's parts were made again though its analysis was kept")


def test_a_second_build_takes_each_documents_parts_from_beside_its_analysis(tiny, monkeypatch):
    build(project_at(tiny), log=quiet)
    first = site_files(tiny / "site")
    assert len(entries(tiny, ".derived")) == 2
    monkeypatch.setattr(document_parts, "contribution", no_deriving)
    monkeypatch.setattr(document_parts, "doc_entries", no_deriving)
    build(project_at(tiny), log=quiet)
    assert site_files(tiny / "site") == first


def test_a_document_moved_in_the_archive_makes_its_parts_again(tiny, tmp_path):
    build(project_at(tiny), log=quiet)
    write(tiny, "seeds/aardvark.txt", "An aardvark\nThe mayor said that the zoo reopened.\n")  # sorts first
    build(project_at(tiny), log=quiet)
    assert site_files(tiny / "site") == fresh_site(tiny, tmp_path)


@pytest.mark.model
def test_an_edit_makes_again_only_the_documents_whose_verdicts_it_changed(tmp_path, monkeypatch):
    root = tmp_path / "archive"
    write(root, "sitegen.yml", "title: Verdicts\nbase_url: https://example.org/\n")
    write(root, "seeds/talks.txt", "Talks fail\nSmith said on Monday that the talks in Geneva had failed.\n")
    write(root, "seeds/port.txt", "Port shelled\nThe port of Odesa was shelled overnight, officials said.\n")
    build(project_at(root), log=quiet)
    merged: list[str] = []

    def counting(doc: SourceDoc, *rest: object) -> AnnotatedDoc:
        merged.append(doc.slug)
        return merge(doc, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(analysis, "merge", counting)
    write(root, "seeds/port.txt", "Port shelled\nThe port of Odesa was shelled overnight, Maria Petrova said.\n")
    build(project_at(root), log=quiet)
    assert merged == ["port"]  # a new name elsewhere, which the talks never looked up
    assert site_files(root / "site") == fresh_site(root, tmp_path / "first")

    merged.clear()
    write(root, "seeds/port.txt", "Port shelled\nThe port of Odesa was shelled overnight, John Smith said.\n")
    build(project_at(root), log=quiet)
    assert sorted(merged) == ["port", "talks"]  # the lone "Smith" of the talks is John Smith now
    assert site_files(root / "site") == fresh_site(root, tmp_path / "second")
    assert "John Smith" in (root / "site/documents/talks.html").read_text(encoding="utf-8")


def test_kept_exports_follow_the_base_url(tiny, tmp_path):
    build(project_at(tiny), log=quiet)
    config = tiny / "sitegen.yml"
    config.write_text(config.read_text().replace("https://example.org/tiny/", "https://mirror.example.net/"))
    build(project_at(tiny), log=quiet)
    site = site_files(tiny / "site")
    assert b"https://mirror.example.net/" in site["exports/annotations.jsonld"]
    assert b"https://mirror.example.net/" in site["documents/report.jsonld"]
    assert site == fresh_site(tiny, tmp_path)


def test_analysis_cache_fingerprint_covers_every_stage_of_the_package():
    from sitegen.analyse.cache import PACKAGE, code_sources

    names = {path.relative_to(PACKAGE).as_posix() for path in code_sources()}
    assert {"build.py", "render/highlight.py", "annotate/claims.py", "analyse/merge.py"} <= names


def no_claim_records(*_: object, **__: object) -> None:
    raise AssertionError("a document's claims were taken from its analysis again though nothing changed")


def test_a_second_build_takes_each_documents_claims_from_beside_its_analysis(tiny, tmp_path, monkeypatch):
    from sitegen.analyse import claimstage

    stage = tiny / ".sitegen-cache" / claimstage.STAGE  # the whole stage's result: gone, so briefs are read
    build(project_at(tiny), log=quiet)
    first = site_files(tiny / "site")
    assert len(entries(tiny, ".brief")) == 2  # one per document, beside its analysis
    stage.unlink()
    with monkeypatch.context() as patched:
        patched.setattr(claimstage, "claim_records", no_claim_records)
        build(project_at(tiny), log=quiet)
    assert site_files(tiny / "site") == first
    for brief in entries(tiny, ".brief"):  # a damaged one is made again, never trusted
        brief.write_bytes(brief.read_bytes()[:-3] + b"xyz")
    stage.unlink()
    build(project_at(tiny), log=quiet)
    assert site_files(tiny / "site") == first == fresh_site(tiny, tmp_path)


def test_a_warm_build_reads_each_document_once_after_the_first_pass(tiny, monkeypatch):
    """The claims stage finds each document's claims by the first pass's digest of it: only
    the per-document pass reads a document again (the claims stage once read each too)."""
    build(project_at(tiny), log=quiet)
    first = site_files(tiny / "site")
    reread = analysis._reread
    read: list[str] = []

    def counted(root: Path, seed: analysis.Seed, markdown: tuple[str, ...]) -> SourceDoc:
        read.append(seed.path)
        return reread(root, seed, markdown)

    monkeypatch.setattr(analysis, "_reread", counted)
    build(project_at(tiny), log=quiet)
    assert sorted(read) == sorted(p.relative_to(tiny).as_posix() for p in (tiny / "seeds").iterdir())
    assert site_files(tiny / "site") == first
