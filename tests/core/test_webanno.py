"""The per-document JSON-LD as a Web Annotation consumer reads it: expanded by a JSON-LD
processor (pyld), every annotation's target, kind, attributes, review state, provenance and
note come back exactly as the model has them; a claim's exact text from its quote or, for a
plain-text document, from its target's offsets into the published original."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from pyld import jsonld

from sitegen.build import Built, full_build
from sitegen.model import Origin
from sitegen.site import routes
from sitegen.site.webanno import CONTEXT, VOCAB, W3C_CONTEXT, agents_file, annotation_page, described, document_items
from tests.conftest import SITES, project_at, quiet
from tests.records import KIND_OF
from tests.records import attributes as restored

OA = "http://www.w3.org/ns/oa#"
AS = "http://www.w3.org/ns/activitystreams#"
FOAF = "http://xmlns.com/foaf/0.1/"
DC_CREATOR = "http://purl.org/dc/terms/creator"

# The W3C context's definitions of the terms the files use (https://www.w3.org/ns/anno.jsonld,
# written out here from the Web Annotation Vocabulary, §4, so the test runs offline).
ANNO_TERMS: dict[str, Any] = {
    "oa": OA,
    "as": AS,
    "foaf": FOAF,
    "dcterms": "http://purl.org/dc/terms/",
    "schema": "http://schema.org/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "id": {"@id": "@id", "@type": "@id"},
    "type": {"@id": "@type", "@type": "@id"},
    "Annotation": "oa:Annotation",
    "AnnotationPage": "as:OrderedCollectionPage",
    "AnnotationCollection": "as:OrderedCollection",
    "TextPositionSelector": "oa:TextPositionSelector",
    "Software": "as:Application",
    "Person": "foaf:Person",
    "body": {"@type": "@id", "@id": "oa:hasBody"},
    "target": {"@type": "@id", "@id": "oa:hasTarget"},
    "source": {"@type": "@id", "@id": "oa:hasSource"},
    "selector": {"@type": "@id", "@id": "oa:hasSelector"},
    "start": {"@type": "xsd:nonNegativeInteger", "@id": "oa:start"},
    "end": {"@type": "xsd:nonNegativeInteger", "@id": "oa:end"},
    "creator": {"@type": "@id", "@id": "dcterms:creator"},
    "generator": {"@type": "@id", "@id": "as:generator"},
    "name": "foaf:name",
    "nickname": "foaf:nick",
    "items": {"@type": "@id", "@id": "as:items", "@container": "@list"},
    "partOf": {"@type": "@id", "@id": "as:partOf"},
    "next": {"@type": "@id", "@id": "as:next"},
    "prev": {"@type": "@id", "@id": "as:prev"},
    "startIndex": {"@type": "xsd:nonNegativeInteger", "@id": "as:startIndex"},
}


def loader(site: Path, base_url: str) -> Any:
    """Serves the W3C context and the site's own (from the built site), nothing from the network."""

    def load(url: str, options: Any = None) -> dict[str, Any]:
        if url == W3C_CONTEXT:
            document: Any = {"@context": ANNO_TERMS}
        elif url.startswith(base_url):
            document = json.loads((site / url.removeprefix(base_url)).read_text(encoding="utf-8"))
        else:
            raise AssertionError(f"fetched {url}")
        return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url, "document": document}

    return load


def values(node: dict[str, Any], key: str) -> list[Any]:
    return [v.get("@value", v.get("@id")) for v in node.get(key, [])]


def one(node: dict[str, Any], key: str) -> Any:
    (value,) = values(node, key)
    return value


