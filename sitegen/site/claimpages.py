"""Claims that travel, as pages: the claim groups (every appearance, first said first) on pages
of the groups whose ids start alike, and an index of the groups; and the line each document page
shows under a travelling claim."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath

from sitegen.analyse.claimgroups import ClaimGroup
from sitegen.site import routes
from sitegen.site.factcheck import CheckedClaim
from sitegen.site.pages import PageSpec
from sitegen.site.views import Related

INDEX = "claims/index.html"


def group(ident: str) -> str:
    """Where a group is: its section of the page of its id's first two hex digits. A page per
    group was 3.8 files and 15 kB per document at the benchmark's density, most of it each page's
    frame; at most 256 pages now (#23). Its old address, ``claims/ID.html``, forwards there from
    the 404 page (``static/forward.js``)."""
    return f"{bucket(ident)}#{ident}"


def bucket(ident: str) -> str:
    """The page holding group ``ident`` (``g-`` and hex digits): ``claims/0a.html``."""
    return f"claims/{ident.removeprefix('g-')[:2]}.html"


@dataclass(frozen=True, slots=True)
class Appearance:
    """One appearance on a group page: by reference, its document's title linked to it; not its
    words again, which the group's heading says and the document page has (#23)."""

    url: str
    """Site path of the passage (``documents/SLUG.html#ID``)."""
    published: str
    outlet: str
    speaker: str
    title: str
    verdict: str


@dataclass(frozen=True, slots=True)
class GroupView:
    """A claim group's page."""

    id: str
    path: str
    claim: str
    """The first appearance's content: what the claim says."""
    first: Appearance
    appearances: tuple[Appearance, ...]
    documents: int
    outlets: int
    verdicts: tuple[Appearance, ...]
    """The appearances a curated verdict rates (any one applies to the group)."""


Verdicts = Mapping[tuple[str, str], str]
"""(document, claim id) → the rating a curated verdict gives that claim, as readers see it."""


def group_views(groups: tuple[ClaimGroup, ...], verdicts: Verdicts) -> tuple[GroupView, ...]:
    views = []
    for claim_group in groups:
        appearances = tuple(
            Appearance(f"{routes.document(m.slug)}#{m.id}", m.published, m.outlet, m.speaker, m.title,
                       verdicts.get((m.slug, m.id), ""))
            for m in claim_group.members
        )  # fmt: skip
        outlets = len({m.outlet for m in claim_group.members if m.outlet})
        views.append(
            GroupView(claim_group.id, group(claim_group.id), claim_group.members[0].content, appearances[0],
                      appearances, claim_group.documents, outlets, tuple(a for a in appearances if a.verdict))
        )  # fmt: skip
    return tuple(views)


def group_specs(groups: tuple[ClaimGroup, ...], verdicts: Verdicts | None = None) -> list[PageSpec]:
    """The pages of groups (``bucket``), each group in order of id, and the index of groups,
    most documents first; ``verdicts``: the curated verdicts by claim (a group shows those any of
    its appearances has). The site maker renders them (``SiteMaker.render``)."""
    views = group_views(groups, verdicts or {})
    ranked = tuple(sorted(views, key=lambda view: (-view.documents, view.first.published or "9999", view.id)))
    pages: dict[str, list[GroupView]] = {}
    for view in sorted(views, key=lambda view: view.id):
        pages.setdefault(bucket(view.id), []).append(view)
    specs = [PageSpec(path, "claim_group.html", "groups", tuple(found)) for path, found in sorted(pages.items())]
    if views:
        specs.append(PageSpec(INDEX, "claim_groups.html", "groups", ranked))
    return specs


def rated(checked: Iterable[CheckedClaim]) -> Verdicts:
    """(document, claim id) → the rating's label of every claim with a curated verdict of its
    own (not one applied from its group, which the group page shows on its judged appearance)."""
    ratings: dict[tuple[str, str], str] = {}
    for claim in checked:
        if claim.verdict.applied_from:
            continue
        page, _, ident = claim.passage.partition("#")
        ratings[(PurePosixPath(page).stem, ident)] = claim.verdict.label
    return ratings


def group_links(groups: tuple[ClaimGroup, ...]) -> Related:
    """(document, claim id) → the line its document page shows: "Also claimed in N other
    documents", linking to the group's page."""
    links: Related = {}
    for claim_group in groups:
        for member in claim_group.members:
            others = len({m.slug for m in claim_group.members if m.slug != member.slug})
            text = f"Also claimed in {others} other document{'' if others == 1 else 's'}"
            links[(member.slug, member.id)] = ((text, group(claim_group.id)),)
    return links
