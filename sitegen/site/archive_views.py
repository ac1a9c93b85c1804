"""Read-only views of the whole archive: entity, source and dispute pages, and share pages."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from sitegen.model import RELATIONS, AnnotatedDoc, Annotation, Archive
from sitegen.render.labels import label, speaker
from sitegen.site import overview, routes
from sitegen.site.contributions import source_key
from sitegen.site.listings import EntitySummary, SourceSummary
from sitegen.site.passages import fold_space


def relations(archive: Archive) -> dict[tuple[str, str], tuple[tuple[str, str], ...]]:
    """Both ends of every curated link: (text, site path) per (document slug, annotation id)."""
    ends = {(ref.doc, ref.id) for link in archive.links for ref in (link.source, link.target)}
    linked = (archive.get(slug) for slug in sorted({slug for slug, _ in ends}))
    by_ref = {
        (doc.source.slug, ann.id): (doc, ann)
        for doc in linked
        if doc is not None
        for ann in doc.annotations
        if (doc.source.slug, ann.id) in ends
    }
    found: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for link in archive.links:
        source = (link.source.doc, link.source.id)
        target = (link.target.doc, link.target.id)
        forward = link.relation.replace("_", " ").capitalize()
        backward = RELATIONS[link.relation].capitalize()
        found[source].append(_related_entry(forward, *by_ref[target]))
        found[target].append(_related_entry(backward, *by_ref[source]))
    return {key: tuple(sorted(set(value))) for key, value in found.items()}


def _related_entry(relation: str, doc: AnnotatedDoc, ann: Annotation) -> tuple[str, str]:
    quote = fold_space(doc.source.text[ann.start : ann.end])
    short = quote if len(quote) <= 90 else quote[:89] + "…"
    return (f"{relation}: “{short}” ({doc.source.title})", f"{routes.document(doc.source.slug)}#{ann.id}")


# --- Reading aids: the per-document summary and the archive overview charts -----------------


@dataclass(frozen=True, slots=True)
class SummaryItem:
    """One line of a document's summary, linking to its passage."""

    text: str
    anchor: str
    """``#id`` of the passage on the document page."""
    note: str
    review: str = "reviewed"


@dataclass(frozen=True, slots=True)
class SummaryGroup:
    """A speaker with their claims, or an entity type with its entities."""

    heading: str
    url: str
    """Site path of the source or entity page, else empty."""
    items: tuple[SummaryItem, ...]


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    """Who said what in one document: claims by speaker, disputes, entities by type."""

    line: str
    """One line of counts, for the panel's summary."""
    speakers: tuple[SummaryGroup, ...]
    disputes: tuple[SummaryItem, ...]
    entity_types: tuple[SummaryGroup, ...]


def document_summary(doc: AnnotatedDoc) -> DocumentSummary:
    """The summary panel of a document page; every item links to its passage."""
    text = doc.source.text
    reviewed: list[tuple[Annotation, str]] = [(a, a.review) for a in doc.annotations]  # walks the provenance: once each
    by_speaker: dict[str, list[tuple[Annotation, str]]] = defaultdict(list)
    for ann, review in reviewed:
        if ann.kind == "claim":
            by_speaker[source_key(ann, text)].append((ann, review))
    speakers = tuple(
        SummaryGroup(who, routes.source(key), tuple(_summary_claim(a, review, text) for a, review in claims))
        for who, key, claims in sorted(
            ((speaker(claims[0][0], text), key, claims) for key, claims in by_speaker.items()),
            key=lambda group: (-len(group[2]), group[0], group[1]),
        )
    )
    disputes = tuple(
        SummaryItem(label(a, text).replace("Disputed (", "", 1).replace(")", "", 1), f"#{a.id}", "", review)
        for a, review in reviewed
        if a.kind == "dispute"
    )
    entity_types = _summary_entities(reviewed, text)
    mentions = sum(1 for a in doc.annotations if a.kind == "entity")
    line = (
        f"{_counted(sum(len(g.items) for g in speakers), 'claim')} by {_counted(len(speakers), 'source')}"
        f" · {_counted(len(disputes), 'disputed statement')}"
        f" · {_counted(sum(len(g.items) for g in entity_types), 'entity', 'entities')}"
        f" in {_counted(mentions, 'mention')}"
        + _reviewed_line(sum(review == "reviewed" for _, review in reviewed), len(doc.annotations))
    )
    return DocumentSummary(line, speakers, disputes, entity_types)


def _reviewed_line(reviewed: int, total: int) -> str:
    """ " · 46 annotations, all reviewed", " · 12 of 46 annotations reviewed", or nothing."""
    if not total:
        return ""
    if reviewed == total:
        return f" · {_counted(total, 'annotation')}, all reviewed"
    return f" · {reviewed} of {_counted(total, 'annotation')} reviewed"