@pytest.fixture(scope="module")
def tiny_built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Built]:
    """tests/sites/tiny built once, with what the build knew (the model the files must say)."""
    root = tmp_path_factory.mktemp("webanno") / "tiny"
    shutil.copytree(SITES / "tiny", root, ignore=shutil.ignore_patterns("site", ".sitegen-cache"))
    # report.txt has CR LF line ends (its JSON-LD keeps its quotes); "plain" is it with LF only
    (root / "seeds/plain.txt").write_bytes((root / "seeds/report.txt").read_bytes().replace(b"\r\n", b"\n"))
    shutil.copy(root / "content/annotations/report.yml", root / "content/annotations/plain.yml")
    _, built = full_build(project_at(root), log=quiet, keep=True)
    return root / "site", built


def model_records(built: Built, slug: str) -> list[dict[str, Any]]:
    doc = built.analysis.archive.get(slug)
    assert doc is not None
    return [
        {
            "id": ann.id,
            "kind": ann.kind,
            "review": ann.review,
            "start": ann.start,
            "end": ann.end,
            "note": ann.note,
            "exact": doc.source.text[ann.start : ann.end],
            "original": routes.original(doc.source),
            "format": doc.source.format,
            "attributes": dict(ann.attrs),
            "provenance": [(o.kind, o.name, o.version, o.rule, o.line) for o in ann.provenance],
        }
        for ann in doc.annotations
    ]


def origin(node: dict[str, Any]) -> tuple[str, str, str, str, int]:
    """A provenance step from its agent node, as the model has it."""
    if node["@type"] == [AS + "Application"]:
        version = one(node, "http://schema.org/softwareVersion")
        return ("machine", one(node, FOAF + "name"), version, one(node, FOAF + "nick"), 0)
    return ("curated", one(node, VOCAB + "file"), "", one(node, FOAF + "nick"), int(one(node, VOCAB + "line")))


def position(target: Any, flat: dict[str, Any], base: str, record: dict[str, Any]) -> tuple[str, int, int]:
    """(source IRI, start, end) of an expanded target: a ``#char=S,E`` fragment IRI (RFC 5147,
    plain text) or a SpecificResource with a TextPositionSelector (Markdown: the page's text)."""
    if target in flat and OA + "hasSource" in flat[target]:
        node = flat[target]
        selector = flat[one(node, OA + "hasSelector")]
        return one(node, OA + "hasSource"), int(one(selector, OA + "start")), int(one(selector, OA + "end"))
    source, _, fragment = target.partition("#char=")
    start, end = fragment.split(",")
    return source, int(start), int(end)


def attributes(item: dict[str, Any], flat: dict[str, Any], base: str, kind: str) -> dict[str, Any]:
    """An annotation's attributes: its own ``attrs`` with the defaults ``ATTRS_RULE`` leaves
    out, or (an entity mention) those on its entity's node in the archive's entities file, its
    body ``ent:ID.html``, plus ``entity_id``: ``ID`` (``ENTITY_RULE``)."""
    own = item.get(VOCAB + "attributes")
    body = one(item, OA + "hasBody") if OA + "hasBody" in item else ""
    assert not body or (body.startswith(f"{base}entities/") and body.endswith(".html"))

    def node(ident: str) -> dict[str, Any] | None:
        found = flat.get(f"{base}entities/{ident}.html", {}).get(VOCAB + "attributes")
        return None if found is None else dict(found[0]["@value"])

    return restored(None if own is None else dict(own[0]["@value"]), kind, body, node)


def exact(item: dict[str, Any], site: Path, base: str, source: str, record: dict[str, Any]) -> str:
    """A claim's or dispute's text: its ``quote``, or (plain text, no quote) code points START
    to END of the published original its target names."""
    quotes = values(item, VOCAB + "quote")
    original = (site / record["original"]).read_bytes().decode("utf-8")
    if record["format"] != "text" or "\r" in original or original.startswith("\ufeff"):
        (quote,) = quotes  # the offsets count the text a reader sees / the normalised line ends
        return str(quote)
    assert quotes == []
    assert source == f"{base}{record['original']}"
    return original[record["start"] : record["end"]]


