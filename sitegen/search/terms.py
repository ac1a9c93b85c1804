"""Text to index terms exactly as lunr's default pipeline makes them, memoised per word."""

from __future__ import annotations

import re

from lunr.pipeline import Pipeline
from lunr.stemmer import stemmer
from lunr.stop_word_filter import stop_word_filter
from lunr.token import Token
from lunr.trimmer import trimmer

FOLD = re.compile(r"[^\w'.\-]+")
"""Punctuation that lunr would glue to a word (``(kyiv)``, ``a/b``) becomes a space, here and
in search.js, so both sides cut words at the same places."""
APOSTROPHES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u02bc": "'"})
"""Typographic apostrophes and single quotes read as the straight one, here and in search.js,
so ``Putin's`` typed on a keyboard finds ``Putin’s`` set by a publisher, and back."""
ANALYZER_VERSION = 2
"""Changes whenever the same text would give other terms: a cached index of older terms is stale."""
SEPARATORS = re.compile(r"[ \t\n\r\f\v\xa0\-]+")
"""lunr.py's tokenizer separators."""


def fold(text: str) -> str:
    """The text as it is handed to lunr: lower case, word-gluing punctuation replaced by spaces."""
    return FOLD.sub(" ", text.lower().translate(APOSTROPHES))


def default_pipeline() -> Pipeline:
    """lunr's indexing pipeline: trimmer, stop-word filter, Porter stemmer."""
    pipeline = Pipeline()
    pipeline.add(trimmer, stop_word_filter, stemmer)
    return pipeline


class Analyzer:
    """Runs lunr's pipeline once per distinct word: the stemmer is the slow part, words repeat."""

    def __init__(self) -> None:
        self._pipeline = default_pipeline()
        self._memo: dict[str, str] = {}

    def terms(self, text: str) -> list[str]:
        """The index terms of ``text`` in order, stop words dropped (lunr.py's Tokenizer + pipeline)."""
        memo = self._memo
        found: list[str] = []
        for word in SEPARATORS.split(fold(text)):
            if not word:
                continue
            term = memo.get(word)
            if term is None:
                term = memo[word] = self._term(word)
            if term:
                found.append(term)
        return found

    def _term(self, word: str) -> str:
        tokens = self._pipeline.run([Token(word, {})])
        return str(tokens[0]) if tokens else ""
