"""Curated YAML: the entity registry and per-document annotation files, validated up front."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from sitegen.curate.verdicts import VerdictEntry, Written, check_verdict
from sitegen.errors import Diagnostics, Location, SitegenError
from sitegen.model import ENTITY_TYPES, KINDS, RELATIONS, Entity, EntityRegistry
from sitegen.names import id_problem
from sitegen.sources.read import decode, read_input
from sitegen.sources.schema import build_record, did_you_mean, where
from sitegen.sources.yamlsource import LocatedList, LocatedMap, Value, load_yaml

ACTIONS = ("add", "confirm", "correct", "suppress")


@dataclass(frozen=True, slots=True)
class QuoteSelector:
    """A W3C TextQuoteSelector: exact text, optional context, or which occurrence."""

    quote: str = ""
    prefix: str = ""
    suffix: str = ""
    occurrence: str = ""
    """1-based occurrence number, or ``all`` for every match."""


@dataclass(frozen=True, slots=True)
class LinkSpec:
    """A curated relation to another passage: ``DOC#ID``, or a document and a quote in it."""

    relation: str = ""
    """supports | contradicts | see_also"""
    target: str = ""
    document: str = ""
    quote: str = ""
    prefix: str = ""
    suffix: str = ""
    occurrence: str = ""


@dataclass(frozen=True, slots=True)
class CuratedEntry:
    """One entry of ``content/annotations/DOC.yml``."""

    kind: str = ""
    action: str = "add"
    quote: str = ""
    prefix: str = ""
    suffix: str = ""
    occurrence: str = ""
    target: QuoteSelector | None = None
    """For ``correct``: the machine annotation to replace, when its text differs from ``quote``."""
    parts: tuple[tuple[str, QuoteSelector], ...] = ()
    attrs: tuple[tuple[str, str], ...] = ()
    entity: str = ""
    type: str = ""
    note: str = ""
    confidence: float = 1.0
    links: tuple[LinkSpec, ...] = ()
    keep_overlaps: bool = False
    """Keep this annotation beside others of its kind over the same passage (else they merge)."""
    verdict: VerdictEntry | None = None
    """An editor's verdict on the claim this entry adds, confirms or corrects (``curate/verdicts.py``)."""

    @property
    def selector(self) -> QuoteSelector:
        return QuoteSelector(self.quote, self.prefix, self.suffix, self.occurrence)


@dataclass(frozen=True, slots=True)
class LocatedEntry:
    """A curated entry and where it was written."""

    entry: CuratedEntry
    location: Location


@dataclass(frozen=True, slots=True)
class CuratedFile:
    """All curated entries for one document."""

    path: str
    slug: str
    entries: tuple[LocatedEntry, ...]

    @property
    def verdicts(self) -> tuple[Written, ...]:
        """Every verdict written in the file, with its claim entry's location."""
        return tuple((e.entry.verdict, e.location) for e in self.entries if e.entry.verdict is not None)


def load_annotation_file(root: Path, path: str, diagnostics: Diagnostics) -> CuratedFile:
    """Validate one annotations file; invalid entries are reported and left out."""
    return parse_annotation_text(decode(read_input(root, path), path), path, diagnostics)


def parse_annotation_text(text: str, path: str, diagnostics: Diagnostics) -> CuratedFile:
    """Validate the text of an annotations file written at ``path``."""
    node = load_yaml(text, path)
    slug = PurePosixPath(path).stem
    items = _list_under(node, "annotations", path, diagnostics)
    entries = []
    for item in items:
        local = Diagnostics()
        entry = build_record(CuratedEntry, item, local)
        if entry is not None:
            _check_entry(entry, where(item), local)
            _check_page_ids(entry, item, local)
            if entry.verdict is not None:
                check_verdict(entry.kind, entry.action, entry.verdict, item, local)
        diagnostics.extend(local)
        if entry is not None and not local.errors:
            entries.append(LocatedEntry(entry, where(item)))
    return CuratedFile(path, slug, tuple(entries))


def _check_entry(entry: CuratedEntry, location: Location, diagnostics: Diagnostics) -> None:
    if entry.action not in ACTIONS:
        diagnostics.error(location, f"unknown action {entry.action!r}", did_you_mean(entry.action, ACTIONS))
    if not entry.quote:
        diagnostics.error(location, "an annotation needs a 'quote': the exact text it marks")
    if not entry.kind and entry.action != "suppress":
        diagnostics.error(location, "an annotation needs a 'kind'", "one of: " + ", ".join(KINDS))
    if entry.type and entry.type not in ENTITY_TYPES:
        diagnostics.error(location, f"unknown entity type {entry.type!r}", did_you_mean(entry.type, ENTITY_TYPES))
    if entry.keep_overlaps and entry.action not in ("add", "correct"):
        diagnostics.error(
            location,
            f"keep_overlaps applies to what an entry adds, not to {entry.action!r}",
            "use it with 'action: add' (or correct) on the annotation to keep beside its near-duplicate",
        )
    if not 0.0 <= entry.confidence <= 1.0:
        diagnostics.error(location, "confidence must be between 0 and 1")
    for link in entry.links:
        if link.relation not in RELATIONS:
            diagnostics.error(location, f"unknown relation {link.relation!r}", did_you_mean(link.relation, RELATIONS))
        if bool(link.target) == bool(link.document):
            diagnostics.error(location, "a link needs either 'target: DOC#ID' or 'document:' with a 'quote:'")
    for selector in (entry.selector, *(s for _, s in entry.parts)):
        if selector.occurrence and not re.fullmatch(r"all|[1-9][0-9]*", selector.occurrence):
            diagnostics.error(location, f"occurrence must be a number from 1 or 'all', not {selector.occurrence!r}")


