"""A document's annotations as a compact W3C Web Annotation ``AnnotationPage`` (JSON-LD).

Compact, not lossy (#23: 90 kB a document before, most of it repeated URLs and one body per
tag): IRIs are relative to the page's ``@base`` or written with the prefixes ``src:`` (the
original file) and ``ent:`` (the entities' folder), each
provenance step is a node written once per file and referred to, an entity's facts sit once on
its page's node (the annotation's ``identifying`` body), and sitegen's own facts are terms of
the context ``static/sitegen-anno.jsonld`` (``CONTEXT``). ``tests/core/test_webanno.py`` expands
a page and recovers every annotation's target, kind, attributes, review state and provenance.
"""

from __future__ import annotations

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
    },
    "comment": [
        "review is written only where creator does not say it: " + REVIEW_RULE,
        "kind, creator and generator are written only where they differ from the default: " + DEFAULTS_RULE,
        "an entity node ent:ID.html holds its mentions' attrs but entity_id, which is ID",
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
``attrs`` (the annotation's attributes, a JSON object as it is), and the file's ``agents`` and
``entities`` (nodes the annotations refer to; an entity node ``ent:ID.html`` holds the
attributes of its mentions but ``entity_id``, which is ``ID``)."""


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


def document_items(config: SiteConfig, doc: AnnotatedDoc) -> tuple[str, bytes]:
    """The IRI selectors point into (``src:``, for plain text) and the ``agents``, ``entities``
    and ``items`` members of the document's page, serialized without their braces
    (``annotation_page`` puts them inside its object)."""
    source = doc.source
    text = source.format == "text"
    verbatim = text and b"\r" not in source.raw and not source.raw.startswith(b"\xef\xbb\xbf")
    urls = _Urls(routes.absolute(config.base_url, routes.document(source.slug)), text, verbatim)
    agents: dict[Origin, str] = {}
    entities: dict[str, dict[str, Any]] = {}
    items = [_annotation(urls, doc, ann, agents, entities) for ann in doc.annotations]
    members = {
        "agents": [{"id": ident, **_agent(origin)} for origin, ident in agents.items()]
        + [{"id": MACHINE, "type": "Software", "name": "sitegen machine proposal (not reviewed)"}],
        "entities": list(entities.values()),
        "items": items,
    }
    target = routes.absolute(config.base_url, routes.original(source)) + "#" if urls.text else ""
    return target, orjson.dumps(members)[1:-1]


def _annotation(
    urls: _Urls, doc: AnnotatedDoc, ann: Annotation, agents: dict[Origin, str], entities: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    text = doc.source.text
    item: dict[str, Any] = {"id": f"#{ann.id}", "type": "Annotation"}
    if not ann.id.startswith(ID_PREFIX.get(ann.kind, "?") + "-"):  # else the id says it (DEFAULTS_RULE)
        item["kind"] = ann.kind
    attrs = dict(ann.attrs)
    entity = ann.attr("entity_id")
    if ann.kind == "entity" and entity:
        page = "ent:" + routes.relative(routes.entity("x"), routes.entity(entity))
        facts = {key: value for key, value in attrs.items() if key != "entity_id"}  # the node's id says it
        known = entities.setdefault(page, {"id": page, "attrs": facts})
        item["body"] = page  # the entity, whose page names it (an identifying body)
        if known["attrs"] != facts:  # a mention whose facts differ says them itself
            item["attrs"] = attrs
    elif attrs:
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


def _agent(origin: Origin) -> dict[str, str | int]:
    """A step of an annotation's history: the annotator (its version, the rule that fired as
    ``nickname``) or the editor's curated entry (its action as ``nickname``, file and line)."""
    if origin.kind == "machine":
        return {"type": "Software", "name": origin.name, "version": origin.version, "nickname": origin.rule}
    return {"type": "Person", "name": "editor", "nickname": origin.rule, "file": origin.name, "line": origin.line}


def annotation_page(config: SiteConfig, slugs: list[str], index: int, target: str, members: bytes) -> bytes:
    """One document's annotations as a page of the archive's collection (``partOf``/``next``);
    ``target`` and ``members`` are what ``document_items`` made."""
    here = routes.document(slugs[index])
    local: dict[str, Any] = {
        "@base": routes.absolute(config.base_url, here),
        "ent": _folder(config, routes.entity("x")),
    }
    if target:  # "src:S,E" is ORIGINAL#char=S,E; "=" is no gen-delim, hence @prefix (JSON-LD 1.1)
        local["src"] = {"@id": target + "char=", "@prefix": True}
    head: dict[str, Any] = {
        "@context": [W3C_CONTEXT, routes.absolute(config.base_url, CONTEXT_PATH), local],
        "id": routes.relative(here, routes.jsonld(slugs[index])),
        "type": "AnnotationPage",
        "partOf": routes.relative(here, routes.ARCHIVE_JSONLD),
        "startIndex": index,
    }
    if index + 1 < len(slugs):
        head["next"] = routes.relative(here, routes.jsonld(slugs[index + 1]))
    if index > 0:
        head["prev"] = routes.relative(here, routes.jsonld(slugs[index - 1]))
    return orjson.dumps(head)[:-1] + b"," + members + b"}\n"


def _folder(config: SiteConfig, path: str) -> str:
    """The absolute URL of ``path``'s folder, with its slash."""
    return routes.absolute(config.base_url, path).rpartition("/")[0] + "/"
