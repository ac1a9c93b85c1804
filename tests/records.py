"""A built document's annotation records, read back from what the site publishes.

Pages no longer embed their records (#23: one copy of each annotation per page); a consumer
reads them from the document's JSON-LD (``documents/SLUG.jsonld``), with the words of an
entity mention from its marks on the page. Tests that need every annotation of a page use
this instead of parsing the page's markup.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

MARK = re.compile(r"<mark class=\"hl[^\"]*\"(?P<attrs>[^>]*)>(?P<text>[^<]*)</mark>")
ATTR = re.compile(r'(id|data-ann)="([^"]*)"')
MACHINE = "_:m"
"""The creator an item that names none has (``DEFAULTS_RULE`` in sitegen.site.webanno)."""
KIND_OF = {"c": "claim", "d": "dispute", "e": "entity"}
"""The kind an item that names none has, by its id's prefix (``DEFAULTS_RULE``)."""


def mark_texts(page: str) -> dict[str, str]:
    """Annotation id → the text of its marks on ``page``, in reading order."""
    found: dict[str, list[str]] = {}
    for mark in MARK.finditer(page):
        attrs = dict(ATTR.findall(mark.group("attrs")))
        for ident in (attrs.get("data-ann", "") + " " + attrs.get("id", "")).split():  # id: its first mark
            found.setdefault(ident, []).append(html.unescape(mark.group("text")))
    return {ident: "".join(texts) for ident, texts in found.items()}


def position(target: Any) -> tuple[int, int]:
    """(start, end) of a target: ``src:S,E`` (plain text: ORIGINAL#char=S,E) or a
    TextPositionSelector."""
    if isinstance(target, str):
        start, end = target.removeprefix("src:").split(",")
        return int(start), int(end)
    return target["selector"]["start"], target["selector"]["end"]


def origin(agent: dict[str, Any]) -> dict[str, Any]:
    """A provenance step as the model has it, from its agent node."""
    if agent["type"] == "Software":
        return {
            "kind": "machine",
            "name": agent["name"],
            "version": agent["version"],
            "rule": agent["nickname"],
            "line": 0,
        }
    return {"kind": "curated", "name": agent["file"], "version": "", "rule": agent["nickname"], "line": agent["line"]}


def attributes(
    own: dict[str, Any] | None, kind: str, body: str, node: Callable[[str], dict[str, Any] | None]
) -> dict[str, Any]:
    """An annotation's attributes from its ``attrs`` (``own``) and ``node`` (entity id → the
    attributes its node in the archive's entities file holds, None if it has none):
    ``ENTITY_RULE`` and ``ATTRS_RULE`` in sitegen.site.webanno."""
    if own is None and kind == "entity" and body:  # the mention's attributes are its entity's
        ident = body.rpartition("/")[2].removeprefix("ent:").removesuffix(".html")
        return {**(node(ident) or {}), "entity_id": ident}
    attrs = dict(own or {})
    if kind == "claim":
        attrs.setdefault("source_kind", "named")
    if "source_entity" in attrs and "source_name" not in attrs:
        attrs["source_name"] = (node(attrs["source_entity"]) or {})["name"]
    return {key: value for key, value in attrs.items() if value != "" or key not in ("source_kind", "source_name")}


def records(site: Path, slug: str) -> list[dict[str, Any]]:
    """Every annotation of document ``slug`` in the built ``site``: id, kind, start, end, exact,
    attributes, provenance, note and review, in document order."""
    data = json.loads((site / "documents" / f"{slug}.jsonld").read_text(encoding="utf-8"))
    agents = {agent["id"]: agent for agent in data["agents"]}
    shared = json.loads((site / "exports/agents.jsonld").read_text(encoding="utf-8"))
    agents |= {"ag:" + agent["id"].removeprefix("#"): agent for agent in shared["agents"]}  # AGENT_RULE
    described = json.loads((site / "documents" / data["entityFile"]).read_text(encoding="utf-8"))
    entities = {entity["id"]: entity["attrs"] for entity in described["entities"]}  # but entity_id
    marks = mark_texts((site / "documents" / f"{slug}.html").read_text(encoding="utf-8"))
    found = []

    def node(ident: str) -> dict[str, Any] | None:
        return entities.get(f"ent:{ident}.html")

    for item in data["items"]:
        ident = item["id"].removeprefix("#")
        kind = item.get("kind", KIND_OF[ident.partition("-")[0]])
        start, end = position(item["target"])
        creator = item.get("creator", MACHINE)  # DEFAULTS_RULE
        generator = item.get("generator", creator)
        steps = generator if isinstance(generator, list) else [generator]
        found.append(
            {
                "id": ident,
                "kind": kind,
                "start": start,
                "end": end,
                "exact": item.get("quote", marks.get(ident, "")),
                "attributes": attributes(item.get("attrs"), kind, item.get("body", ""), node),
                "provenance": [origin(agents[step]) for step in steps],
                "note": item.get("note", ""),
                "review": item.get("review", "proposed" if agents[creator]["type"] == "Software" else "reviewed"),
            }
        )
    return found
