"""A document's annotations as a compact W3C Web Annotation ``AnnotationPage`` (JSON-LD).

Compact, not lossy (#23: 90 kB a document before, most of it repeated URLs and one body per
tag): IRIs are relative to the page's ``@base`` or written with the prefixes ``src:`` (the
original file) and ``ent:`` (the entities' folder), each
provenance step is a node written once per file and referred to, an entity's facts sit once in
the archive, on its page's node in ``exports/entities.jsonld`` (the annotation's
``identifying`` body), and sitegen's own facts are terms of the context
``static/sitegen-anno.jsonld`` (``CONTEXT``). ``tests/core/test_webanno.py`` expands a page
with the entities file and recovers every annotation's target, kind, attributes, review state
and provenance.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import orjson

from sitegen.config import SiteConfig
from sitegen.curate.ids import ID_PREFIX
from sitegen.model import AnnotatedDoc, Annotation, Origin, Page
from sitegen.site import routes

W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
VOCAB = "tag:annotated-archive,2026:"
"""sitegen's terms (a ``tag:`` IRI, RFC 4151: stable, owned, never fetched)."""
MACHINE = "_:m"
"""The creator of every machine proposal nobody reviewed."""
REVIEW_RULE = "creator _:m (the machine): proposed; creator an editor (a Person): reviewed"
"""What an annotation's ``creator`` says of its review state; ``review`` is written only where
it says otherwise (#23: 40 bytes an annotation)."""
DEFAULTS_RULE = (
    "no kind: the kind its id's prefix names (#c- claim, #d- dispute, #e- entity);"
    " no creator: _:m (the machine); no generator: the creator, its one step"
)
"""What an annotation that leaves out ``kind``, ``creator`` or ``generator`` has (#23: each
written only where it differs from this default, 35 bytes an annotation)."""
ATTRS_RULE = (
    'a claim\'s attrs without source_kind have source_kind named (source_kind "" says it has none);'
    " attrs with source_entity but no source_name have the name of that entity's node, in entityFile"
    ' (source_name "" says they have none)'
)
"""What a claim's ``attrs`` that leave out ``source_kind`` or ``source_name`` have (#23: most
claims are a named source's, whose name is its entity's, 0.9 kB a document at the benchmark's
density)."""
ENTITY_RULE = (
    "an entity mention's body ent:ID.html is described once for the archive, in entityFile:"
    " its attrs are those most of its mentions have, but entity_id, which is ID;"
    " a mention with other attrs says them itself"
)
"""Where an entity mention's attributes are (#23: one copy for the archive, not one for each
document that mentions it, 2.8 kB a document at the benchmark's density)."""
AGENT_RULE = "an annotator's step ag:N is described once for the archive, in the agents file ag: names"
"""Where the steps of an annotation's history that an annotator made are (#23: the same few
dozen rules in every document's ``agents``, 1.9 kB a document at the benchmark's density);
an editor's entries stay in the page's ``agents``, blank nodes ``_:gN``."""
DEFAULT_SOURCE_KIND = "named"


CONTEXT_PATH = routes.static("sitegen-anno.jsonld")
CONTEXT: dict[str, Any] = {
    "@context": {
        "sg": VOCAB,
        "kind": "sg:kind",
        "review": "sg:review",
        "quote": "sg:quote",
        "note": "sg:note",
        "version": "http://schema.org/softwareVersion",
        "file": "sg:file",
        "line": {"@id": "sg:line", "@type": "http://www.w3.org/2001/XMLSchema#integer"},
        "attrs": {"@id": "sg:attributes", "@type": "@json"},
        "agents": {"@id": "sg:agents", "@container": "@set"},
        "entities": {"@id": "sg:entities", "@container": "@set"},
        "entityFile": {"@id": "sg:entityFile", "@type": "@id"},
        "agentFile": {"@id": "sg:agentFile", "@type": "@id"},
    },
    "comment": [
        "review is written only where creator does not say it: " + REVIEW_RULE,
        "kind, creator and generator are written only where they differ from the default: " + DEFAULTS_RULE,
        ENTITY_RULE,
        ATTRS_RULE,
        AGENT_RULE,
        "quote is written only where the target does not give the exact text: a plain-text document's"
        " target src:S,E is code points S to E of the published original, its exact text, when that"
        " file has no byte-order mark and no CR line ends (else the offsets count them normalised)",
    ],
}
"""The extension terms: ``kind`` (``claim``, ``dispute``, ``entity``, …), ``review``
(``reviewed`` or ``proposed``, written only against ``REVIEW_RULE``), ``quote`` (a claim's or
dispute's exact text, written only where the target does not give it: a plain-text document's
target ``src:S,E`` is code points ``S`` to ``E`` of the published original, that text, unless
the file has a byte-order mark or CR line ends, which the offsets count normalised), ``note``, an
agent's ``version``, ``file`` and ``line``,
``attrs`` (the annotation's attributes, a JSON object as it is, less the defaults of
``ATTRS_RULE``), the file's ``agents`` (nodes the annotations refer to), ``entityFile`` (the
archive's ``exports/entities.jsonld``) and its ``entities`` (an entity node ``ent:ID.html``
holds the attributes most of its mentions have but ``entity_id``, which is ``ID``:
``ENTITY_RULE``)."""


