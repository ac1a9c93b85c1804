"""The annotate stage: cache look-up, one spaCy parse per missing document, components, consistency."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from sitegen import plugins
from sitegen.annotate import cache, claims, disputes, entities, gazetteer
from sitegen.annotate.component import Component, Context, select
from sitegen.annotate.consolidate import Facts, Tables, Verdicts, facts_of, settle, tables_of
from sitegen.annotate.mentions import RegistryIndex, build_index, find_mentions
from sitegen.annotate.nlp import LazyModel, Loader, load_model, model_version, parse, process_count
from sitegen.annotate.pieces import PIECE_CHARS, batch_size, pieces, shifted
from sitegen.annotate.plugin import plugin_component
from sitegen.annotate.spans import doc_text
from sitegen.config import AnnotateConfig
from sitegen.model import EntityRegistry, Proposal, SourceDoc
from sitegen.runtime.executors import Executor

if TYPE_CHECKING:
    from spacy.tokens import Doc

COMPONENTS: tuple[Component, ...] = (entities.COMPONENT, claims.COMPONENT, disputes.COMPONENT)
"""Every built-in annotator; ``settings.annotators`` picks among them and the installed plugins by key."""


def components_for(names: tuple[str, ...]) -> tuple[Component, ...]:
    """The annotators named in the config, in config order: built-in ones, else installed plugins."""
    builtin = {component.key for component in COMPONENTS}
    installed = set(plugins.installed(plugins.ANNOTATORS))
    found = tuple(plugin_component(name) for name in names if name not in builtin and name in installed)
    return select(COMPONENTS + found, names)


def annotate_documents(
    docs: Sequence[SourceDoc],
    registry: EntityRegistry,
    settings: AnnotateConfig,
    cache_dir: Path | None,
    jobs: int = 1,
) -> tuple[tuple[Proposal, ...], ...]:
    """One tuple of machine proposals per input document, in input order."""
    return annotate_with([doc.text for doc in docs], registry, settings, cache_dir, jobs)


def annotate_with(
    texts: Sequence[str],
    registry: EntityRegistry,
    settings: AnnotateConfig,
    cache_dir: Path | None,
    jobs: int = 1,
    loader: Loader = load_model,
) -> tuple[tuple[Proposal, ...], ...]:
    """``annotate_documents`` on plain texts, with the model loader injectable for tests."""
    survey = Survey(registry, settings, cache_dir, hold=True, loader=loader)
    for text in texts:
        survey.add(text)
    machine = survey.finish(jobs)
    return tuple(machine.proposals(text) for text in texts)


class Look(NamedTuple):
    """What the annotation cache knows of one text: its key, its facts (None: not cached), and
    the text itself when it must be parsed."""

    key: str
    facts: Facts | None
    text: str


class Survey:
    """The annotate stage's first pass, one document at a time: which texts the cache has, and
    each one's consolidation facts. Only texts the cache lacks are kept, to be parsed together.
    ``hold`` keeps every document's proposals for ``proposals()`` (else they are loaded again)."""

    def __init__(
        self,
        registry: EntityRegistry,
        settings: AnnotateConfig,
        cache_dir: Path | None,
        hold: bool = False,
        loader: Loader = load_model,
    ) -> None:
        self.components = components_for(settings.annotators)
        self.settings = settings
        self.cache_dir = cache_dir
        self.key = cache_key(self.components, registry, settings) if self.components else None
        self.hold = hold
        self.facts: list[Facts | None] = []
        self.missing: list[tuple[int, str, str]] = []
        """(position, cache key, text) of every text to parse."""
        self.held: dict[str, tuple[Proposal, ...]] = {}
        self.annotator = _Annotator(registry, settings, self.components, cache_dir, loader)

    def add(self, text: str) -> None:
        if self.key is not None:
            self.record(self.look(text))

    def look(self, text: str) -> Look:
        """What the cache knows of ``text``, to ``record``."""
        assert self.key is not None, "a survey with annotators looks"
        key = self.key.for_text(text)
        facts = self._cached_facts(key, text)
        return Look(key, facts, text if facts is None else "")

    def looker(self) -> Looker | None:
        """``look`` for any process (it only reads the cache), unless the survey holds proposals."""
        if self.key is None or self.hold or self.cache_dir is None:
            return None
        return Looker(self.key, self.cache_dir)

    def record(self, look: Look) -> None:
        self.facts.append(look.facts)
        if look.facts is None:
            self.missing.append((len(self.facts) - 1, look.key, look.text))

    def finish(self, jobs: int, executor: Executor | None = None) -> MachineAnnotations:
        """Parse what the cache lacked (on a cluster's workers, with a Dask ``executor``; else
        here, with spaCy's own ``jobs`` processes), then settle the consolidation tables."""
        if self.missing:
            texts = [text for _, _, text in self.missing]
            if executor is not None and _on_workers(executor, texts, jobs):
                batches = [
                    texts[i : i + self.settings.batch_size] for i in range(0, len(texts), self.settings.batch_size)
                ]
                annotated = executor.map(annotate_batch, batches, self.annotator, heavy=True)
                made = [found for batch in annotated for found in batch]
            else:
                made = self.annotator.run(texts, jobs)
            for (position, key, text), found in zip(self.missing, made, strict=True):
                self.facts[position] = self.annotator.keep(key, text, found)
                if self.hold or self.cache_dir is None:
                    self.held[key] = found
        tables = tables_of(f for f in self.facts if f is not None)
        return MachineAnnotations(self.key, tables, self.held, self.annotator)

    def _cached_facts(self, key: str, text: str) -> Facts | None:
        """From the cache: the facts (kept beside the entry), and the proposals when held."""
        if self.cache_dir is None:
            return None
        found = None
        if self.hold:
            found = cache.load(self.cache_dir, key, len(text))
            if found is None:
                return None
            self.held[key] = found
        elif not cache.entry_path(self.cache_dir, key).is_file():
            return None
        facts = cache.load_facts(self.cache_dir, key)
        if facts is None:  # an entry from before facts were kept
            if found is None:
                found = cache.load(self.cache_dir, key, len(text))
            if found is None:
                return None
            facts = facts_of(text, found)
            cache.store_facts(self.cache_dir, key, facts)
        return facts


