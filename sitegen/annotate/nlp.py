"""The spaCy pipeline: loaded lazily, once per build, and run over documents in batches."""

from __future__ import annotations

import contextlib
import functools
import importlib.metadata
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sitegen.errors import error

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

PARALLEL_MIN_CHARS = 400_000
"""Below this many characters a second process costs more to start than it saves."""

Loader = Callable[[str], "Language"]


def model_version(name: str) -> str:
    """The installed model package's version, read without importing spaCy."""
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


_LOADING = threading.Lock()


def load_model(name: str) -> Language:
    """Load a spaCy model package once per process, as a user error when it is not installed.

    A long-lived process (the preview server) rebuilds many times; loading takes half a second.
    """
    with _LOADING:
        return _load(name)


def preload(name: str) -> None:
    """Load the model on a background thread, so a long-lived process's first edit does not wait
    for it."""

    def load() -> None:
        with contextlib.suppress(Exception):  # reported by the build that needs the model
            load_model(name)

    threading.Thread(target=load, name="sitegen-model", daemon=True).start()


@functools.cache
def _load(name: str) -> Language:
    import spacy

    try:
        return spacy.load(name)
    except OSError as exc:
        raise error("sitegen.yml", 0, f"cannot load spaCy model '{name}'", hint=_install_hint(name)) from exc


def _install_hint(name: str) -> str:
    from sitegen import DISTRIBUTION, __version__
    from sitegen.config import AnnotateConfig

    if name == AnnotateConfig().model:
        return f'install it with sitegen\'s model extra: pip install "{DISTRIBUTION}[model]=={__version__}"'
    return f"install it (python -m spacy download {name}) or set annotate.model"


@dataclass(slots=True)
class LazyModel:
    """A model loaded on first use and kept for the rest of the build."""

    name: str
    loader: Loader = load_model
    _nlp: Language | None = field(default=None, init=False)

    def get(self) -> Language:
        if self._nlp is None:
            self._nlp = self.loader(self.name)
        return self._nlp

    def __reduce__(self) -> tuple[type[LazyModel], tuple[str, Loader]]:
        """Sent to another process unloaded: each worker loads its own model once."""
        return LazyModel, (self.name, self.loader)


def process_count(texts: Sequence[str], jobs: int) -> int:
    """Two processes only when the archive is large enough to repay their start-up."""
    if jobs <= 1 or sum(len(text) for text in texts) < PARALLEL_MIN_CHARS:
        return 1
    return min(jobs, 2)


def parse(nlp: Language, texts: Sequence[str], batch_size: int, jobs: int) -> Iterator[Doc]:
    """Parsed docs in input order."""
    n_process = process_count(texts, jobs)
    yield from nlp.pipe(texts, batch_size=max(1, batch_size), n_process=n_process)
