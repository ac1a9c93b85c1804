"""Curated quotes → character offsets, the W3C TextQuoteSelector way, with helpful misses."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from sitegen.curate.curated import CuratedFile, LocatedEntry, QuoteSelector
from sitegen.errors import Diagnostics, Location, SitegenError, error
from sitegen.model import SourceDoc

# One code point for one code point, so offsets found in folded text hold in the original.
_FOLD = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "′": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "″": '"',
        "–": "-",
        "—": "-",
        "‒": "-",
        "―": "-",
        "−": "-",
        "\u00a0": " ",
        "\u202f": " ",
    }
)
MAX_LISTED = 5


@dataclass(frozen=True, slots=True)
class Anchored:
    """A curated entry with its quote and parts resolved to offsets."""

    entry: LocatedEntry
    spans: tuple[tuple[int, int], ...]
    """Every span the quote selects (several only with ``occurrence: all``)."""
    parts: tuple[tuple[str, int, int], ...]
    target: tuple[int, int] | None


def fold(text: str) -> str:
    """Text with typographic quotes, dashes and spaces made plain, length unchanged."""
    return text.translate(_FOLD)


Matches = dict[tuple[str, str, str], list[int]]
"""(quote, prefix, suffix) → where it matches: a document's entries often share a quote, and
finding one of 3,000 ``occurrence: N`` entries must not scan the text again."""


def anchor_quote(
    text: str, selector: QuoteSelector, folded: str | None = None, known: Matches | None = None
) -> tuple[tuple[int, int], ...]:
    """Every (start, end) the selector picks; raises QuoteError when it picks none or is ambiguous."""
    quote = selector.quote
    key = (quote, selector.prefix, selector.suffix)
    matches = known.get(key) if known is not None else None
    if matches is None:
        matches = _find_all(text, quote) or _find_all(folded if folded is not None else fold(text), fold(quote))
        matches = [m for m in matches if _context_fits(text, m, len(quote), selector)]
        if known is not None:
            known[key] = matches
    if selector.occurrence == "all" and matches:
        return tuple((m, m + len(quote)) for m in matches)
    if selector.occurrence and selector.occurrence != "all":
        index = int(selector.occurrence) - 1
        if index < len(matches):
            return ((matches[index], matches[index] + len(quote)),)
        raise QuoteError(f"occurrence {index + 1} asked for, but the quote occurs {len(matches)} time(s)")
    if len(matches) == 1:
        return ((matches[0], matches[0] + len(quote)),)
    if not matches:
        raise QuoteError(f"quote not found: {_short(quote)!r}", nearest(text, quote))
    lines = ", ".join(str(n) for n in _lines_of(text, matches)[:MAX_LISTED])
    raise QuoteError(
        f"quote is ambiguous: {_short(quote)!r} occurs {len(matches)} times (text lines {lines})",
        "add a prefix or suffix (the words around it), or occurrence: N, or occurrence: all",
    )


def _lines_of(text: str, offsets: list[int]) -> list[int]:
    """The distinct line numbers of sorted ``offsets``, counting newlines once (a common quote can occur 10⁵ times)."""
    lines: list[int] = []
    line, previous = 1, 0
    for offset in offsets:
        line += text.count("\n", previous, offset)
        previous = offset
        if not lines or lines[-1] != line:
            lines.append(line)
        if len(lines) > MAX_LISTED:
            break
    return lines


class QuoteError(ValueError):
    """A quote that selects nothing, or more than one place."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.hint = hint


def _find_all(text: str, quote: str) -> list[int]:
    if not quote:
        return []
    found, start = [], text.find(quote)
    while start >= 0:
        found.append(start)
        start = text.find(quote, start + 1)
    return found


def _context_fits(text: str, start: int, length: int, selector: QuoteSelector) -> bool:
    before = fold(text[max(0, start - len(selector.prefix)) : start])
    after = fold(text[start + length : start + length + len(selector.suffix)])
    return before.endswith(fold(selector.prefix)) and after.startswith(fold(selector.suffix))


NEAREST_STARTS = 20_000
"""At most this many places are scored cheaply (by the quote's words they hold)."""
NEAREST_CLOSE = 12
"""Only the best of those are compared character by character, which costs len(quote)² each."""


