"""Overview charts as accessible inline SVG, drawn at build time: data in, SVG text out.

Pure functions; every text is escaped; colours come from the theme's CSS classes
(``chart-*``), so charts follow the light and dark schemes and print in black and white.
Each chart is ``role="img"`` with a ``<title>`` and ``<desc>``; the page shows the same data as a
table beside it.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

FONT = 13
"""Font size in SVG units: the charts are drawn at their natural size and only ever shrink."""
LINE = 18
LEVELS = 5
"""Shades of a matrix cell, ``chart-level-0`` … ``chart-level-4``."""


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar: what it stands for, its value and a longer description for its tooltip."""

    label: str
    value: int
    detail: str = ""


def _e(text: str) -> str:
    return escape(text, quote=True)


def shorten(text: str, limit: int) -> str:
    """``text`` on one line, cut at a word boundary to at most ``limit`` characters."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1].rsplit(" ", 1)[0] if " " in flat[: limit - 1] else flat[: limit - 1]
    return cut.rstrip(" ,;:.") + "…"


def _open(ident: str, width: int, height: int, title: str, desc: str, css: str) -> list[str]:
    return [
        f'<svg class="chart {css}" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'aria-labelledby="{_e(ident)}-title {_e(ident)}-desc" font-size="{FONT}">',
        f'<title id="{_e(ident)}-title">{_e(title)}</title>',
        f'<desc id="{_e(ident)}-desc">{_e(desc)}</desc>',
    ]


def _ticks(top: int) -> tuple[int, ...]:
    """A few round values from 0 to at least ``top`` for gridlines."""
    step = 1
    while top / step > 4:
        step = step * 5 // 2 if str(step)[0] == "2" else step * 2
    return tuple(range(0, top + step, step))


def bar_chart(ident: str, title: str, desc: str, bars: Sequence[Bar], unit: str, width: int = 440) -> str:
    """Horizontal bars, each labelled above its bar and valued at its end: ranked data."""
    top = max((bar.value for bar in bars), default=0)
    ticks = _ticks(max(top, 1))
    left = 8
    scale = (width - 40 - left) / ticks[-1]
    step = LINE + 18
    height = 8 + step * len(bars) + 20
    out = _open(ident, width, height, title, desc, "chart-bars")
    for tick in ticks:
        x = round(left + tick * scale, 1)
        out.append(f'<line class="chart-grid" x1="{x}" x2="{x}" y1="4" y2="{height - 18}"/>')
        out.append(f'<text class="chart-axis" x="{x}" y="{height - 4}" text-anchor="middle">{tick}</text>')
    for index, bar in enumerate(bars):
        y = 8 + index * step
        length = round(max(bar.value * scale, 2), 1)
        out.append(f'<g class="chart-bar"><title>{_e(bar.detail or bar.label)}: {bar.value} {_e(unit)}</title>')
        out.append(f'<text class="chart-label" x="{left}" y="{y + FONT}">{_e(shorten(bar.label, 60))}</text>')
        out.append(f'<rect class="chart-fill" x="{left}" y="{y + LINE}" width="{length}" height="12" rx="2"/>')
        out.append(f'<text class="chart-value" x="{left + length + 5}" y="{y + LINE + 11}">{bar.value}</text></g>')
    out.append("</svg>")
    return "".join(out)


def timeline(ident: str, title: str, desc: str, points: Sequence[tuple[str, int]], width: int = 440) -> str:
    """Vertical bars over consecutive periods (oldest first), a label under every few bars."""
    top = max((value for _, value in points), default=0)
    ticks = _ticks(max(top, 1))
    plot = 120
    left, bottom = 28, 8 + plot
    height = bottom + 2 * LINE
    slot = (width - left) / max(len(points), 1)
    every = max(1, round(len(points) / ((width - left) / 64)))
    out = _open(ident, width, height, title, desc, "chart-timeline")
    for tick in ticks:
        y = round(bottom - tick * plot / ticks[-1], 1)
        out.append(f'<line class="chart-grid" x1="{left}" x2="{width}" y1="{y}" y2="{y}"/>')
        out.append(f'<text class="chart-axis" x="{left - 6}" y="{y + 4}" text-anchor="end">{tick}</text>')
    for index, (period, value) in enumerate(points):
        x = round(left + index * slot + slot * 0.15, 1)
        h = round(value * plot / ticks[-1], 1)
        out.append(f'<g class="chart-bar"><title>{_e(period)}: {value}</title>')
        out.append(f'<rect class="chart-fill" x="{x}" y="{round(bottom - h, 1)}" width="{round(slot * 0.7, 1)}" ')
        out.append(f'height="{h}"/></g>')
        if index % every == 0:
            centre = round(left + (index + 0.5) * slot, 1)
            out.append(f'<text class="chart-axis" x="{centre}" y="{bottom + LINE}" text-anchor="middle">')
            out.append(f"{_e(period)}</text>")
    out.append("</svg>")
    return "".join(out)


def matrix(ident: str, title: str, desc: str, names: Sequence[str], counts: Sequence[Sequence[int]]) -> str:
    """A symmetric table of counts: shaded cells with their number written in them."""
    size = 34
    label = 8 * max((len(shorten(name, 18)) for name in names), default=0) + 8
    width = label + size * len(names) + round(label * 0.72)
    height = label + size * len(names)
    top = max((value for row in counts for value in row), default=0)
    out = _open(ident, width, height, title, desc, "chart-matrix")
    for index, name in enumerate(names):
        short = _e(shorten(name, 18))
        middle = label + index * size + size / 2
        out.append(f'<text class="chart-label" x="{label - 6}" y="{middle + 4}" text-anchor="end">{short}</text>')
        out.append(
            f'<text class="chart-label" x="{middle}" y="{label - 6}" '
            f'transform="rotate(-45 {middle} {label - 6})">{short}</text>'
        )
    for row, values in enumerate(counts):
        for column, value in enumerate(values):
            level = 0 if not value else 1 + (value - 1) * (LEVELS - 2) // max(top - 1, 1)
            x, y = label + column * size, label + row * size
            css = "chart-self" if row == column else f"chart-level-{level}"
            pair = names[row] if row == column else f"{names[row]} and {names[column]}"
            out.append(f'<g class="chart-cell"><title>{_e(pair)}: {value}</title>')
            out.append(f'<rect class="{css}" x="{x + 1}" y="{y + 1}" width="{size - 2}" height="{size - 2}"/>')
            if value:
                number_css = "chart-number chart-number-strong" if level >= 3 else "chart-number"
                out.append(f'<text class="{number_css}" x="{x + size / 2}" y="{y + size / 2 + 4}" ')
                out.append(f'text-anchor="middle">{value}</text>')
            out.append("</g>")
    out.append("</svg>")
    return "".join(out)


Date = tuple[int, int, int]
"""(year, month, day)."""


def periods(dates: Sequence[Date]) -> tuple[tuple[str, int], ...]:
    """Count dates per consecutive period, gaps included: days within a month or two, else months, else years."""
    if not dates:
        return ()
    first, last = min(dates), max(dates)
    months = (last[0] - first[0]) * 12 + last[1] - first[1]
    if months <= 1:
        return _count_days(dates, first, last)
    if months <= 60:
        keys = [f"{y:04d}-{m:02d}" for y, m, _ in dates]
        span = [f"{y:04d}-{m:02d}" for y, m in _months(first[:2], last[:2])]
    else:
        keys = [f"{y:04d}" for y, _, _ in dates]
        span = [f"{y:04d}" for y in range(first[0], last[0] + 1)]
    return tuple((key, keys.count(key)) for key in span)


def _months(first: tuple[int, ...], last: tuple[int, ...]) -> list[tuple[int, int]]:
    found = []
    year, month = first
    while (year, month) <= last:
        found.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def _count_days(dates: Sequence[Date], first: Date, last: Date) -> tuple[tuple[str, int], ...]:
    start, end = datetime.date(*first), datetime.date(*last)
    keys = [datetime.date(*d).isoformat() for d in dates]
    span = [(start + datetime.timedelta(days=n)).isoformat() for n in range((end - start).days + 1)]
    return tuple((key, keys.count(key)) for key in span)
