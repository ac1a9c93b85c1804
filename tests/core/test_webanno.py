"""The per-document JSON-LD as a Web Annotation consumer reads it: expanded by a JSON-LD
processor (pyld), every annotation's target, kind, attributes, review state and provenance
come back exactly as the model has them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from pyld import jsonld

from sitegen.build import Built, full_build
from sitegen.site import routes
from sitegen.site.webanno import CONTEXT, VOCAB, W3C_CONTEXT
from tests.conftest import SITES, project_at, quiet

OA = "http://www.w3.org/ns/oa#"
AS = "http://www.w3.org/ns/activitystreams#"
FOAF = "http://xmlns.com/foaf/0.1/"

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


@pytest.mark.parametrize("slug", ["report", "notes"])
def test_webanno_expands_to_every_annotations_facts(tiny_built: tuple[Path, Built], slug: str) -> None:
    site, built = tiny_built
    base = "https://example.org/tiny/"
    url = f"{base}documents/{slug}.jsonld"
    data = json.loads((site / f"documents/{slug}.jsonld").read_text(encoding="utf-8"))
    options = {"documentLoader": loader(site, base), "base": url}
    (page,) = jsonld.expand(data, options)
    assert page["@type"] == [AS + "OrderedCollectionPage"] and page["@id"] == url
    flat = {node["@id"]: node for node in jsonld.flatten(data, None, options)}
    items = [flat[item["@id"]] for item in page[AS + "items"][0]["@list"]]
    expected = model_records(built, slug)
    assert [item["@id"] for item in items] == [f"{base}documents/{slug}.html#{r['id']}" for r in expected]
    for item, record in zip(items, expected, strict=True):
        assert item["@type"] == [OA + "Annotation"]
        assert one(item, VOCAB + "kind") == record["kind"]
        assert one(item, VOCAB + "review") == record["review"]
        source = f"{base}{record['original']}" if record["format"] == "text" else f"{base}documents/{slug}.html"
        assert position(one(item, OA + "hasTarget"), flat, base, record) == (source, record["start"], record["end"])
        attrs = item.get(VOCAB + "attributes")
        if attrs is None and record["kind"] == "entity":  # its facts are on the entity's node, its body
            attrs = flat[one(item, OA + "hasBody")][VOCAB + "attributes"]
        assert (attrs[0]["@value"] if attrs else {}) == record["attributes"]
        assert [origin(flat[step]) for step in values(item, AS + "generator")] == record["provenance"]
        creator = flat[one(item, "http://purl.org/dc/terms/creator")]
        assert (creator["@type"] == [FOAF + "Person"]) == (record["review"] == "reviewed")
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
    assert raw.count("https://example.org/") == 4  # the context, @base, src: and ent:
