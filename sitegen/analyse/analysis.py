"""The analysis stages: discover → read → annotate → anchor → merge → link, before anything renders.

Documents flow through one at a time: the first pass reads each seed, asks the annotation cache
what it knows and keeps the document's consolidation facts; the second reads it again and
settles, anchors and merges it into an annotated document. A one-shot build runs the second
pass here only for the documents curated links name, and leaves the others pending, for the
worker that renders each (``Documents.opened``). So no stage holds every document's text and
annotations as objects at once, and none is packed between its analysis and its pages. The
second pass's result is kept per document for the next build (``analysis_cache``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from sitegen.analyse.cache import AnalysisCache
from sitegen.analyse.links import link_archive
from sitegen.analyse.merge import merge
from sitegen.annotate.consolidate import Consulting, still_stand
from sitegen.config import Project
from sitegen.curate.anchor import Anchored, anchor_file
from sitegen.curate.curated import CuratedFile, load_annotation_file, load_registry
from sitegen.curate.lock import LOCK_NAME, Lock, read_lock, resolve_aliases, unlocked
from sitegen.errors import Diagnostics, Location, SitegenError, error
from sitegen.model import (
    Alias,
    AnnotatedDoc,
    Archive,
    Documents,
    EntityRegistry,
    ExtraPage,
    Keeper,
    Opened,
    SourceDoc,
    SourceFile,
)
from sitegen.runtime.forked import PARALLEL_MIN_DOCUMENTS, map_forked
from sitegen.runtime.spool import Blob, Spool, pack
from sitegen.sources.discover import Inventory, discover
from sitegen.sources.read import read_document, read_each, read_pages

if TYPE_CHECKING:
    from sitegen.annotate.pipeline import Look, MachineAnnotations, Survey
    from sitegen.build import StageClock


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything known about the archive before anything is rendered."""

    pages: tuple[ExtraPage, ...]
    archive: Archive
    curated: dict[str, CuratedFile]
    unlocked: int = 0
    """Ids the lock lacks among the documents analysed here, when the pending ones are still
    to be counted (``crosslink.warn_unlocked`` reports them all once they are)."""


@dataclass(frozen=True, slots=True)
class Seed:
    """A document that read cleanly in the first pass: enough to read it again."""

    slug: str
    path: str
    sidecar: SourceFile | None


def analyse(
    project: Project, diagnostics: Diagnostics, clock: StageClock, store: Spool | None = None, deferred: bool = False
) -> Analysis:
    """Gather all data before writing any. With a ``store``, each document is kept packed there;
    ``deferred`` (a one-shot build) leaves every document that no curated link names pending;
    with neither, documents are kept as objects (a long-lived process)."""
    long_lived = store is None and not deferred  # keeps what the first pass read, and every document's proposals
    config = project.config
    inventory = clock.run("discover", discover, project, diagnostics)
    extra = clock.run("pages", read_pages, project, inventory, diagnostics)
    registry = clock.run("registry", load_registry, project.root, _entities_path(inventory), diagnostics)
    survey = annotation_survey(project, registry, hold=long_lived)
    read: dict[str, SourceDoc] = {}
    seeds = clock.run("read", survey_documents, project, inventory, survey, read if long_lived else None, diagnostics)
    machine = clock.run("annotate", finish_survey, survey, config.jobs)
    curated = clock.run("curated", load_curated, project, inventory, seeds, diagnostics)
    lock = read_lock(lock_path(project), f"{config.content_dir}/{LOCK_NAME}", diagnostics)
    # A long-lived process holds every document: the cache's copies would not share what the
    # annotation cache's decoding shares between documents (160 MB more at 5,000 documents).
    cache = None if long_lived else analysis_cache(project, machine, registry)
    step = DocumentStep(project, registry, curated, machine, read.pop, cache)
    todo = _linked(seeds, curated) if deferred else seeds
    done = clock.run("merge", step.all, todo, lock, None if deferred else store, diagnostics)
    missing = 0 if deferred else done.missing
    archive = clock.run("link", link_archive, done.docs, registry, curated, done.aliases, missing, diagnostics)
    if not deferred:
        return Analysis(extra, archive, curated)
    pending = _pending(seeds, set(todo), done.docs, step, lock)
    return Analysis(extra, replace(archive, docs=pending), curated, unlocked=done.missing)


def _pending(seeds: tuple[Seed, ...], named: set[Seed], linked: Documents, step: DocumentStep, lock: Lock) -> Documents:
    """Every document: those links name as analysed (one that failed is left out, as its error
    is reported), the others pending, to be analysed where they are rendered."""
    order: list[Seed] = []
    docs = Documents(opener=lambda index: step.opened(order[index], lock))
    for seed in seeds:
        if seed not in named:
            docs.append_pending(seed.slug)
        elif (doc := linked.get(seed.slug)) is not None:
            docs.append(doc)
        else:
            continue
        order.append(seed)
    return docs


def _linked(seeds: tuple[Seed, ...], curated: dict[str, CuratedFile]) -> tuple[Seed, ...]:
    """The documents curated links name, at either end: the link stage looks at them alone."""
    named = set()
    for slug, curated_file in curated.items():
        for located in curated_file.entries:
            for spec in located.entry.links:
                named |= {slug, (spec.target or spec.document).partition("#")[0]}
    return tuple(seed for seed in seeds if seed.slug in named)


def survey_documents(
    project: Project,
    inventory: Inventory,
    survey: Survey | None,
    keep: dict[str, SourceDoc] | None,
    diagnostics: Diagnostics,
) -> tuple[Seed, ...]:
    """First pass: read every seed, show it to the annotation survey, and keep only its name
    (or the document itself, in ``keep``, for a long-lived process). A one-shot build reads
    and looks on every core; only names and what the cache knows come back."""
    look_up = survey.look if survey is not None and survey.key is not None else None

    def first_look(doc: SourceDoc) -> tuple[str, Look | None, SourceDoc | None]:
        return doc.path, look_up(doc.text) if look_up else None, doc if keep is not None else None

    jobs = project.config.jobs if keep is None else 1  # a long-lived survey holds what it looks up
    seeds = []
    for slug, (path, look, doc), sidecar in read_each(project, inventory, diagnostics, first_look, jobs):
        if survey is not None and look is not None:
            survey.record(look)
        if keep is not None and doc is not None:
            keep[path] = doc
        seeds.append(Seed(slug, path, sidecar))
    return tuple(seeds)


@dataclass(frozen=True, slots=True)
class Analysed:
    """The second pass's result."""

    docs: Documents
    aliases: tuple[Alias, ...]
    """Every locked id that moved, with where it went."""
    missing: int
    """How many ids the lock does not record yet."""