def test_webanno_writes_review_only_where_the_creator_does_not_say_it(tiny_built: tuple[Path, Built]) -> None:
    """tests/sites/tiny is all curated: half its annotations are made machine proposals here."""
    _, built = tiny_built
    doc = built.analysis.archive.get("report")
    assert doc is not None
    machine = Origin("machine", "claims.rules", "6", "say:ccomp")
    anns = tuple(replace(a, provenance=(machine,)) if i % 2 else a for i, a in enumerate(doc.annotations))
    mixed = replace(doc, annotations=anns)
    assert {a.review for a in anns} == {"reviewed", "proposed"}
    _, members, *_ = document_items(built.project.config, mixed)
    data = json.loads(b"{" + members + b"}")
    editors = {agent["id"] for agent in data["agents"] if agent["type"] == "Person"}
    assert all("review" not in item for item in data["items"])  # every creator here says it
    said = ["reviewed" if item.get("creator") in editors else "proposed" for item in data["items"]]
    assert said == [a.review for a in anns]


def test_webanno_leaves_out_the_default_kind_creator_and_generator(tiny_built: tuple[Path, Built]) -> None:
    """DEFAULTS_RULE: the id's prefix names the kind, no creator is the machine, no generator is
    the creator alone; a proposal of two steps still lists them."""
    _, built = tiny_built
    doc = built.analysis.archive.get("report")
    assert doc is not None
    machine = Origin("machine", "claims.rules", "6", "say:ccomp")
    steps = [(machine,), (machine, replace(machine, rule="say:xcomp"))]
    anns = tuple(replace(a, provenance=steps[i % 2]) if i % 3 else a for i, a in enumerate(doc.annotations))
    _, members, *_ = document_items(built.project.config, replace(doc, annotations=anns))
    items = json.loads(b"{" + members + b"}")["items"]
    assert all("kind" not in item for item in items)
    for item, ann in zip(items, anns, strict=True):
        assert ("creator" in item) == (ann.review == "reviewed")
        assert ("generator" in item) == (ann.review == "proposed")
        if ann.review == "proposed":
            assert isinstance(item["generator"], list) == (len(ann.provenance) == 2)


@pytest.mark.parametrize("slug", ["report", "notes", "plain"])
def test_webanno_expands_to_every_annotations_facts(tiny_built: tuple[Path, Built], slug: str) -> None:
    site, built = tiny_built
    base = "https://example.org/tiny/"
    url = f"{base}documents/{slug}.jsonld"
    data = json.loads((site / f"documents/{slug}.jsonld").read_text(encoding="utf-8"))
    options = {"documentLoader": loader(site, base), "base": url}
    (page,) = jsonld.expand(data, options)
    assert page["@type"] == [AS + "OrderedCollectionPage"] and page["@id"] == url
    flat = {node["@id"]: node for node in jsonld.flatten(data, None, options)}
    assert one(page, VOCAB + "entityFile") == f"{base}exports/entities.jsonld"
    entities = json.loads((site / "exports/entities.jsonld").read_text(encoding="utf-8"))
    options_there = {"documentLoader": loader(site, base), "base": f"{base}exports/entities.jsonld"}
    described = {node["@id"]: node for node in jsonld.flatten(entities, None, options_there)}
    assert not set(described) & set(flat)  # a document's page describes no entity itself
    flat |= described
    steps = json.loads((site / "exports/agents.jsonld").read_text(encoding="utf-8"))
    options_there = {"documentLoader": loader(site, base), "base": f"{base}exports/agents.jsonld"}
    flat |= {node["@id"]: node for node in jsonld.flatten(steps, None, options_there)}
    items = [flat[item["@id"]] for item in page[AS + "items"][0]["@list"]]
    expected = model_records(built, slug)
    assert "claim" in {r["kind"] for r in expected}  # a quote to recover
    assert [item["@id"] for item in items] == [f"{base}documents/{slug}.html#{r['id']}" for r in expected]
    for item, record in zip(items, expected, strict=True):
        assert item["@type"] == [OA + "Annotation"]
        kind = values(item, VOCAB + "kind") or [KIND_OF[record["id"].partition("-")[0]]]  # DEFAULTS_RULE
        assert kind == [record["kind"]]
        creators = values(item, DC_CREATOR)  # none: the machine (DEFAULTS_RULE)
        said = "reviewed" if creators and flat[one(item, DC_CREATOR)]["@type"] == [FOAF + "Person"] else "proposed"
        assert (values(item, VOCAB + "review") or [said]) == [record["review"]]
        source = f"{base}{record['original']}" if record["format"] == "text" else f"{base}documents/{slug}.html"
        assert position(one(item, OA + "hasTarget"), flat, base, record) == (source, record["start"], record["end"])
        if record["kind"] != "entity":
            assert exact(item, site, base, source, record) == record["exact"]
        assert attributes(item, flat, base, record["kind"]) == record["attributes"]
        steps = values(item, AS + "generator") or creators  # none: the creator, its one step (DEFAULTS_RULE)
        assert [origin(flat[step]) for step in steps] == record["provenance"]
        assert values(item, VOCAB + "note") == ([record["note"]] if record["note"] else [])