def _counted(count: int, singular: str, plural: str = "") -> str:
    return f"{count} {singular if count == 1 else plural or singular + 's'}"


def _short(text: str, limit: int = 140) -> str:
    flat = fold_space(text)
    return flat if len(flat) <= limit else flat[: limit - 1].rsplit(" ", 1)[0] + "…"


def _summary_claim(ann: Annotation, review: str, text: str) -> SummaryItem:
    """A claim as its cue ("said", "according to"): the list under the text quotes it (#23:
    one copy of each claim per page)."""
    cue = ann.part("cue")
    cue_text = fold_space(text[cue.start : cue.end]) if cue else "claim"
    return SummaryItem(cue_text, f"#{ann.id}", "", review)


def _summary_entities(reviewed: list[tuple[Annotation, str]], text: str) -> tuple[SummaryGroup, ...]:
    found: dict[str, list[tuple[Annotation, str]]] = defaultdict(list)
    for ann, review in reviewed:
        if ann.kind == "entity":
            found[ann.attr("entity_id")].append((ann, review))
    by_type: dict[str, list[SummaryItem]] = defaultdict(list)
    for _, mentions in sorted(found.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        first = mentions[0][0]
        name = first.attr("name") or fold_space(text[first.start : first.end])
        note = _counted(len(mentions), "mention")
        review = "proposed" if any(review == "proposed" for _, review in mentions) else "reviewed"
        by_type[first.attr("entity_type", "other")].append(SummaryItem(name, f"#{first.id}", note, review))
    return tuple(SummaryGroup(kind, "", tuple(items)) for kind, items in sorted(by_type.items()))


@dataclass(frozen=True, slots=True)
class ChartRow:
    """One row of a chart's data table: linked names, the value and a note."""

    cells: tuple[tuple[str, str], ...]
    """(text, site path or empty), shown joined by "and"."""
    value: int
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Chart:
    """An overview chart: the SVG, its one-sentence summary and its data as table rows."""

    id: str
    title: str
    summary: str
    svg: Markup
    """Empty when there is nothing to draw."""
    label_heading: str
    value_heading: str
    rows: tuple[ChartRow, ...]


@dataclass(frozen=True, slots=True)
class Overview:
    """The archive at a glance, for the home page and the cross-document pages."""

    timeline: Chart
    sources: Chart
    disputed: Chart
    together: Chart


TOP = 8


@dataclass(frozen=True, slots=True)
class Disputed:
    """A claim or statement disputed in its document, for the most-disputed chart."""

    id: str
    name: str
    disputes: int
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class OverviewFacts:
    """What the overview charts need from one document."""

    slug: str
    published: str
    entity_ids: tuple[str, ...]
    """Every entity it mentions, once, sorted."""
    disputed: tuple[Disputed, ...]


def overview_facts(doc: AnnotatedDoc) -> OverviewFacts:
    text = doc.source.text
    groups: dict[str, list[Annotation]] = defaultdict(list)
    by_id = {a.id: a for a in doc.annotations}
    for ann in doc.annotations:
        if ann.kind == "dispute":
            groups[(by_id.get(ann.attr("disputes")) or ann).id].append(ann)
    disputed = []
    for ident, disputes in groups.items():
        target = by_id[ident]
        quote = overview.shorten(text[target.start : target.end], 90)
        name = f"{speaker(target, text)}: “{quote}”" if target.kind == "claim" else f"“{quote}”"
        reasons = tuple(sorted({label(d, text).removeprefix("Disputed ") for d in disputes}))
        disputed.append(Disputed(ident, name, len(disputes), reasons))
    entity_ids = tuple(sorted({a.attr("entity_id") for a in doc.annotations if a.kind == "entity"}))
    return OverviewFacts(doc.source.slug, doc.source.meta.published, entity_ids, tuple(disputed))


def archive_overview(
    facts: Sequence[OverviewFacts], entities: Sequence[EntitySummary], sources: Sequence[SourceSummary]
) -> Overview:
    """Every overview chart of the archive, drawn once per build from each document's facts."""
    return Overview(
        _timeline_chart(facts),
        _sources_chart(sources),
        _disputed_chart(facts),
        _together_chart(facts, entities),
    )


def _chart(ident: str, title: str, summary: str, svg: str, headings: tuple[str, str], rows: list[ChartRow]) -> Chart:
    return Chart(ident, title, summary, Markup(svg), headings[0], headings[1], tuple(rows))


def _timeline_chart(facts: Sequence[OverviewFacts]) -> Chart:
    dates = sorted(d for d in (_date(doc.published) for doc in facts) if d is not None)
    undated = len(facts) - len(dates)
    points = overview.periods(dates)
    rows = [ChartRow(((period, ""),), count) for period, count in points if count]
    if undated:
        rows.append(ChartRow((("no date", ""),), undated))
    summary = f"{_counted(len(dates), 'dated document')}" + (
        f" from {points[0][0]} to {points[-1][0]}" if points else ""
    )
    summary += f"; {undated} without a date." if undated else "."
    svg = overview.timeline("chart-timeline", "Documents over time", summary, points) if points else ""
    return _chart("chart-timeline", "Documents over time", summary, svg, ("Period", "Documents"), rows)


def _date(published: str) -> tuple[int, int, int] | None:
    parts = published[:10].split("-")
    if not parts[0].isdigit() or len(parts[0]) != 4:
        return None
    numbers = [int(p) if p.isdigit() else 1 for p in parts[1:3]]
    month, day = [*numbers, 1, 1][:2]
    try:
        return datetime.date(int(parts[0]), month, day).timetuple()[:3]
    except ValueError:
        return (int(parts[0]), 1, 1)


def _sources_chart(sources: Sequence[SourceSummary]) -> Chart:
    ranked = sorted(sources, key=lambda s: (-s.claim_count, s.name.casefold(), s.id))
    top = ranked[:TOP]
    total = sum(s.claim_count for s in ranked)
    summary = f"{_counted(total, 'claim')} attributed to {_counted(len(ranked), 'source')}"
    if top:
        summary += f"; most from {top[0].name} ({top[0].claim_count})."
    bars = [overview.Bar(s.name, s.claim_count) for s in top]
    svg = overview.bar_chart("chart-sources", "Claims per source", summary, bars, "claims") if bars else ""
    rows = [ChartRow(((s.name, routes.source(s.id)),), s.claim_count, s.kind) for s in top]
    return _chart("chart-sources", "Claims per source", summary, svg, ("Source", "Claims"), rows)


def _disputed_chart(facts: Sequence[OverviewFacts]) -> Chart:
    ranked = [
        (
            -item.disputes,
            item.name,
            (doc.slug, item.id),
            ChartRow(((item.name, f"{routes.document(doc.slug)}#{item.id}"),), item.disputes, "; ".join(item.reasons)),
        )
        for doc in facts
        for item in doc.disputed
    ]
    rows = [row for *_, row in sorted(ranked, key=lambda r: r[:3])][:TOP]
    summary = f"{_counted(len(ranked), 'claim or statement', 'claims and statements')} disputed"
    summary += f"; the most disputed is disputed {_counted(rows[0].value, 'time')}." if rows else "."
    bars = [overview.Bar(row.cells[0][0], row.value, row.detail) for row in rows]
    svg = overview.bar_chart("chart-disputed", "Most disputed claims", summary, bars, "disputes") if bars else ""
    return _chart("chart-disputed", "Most disputed claims", summary, svg, ("Claim or statement", "Disputes"), rows)


def _together_chart(facts: Sequence[OverviewFacts], entities: Sequence[EntitySummary]) -> Chart:
    per_doc = [doc.entity_ids for doc in facts]
    names = {view.id: view.name for view in entities}
    spread = Counter(ident for ids in per_doc for ident in ids)
    top = sorted(spread, key=lambda i: (-spread[i], (names.get(i) or i).casefold(), i))[:TOP]
    labels = [names.get(i) or i for i in top]
    counts = [[sum(1 for ids in per_doc if a in ids and b in ids) for b in top] for a in top]
    pairs = sorted(
        (-counts[a][b], labels[a].casefold(), labels[b].casefold(), a, b)
        for a in range(len(top))
        for b in range(a + 1, len(top))
        if counts[a][b]
    )
    rows = [
        ChartRow(((labels[a], routes.entity(top[a])), (labels[b], routes.entity(top[b]))), -count)
        for count, _, _, a, b in pairs[:15]
    ]
    summary = f"How many documents mention both of two entities, for the {_counted(len(top), 'entity', 'entities')}"
    summary += " found in the most documents"
    if rows:
        both = f"{rows[0].cells[0][0]} and {rows[0].cells[1][0]}"
        summary += f"; {both} appear together most often ({_counted(rows[0].value, 'document')})"
    title = "Entities that appear together"
    svg = overview.matrix("chart-together", title, summary + ".", labels, counts) if len(top) > 1 else ""
    return _chart("chart-together", title, summary + ".", svg, ("Entities", "Documents"), rows)
