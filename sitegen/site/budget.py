"""The site's size against where it is published: a warning past the configured budget (it reads
the config, which output/ sits below)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from sitegen.config import Project
from sitegen.errors import Diagnostics, Location
from sitegen.output.write import ManifestEntry

LARGEST = 3
"""How many of the largest parts a warning names."""


def check_budget(project: Project, manifest: Mapping[str, ManifestEntry], diagnostics: Diagnostics) -> None:
    """Warn when the site is larger than ``budget.size_mb`` or has more files than
    ``budget.files`` (defaults: GitHub Pages' 1 GB, GitLab Pages' 200,000 files), naming the
    largest top-level parts so the reader knows where to look."""
    budget = project.config.budget
    size = sum(entry[1] for entry in manifest.values())
    over = []
    if size > budget.size_mb * 1024 * 1024:
        over.append(f"{_mb(size)}, over budget.size_mb ({budget.size_mb:,} MB)")
    if len(manifest) > budget.files:
        over.append(f"{len(manifest):,} files, over budget.files ({budget.files:,})")
    if over:
        diagnostics.warn(
            Location(project.config_path),
            f"the site is {' and '.join(over)}; largest parts: {largest(manifest)}",
            "GitHub Pages refuses a site over 1 GB and GitLab Pages one over 200,000 files; raise the "
            "budget in sitegen.yml if your host allows more",
        )


def largest(manifest: Mapping[str, ManifestEntry]) -> str:
    """The largest top-level folders (or files), with their size and file count."""
    parts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for path, entry in manifest.items():
        head, slash, _ = path.partition("/")
        part = parts[head + slash]
        part[0] += entry[1]
        part[1] += 1
    ranked = sorted(parts.items(), key=lambda item: (-item[1][0], item[0]))[:LARGEST]
    return ", ".join(f"{name} {_mb(size)} in {count:,} files" for name, (size, count) in ranked)


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"