@dataclass(frozen=True, slots=True)
class Looker:
    """What the annotation cache knows of a text, asked from any process: the first pass reads
    and looks on every worker, and only these looks come back."""

    key: cache.CacheKey
    cache_dir: Path

    def __call__(self, text: str) -> Look:
        key = self.key.for_text(text)
        facts = None
        if cache.entry_path(self.cache_dir, key).is_file():
            facts = cache.load_facts(self.cache_dir, key)
            if facts is None:  # an entry from before facts were kept
                found = cache.load(self.cache_dir, key)
                if found is not None:
                    facts = facts_of(text, found)
                    cache.store_facts(self.cache_dir, key, facts)
        return Look(key, facts, text if facts is None else "")


def _on_workers(executor: Executor, texts: Sequence[str], jobs: int) -> bool:
    """Whether the executor's workers parse and annotate, each loading the model once: always on
    a cluster, and locally when the texts repay a second process. Parsing with spaCy's own
    processes instead ran every rule here, on one core: a cold build of 1,000 documents kept
    1.2 of 2 cores busy."""
    if executor.name == "dask":
        return True
    return executor.name == "processes" and process_count(texts, _jobs(jobs)) > 1


def annotate_batch(texts: list[str], annotator: _Annotator) -> list[tuple[Proposal, ...]]:
    """One batch of texts parsed and annotated on a worker (the model loads once per worker)."""
    return annotator.run(texts, 1)