def test_webanno_context_file_is_served_and_defines_the_extension_terms(tiny_built: tuple[Path, Built]) -> None:
    site, _ = tiny_built
    served = json.loads((site / "static/sitegen-anno.jsonld").read_text(encoding="utf-8"))
    assert served == CONTEXT
    assert {"kind", "review", "attrs", "agents", "entities", "quote", "note"} <= set(served["@context"])


def test_webanno_writes_no_white_space_and_no_absolute_item_iris(tiny_built: tuple[Path, Built]) -> None:
    site, _ = tiny_built
    raw = (site / "documents/report.jsonld").read_text(encoding="utf-8")
    assert raw.count("\n") == 1 and ": " not in raw.replace('": "', "")
    assert raw.count("https://example.org/") == 5  # the context, @base, src:, ent: and ag:


def test_webanno_entities_file_describes_each_entity_once(tiny_built: tuple[Path, Built]) -> None:
    """ENTITY_RULE: every entity the archive's documents mention has one node, with its
    mentions' attributes but entity_id; no document's page describes one itself."""
    site, built = tiny_built
    data = json.loads((site / "exports/entities.jsonld").read_text(encoding="utf-8"))
    nodes = [node["id"] for node in data["entities"]]
    assert len(nodes) == len(set(nodes))
    mentions = [a for doc in built.analysis.archive.docs for a in doc.annotations if a.kind == "entity"]
    assert sorted(nodes) == sorted({f"ent:{a.attr('entity_id')}.html" for a in mentions})
    described = {node["id"]: node["attrs"] for node in data["entities"]}
    for ann in mentions:
        assert {**described[f"ent:{ann.attr('entity_id')}.html"], "entity_id": ann.attr("entity_id")} == dict(ann.attrs)
    for slug in ("report", "notes", "plain"):
        assert "entities" not in json.loads((site / f"documents/{slug}.jsonld").read_text(encoding="utf-8"))


