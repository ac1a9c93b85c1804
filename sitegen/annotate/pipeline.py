"""The annotate stage: cache look-up, one spaCy parse per missing document, components, consistency."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from sitegen.annotate import cache, claims, disputes, entities
from sitegen.annotate.component import Component, Context, select
from sitegen.annotate.consolidate import consolidate
from sitegen.annotate.mentions import RegistryIndex, build_index, find_mentions
from sitegen.annotate.nlp import LazyModel, Loader, load_model, model_version, parse
from sitegen.annotate.spans import doc_text
from sitegen.config import AnnotateConfig
from sitegen.model import EntityRegistry, Proposal

if TYPE_CHECKING:
    from spacy.tokens import Doc

COMPONENTS: tuple[Component, ...] = (entities.COMPONENT, claims.COMPONENT, disputes.COMPONENT)
"""Every registered annotator; ``settings.annotators`` picks among them by key."""


def annotate_with(
    texts: Sequence[str],
    registry: EntityRegistry,
    settings: AnnotateConfig,
    cache_dir: Path | None,
    jobs: int = 1,
    loader: Loader = load_model,
) -> tuple[tuple[Proposal, ...], ...]:
    """``annotate_documents`` on plain texts, with the model loader injectable for tests."""
    components = select(COMPONENTS, settings.annotators)
    if not components:
        return tuple(() for _ in texts)
    key = cache_key(components, registry, settings)
    keys = [key.for_text(text) for text in texts]
    results: list[tuple[Proposal, ...] | None] = [
        cache.load(cache_dir, k) if cache_dir is not None else None for k in keys
    ]
    missing = [i for i, found in enumerate(results) if found is None]
    if missing:
        model = LazyModel(settings.model, loader)
        index = build_index(registry)
        batch = [texts[i] for i in missing]
        for i, doc in zip(missing, parse(model.get(), batch, settings.batch_size, _jobs(jobs)), strict=True):
            results[i] = annotate_parsed(doc, components, index, settings)
            if cache_dir is not None:
                cache.store(cache_dir, keys[i], results[i] or ())
    return consolidate(texts, [r or () for r in results])


def annotate_parsed(
    doc: Doc, components: tuple[Component, ...], index: RegistryIndex, settings: AnnotateConfig
) -> tuple[Proposal, ...]:
    """Run the components over one parse; each sees what the earlier ones proposed."""
    mentions = find_mentions(doc, index, settings.keep_numbers)
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
        settings=(("keep_numbers", str(settings.keep_numbers)),),
        registry=cache.registry_fingerprint(entries),
    )


def _valid(proposal: Proposal, length: int) -> bool:
    spans = [(proposal.start, proposal.end)] + [(p.start, p.end) for p in proposal.parts]
    return all(0 <= start < end <= length for start, end in spans)


def _jobs(jobs: int) -> int:
    return jobs if jobs > 0 else os.cpu_count() or 1
