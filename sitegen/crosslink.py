"""The link stage: curated relations between passages, resolved across the whole archive."""

from __future__ import annotations

from sitegen.anchor import QuoteError, anchor_quote
from sitegen.curated import CuratedFile, LinkSpec, LocatedEntry, QuoteSelector
from sitegen.errors import Diagnostics, Location
from sitegen.lock import Lock, resolve_aliases, unlocked
from sitegen.model import Alias, AnnotatedDoc, Annotation, Archive, EntityRegistry, PassageLink, PassageRef


def link_archive(
    annotated: tuple[AnnotatedDoc, ...],
    registry: EntityRegistry,
    curated: dict[str, CuratedFile],
    lock: Lock,
    diagnostics: Diagnostics,
) -> Archive:
    """Resolve every curated link and every changed id; report broken references at their line."""
    aliases = resolve_aliases(lock, annotated)
    by_slug = {doc.source.slug: doc for doc in annotated}
    links: list[PassageLink] = []
    for slug, curated_file in sorted(curated.items()):
        if slug not in by_slug:
            continue
        for located in curated_file.entries:
            for source in _annotations_of(by_slug[slug], located):
                for spec in located.entry.links:
                    target = _resolve(spec, source, by_slug, aliases, located.location, diagnostics)
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
    if lock and (missing := unlocked(lock, annotated)):
        diagnostics.warn(
            Location("content/ids.lock.json"),
            f"{missing} annotation id(s) are not locked yet",
            "run `sitegen lock` and commit the file, so links to them survive later edits",
        )
    return Archive(annotated, registry, tuple(links), aliases)


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
    docs: dict[str, AnnotatedDoc],
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
