"""The order of sitegen's parts, lowest first: each may import only from the layers before it.

Sub-packages and top-level modules are the units. A part knows less the lower it sits: the
shared model knows nothing of the stages, the stages know nothing of the orchestrator, and only
the commands at the top see everything. ``tests/core/test_layers.py`` fails on an import that
points up this list, or sideways within a layer, and on any import cycle between modules.
"""

from __future__ import annotations

LAYERS: tuple[tuple[str, ...], ...] = (
    ("errors",),
    ("names",),  # bounded file and page names
    ("plugins",),  # entry points: annotators, markdown-it plugins, page-context hooks
    ("model",),  # frozen data passed between stages; imports nothing of ours but errors
    ("runtime",),  # executors, the spool, the stage clock, low-level helpers
    ("output",),  # staging, atomic swap and file replacement, link check: files, not stages
    ("config",),
    ("sources",),  # discover, read, Markdown, YAML with line marks, schemas
    ("annotate",),  # machine proposals (spaCy only here), their cache
    ("curate",),  # curated files, anchoring, ids, the lock, review files
    ("project",),  # sitegen.yml → Project
    ("render",),  # annotated document → HTML fragments
    ("analyse",),  # settle, anchor, merge, link: → AnnotatedDoc
    ("site",),  # routes, views, templates, pages, exports, overview, sitemap
    ("search",),  # entries, index, shards
    ("documents",),  # the per-document pass: one document, from its seed to its pages and parts
    ("build",),  # the orchestrator: one line per stage
    ("serve", "evaluate", "scaffold"),
    ("deploy",),
    ("cli",),
)
"""Every sub-package and top-level module of ``sitegen``, by layer."""