def context_page() -> Page:
    return Page(CONTEXT_PATH, orjson.dumps(CONTEXT) + b"\n")


@dataclass(frozen=True, slots=True)
class _Urls:
    """What a document's IRIs are written against."""

    page: str
    """The document page: ``@base``, so an annotation's id is ``#ID``, a page's link."""
    text: bool
    """Whether selectors point into the original file (plain text: ``src:S,E``, which is
    ``ORIGINAL#char=S,E``, RFC 5147)
    or into the page's text (Markdown: a ``TextPositionSelector`` on the page)."""
    verbatim: bool
    """Whether the original file is the document's text as it is (no byte-order mark, no CR
    line ends, which reading normalises): then a target's offsets give a claim's exact text."""


Facts = tuple[tuple[str, str, int], ...]
"""A document's entity mentions by entity and attributes: (entity node ``ent:ID.html``, its
attributes as JSON, how many mentions have them)."""
Machines = tuple[tuple[str, str, str], ...]
"""The annotators' steps a document's annotations name: (name, version, rule)."""


def document_items(config: SiteConfig, doc: AnnotatedDoc) -> tuple[str, bytes, Facts, Machines]:
    """The IRI selectors point into (``src:``, for plain text), the ``agents`` and ``items``
    members of the document's page, serialized without their braces, every entity mention with
    its attributes (``annotation_page`` leaves out those its entity's node says), the facts
    its mentions give of each entity and its annotators' steps (``described`` makes the
    archive's nodes of them)."""
    source = doc.source
    text = source.format == "text"
    verbatim = text and b"\r" not in source.raw and not source.raw.startswith(b"\xef\xbb\xbf")
    urls = _Urls(routes.absolute(config.base_url, routes.document(source.slug)), text, verbatim)
    agents: dict[Origin, str] = {}
    facts: Counter[tuple[str, bytes]] = Counter()
    items = [_annotation(urls, doc, ann, agents, facts) for ann in doc.annotations]
    members = {
        "agents": [{"id": ident, **_agent(origin)} for origin, ident in agents.items()]
        + [{"id": MACHINE, "type": "Software", "name": "sitegen machine proposal (not reviewed)"}],
        "items": items,
    }
    target = routes.absolute(config.base_url, routes.original(source)) + "#" if urls.text else ""
    found = tuple(sorted((page, said.decode("utf-8"), count) for (page, said), count in facts.items()))
    machines = tuple(sorted(_machine(origin) for origin in agents if origin.kind == "machine"))
    return target, orjson.dumps(members)[1:-1], found, machines


