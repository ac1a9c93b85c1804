"""Automatic annotators: entities, attributed claims and disputes, proposed from spaCy parses."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sitegen.annotate.pipeline import annotate_with
from sitegen.config import AnnotateConfig
from sitegen.model import EntityRegistry, Proposal, SourceDoc

__all__ = ["annotate_documents"]


def annotate_documents(
    docs: Sequence[SourceDoc],
    registry: EntityRegistry,
    settings: AnnotateConfig,
    cache_dir: Path | None,
    jobs: int = 1,
) -> tuple[tuple[Proposal, ...], ...]:
    """One tuple of machine proposals per input document, in input order."""
    return annotate_with([doc.text for doc in docs], registry, settings, cache_dir, jobs)
