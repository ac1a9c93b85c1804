"""A document's parts for the archive-wide stages: its contribution to the cross-document
pages, cut into shards, its search entries and its part of the exports.

All are data made from the document's analysis alone (with its place in the archive and the
base URL), and none goes through the theme: a one-shot build keeps them beside the analysis in
its cache (``model.Keeper``), so a warm build spools them as they were instead of making them
again. Every HTML page, the cross-document ones included, is still rendered afresh.
"""

from __future__ import annotations

from sitegen.analyse.cache import salt
from sitegen.analyse.contributions import Shards, contribution, packed_shards, readable_shards, shards_of
from sitegen.config import SiteConfig
from sitegen.model import Alias, AnnotatedDoc, Keeper, RenderedDoc
from sitegen.runtime.data import shape
from sitegen.runtime.spool import Spool
from sitegen.search.entries import PackedEntries, doc_entries, readable_entries
from sitegen.site.exports import ExportParts, export_parts

Parts = tuple[Shards, PackedEntries, ExportParts]

Kept = tuple[bytes, tuple[int, ...], str, bytes, ExportParts]
"""What a one-shot build keeps beside a document's analysis: its shards encoded and where each
starts, the digest of its search entries and the entries encoded, its part of the exports."""
_KEPT: type[Kept] = shape(Kept)


def held_parts(config: SiteConfig, index: int, doc: AnnotatedDoc, rendered: RenderedDoc) -> Parts:
    """For a long-lived process: the shards as objects, the entries compressed in memory, the
    export part made afresh."""
    return shards_of(contribution(doc)), doc_entries(index, rendered).pack(), export_parts(config, doc)


def spooled_parts(
    config: SiteConfig,
    index: int,
    doc: AnnotatedDoc,
    rendered: RenderedDoc,
    aliases: tuple[Alias, ...],
    kept: Keeper | None,
    spool: Spool,
) -> Parts:
    """For a one-shot build: from where the last build kept them when it can; the shards and
    entries spooled, the export part (a few tens of kilobytes, used at once) as it is."""
    # Entries number their document, moved ids change its anchors, the exports name its URLs.
    used = salt(index, aliases, config.base_url)
    found = kept.load(used, _KEPT) if kept is not None else None
    if found is not None and _readable(found):
        blob, bounds, digest, entries, exports = found
    else:
        blob, bounds = packed_shards(contribution(doc))
        digest, entries = doc_entries(index, rendered).encoded()
        exports = export_parts(config, doc)
        if kept is not None:
            kept.store(used, (blob, bounds, digest, entries, exports))
    shards = Shards.spooled(doc.source.slug, (blob, bounds), spool)
    return shards, PackedEntries(digest, spool.put(entries)), exports


def _readable(found: Kept) -> bool:
    """Whether the encoded pieces inside what was kept are of the right shape too: they are
    decoded only later, by other processes, where a poisoned cache could no longer be a miss."""
    blob, bounds, _, entries, _ = found
    return readable_shards(blob, bounds) and readable_entries(entries)