def nearest(text: str, quote: str, count: int = 3) -> str:
    """A hint listing the passages most like ``quote``, with their text lines.

    Linear in the text: places where the quote's longest words occur are ranked by how
    many of its words are near them, and only the best few are compared in detail.
    """
    words = sorted(set(re.findall(r"\w{4,}", quote)), key=len, reverse=True)
    starts = sorted({m.start() for word in words[:4] for m in re.finditer(re.escape(word), text)})
    starts = starts[:: len(starts) // NEAREST_STARTS + 1]
    ranked = sorted(starts, key=lambda start: -_words_near(text, start, len(quote), words[:12]))
    scored = []
    for start in sorted(ranked[:NEAREST_CLOSE]):
        window_start = max(0, start - len(quote))
        window = text[window_start : start + len(quote)]
        matcher = difflib.SequenceMatcher(None, window, quote, autojunk=False)
        block = max(matcher.get_matching_blocks(), key=lambda b: b.size)
        begin = window_start + max(0, block.a - block.b)
        candidate = text[begin : begin + len(quote)]
        scored.append((difflib.SequenceMatcher(None, candidate, quote).ratio(), begin, candidate))
    best = sorted(set(scored), key=lambda item: (-item[0], item[1]))[:count]
    if not best:
        return "no similar text in the document; check that the file is the right one"
    listed = "; ".join(f"line {text.count(chr(10), 0, b) + 1}: {_short(c)!r}" for _, b, c in best)
    return f"nearest text: {listed}"


def _words_near(text: str, start: int, size: int, words: list[str]) -> int:
    window = text[max(0, start - size) : start + size]
    return sum(word in window for word in words)


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def anchor_file(doc: SourceDoc, curated: CuratedFile, diagnostics: Diagnostics) -> tuple[Anchored, ...]:
    """Anchor every entry of a document's curated file; misses are reported at the entry's line."""
    folded = fold(doc.text)
    anchored = []
    known: Matches = {}
    for located in curated.entries:
        try:
            anchored.append(_anchor_entry(doc.text, folded, located, known))
        except SitegenError as exc:
            diagnostics.extend(exc)
    return tuple(anchored)


ALL_LIMIT = {"claim": 1_000, "dispute": 1_000}
"""Places one ``occurrence: all`` entry may select, by kind: each claim and dispute gets a page
of its own, so one line of YAML must not make ten thousand files."""
ALL_LIMIT_OTHER = 10_000
"""The same for the other kinds, which are highlights only."""


def _anchor_entry(text: str, folded: str, located: LocatedEntry, known: Matches) -> Anchored:
    entry, where = located.entry, located.location
    spans = _anchor_or_fail(text, folded, entry.selector, where, "quote", known)
    limit = ALL_LIMIT.get(entry.kind, ALL_LIMIT_OTHER)
    if len(spans) > limit:
        raise error(
            where.path,
            where.line,
            f"occurrence: all selects {len(spans):,} places, more than the {limit:,} one {entry.kind or 'entry'} may",
            "add a prefix or suffix to narrow the quote, or list the places with occurrence: N",
            col=where.col,
        )
    near = spans[0]
    parts = tuple((role, *_anchor_part(text, folded, selector, near, where, role)) for role, selector in entry.parts)
    target = None
    if entry.target is not None:
        target = _anchor_or_fail(text, folded, entry.target, where, "target")[0]
    return Anchored(located, spans, parts, target)


def _anchor_part(
    text: str, folded: str, selector: QuoteSelector, near: tuple[int, int], where: Location, role: str
) -> tuple[int, int]:
    """A part is looked for inside its annotation first, then at the nearest match in the text."""
    start, end = near
    try:
        found = anchor_quote(text[start:end], selector, folded[start:end])
        return found[0][0] + start, found[0][1] + start
    except QuoteError:
        pass
    if selector.occurrence or selector.prefix or selector.suffix:
        return _anchor_or_fail(text, folded, selector, where, f"part '{role}'")[0]
    candidates = [(m, m + len(selector.quote)) for m in _find_all(text, selector.quote)]
    candidates = candidates or [(m, m + len(selector.quote)) for m in _find_all(folded, fold(selector.quote))]
    if not candidates:
        return _anchor_or_fail(text, folded, selector, where, f"part '{role}'")[0]
    return min(candidates, key=lambda span: (abs(span[0] - start), span[0]))


def _anchor_or_fail(
    text: str, folded: str, selector: QuoteSelector, where: Location, what: str, known: Matches | None = None
) -> tuple[tuple[int, int], ...]:
    try:
        return anchor_quote(text, selector, folded, known)
    except QuoteError as exc:
        raise error(where.path, where.line, f"{what}: {exc}", exc.hint, col=where.col) from None
