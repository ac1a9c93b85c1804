"""The link stage: curated relations between passages, resolved across the whole archive."""

from __future__ import annotations

from sitegen.curate.anchor import QuoteError, anchor_quote
from sitegen.curate.curated import CuratedFile, LinkSpec, LocatedEntry, QuoteSelector
from sitegen.errors import Diagnostics, Location
from sitegen.model import (
    Alias,
    AnnotatedDoc,
    Annotation,
    Archive,
    Documents,
    EntityRegistry,
    PassageLink,
    PassageRef,
)


def link_archive(
    annotated: Documents,
    registry: EntityRegistry,
    curated: dict[str, CuratedFile],
    aliases: tuple[Alias, ...],
    missing: int,
    diagnostics: Diagnostics,
) -> Archive:
    """Resolve every curated link; report broken references at their line. ``aliases`` are the
    moved ids and ``missing`` the count of ids not locked yet, both found document by document.
    Only the documents that links name are looked at."""
    docs = _Opened(annotated)
    links: list[PassageLink] = []
    for slug, curated_file in sorted(curated.items()):
        source_doc = docs.get(slug)
        if source_doc is None:
            continue
        for located in curated_file.entries:
            if not located.entry.links:
                continue
            for source in _annotations_of(source_doc, located):
                for spec in located.entry.links:
                    target = _resolve(spec, source, docs, aliases, located.location, diagnostics)
                    if target is not None:
                        links.append(
                            PassageLink(
                                spec.relation,
                                PassageRef(slug, source.id),
                                target,
                                located.location.path,
                                located.location.line,
                            )
                        )
    warn_unlocked(missing, diagnostics)
    return Archive(annotated, registry, tuple(links), aliases)


def warn_unlocked(missing: int, diagnostics: Diagnostics) -> None:
    if missing:
        diagnostics.warn(
            Location("content/ids.lock.json"),
            f"{missing} annotation id(s) are not locked yet",
            "run `sitegen lock` and commit the file, so links to them survive later edits",
            reminder="unlocked-ids",
        )


class _Opened:
    """Documents by slug, each unpacked once however many links name it."""

    def __init__(self, docs: Documents) -> None:
        self.docs = docs
        self.opened: dict[str, AnnotatedDoc | None] = {}

    def get(self, slug: str) -> AnnotatedDoc | None:
        if slug not in self.opened:
            self.opened[slug] = self.docs.get(slug)
        return self.opened[slug]


def _annotations_of(doc: AnnotatedDoc, located: LocatedEntry) -> list[Annotation]:
    """The annotations a curated entry made (it is named in their provenance)."""
    where = located.location
    return [
        ann
        for ann in doc.annotations
        if any(o.kind == "curated" and o.name == where.path and o.line == where.line for o in ann.provenance)
    ]


def _resolve(
    spec: LinkSpec,
    source: Annotation,
    docs: _Opened,
    aliases: tuple[Alias, ...],
    where: Location,
    diagnostics: Diagnostics,
) -> PassageRef | None:
    slug, _, ident = (spec.target or spec.document).partition("#")
    doc = docs.get(slug)
    if doc is None:
        diagnostics.error(
            where,
            f"link to a document that does not exist: {slug!r}",
            "name a document by its file name without extension",
        )
        return None
    if spec.target:
        return _by_id(doc, ident, aliases, where, diagnostics)
    return _by_quote(doc, spec, source.kind, where, diagnostics)


def _by_id(
    doc: AnnotatedDoc, ident: str, aliases: tuple[Alias, ...], where: Location, diagnostics: Diagnostics
) -> PassageRef | None:
    slug = doc.source.slug
    if any(ann.id == ident for ann in doc.annotations):
        return PassageRef(slug, ident)
    for alias in aliases:
        if alias.doc == slug and alias.old == ident and alias.new:
            return PassageRef(slug, alias.new)
    diagnostics.error(
        where,
        f"link to a passage that does not exist: {slug}#{ident}",
        "copy the id from the document's annotation list, or link by 'document' and 'quote'",
    )
    return None


def _by_quote(
    doc: AnnotatedDoc, spec: LinkSpec, kind: str, where: Location, diagnostics: Diagnostics
) -> PassageRef | None:
    selector = QuoteSelector(spec.quote, spec.prefix, spec.suffix, spec.occurrence)
    try:
        start, end = anchor_quote(doc.source.text, selector)[0]
    except QuoteError as exc:
        diagnostics.error(where, f"link target in {doc.source.slug}: {exc}", exc.hint)
        return None
    exact = [a for a in doc.annotations if (a.start, a.end) == (start, end)]
    containing = [a for a in doc.annotations if a.start <= start and end <= a.end]
    candidates = sorted(exact or containing, key=lambda a: (a.kind != kind, a.end - a.start, a.start))
    if not candidates:
        diagnostics.error(
            where,
            f"no annotation in {doc.source.slug} covers the quoted link target",
            "annotate that passage first, or quote a passage that is annotated",
        )
        return None
    return PassageRef(doc.source.slug, candidates[0].id)
