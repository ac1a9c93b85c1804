"""When two claim contents say the same thing: the words that carry a claim, and the test.

Two contents are the same claim when the Jaccard similarity of their content words (lower case,
stop words out, light suffix stripping, each word weighted by how rare it is among the archive's
claims) reaches ``THRESHOLD`` and nothing that changes a claim's
meaning differs: the numbers in it, whether it is negated, and the names in it (one version may
name less than the other, but not something else). ``docs/claim-groups.md`` has the measured
precision behind the threshold. Candidates are found with MinHash LSH (``claimgroups``); this
module decides.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


THRESHOLD = 0.6
"""Jaccard similarity of content words at or above which two contents are one claim. Measured
on a hand-labelled sample (``bench/claim_precision.py``, ``docs/claim-groups.md``)."""

MIN_WORDS = 4
"""Contents with fewer content words besides names ("it is true", "Democratic nominee Hillary
Clinton") say too little to group."""

STOP_WORDS = _words(
    """a an the and or but if then than that this these those there here of in on at to for from by
    with as into onto over under about after before between through during is are was were be been
    being am has have had having do does did will would shall should can could may might must it its
    it's they them their theirs he him his she her hers we us our you your i me my which who whom
    whose what when where why how also just very so such some any all each every more most other
    another same own only quite still even already yet again further once s t near against across
    along around within toward towards upon"""
)
"""Function words: they carry no claim of their own."""

NEGATIONS = _words("not no never nobody nothing none neither nor without n't cannot")
"""Words that turn a claim into its denial; kept out of ``STOP_WORDS`` on purpose."""

NUMBER_WORDS = _words(
    """zero one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty
    hundred hundreds thousand thousands million millions billion billions dozen dozens"""
)

SUFFIXES = (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""), ("ly", ""))
"""Stripped from words longer than four letters, first match only: "abandoned" and "abandons"
meet at "abandon" (a crude stem, but the same crude stem on both sides)."""

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


@dataclass(frozen=True, slots=True)
class Features:
    """What the test compares of one content."""

    words: frozenset[str]
    """Content words but names, stemmed: what is said about whoever is named, which the
    similarity counts (and MinHash hashes)."""
    numbers: frozenset[str]
    names: frozenset[str]
    """Capitalised words but function words: people, places, nationalities (and a content's
    capitalised first word, which the subset rule in ``same_claim`` tolerates). Kept out of
    ``words``: two mentions of one name ("Republican front-runner Donald Trump") say nothing
    alike, and on PolNeAR such pairs were most of the mistakes."""
    negated: bool


def features(content: str) -> Features:
    """The features of one claim's content."""
    text = unicodedata.normalize("NFKC", content).replace("’", "'")
    raw = _WORD.findall(text)
    words: set[str] = set()
    numbers: set[str] = set()
    names: set[str] = set()
    negated = False
    for token in raw:
        lower = token.lower()
        if lower in NEGATIONS or lower.endswith("n't"):
            negated = True
            continue
        if any(ch.isdigit() for ch in lower) or lower in NUMBER_WORDS:
            numbers.add(lower)
            continue
        if lower.endswith("'s"):
            lower = lower[:-2]
        if lower in STOP_WORDS:
            continue
        (names if token[0].isupper() else words).add(_stem(lower))
    return Features(frozenset(words), frozenset(numbers), frozenset(names), negated)


def _stem(word: str) -> str:
    if len(word) <= 4:
        return word
    for suffix, replacement in SUFFIXES:
        if word.endswith(suffix):
            return word[: -len(suffix)] + replacement
    return word


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


Weights = dict[str, float]
"""A word's weight: its inverse frequency among the archive's claims (``weights``)."""


def weights(items: list[Features]) -> Weights:
    """Each word's inverse frequency among the contents: a name every other claim carries
    ("Donald Trump" in a campaign's coverage, "Kyiv" in a war's) counts for less than a word
    few carry."""
    counts: dict[str, int] = {}
    for item in items:
        for word in item.words:
            counts[word] = counts.get(word, 0) + 1
    total = len(items) + 1
    return {word: math.log(total / count) + 1.0 for word, count in counts.items()}


def weighted_jaccard(a: frozenset[str], b: frozenset[str], weight: Weights) -> float:
    """Jaccard similarity with each word counted at its weight, summed in the words' order (the
    same figure in every process, whatever its string hashing)."""
    union = sum(weight.get(word, 1.0) for word in sorted(a | b))
    return sum(weight.get(word, 1.0) for word in sorted(a & b)) / union if union else 0.0


def groupable(item: Features) -> bool:
    """Whether a content says enough to be grouped at all."""
    return len(item.words) >= MIN_WORDS


def same_claim(a: Features, b: Features, threshold: float = THRESHOLD, weight: Weights | None = None) -> bool:
    """Whether two contents say the same thing."""
    return similarity(a, b, weight or {}) >= threshold


def similarity(a: Features, b: Features, weight: Weights) -> float:
    """How alike two contents are (``weighted_jaccard`` of their words), or -1 when something
    that changes a claim's meaning differs."""
    if a.negated != b.negated or a.numbers != b.numbers:
        return -1.0
    if not (a.names <= b.names or b.names <= a.names):
        return -1.0  # "Russian units" is not "Ukrainian units", however alike the rest
    return weighted_jaccard(a.words, b.words, weight)