def _annotation(
    urls: _Urls, doc: AnnotatedDoc, ann: Annotation, agents: dict[Origin, str], facts: Counter[tuple[str, bytes]]
) -> dict[str, Any]:
    text = doc.source.text
    item: dict[str, Any] = {"id": f"#{ann.id}", "type": "Annotation"}
    if not ann.id.startswith(ID_PREFIX.get(ann.kind, "?") + "-"):  # else the id says it (DEFAULTS_RULE)
        item["kind"] = ann.kind
    attrs = dict(ann.attrs)
    if ann.kind == "claim":  # ATTRS_RULE: the common source kind is the default
        kind = attrs.pop("source_kind", "")
        if kind != DEFAULT_SOURCE_KIND:
            attrs["source_kind"] = kind
    entity = ann.attr("entity_id")
    if ann.kind == "entity" and entity:
        page = _entity_node(entity)
        item["body"] = page  # the entity, whose page names it (an identifying body)
        facts[page, orjson.dumps(_facts(attrs), option=orjson.OPT_SORT_KEYS)] += 1
    if attrs:
        item["attrs"] = attrs
    if urls.text:
        item["target"] = f"src:{ann.start},{ann.end}"  # ORIGINAL#char=START,END
    else:
        position = {"type": "TextPositionSelector", "start": ann.start, "end": ann.end}
        item["target"] = {"source": "", "selector": position}
    if ann.kind != "entity" and not urls.verbatim:  # else the target's offsets give its text
        item["quote"] = text[ann.start : ann.end]
    if ann.note:
        item["note"] = ann.note
    steps = [agents.setdefault(origin, f"_:g{len(agents)}") for origin in ann.provenance]
    curated = [step for step, origin in zip(steps, ann.provenance, strict=True) if origin.kind == "curated"]
    creator = curated[-1] if ann.review == "reviewed" and curated else MACHINE
    if creator != MACHINE:  # the default (DEFAULTS_RULE)
        item["creator"] = creator
    if ann.review != ("proposed" if creator == MACHINE else "reviewed"):
        item["review"] = ann.review  # only where the creator does not say it (REVIEW_RULE)
    if steps != [creator]:  # the default: the creator, its one step (DEFAULTS_RULE)
        item["generator"] = steps[0] if len(steps) == 1 else steps
    return item


def _entity_node(entity: str) -> str:
    """An entity's node: its page, relative to the entities' folder (``ent:``)."""
    return "ent:" + routes.relative(routes.entity("x"), routes.entity(entity))


def _facts(attrs: dict[str, Any]) -> dict[str, Any]:
    """A mention's attributes as its entity's node says them: all but ``entity_id``, the
    node's name."""
    return {key: value for key, value in attrs.items() if key != "entity_id"}


def _machine(origin: Origin) -> tuple[str, str, str]:
    return origin.name, origin.version, origin.rule


def _machine_of(agent: dict[str, Any]) -> tuple[str, str, str] | None:
    """The annotator's step an agent node is (None: an editor's entry or the machine, ``_:m``)."""
    if agent["type"] != "Software" or "version" not in agent:
        return None
    return agent["name"], agent["version"], agent["nickname"]


def _agent(origin: Origin) -> dict[str, str | int]:
    """A step of an annotation's history: the annotator (its version, the rule that fired as
    ``nickname``) or the editor's curated entry (its action as ``nickname``, file and line)."""
    if origin.kind == "machine":
        return {"type": "Software", "name": origin.name, "version": origin.version, "nickname": origin.rule}
    return {"type": "Person", "name": "editor", "nickname": origin.rule, "file": origin.name, "line": origin.line}


Nodes = dict[str, dict[str, Any]]
"""The archive's entities: node ``ent:ID.html`` → the attributes most of its mentions have."""


@dataclass(frozen=True, slots=True)
class Described:
    """What the archive describes once, for every document's page to refer to."""

    entities: Nodes
    """In ``exports/entities.jsonld`` (``ENTITY_RULE``)."""
    agents: Machines
    """In ``exports/agents.jsonld``, sorted: step ``N`` of the list is ``ag:N`` (``AGENT_RULE``)."""


def described(facts: Iterable[Facts], machines: Iterable[Machines]) -> Described:
    """Each entity's node, from what every document's mentions give of it (the attributes most
    mentions have; of two as common, the first in JSON's order), and every annotator's step."""
    counts: dict[str, Counter[str]] = {}
    for found in facts:
        for page, said, count in found:
            counts.setdefault(page, Counter())[said] += count
    nodes = {page: orjson.loads(min(said, key=lambda one: (-said[one], one))) for page, said in sorted(counts.items())}
    return Described(nodes, tuple(sorted({step for steps in machines for step in steps})))


