"""Which claims say the same thing: the pairs the grouping joins, kept between builds so that a
change tests again only the claims it touches.

    features → hashed tokens → MinHash → band keys → candidates (a shared key) → the test → pairs

A pair is two groupable claims that share one of ``BANDS`` MinHash band keys (LSH, tuned by
``datasketch`` for Jaccard ``THRESHOLD - LSH_MARGIN``) and pass ``similar.same_claim`` under the
archive's word weights. Whether two claims share a key depends on their own hashed tokens only,
so after a change (``updated_pairs``) only the changed claims are banded and compared with the
others; every pair of unchanged claims that came within ``NEAR`` of the threshold is kept
(``PairState.near``) and decided again under the new weights, and a word whose weight drifted
more than ``DRIFT`` since its pairs were decided makes its claims count as changed. So the pairs
are always those a full regrouping finds (tests/claims/test_claimpairs.py checks both ways).

A *generic* claim, every content word of which is in more than one claim in 20 and every name and
number in more than one in 100 (each in at least ``GENERIC_MIN``), is a candidate only beside
claims of exactly its tokens: on generated text made
of a few dozen stock words, banding such claims made a tenth of all pairs candidates (1,787 s to
group 5,000 documents' claims), and what they shared was stock words, not a claim.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from sitegen.analyse.similar import Features, Weights, groupable, weights
from sitegen.runtime.data import Unreadable, decode, encode

NUM_PERM = 128
"""MinHash permutations: enough for the LSH banding to find pairs at the threshold."""
LSH_MARGIN = 0.15
"""Candidates are looked for below the decision threshold: LSH misses some pairs near its own,
and the decision weighs words (``similar.weighted_jaccard``) where MinHash counts them."""
LSH_WEIGHTS = (0.2, 0.8)
"""How much LSH's banding weighs false positives against false negatives: a missed pair is a
claim left out of its group, an extra candidate only one more exact test."""
COMMON_WEIGHT = 1.0 + math.log(20)
"""Words in more than one claim in 20 are left out of MinHash (not out of the test): on
generated claims sharing a stock phrase they made most pairs candidates."""
GENERIC_MIN = 50
"""A claim is generic only when each of its words is in at least this many claims, so that in a
small archive, where two claims sharing a word already make it common, nothing is."""
NEAR = 0.15
"""Pairs of unchanged claims kept to be decided again under new weights: those that came within
this of the threshold."""
STOCK_WORDS = 20
"""A word in more than one claim in this many is a stock word (as ``COMMON_WEIGHT`` says)."""
STOCK_NAMES = 100
"""A name or number in more than one claim in this many is a stock one: a town every fiftieth
claim is about is stock, a figure (a count of days, of victims) rarely is."""
FULL_SHARE = 0.2
"""When more than this share of the claims changed, everything is grouped afresh."""
CHUNK = 500_000
"""Candidate pairs tested at a time (a few tens of MB)."""
_KEY = np.uint64(0x9E3779B97F4A7C15)


def bands(threshold: float) -> tuple[int, int]:
    """(bands, rows per band) of the LSH banding ``datasketch`` picks for the candidate threshold."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=max(0.1, threshold - LSH_MARGIN), num_perm=NUM_PERM, weights=LSH_WEIGHTS)
    return lsh.b, lsh.r


def drift(threshold: float) -> float:
    """How far (a factor) a word's weight may move from the one its pairs were decided under: a
    pair kept out of ``near`` (below ``threshold - NEAR``) then stays below ``threshold``."""
    return float((threshold / (threshold - NEAR)) ** 0.25) * (1 - 1e-9)


@dataclass(frozen=True, slots=True)
class PairState:
    """What a grouping keeps for the next: every groupable claim (its ref, a digest of what its
    candidates and test depend on, its band keys), the near pairs and the weights they were
    decided under."""

    threshold: float
    refs: tuple[str, ...]
    idents: bytes
    """16 bytes a claim: its ref, features and hashed tokens."""
    keys: bytes
    """``BANDS`` little-endian uint64 keys a claim."""
    near: tuple[tuple[int, int], ...]
    """Pairs (indices into ``refs``) within ``NEAR`` of the threshold when last decided."""
    decided: dict[str, float]
    """Each word's weight when the pairs with it were last decided."""

    def encoded(self) -> bytes:
        return encode(self)

    @classmethod
    def read(cls, body: bytes, threshold: float) -> PairState | None:
        """A kept state, or None when it does not fit together (damaged, foreign)."""
        try:
            state = decode(body, cls)
        except Unreadable:
            return None
        count, width = len(state.refs), bands(threshold)[0]
        fits = (
            state.threshold == threshold
            and len(state.idents) == 16 * count
            and len(state.keys) == 8 * width * count
            and all(0 <= a < count and 0 <= b < count for a, b in state.near)
        )
        return state if fits else None