@dataclass(frozen=True, slots=True)
class MachineAnnotations:
    """The annotate stage's result: any document's proposals under the archive's verdicts,
    from memory or the cache (a document changed since the survey is annotated on the spot)."""

    key: cache.CacheKey | None
    tables: Tables
    held: dict[str, tuple[Proposal, ...]]
    annotator: _Annotator

    def proposals(self, text: str, verdicts: Verdicts | None = None) -> tuple[Proposal, ...]:
        """``text``'s proposals, settled under ``verdicts`` (the archive's tables by default)."""
        if self.key is None:
            return ()
        key = self.key.for_text(text)
        found = self.held.get(key)
        if found is None and self.annotator.cache_dir is not None:
            found = cache.load(self.annotator.cache_dir, key, len(text))
        if found is None:
            (found,) = self.annotator.run([text], 1)
            self.annotator.keep(key, text, found)
        return settle(text, found, self.tables if verdicts is None else verdicts)


class _Annotator:
    """spaCy (loaded on first use) and the components, writing what they find to the cache."""

    def __init__(
        self,
        registry: EntityRegistry,
        settings: AnnotateConfig,
        components: tuple[Component, ...],
        cache_dir: Path | None,
        loader: Loader,
    ) -> None:
        self.registry = registry
        self.settings = settings
        self.components = components
        self.cache_dir = cache_dir
        self.model = LazyModel(settings.model, loader)

    def run(self, texts: list[str], jobs: int) -> list[tuple[Proposal, ...]]:
        """Each text's proposals; a long text is parsed in pieces (``pieces``), one at a time."""
        index = build_index(self.registry)
        places = gazetteer.load(self.cache_dir)
        nlp = self.model.get()
        limit = min(PIECE_CHARS, nlp.max_length)
        cut = [(owner, offset, piece) for owner, text in enumerate(texts) for offset, piece in pieces(text, limit)]
        batch = batch_size((len(piece) for _, _, piece in cut), self.settings.batch_size)
        parsed = parse(nlp, [piece for _, _, piece in cut], batch, _jobs(jobs))
        found: list[list[Proposal]] = [[] for _ in texts]
        for (owner, offset, _), doc in zip(cut, parsed, strict=True):
            proposals = annotate_parsed(doc, self.components, index, self.settings, places)
            found[owner] += (shifted(p, offset) for p in proposals)
        return [tuple(proposals) for proposals in found]

    def keep(self, key: str, text: str, found: tuple[Proposal, ...]) -> Facts:
        facts = facts_of(text, found)
        if self.cache_dir is not None:
            cache.store(self.cache_dir, key, found)
            cache.store_facts(self.cache_dir, key, facts)
        return facts


def annotate_parsed(
    doc: Doc,
    components: tuple[Component, ...],
    index: RegistryIndex,
    settings: AnnotateConfig,
    places: gazetteer.Gazetteer | None = None,
) -> tuple[Proposal, ...]:
    """Run the components over one parse; each sees what the earlier ones proposed."""
    mentions = find_mentions(doc, index, settings.keep_numbers, places)
    text = doc_text(doc)
    found: tuple[Proposal, ...] = ()
    for component in components:
        context = Context(text, settings, mentions, found)
        found += tuple(p for p in component.run(doc, context) if _valid(p, len(text)))
    return found


def cache_key(components: tuple[Component, ...], registry: EntityRegistry, settings: AnnotateConfig) -> cache.CacheKey:
    entries = tuple((surface, e.id, e.type) for surface, e in registry.names())
    return cache.CacheKey(
        annotators=tuple(c.label for c in components),
        model=settings.model,
        model_version=model_version(settings.model),
        settings=(("keep_numbers", str(settings.keep_numbers)), ("gazetteer", gazetteer.version())),
        registry=cache.registry_fingerprint(entries),
    )


def _valid(proposal: Proposal, length: int) -> bool:
    spans = [(proposal.start, proposal.end)] + [(p.start, p.end) for p in proposal.parts]
    return all(0 <= start < end <= length for start, end in spans)


def _jobs(jobs: int) -> int:
    return jobs if jobs > 0 else os.cpu_count() or 1