PAGE_ATTRS = ("entity_id", "source_entity", "disputant_entity")
"""Attributes whose value names a page of its own (``entities/ID.html``, ``sources/ID.html``)."""


def _check_page_ids(entry: CuratedEntry, item: Value, diagnostics: Diagnostics) -> None:
    """An id that becomes a file name is checked here, at its line, not when it is written."""
    for key, value in entry.attrs:
        problem = id_problem(value) if key in PAGE_ATTRS and value else ""
        if problem:
            attrs = item.get("attrs") if isinstance(item, LocatedMap) else None
            node = attrs.get(key) if isinstance(attrs, LocatedMap) else None
            diagnostics.error(
                where(node or item),
                f"attrs.{key} {value!r} names a page, so it {problem}",
                "use an id like 'kyiv' or 'andrew-marochko'",
            )


@dataclass(frozen=True, slots=True)
class EntityEntry:
    """One entry of ``content/entities.yml``."""

    id: str = ""
    name: str = ""
    type: str = "other"
    aliases: tuple[str, ...] = ()
    description: str = ""
    links: tuple[tuple[str, str], ...] = ()


def load_registry(root: Path, path: str | None, diagnostics: Diagnostics) -> EntityRegistry:
    """The archive's entity registry; ids must be unique and every name must resolve to one entity."""
    if path is None:
        return EntityRegistry()
    try:
        node = load_yaml(decode(read_input(root, path), path), path)
    except SitegenError as exc:  # reported with the rest; the build goes on to find more
        diagnostics.extend(exc)
        return EntityRegistry()
    entities: list[Entity] = []
    owners: dict[str, str] = {}
    for item in _list_under(node, "entities", path, diagnostics):
        entry = build_record(EntityEntry, item, diagnostics)
        if entry is None:
            continue
        entity = _entity(entry, where(item), owners, diagnostics)
        if entity is not None:
            entities.append(entity)
    return EntityRegistry(tuple(entities))


def _entity(entry: EntityEntry, location: Location, owners: dict[str, str], diagnostics: Diagnostics) -> Entity | None:
    problems = len(diagnostics.errors)
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", entry.id):
        diagnostics.error(location, f"entity id {entry.id!r} must be lowercase letters, digits and hyphens")
    elif id_problem(entry.id):
        diagnostics.error(location, f"entity id {entry.id[:20]!r}… {id_problem(entry.id)}")
    if entry.id in owners.values():
        diagnostics.error(location, f"duplicate entity id {entry.id!r}", "give each entity its own id")
    if not entry.name:
        diagnostics.error(location, "an entity needs a 'name'")
    if entry.type not in ENTITY_TYPES:
        diagnostics.error(location, f"unknown entity type {entry.type!r}", did_you_mean(entry.type, ENTITY_TYPES))
    for name in (entry.name, *entry.aliases):
        if owners.get(name, entry.id) != entry.id:
            diagnostics.error(location, f"the name {name!r} already belongs to entity {owners[name]!r}")
        owners[name] = entry.id
    for label, url in entry.links:
        if not re.match(r"https?://", url):
            diagnostics.error(location, f"link {label!r} must be an http(s) URL")
    if len(diagnostics.errors) > problems:
        return None
    return Entity(
        entry.id,
        entry.name,
        entry.type,
        entry.aliases,
        entry.description,
        entry.links,
        location.path,
        location.line,
    )


def _list_under(node: Value | None, key: str, path: str, diagnostics: Diagnostics) -> tuple[Value, ...]:
    if node is None:
        return ()
    value = node.get(key) if isinstance(node, LocatedMap) else None
    if not isinstance(node, LocatedMap) or value is None or len(node.items) != 1:
        diagnostics.error(
            Location(path, getattr(node, "line", 1)),
            f"expected a mapping with one key, '{key}:'",
            f"start the file with '{key}:' and list the entries under it, each starting with '- '",
        )
        return ()
    if not isinstance(value, LocatedList):
        diagnostics.error(where(value), f"'{key}' must be a list", "start each entry with '- '")
        return ()
    return value.items