def annotation_page(
    config: SiteConfig, slugs: list[str], index: int, target: str, members: bytes, archive: Described
) -> bytes:
    """One document's annotations as a page of the archive's collection (``partOf``/``next``);
    ``target`` and ``members`` are what ``document_items`` made, written against what the
    ``archive`` describes once (``ENTITY_RULE``, ``ATTRS_RULE``, ``AGENT_RULE``)."""
    here = routes.document(slugs[index])
    local: dict[str, Any] = {
        "@base": routes.absolute(config.base_url, here),
        "ent": _folder(config, routes.entity("x")),
        "ag": routes.absolute(config.base_url, routes.ARCHIVE_AGENTS) + "#",
    }
    if target:  # "src:S,E" is ORIGINAL#char=S,E; "=" is no gen-delim, hence @prefix (JSON-LD 1.1)
        local["src"] = {"@id": target + "char=", "@prefix": True}
    head: dict[str, Any] = {
        "@context": [W3C_CONTEXT, routes.absolute(config.base_url, CONTEXT_PATH), local],
        "id": routes.relative(here, routes.jsonld(slugs[index])),
        "type": "AnnotationPage",
        "partOf": routes.relative(here, routes.ARCHIVE_JSONLD),
        "entityFile": routes.relative(here, routes.ARCHIVE_ENTITIES),
        "startIndex": index,
    }
    if index + 1 < len(slugs):
        head["next"] = routes.relative(here, routes.jsonld(slugs[index + 1]))
    if index > 0:
        head["prev"] = routes.relative(here, routes.jsonld(slugs[index - 1]))
    page = orjson.loads(b"{" + members + b"}")
    shared = _shared_steps(page["agents"], archive.agents)
    page["agents"] = [agent for agent in page["agents"] if agent["id"] not in shared]
    for item in page["items"]:
        _said_by_nodes(item, archive.entities)
        for key in ("creator", "generator"):
            if key in item:
                said = item[key]
                item[key] = [shared.get(s, s) for s in said] if isinstance(said, list) else shared.get(said, said)
    return orjson.dumps(head | page) + b"\n"


def _shared_steps(agents: list[dict[str, Any]], described: Machines) -> dict[str, str]:
    """The page's agent nodes the archive describes once: their ids there (``AGENT_RULE``)."""
    numbered = {step: f"ag:{n}" for n, step in enumerate(described)}
    shared = {}
    for agent in agents:
        step = _machine_of(agent)
        if step is not None and step in numbered:
            shared[agent["id"]] = numbered[step]
    return shared


def _said_by_nodes(item: dict[str, Any], nodes: Nodes) -> None:
    """Leave out of an item's ``attrs`` what the entities' nodes say (``ENTITY_RULE``,
    ``ATTRS_RULE``): a mention's attributes its entity's node has, a source's name its
    entity's node has; a source with an entity and no name says ``""``."""
    attrs = item.get("attrs")
    if attrs is None:
        return
    body = item.get("body")
    if isinstance(body, str) and nodes.get(body) == _facts(attrs):
        del item["attrs"]
        return
    source = attrs.get("source_entity")
    if source:
        named = nodes.get(_entity_node(source), {}).get("name")
        if attrs.get("source_name", "") == named:
            del attrs["source_name"]
        elif "source_name" not in attrs and named is not None:
            attrs["source_name"] = ""


def entities_file(config: SiteConfig, archive: Described) -> bytes:
    """The archive's entities, each described once (``ENTITY_RULE``): what every document's
    ``entityFile`` names."""
    here = routes.ARCHIVE_ENTITIES
    data = {
        "@context": [
            W3C_CONTEXT,
            routes.absolute(config.base_url, CONTEXT_PATH),
            {"@base": routes.absolute(config.base_url, here), "ent": _folder(config, routes.entity("x"))},
        ],
        "id": routes.relative(here, here),
        "entities": [{"id": page, "attrs": attrs} for page, attrs in archive.entities.items()],
    }
    return orjson.dumps(data) + b"\n"


def agents_file(config: SiteConfig, archive: Described) -> bytes:
    """Every annotator's step the archive's annotations name, each described once
    (``AGENT_RULE``): ``ag:N`` in every document's page."""
    here = routes.ARCHIVE_AGENTS
    agents = [
        {"id": f"#{n}", "type": "Software", "name": name, "version": version, "nickname": rule}
        for n, (name, version, rule) in enumerate(archive.agents)
    ]
    data = {
        "@context": [
            W3C_CONTEXT,
            routes.absolute(config.base_url, CONTEXT_PATH),
            {"@base": routes.absolute(config.base_url, here)},
        ],
        "id": routes.relative(here, here),
        "agents": agents,
    }
    return orjson.dumps(data) + b"\n"


def _folder(config: SiteConfig, path: str) -> str:
    """The absolute URL of ``path``'s folder, with its slash."""
    return routes.absolute(config.base_url, path).rpartition("/")[0] + "/"