@dataclass(frozen=True, slots=True)
class _Claims:
    """The groupable claims of one grouping, with what banding and the test need of them."""

    indices: list[int]
    """Their places among all the items."""
    refs: list[str]
    idents: list[bytes]
    tokens: list[list[bytes]]
    generic: list[bool]
    words: list[frozenset[str]]
    weight: Weights


def _claims(refs: list[str], items: list[Features]) -> _Claims:
    weight = weights(items)
    common = {word for word, value in weight.items() if value < COMMON_WEIGHT}
    stock = _stock(items)
    indices = [i for i, item in enumerate(items) if groupable(item)]
    tokens, generic, idents = [], [], []
    for i in indices:
        item = items[i]
        kept = item.words - common
        is_generic = stock.issuperset(item.words) and stock.issuperset(_marked(item))
        tokens.append(_hashed(item, kept or item.words))
        generic.append(is_generic)
        shape = (refs[i], sorted(item.words), sorted(item.numbers), sorted(item.names), item.negated, is_generic)
        idents.append(hashlib.blake2b(repr((shape, tokens[-1])).encode(), digest_size=16).digest())
    words = [items[i].words for i in indices]
    return _Claims(indices, [refs[i] for i in indices], idents, tokens, generic, words, weight)


def _stock(items: list[Features]) -> set[str]:
    """The words in more than one claim in 20, and the names (``@``) and numbers (``#``) in more
    than one in ``STOCK_NAMES``, each in at least ``GENERIC_MIN`` claims: a claim made of these
    alone is generic."""
    counts: dict[str, int] = {}
    for item in items:
        for token in (*item.words, *_marked(item)):
            counts[token] = counts.get(token, 0) + 1
    total = len(items) + 1
    return {
        token
        for token, count in counts.items()
        if count >= GENERIC_MIN and count * (STOCK_NAMES if token[0] in "@#" else STOCK_WORDS) > total
    }


def _marked(item: Features) -> list[str]:
    return ["@" + name for name in item.names] + ["#" + number for number in item.numbers]


def _hashed(item: Features, words: frozenset[str]) -> list[bytes]:
    """What MinHash sees of a content: its words but the commonest, its names and numbers
    (which the test requires to agree, so claims that differ in them are rarely candidates)."""
    return [token.encode("utf-8") for token in sorted(words) + sorted(_marked(item))]


def _band_keys(tokens: list[list[bytes]], generic: list[bool], idents: list[bytes], threshold: float) -> np.ndarray:
    """Each claim's band keys (one row a claim): its MinHash's bands, each folded into 64 bits;
    a generic claim's every key is the digest of its tokens (found only by the same tokens)."""
    from datasketch import MinHash

    width, rows = bands(threshold)
    keys = np.zeros((len(tokens), width), dtype=np.uint64)
    banded = [i for i, flag in enumerate(generic) if not flag]
    if banded:
        hashes = np.stack([h.hashvalues for h in MinHash.bulk([tokens[i] for i in banded], num_perm=NUM_PERM)])
        folded = np.zeros((len(banded), width), dtype=np.uint64)
        with np.errstate(over="ignore"):
            for row in range(rows):
                folded = (folded ^ hashes[:, row : width * rows : rows].astype(np.uint64)) * _KEY
        keys[banded] = folded
    for i, flag in enumerate(generic):
        if flag:  # its own tokens in the first band, its identity (found by nothing) in the others
            keys[i] = int.from_bytes(hashlib.blake2b(idents[i], digest_size=8).digest(), "little")
            keys[i, 0] = int.from_bytes(hashlib.blake2b(b"\0".join(tokens[i]), digest_size=8).digest(), "little")
    return keys


