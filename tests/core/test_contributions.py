"""A document's contribution, cut into shards and spooled, reads back as it was held."""

from sitegen.runtime.spool import opened
from sitegen.site.contributions import (
    SHARDS,
    Contribution,
    Mention,
    Shards,
    packed_shards,
    shard_of,
    shards_of,
)
from sitegen.site.passages import Passage


def mention(entity_id: str) -> Mention:
    passage = Passage("A report", f"documents/report.html#e-{entity_id}", entity_id, "Place")
    return Mention(entity_id, entity_id.title(), "place", passage)


def test_spooled_shards_read_back_as_held_ones_the_empty_ones_too(tmp_path):
    part = Contribution("report", tuple(mention(name) for name in ("kyiv", "odesa", "kharkiv")), (), ())
    held = shards_of(part)
    with opened(tmp_path) as spool:
        spooled = Shards.spooled(part.slug, packed_shards(part), spool)
        for index in range(SHARDS):
            assert spooled.shard(index) == held.shard(index)
    filled = {shard_of(m.entity_id) for m in part.mentions}
    assert 0 < len(filled) < SHARDS
    assert sum(len(held.shard(index).mentions) for index in range(SHARDS)) == 3