@dataclass(frozen=True, slots=True)
class DocumentStep:
    """Second pass, one document at a time: read → settle its machine proposals → anchor → merge."""

    project: Project
    registry: EntityRegistry
    curated: dict[str, CuratedFile]
    machine: MachineAnnotations | None
    reread: Callable[[str, SourceDoc | None], SourceDoc | None]
    """A document the first pass kept, by path (else it is read again)."""

    cache: AnalysisCache | None = None
    """Where each document's result is kept for the next build (none: made afresh each time)."""

    def one(self, seed: Seed, diagnostics: Diagnostics) -> AnnotatedDoc:
        return self._analysed(seed, diagnostics)[0]

    def _analysed(self, seed: Seed, diagnostics: Diagnostics) -> tuple[AnnotatedDoc, Keeper | None]:
        """The document, from the analysis cache when it holds it under the verdicts that stand
        now, with where later stages may keep what they derive from it."""
        doc = self.reread(seed.path, None) or self._read(seed)
        curated = self.curated.get(doc.slug)
        if self.cache is None:
            return self._merged(doc, curated, None, diagnostics), None
        key = self.cache.key(doc, curated)
        entry = self.cache.load(doc, key)
        if entry is not None:
            (annotations, found, consulted), kept = entry
            if self.machine is None or still_stand(consulted, self.machine.tables):
                diagnostics.items.extend(found)
                return AnnotatedDoc(doc, annotations), kept
        local = Diagnostics()
        consulting = Consulting(self.machine.tables) if self.machine is not None else None
        made = self._merged(doc, curated, consulting, local)  # an error is raised, and so never kept
        looked_up = consulting.consulted() if consulting is not None else ()
        kept = self.cache.store(doc, key, (made.annotations, tuple(local.items), looked_up))
        diagnostics.extend(local)
        return made, kept

    def _merged(
        self, doc: SourceDoc, curated: CuratedFile | None, verdicts: Consulting | None, diagnostics: Diagnostics
    ) -> AnnotatedDoc:
        found = self.machine.proposals(doc.text, verdicts) if self.machine is not None else ()
        anchored: tuple[Anchored, ...] = ()
        if curated is not None:
            anchored = anchor_file(doc, curated, diagnostics)
        reviewed_only = self.project.config.publish == "reviewed"
        return merge(doc, found, anchored, self.registry, diagnostics, reviewed_only)

    def all(self, seeds: tuple[Seed, ...], lock: Lock, store: Spool | None, diagnostics: Diagnostics) -> Analysed:
        """Every document, on every core for a big archive; each comes back packed with the
        aliases of its moved ids, its count of unlocked ids and what was wrong with it."""
        made = map_forked(
            range(len(seeds)),
            lambda i: self._packed(seeds[i], lock, store),
            self.project.config.jobs,
            parallel=len(seeds) >= PARALLEL_MIN_DOCUMENTS,
        )
        docs = Documents(store=store)
        aliases: list[Alias] = []
        missing = 0
        for index, seed in enumerate(seeds):
            doc, moved, unlocked_ids, found = made[index]
            diagnostics.extend(found)
            if isinstance(doc, AnnotatedDoc):
                docs.append(doc)
            elif doc is not None:
                docs.append_packed(seed.slug, doc)
            aliases += moved
            missing += unlocked_ids
        return Analysed(docs, tuple(aliases), missing)

    def _packed(
        self, seed: Seed, lock: Lock, store: Spool | None
    ) -> tuple[AnnotatedDoc | Blob | None, tuple[Alias, ...], int, Diagnostics]:
        """One document, packed into ``store`` when there is one."""
        doc, aliases, unlocked_ids, found, _ = self.opened(seed, lock)
        kept = store.put(pack(doc)) if store is not None and doc is not None else doc
        return kept, aliases, unlocked_ids, found

    def opened(self, seed: Seed, lock: Lock) -> Opened:
        """One document with its moved ids, its count of unlocked ids and what was wrong with it."""
        diagnostics = Diagnostics()
        try:
            doc, kept = self._analysed(seed, diagnostics)
        except SitegenError as exc:
            diagnostics.extend(exc)
            return Opened(None, (), 0, diagnostics)
        return Opened(doc, resolve_aliases(lock, (doc,)), unlocked(lock, (doc,)) if lock else 0, diagnostics, kept)

    def _read(self, seed: Seed) -> SourceDoc:
        """Read again: the first pass reported anything wrong with it."""
        try:
            return read_document(self.project.root, SourceFile(seed.path, "seed"), seed.sidecar, Diagnostics())
        except SitegenError:
            raise error(seed.path, 0, "the document changed during the build", "build again") from None


def annotation_survey(project: Project, registry: EntityRegistry, hold: bool) -> Survey | None:
    """The annotation survey; with no annotators configured, the language stack is never imported."""
    config = project.config
    if not config.annotate.annotators:
        return None
    from sitegen.annotate.pipeline import Survey

    return Survey(registry, config.annotate, project.path(config.cache_dir), hold=hold)


def finish_survey(survey: Survey | None, jobs: int) -> MachineAnnotations | None:
    return survey.finish(jobs) if survey is not None else None


def analysis_cache(project: Project, machine: MachineAnnotations | None, registry: EntityRegistry) -> AnalysisCache:
    """The second pass's cache, beside the annotation cache."""
    return AnalysisCache.under(project.path(project.config.cache_dir), machine, registry, project.config.publish)


def lock_path(project: Project) -> Path:
    """Where the id lock lives: ``content/ids.lock.json``."""
    return project.path(project.config.content_dir) / LOCK_NAME


def _entities_path(inventory: Inventory) -> str | None:
    return inventory.entities.path if inventory.entities else None


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
