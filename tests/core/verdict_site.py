"""The tiny test site with curated verdicts on both claims of its report (and a linked source
with registry links, an original URL and hostile text), for the verdict, ClaimReview and
feed tests."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import write

REPORT = """\
annotations:
  - kind: claim
    quote: The ministry said the troops held their lines near Kiev
    parts: {source: The ministry, cue: said, content: the troops held their lines near Kiev}
    attrs: {source_entity: ministry}
    verdict:
      rating: false
      explanation: >-
        Satellite images show the lines **moved**. <script>alert(1)</script>
        [x](javascript:alert(2)) </script><b>
      evidence:
        - {url: "https://example.org/images", title: "Images of the front", archived_url: "https://archive.example/images"}
      reviewer: Desk </script>
      date: "2024-11-25"
  - kind: claim
    quote: Analysts, however, warned that supplies were running low, according to Tass
    parts:
      source: Analysts
      cue: warned that
      content: supplies were running low
      intermediary: according to Tass
    attrs: {source_kind: unnamed}
    verdict:
      rating: disputed
      explanation: Supply figures differ between sources.
      reviewer: Desk
      date: "2024-11-23"
  - kind: entity
    quote: Kiev
    occurrence: all
    entity: kyiv
  - kind: entity
    quote: Tass
"""

ENTITY = """\
  - id: ministry
    name: Defence Ministry
    type: organisation
    aliases: [The ministry]
    links: {wikidata: "https://www.wikidata.org/wiki/Q1", website: "https://ministry.example/"}
"""


def with_verdicts(root: Path) -> Path:
    """Give the tiny site at ``root`` its verdicts; returns ``root``."""
    write(root, "content/annotations/report.yml", REPORT)
    entities = root / "content/entities.yml"
    entities.write_text(entities.read_text(encoding="utf-8") + ENTITY, encoding="utf-8")
    meta = root / "content/documents/report.yml"
    meta.write_text(
        meta.read_text(encoding="utf-8") + "source_url: https://gazette.example/report\nadded: 2024-11-22\n",
        encoding="utf-8",
    )
    return root