def test_webanno_leaves_out_what_the_entities_file_and_the_defaults_say(tiny_built: tuple[Path, Built]) -> None:
    """A mention whose attributes are not its entity's (most mentions') says its own; a claim
    leaves out source_kind named and the name of its source's entity (ATTRS_RULE), and says
    "" for one it has none of; every annotation's attributes come back as the model has them."""
    _, built = tiny_built
    doc = built.analysis.archive.get("report")
    assert doc is not None
    sources = iter(
        [
            {"source_kind": "named", "source_entity": "tass", "source_name": "TASS"},
            {"source_kind": "named", "source_entity": "tass", "source_name": "the agency"},
            {"source_entity": "tass"},
        ]
    )
    kyiv = iter([{"entity_type": "organisation"}])
    anns = []
    claim = next(ann for ann in doc.annotations if ann.kind == "claim")
    place = next(ann for ann in doc.annotations if ann.attr("entity_id") == "kyiv")
    # three claims; three mentions of Kyiv, one of them an organisation
    for ann in (*doc.annotations, replace(claim, id=claim.id + "2"), replace(place, id=place.id + "2")):
        attrs = dict(ann.attrs)
        if ann.kind == "claim":
            attrs = next(sources, attrs)
        elif ann.attr("entity_id") == "kyiv":
            attrs |= next(kyiv, {})
        anns.append(replace(ann, attrs=tuple(sorted(attrs.items()))))
    assert next(sources, None) is None and next(kyiv, None) is None  # each case is in the document
    changed = replace(doc, annotations=tuple(anns))
    config = built.project.config
    target, members, facts, steps = document_items(config, changed)
    other = next(d for d in built.analysis.archive.docs if d.source.slug == "notes")
    archive = described([facts, document_items(config, other)[2]], [steps])
    nodes = archive.entities
    assert nodes["ent:kyiv.html"] == {"entity_type": "place", "name": "Kyiv"}  # most mentions'
    page = json.loads(annotation_page(config, ["notes", "report"], 1, target, members, archive))
    items = page["items"]
    said = [item.get("attrs") for item in items if item["id"].startswith("#c-")]
    assert said == [
        {"source_entity": "tass"},
        {"source_entity": "tass", "source_name": "the agency"},
        {"source_entity": "tass", "source_kind": "", "source_name": ""},
    ]
    assert [item.get("attrs") for item in items if item.get("body") == "ent:kyiv.html"].count(None) == 2

    def node(ident: str) -> dict[str, Any] | None:
        return nodes.get(f"ent:{ident}.html")

    for item, ann in zip(items, anns, strict=True):
        assert restored(item.get("attrs"), ann.kind, item.get("body", ""), node) == dict(ann.attrs)


def test_webanno_names_the_annotators_steps_the_archive_describes_once(tiny_built: tuple[Path, Built]) -> None:
    """AGENT_RULE: an annotator's step is ag:N, node N of exports/agents.jsonld, the same in
    every document; an editor's entry stays a node of the page."""
    _, built = tiny_built
    config = built.project.config
    machine = Origin("machine", "claims.rules", "6", "say:ccomp")
    steps = [(machine,), (machine, replace(machine, rule="say:xcomp"))]
    made = []
    for slug in ("report", "notes"):
        doc = built.analysis.archive.get(slug)
        assert doc is not None
        anns = tuple(replace(a, provenance=steps[i % 2]) if i % 3 else a for i, a in enumerate(doc.annotations))
        made.append((anns, document_items(config, replace(doc, annotations=anns))))
    archive = described([found[2] for _, found in made], [found[3] for _, found in made])
    assert archive.agents == (("claims.rules", "6", "say:ccomp"), ("claims.rules", "6", "say:xcomp"))
    listed = json.loads(agents_file(config, archive))["agents"]
    for index, (anns, (target, members, _, _)) in enumerate(made):
        page = json.loads(annotation_page(config, ["report", "notes"], index, target, members, archive))
        nodes = {agent["id"]: agent for agent in page["agents"]}
        nodes |= {"ag:" + agent["id"].removeprefix("#"): agent for agent in listed}
        assert all(agent["type"] == "Person" or agent["id"] == "_:m" for agent in page["agents"])
        for item, ann in zip(page["items"], anns, strict=True):
            said = item.get("generator", item.get("creator"))
            named = said if isinstance(said, list) else [said]
            assert [(nodes[n].get("name"), nodes[n].get("nickname")) for n in named] == [
                (o.name if o.kind == "machine" else "editor", o.rule) for o in ann.provenance
            ]
