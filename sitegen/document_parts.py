"""A document's parts for the archive-wide stages: its contribution to the cross-document
pages, cut into shards, and its search entries.

Both are made from the document's analysis alone (and its place in the archive), and neither
is a page: a one-shot build keeps them beside the analysis in its cache (``model.Keeper``), so
a warm build spools them as they were instead of making them again. Every page, the
cross-document ones included, is still rendered afresh from them.
"""

from __future__ import annotations

from sitegen.analysis_cache import salt
from sitegen.contributions import Shards, contribution, packed_shards, shards_of
from sitegen.model import Alias, AnnotatedDoc, Keeper, RenderedDoc
from sitegen.search.entries import PackedEntries, doc_entries
from sitegen.spool import Spool

Parts = tuple[Shards, PackedEntries]


def held_parts(index: int, doc: AnnotatedDoc, rendered: RenderedDoc) -> Parts:
    """For a long-lived process: the shards as objects, the entries compressed in memory."""
    return shards_of(contribution(doc)), doc_entries(index, rendered).pack()


def spooled_parts(
    index: int, doc: AnnotatedDoc, rendered: RenderedDoc, aliases: tuple[Alias, ...], kept: Keeper | None, spool: Spool
) -> Parts:
    """For a one-shot build: both spooled, from where the last build kept them when it can."""
    used = salt(index, aliases)  # entries number their document; moved ids change its anchors
    found = kept.load(used) if kept is not None else None
    if found is not None:
        blob, bounds, digest, entries = found
    else:
        blob, bounds = packed_shards(contribution(doc))
        digest, entries = doc_entries(index, rendered).pickled()
        if kept is not None:
            kept.store(used, (blob, bounds, digest, entries))
    return Shards.spooled(doc.source.slug, (blob, bounds), spool), PackedEntries(digest, spool.put(entries))
