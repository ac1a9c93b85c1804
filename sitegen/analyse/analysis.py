"""The analysis stages: the first pass over every seed, and one document's analysis
(read → settle its machine proposals → anchor → merge) as a function of the document and a
small, picklable context.

The first pass reads each seed, asks the annotation cache what it knows and keeps only the
document's name and consolidation facts. The analysis of one document runs later, wherever
the executor puts it: in the per-document pass that also renders it (``sitegen.documents``),
or first, for the documents curated links name (the link stage needs them). Its result is
kept per document for the next build (``analyse/cache.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, TypeVar

from sitegen.analyse.cache import AnalysisCache, document_digest
from sitegen.analyse.merge import merge
from sitegen.annotate.consolidate import Consulted, Consulting, still_stand
from sitegen.config import Project
from sitegen.curate.anchor import Anchored, anchor_file
from sitegen.curate.curated import CuratedFile, load_annotation_file
from sitegen.curate.lock import LOCK_NAME, Lock, resolve_aliases, unlocked
from sitegen.errors import Diagnostics, Location, SitegenError, error
from sitegen.model import AnnotatedDoc, EntityRegistry, Keeper, Opened, SourceDoc, SourceFile
from sitegen.runtime.executors import Executor, InProcess
from sitegen.sources.discover import Inventory
from sitegen.sources.read import read_document, read_each

if TYPE_CHECKING:
    from sitegen.annotate.pipeline import Look, Looker, MachineAnnotations, Survey

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Seed:
    """A document that read cleanly in the first pass: enough to read it again."""

    slug: str
    path: str
    sidecar: SourceFile | None
    digest: bytes
    """The document as that pass read it (``document_digest``): enough to find what its
    analysis left in the cache without reading it again."""


@dataclass(frozen=True, slots=True)
class AnalyseContext:
    """What analysing any one document needs besides its own files; sent once to each worker."""

    root: Path
    registry: EntityRegistry
    machine: MachineAnnotations | None
    cache: AnalysisCache | None = None
    """Where each document's result is kept for the next build (none: made afresh each time)."""
    reviewed_only: bool = False
    """``publish: reviewed``: machine proposals nobody reviewed are left out."""
    markdown: tuple[str, ...] = ()
    """The markdown-it plugins Markdown is read with (``plugins.markdown``)."""


def analyse_document(
    seed: Seed, curated: CuratedFile | None, lock: Lock, context: AnalyseContext, read: SourceDoc | None = None
) -> Opened:
    """One document with its moved ids, its count of unlocked ids and what was wrong with it
    (``lock`` needs only the document's own entry). ``read``: the document, if already read."""
    diagnostics = Diagnostics()
    try:
        doc, kept = analysed(read or _reread(context.root, seed, context.markdown), curated, context, diagnostics)
    except SitegenError as exc:
        diagnostics.extend(exc)
        return Opened(None, (), 0, diagnostics)
    return Opened(doc, resolve_aliases(lock, (doc,)), unlocked(lock, (doc,)) if lock else 0, diagnostics, kept)


def analysed(
    doc: SourceDoc, curated: CuratedFile | None, context: AnalyseContext, diagnostics: Diagnostics
) -> tuple[AnnotatedDoc, Keeper | None]:
    """The document, from the analysis cache when it holds it under the verdicts that stand
    now, with where later stages may keep what they derive from it."""
    cache = context.cache
    key = cache.key(document_digest(doc), curated) if cache is not None else b""
    made, kept, _ = _analysed(doc, key, curated, context, diagnostics)
    return made, kept


def _analysed(
    doc: SourceDoc, key: bytes, curated: CuratedFile | None, context: AnalyseContext, diagnostics: Diagnostics
) -> tuple[AnnotatedDoc, Keeper | None, Consulted]:
    """``analysed``, with the verdicts the analysis looked up (``key``: its cache key)."""
    machine, cache = context.machine, context.cache
    if cache is None:
        return _merged(doc, curated, context, None, diagnostics), None, ()
    entry = cache.load(doc, key)
    if entry is not None:
        (annotations, found, consulted), kept = entry
        if machine is None or still_stand(consulted, machine.tables):
            diagnostics.items.extend(found)
            return AnnotatedDoc(doc, annotations), kept, consulted
    local = Diagnostics()
    consulting = Consulting(machine.tables) if machine is not None else None
    made = _merged(doc, curated, context, consulting, local)  # an error is raised, and so never kept
    looked_up = consulting.consulted() if consulting is not None else ()
    kept = cache.store(doc, key, (made.annotations, tuple(local.items), looked_up))
    diagnostics.extend(local)
    return made, kept, looked_up


def analysis_brief(
    seed: Seed, curated: CuratedFile | None, context: AnalyseContext, make: Callable[[AnnotatedDoc], T], kind: type[T]
) -> T | None:
    """``make`` of one document's analysis (None when that fails: the document's own pass
    reports why), kept beside the analysis in a small file of its own: a warm build's stage
    that needs only this (the claims stage) reads that file, neither the document (the first
    pass's digest of it finds the file) nor the analysis."""
    machine, cache = context.machine, context.cache
    if cache is not None:
        brief = cache.load_brief(seed.path, cache.key(seed.digest, curated), kind)
        if brief is not None and (machine is None or still_stand(brief[0], machine.tables)):
            return brief[1]
    try:
        doc = _reread(context.root, seed, context.markdown)
        key = cache.key(document_digest(doc), curated) if cache is not None else b""
        made, _, consulted = _analysed(doc, key, curated, context, Diagnostics())
    except SitegenError:
        return None
    value = make(made)
    if cache is not None:
        cache.store_brief(doc.path, key, consulted, value)
    return value


