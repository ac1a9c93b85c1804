"""Metadata written the way Hugo, Jekyll and MkDocs users write it: common names are read as
ours (``date`` → ``published``), others get a hint that says what sitegen does instead."""

from __future__ import annotations

import re

from sitegen.errors import Diagnostics
from sitegen.sources.schema import where
from sitegen.sources.yamlsource import Located, LocatedList, LocatedMap, Value

ALIASES = {"date": "published", "lang": "language", "authors": "author"}
"""Another generator's name → ours."""
NO_TAGS = "sitegen has no tags: entities (content/entities.yml) and annotations connect documents; remove it"
FROM_FILE_NAME = "a document's URL comes from its file name (seeds/NAME.txt → documents/NAME.html); remove it"
HINTS = {
    "description": "sitegen keeps an editor's note in 'notes'",
    "summary": "sitegen keeps an editor's note in 'notes'",
    "tags": NO_TAGS,
    "categories": NO_TAGS,
    "keywords": NO_TAGS,
    "draft": "sitegen publishes every document in seeds/; keep drafts outside it",
    "layout": "every document uses the theme's document.html; override it in custom_dir (overrides/templates/)",
    "template": "every document uses the theme's document.html; override it in custom_dir (overrides/templates/)",
    "slug": FROM_FILE_NAME,
    "permalink": FROM_FILE_NAME,
    "url": "the original's address is 'source_url' (a copy's is 'archived_url')",
    "link": "the original's address is 'source_url' (a copy's is 'archived_url')",
    "weight": "documents are listed by 'published' date; remove it",
    "lastmod": "sitegen does not track edits; say it in 'notes' if it matters",
    "last_modified_at": "sitegen does not track edits; say it in 'notes' if it matters",
}
"""Another generator's name with no counterpart → what to do instead."""
TIMESTAMP = re.compile(r"(\d{4}-\d{2}-\d{2})[T ]\d{1,2}:\d{2}")


def with_our_names(node: LocatedMap, diagnostics: Diagnostics) -> LocatedMap:
    """``node`` with aliases renamed and foreign keys reported (and dropped, so each shows once)."""
    ours = {str(key.value) for key, _ in node.items if str(key.value) not in ALIASES}
    items: list[tuple[Located, Value]] = []
    for key, value in node.items:
        name = str(key.value)
        if name in HINTS:
            diagnostics.error(where(key), f"unknown key {name!r}", HINTS[name])
        elif name in ALIASES and ALIASES[name] in ours:
            diagnostics.error(where(key), f"both {name!r} and {ALIASES[name]!r} are given", f"keep {ALIASES[name]!r}")
        elif name in ALIASES:
            renamed = Located(ALIASES[name], key.path, key.line, key.col)
            items.append((renamed, _aliased_value(name, value)))
        else:
            items.append((key, value))
    return LocatedMap(tuple(items), node.path, node.line, node.col)


def _aliased_value(name: str, value: Value) -> Value:
    """A Hugo timestamp as its date; MkDocs' list of authors as one line."""
    if name == "date" and isinstance(value, Located) and isinstance(value.value, str):
        match = TIMESTAMP.match(value.value)
        if match:
            return Located(match.group(1), value.path, value.line, value.col)
    if name == "authors" and isinstance(value, LocatedList) and all(isinstance(v, Located) for v in value.items):
        names = ", ".join(str(v.value) for v in value.items if isinstance(v, Located))
        return Located(names, value.path, value.line, value.col)
    return value