def _candidates(keys: np.ndarray, rows: np.ndarray) -> Iterator[np.ndarray]:
    """Pairs (a, b), a < b, of claims that share a band key, at least one of them in ``rows``, as
    (m, 2) arrays of at most about ``CHUNK`` pairs. Claims with the same keys in every band (the
    same tokens, often) are banded once, as a class."""
    count = len(keys)
    if count < 2 or not len(rows):
        return
    classes, inverse = np.unique(keys, axis=0, return_inverse=True)
    inverse = inverse.ravel()
    chosen = np.zeros(count, dtype=bool)
    chosen[rows] = True
    wanted = np.unique(inverse[rows])
    width = len(classes)
    found = [wanted * width + wanted]  # a class with itself
    for band in range(classes.shape[1]):
        column = classes[:, band]
        order = np.argsort(column, kind="stable")
        ordered = column[order]
        low = np.searchsorted(ordered, column[wanted], "left")
        sizes = np.searchsorted(ordered, column[wanted], "right") - low
        other = order[_spans(low, sizes)]
        mine = np.repeat(wanted, sizes)
        found.append(np.minimum(mine, other) * width + np.maximum(mine, other))
    codes = np.unique(np.concatenate(found))
    first, second = codes // width, codes % width
    members = np.argsort(inverse, kind="stable")
    starts = np.searchsorted(inverse[members], np.arange(width + 1))
    size = np.diff(starts)
    made = np.cumsum(size[first] * size[second])
    cuts = np.searchsorted(made, np.arange(CHUNK, int(made[-1]) + CHUNK, CHUNK), "right")
    for begin, end in zip(np.r_[0, cuts[:-1]], cuts, strict=True):
        if begin == end:
            continue
        one, two = first[begin:end], second[begin:end]
        across = size[two]
        block = size[one] * across
        spot = _spans(np.zeros(len(block), dtype=np.int64), block)
        pair = np.repeat(np.arange(len(block)), block)
        a = members[starts[one][pair] + spot // across[pair]]
        b = members[starts[two][pair] + spot % across[pair]]
        keep = np.where(one[pair] == two[pair], a < b, a != b) & (chosen[a] | chosen[b])
        yield np.stack([np.minimum(a, b)[keep], np.maximum(a, b)[keep]], axis=1)


def _spans(starts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """``starts[k], starts[k] + 1, ...`` (``sizes[k]`` of them) for each k, one after the other."""
    spans: np.ndarray = np.arange(int(sizes.sum())) + np.repeat(starts - (np.cumsum(sizes) - sizes), sizes)
    return spans


def updated_pairs(
    refs: list[str], items: list[Features], threshold: float, state: PairState | None = None
) -> tuple[list[tuple[int, int]], PairState]:
    """Every pair (i < j) of ``items`` (in the archive's claim order, named by ``refs``) that say
    the same thing, in order; and what to keep for the next time. ``state``: the last time's,
    so that only what changed since is tested (the pairs are the same either way)."""
    claims = _claims(refs, items)
    count = len(claims.refs)
    clean, old_rows, decided = _unchanged(claims, state, threshold)
    if state is None or count - int(clean.sum()) > FULL_SHARE * count:
        clean, decided = np.zeros(count, dtype=bool), dict(claims.weight)
    width = bands(threshold)[0]
    keys = np.zeros((count, width), dtype=np.uint64)
    if state is not None and clean.any():
        kept = np.frombuffer(state.keys, dtype="<u8").reshape(len(state.refs), width)
        keys[clean] = kept[old_rows[clean]]
    dirty = np.flatnonzero(~clean)
    keys[dirty] = _band_keys(
        [claims.tokens[i] for i in dirty],
        [claims.generic[i] for i in dirty],
        [claims.idents[i] for i in dirty],
        threshold,
    )
    chunks = list(_candidates(keys, dirty))
    if state is not None and clean.any():
        again = np.full(len(state.refs), -1, dtype=np.int64)
        again[old_rows[clean]] = np.flatnonzero(clean)
        before = np.array(state.near, dtype=np.int64).reshape(-1, 2)
        both = again[before]
        chunks.append(both[(both >= 0).all(axis=1)])
    rows = np.unique(np.concatenate([np.zeros(0, dtype=np.int64), *(chunk.ravel() for chunk in chunks)]))
    table = _Table(claims.weight, [items[claims.indices[row]] for row in rows.tolist()])
    place = np.full(count, -1, dtype=np.int64)
    place[rows] = np.arange(len(rows))
    near_found, pairs_found = [], []
    for chunk in chunks:
        alike = table.similarity(place[chunk])
        near_found.append(chunk[alike >= threshold - NEAR])
        pairs_found.append(chunk[alike >= threshold])
    index = np.array(claims.indices, dtype=np.int64)
    near = [tuple(pair) for pair in _sorted(near_found).tolist()]
    pairs = [tuple(pair) for pair in index[_sorted(pairs_found)].tolist()]
    kept_state = PairState(
        threshold, tuple(claims.refs), b"".join(claims.idents), keys.astype("<u8").tobytes(), tuple(near),
        decided,
    )  # fmt: skip
    return pairs, kept_state


def _sorted(chunks: list[np.ndarray]) -> np.ndarray:
    found = np.concatenate([np.zeros((0, 2), dtype=np.int64), *chunks])
    return found[np.lexsort((found[:, 1], found[:, 0]))]


def _unchanged(
    claims: _Claims, state: PairState | None, threshold: float
) -> tuple[np.ndarray, np.ndarray, dict[str, float]]:
    """Which claims are as the last time (same ref, features and hashed tokens, and no word of
    theirs drifted), where they were then, and the weights their pairs are now decided under."""
    count = len(claims.refs)
    clean, old_rows = np.zeros(count, dtype=bool), np.full(count, -1, dtype=np.int64)
    if state is None:
        return clean, old_rows, {}
    before = {ref: row for row, ref in enumerate(state.refs)}
    for row, (ref, ident) in enumerate(zip(claims.refs, claims.idents, strict=True)):
        old = before.get(ref)
        if old is not None and state.idents[16 * old : 16 * old + 16] == ident:
            clean[row], old_rows[row] = True, old
    limit = drift(threshold)
    decided = {}
    moved = set()
    for word, value in claims.weight.items():
        then = state.decided.get(word)
        if then is not None and then / limit <= value <= then * limit:
            decided[word] = then
        else:
            decided[word] = value
            moved.add(word)
    if moved:
        for row in np.flatnonzero(clean).tolist():
            if not moved.isdisjoint(claims.words[row]):
                clean[row] = False
    return clean, old_rows, decided


class _Table:
    """The claims as sparse rows, so that ``similar.similarity`` is worked out for many pairs
    at once (a million candidate pairs in about a second, against 15 s one pair at a time)."""

    def __init__(self, weight: Weights, items: list[Features]) -> None:
        from scipy.sparse import csr_matrix

        vocabulary = sorted({word for item in items for word in item.words})
        column = {word: k for k, word in enumerate(vocabulary)}
        self.weight = np.array([weight[word] for word in vocabulary] or [0.0], dtype=np.float64)
        self.words = _rows(csr_matrix, [sorted(column[w] for w in item.words) for item in items], len(vocabulary))
        self.total = np.asarray(self.words @ self.weight).ravel()
        names = sorted({name for item in items for name in item.names})
        named = {name: k for k, name in enumerate(names)}
        self.names = _rows(csr_matrix, [sorted(named[n] for n in item.names) for item in items], len(names))
        self.named = np.array([len(item.names) for item in items], dtype=np.int64)
        kinds: dict[tuple[frozenset[str], bool], int] = {}
        self.kind = np.array([kinds.setdefault((item.numbers, item.negated), len(kinds)) for item in items])

    def similarity(self, pairs: np.ndarray) -> np.ndarray:
        """``similar.similarity`` of each pair (rows of ``pairs``)."""
        found = [np.zeros(0)]
        for start in range(0, len(pairs), CHUNK):
            a, b = pairs[start : start + CHUNK, 0], pairs[start : start + CHUNK, 1]
            shared = np.asarray(self.words[a].multiply(self.words[b]) @ self.weight).ravel()
            common = np.asarray(self.names[a].multiply(self.names[b]).sum(axis=1)).ravel()
            fits = (self.kind[a] == self.kind[b]) & ((common == self.named[a]) | (common == self.named[b]))
            union = self.total[a] + self.total[b] - shared
            found.append(np.where(fits, shared / np.maximum(union, 1e-300), -1.0))
        return np.concatenate(found)


def _rows(make: Any, columns: list[list[int]], width: int) -> Any:
    """A sparse matrix of ones with ``columns[i]`` set in row ``i``."""
    pointer = np.zeros(len(columns) + 1, dtype=np.int64)
    pointer[1:] = np.cumsum([len(row) for row in columns])
    flat = np.array([k for row in columns for k in row], dtype=np.int64)
    return make((np.ones(len(flat)), flat, pointer), shape=(len(columns), max(width, 1)))