def _merged(
    doc: SourceDoc,
    curated: CuratedFile | None,
    context: AnalyseContext,
    verdicts: Consulting | None,
    diagnostics: Diagnostics,
) -> AnnotatedDoc:
    found = context.machine.proposals(doc.text, verdicts) if context.machine is not None else ()
    anchored: tuple[Anchored, ...] = ()
    if curated is not None:
        anchored = anchor_file(doc, curated, diagnostics)
    return merge(doc, found, anchored, context.registry, diagnostics, context.reviewed_only)


def _reread(root: Path, seed: Seed, markdown: tuple[str, ...]) -> SourceDoc:
    """Read again: the first pass reported anything wrong with it."""
    try:
        return read_document(root, SourceFile(seed.path, "seed"), seed.sidecar, Diagnostics(), markdown)
    except SitegenError:
        raise error(seed.path, 0, "the document changed during the build", "build again") from None


# --- The first pass: every seed read once, for the annotation survey --------------------------


@dataclass(frozen=True, slots=True)
class FirstLook:
    """What the first pass keeps of a document, made where it is read: its digest, what the
    annotation cache knows of it, and the document itself for a long-lived process (``keep``)."""

    looker: Looker | None
    keep: bool

    def __call__(self, doc: SourceDoc) -> tuple[str, bytes, Look | None, SourceDoc | None]:
        look = self.looker(doc.text) if self.looker else None
        return doc.path, document_digest(doc), look, doc if self.keep else None


def survey_documents(
    project: Project,
    inventory: Inventory,
    survey: Survey | None,
    keep: dict[str, SourceDoc] | None,
    executor: Executor,
    diagnostics: Diagnostics,
) -> tuple[Seed, ...]:
    """Read every seed, show it to the annotation survey, and keep only its name (or the
    document itself, in ``keep``, for a long-lived process). Seeds are read where the executor
    runs them; only names and what the cache knows come back."""
    looker = survey.looker() if survey is not None else None
    if survey is not None and looker is None and survey.key is not None:
        executor = InProcess()  # a survey that holds what it looks up looks here
    first_look = FirstLook(looker, keep is not None)
    seeds = []
    for slug, (path, digest, look, doc), sidecar in read_each(project, inventory, diagnostics, first_look, executor):
        if survey is not None:
            if look is None and doc is not None and survey.key is not None:
                look = survey.look(doc.text)
            if look is not None:
                survey.record(look)
        if keep is not None and doc is not None:
            keep[path] = doc
        seeds.append(Seed(slug, path, sidecar, digest))
    return tuple(seeds)


def annotation_survey(project: Project, registry: EntityRegistry, hold: bool) -> Survey | None:
    """The annotation survey; with no annotators configured, the language stack is never imported."""
    config = project.config
    if not config.annotate.annotators:
        return None
    from sitegen.annotate.pipeline import Survey

    return Survey(registry, config.annotate, project.path(config.cache_dir), hold=hold)


def finish_survey(survey: Survey | None, jobs: int, executor: Executor | None = None) -> MachineAnnotations | None:
    return survey.finish(jobs, executor) if survey is not None else None


def analysis_cache(project: Project, machine: MachineAnnotations | None, registry: EntityRegistry) -> AnalysisCache:
    """The analysis's cache, beside the annotation cache."""
    return AnalysisCache.under(project.path(project.config.cache_dir), machine, registry, project.config.publish)


def lock_path(project: Project) -> Path:
    """Where the id lock lives: ``content/ids.lock.json``."""
    return project.path(project.config.content_dir) / LOCK_NAME


def entities_path(inventory: Inventory) -> str | None:
    return inventory.entities.path if inventory.entities else None


def linked_slugs(curated: dict[str, CuratedFile]) -> frozenset[str]:
    """The documents curated links name, at either end: the link stage looks at them alone."""
    named: set[str] = set()
    for slug, curated_file in curated.items():
        for located in curated_file.entries:
            for spec in located.entry.links:
                named |= {slug, (spec.target or spec.document).partition("#")[0]}
    return frozenset(named)


def load_curated(
    project: Project, inventory: Inventory, seeds: tuple[Seed, ...], diagnostics: Diagnostics
) -> dict[str, CuratedFile]:
    """Every annotations file, keyed by the document it is for."""
    slugs = {PurePosixPath(seed.path).stem: seed.slug for seed in seeds}
    stems = {PurePosixPath(seed.path).stem for seed in inventory.seeds}
    files: dict[str, CuratedFile] = {}
    for source in inventory.annotations:
        stem = PurePosixPath(source.path).stem
        if stem in stems and stem not in slugs:
            continue  # the seed itself failed to read, and that error is already reported
        if stem not in slugs:
            diagnostics.error(
                Location(source.path),
                f"annotations for a document that does not exist: {stem!r}",
                "name the file after a seed (seeds/NAME.txt → content/annotations/NAME.yml)",
            )
            continue
        try:
            files[slugs[stem]] = load_annotation_file(project.root, source.path, diagnostics)
        except SitegenError as exc:
            diagnostics.extend(exc)
    return files
