"""What a built site weighs: bytes and files per document by top-level folder, and a document
page's first-visit transfer size (the page with the CSS and scripts it links, each gzipped).

    .venv/bin/python bench/sizes.py SITE [DOCUMENTS]
"""

from __future__ import annotations

import gzip
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ASSET = re.compile(r'<(?:script[^>]*\bsrc|link[^>]*rel="stylesheet"[^>]*\bhref)="([^"]+)"')


@dataclass(frozen=True)
class Part:
    name: str
    bytes: int
    files: int


def by_folder(site: Path) -> tuple[Part, ...]:
    """Every top-level folder of the site (loose files together as one part), largest first."""
    sizes: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for path in site.rglob("*"):
        if path.is_file():
            relative = path.relative_to(site)
            name = f"{relative.parts[0]}/" if len(relative.parts) > 1 else "top-level files"
            sizes[name][0] += path.stat().st_size
            sizes[name][1] += 1
    parts = (Part(name, size, count) for name, (size, count) in sizes.items())
    return tuple(sorted(parts, key=lambda p: (-p.bytes, p.name)))


def first_visit(page: Path) -> int:
    """Gzipped bytes of a page and of every stylesheet and script it links (a cold cache)."""
    html = page.read_bytes()
    total = len(gzip.compress(html, 6, mtime=0))
    for url in sorted(set(ASSET.findall(html.decode("utf-8")))):
        asset = (page.parent / url.split("?")[0]).resolve()
        if asset.is_file():
            total += len(gzip.compress(asset.read_bytes(), 6, mtime=0))
    return total


def table(site: Path, documents: int, label: str = "") -> str:
    parts = by_folder(site)
    total = Part("**all**", sum(p.bytes for p in parts), sum(p.files for p in parts))
    lines = [
        f"| {label}part of site/ | MB | files | kB per document | files per document |",
        "|---|---:|---:|---:|---:|",
    ]
    for part in (*parts, total):
        lines.append(
            f"| {part.name} | {part.bytes / 1e6:.1f} | {part.files:,} | {part.bytes / 1e3 / documents:.1f} | "
            f"{part.files / documents:.2f} |"
        )
    return "\n".join(lines)


def main() -> None:
    site = Path(sys.argv[1])
    pages = sorted((site / "documents").glob("*.html"))
    documents = int(sys.argv[2]) if len(sys.argv) > 2 else len(pages)
    print(table(site, documents))
    if pages:
        print(f"\nfirst visit of {pages[0].name}: {first_visit(pages[0]) / 1e3:.1f} kB (HTML + CSS + JS, gzip)")


if __name__ == "__main__":
    main()
