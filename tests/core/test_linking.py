"""Linking passages: stable ids, the id lock and aliases, curated links, cross-document pages,
share pages, exports and the link checker."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest

from sitegen.build import build, check_links, lock
from sitegen.config import BUNDLED_THEMES
from sitegen.errors import SitegenError
from sitegen.output.linkcheck import check_site
from sitegen.site.exports import CSV_COLUMNS, _cell, recover_exact
from tests.conftest import project_at, quiet, write
from tests.records import records as site_records


def records(root: Path, slug: str) -> list[dict]:
    return site_records(root / "site", slug)


def ids_by_exact(root: Path, slug: str) -> dict[tuple[str, str], str]:
    return {(r["kind"], r["exact"]): r["id"] for r in records(root, slug)}


def built(root: Path) -> Path:
    build(project_at(root), log=quiet)
    return root


def test_linking_ids_survive_rebuild_unrelated_edit_and_new_annotation(tiny):
    before = ids_by_exact(built(tiny), "notes")
    notes = (tiny / "seeds/notes.md").read_text()
    edited = notes.replace("- Donbass was quiet.", "- The Donbas region was quiet.")
    assert edited != notes
    write(tiny, "seeds/notes.md", edited)
    curated = (tiny / "content/annotations/notes.yml").read_text()
    write(tiny, "content/annotations/notes.yml", curated + "  - kind: entity\n    quote: Donbas region\n")
    after = ids_by_exact(built(tiny), "notes")
    for key, ident in before.items():
        assert after[key] == ident, f"{key} changed id"
    assert len(after) == len(before) + 1


def test_linking_repeated_text_gets_distinct_ids_from_context(tiny):
    kiev = [r["id"] for r in records(built(tiny), "report") if r["exact"] == "Kiev"]
    assert len(kiev) == 2 and len(set(kiev)) == 2
    assert not any(re.search(r"-\d+$", ident) for ident in kiev)


def edit_claim(root: Path) -> None:
    write(root, "seeds/notes.md", (root / "seeds/notes.md").read_text().replace("would hold", "will hold"))
    write(
        root,
        "content/annotations/notes.yml",
        (root / "content/annotations/notes.yml").read_text().replace("would hold", "will hold"),
    )


def test_linking_lock_keeps_old_ids_working_after_an_edit(tiny):
    old = ids_by_exact(built(tiny), "notes")[("claim", "governor said that Kyiv would hold")]
    added, total = lock(project_at(tiny))
    assert added == total == 9
    edit_claim(tiny)
    new = ids_by_exact(built(tiny), "notes")[("claim", "governor said that Kyiv will hold")]
    assert new != old
    html = (tiny / "site/documents/notes.html").read_text()
    # The old id's anchor stands just before the passage's first mark, which carries the new id.
    assert re.search(rf'<span class="anchor" id="{old}"></span><mark class="hl c[^"]*" id="{new}"', html)
    share = (tiny / f"site/p/notes/{old}.html").read_text()
    assert f"documents/notes.html#{new}" in share
    assert check_site(tiny / "site", "/tiny/").broken == ()


def test_linking_gone_passage_shows_a_notice(tiny):
    built(tiny)
    lock(project_at(tiny))
    gone = ids_by_exact(tiny, "notes")[("dispute", "shelling resumed")]
    curated = (tiny / "content/annotations/notes.yml").read_text()
    write(tiny, "content/annotations/notes.yml", curated.split("  - kind: dispute\n    quote: shelling")[0])
    html = (built(tiny) / "site/documents/notes.html").read_text()
    assert f'<p class="gone-notice" id="{gone}" role="note">' in html


def test_linking_unlocked_ids_warn_once_a_lock_exists(tiny):
    lock(project_at(tiny))
    write(
        tiny,
        "content/annotations/notes.yml",
        (tiny / "content/annotations/notes.yml").read_text() + "  - kind: entity\n    quote: Donbass\n",
    )
    with pytest.raises(SitegenError) as caught:
        build(project_at(tiny), strict=True, log=quiet)
    assert "1 annotation id(s) are not locked yet" in str(caught.value)


def test_linking_lock_file_is_deterministic_and_only_grows(tiny):
    lock(project_at(tiny))
    first = (tiny / "content/ids.lock.json").read_text()
    assert lock(project_at(tiny)) == (0, 9)
    assert (tiny / "content/ids.lock.json").read_text() == first
    edit_claim(tiny)
    added, total = lock(project_at(tiny))
    assert (added, total) == (2, 11)  # the claim and its dispute got new ids; the old stay


def link_report_to_notes(root: Path, target: str) -> None:
    curated = (root / "content/annotations/report.yml").read_text()
    write(
        root,
        "content/annotations/report.yml",
        curated.replace(
            "    attrs: {source_kind: unnamed}\n",
            f"    attrs: {{source_kind: unnamed}}\n    links:\n      - {target}\n",
            1,
        ),
    )


def test_linking_curated_links_render_on_both_ends(tiny):
    link_report_to_notes(tiny, "{relation: contradicts, document: notes, quote: governor said that Kyiv would hold}")
    built(tiny)
    report = (tiny / "site/documents/report.html").read_text()
    notes = (tiny / "site/documents/notes.html").read_text()
    assert "Contradicts: “governor said that Kyiv would hold” (Field notes)" in report
    assert "Contradicted by: “Analysts, however, warned that supplies were running low, according to Tass”" in notes
    assert check_site(tiny / "site", "/tiny/").broken == ()


def test_linking_curated_link_by_id(tiny):
    target = ids_by_exact(built(tiny), "notes")[("dispute", "shelling resumed")]
    link_report_to_notes(tiny, f'{{relation: see_also, target: "notes#{target}"}}')
    assert "See also: “shelling resumed”" in (built(tiny) / "site/documents/report.html").read_text()


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ('{relation: supports, target: "nowhere#c-x"}', "link to a document that does not exist: 'nowhere'"),
        ('{relation: supports, target: "notes#c-missing"}', "link to a passage that does not exist: notes#c-missing"),
        ("{relation: supports, document: notes, quote: not there}", "link target in notes: quote not found"),
        ("{relation: refutes, target: notes#c-x}", "unknown relation 'refutes'"),
    ],
)
def test_linking_broken_references_name_file_and_line(tiny, target, message):
    link_report_to_notes(tiny, target)
    with pytest.raises(SitegenError) as caught:
        build(project_at(tiny), log=quiet)
    assert f"content/annotations/report.yml:5:5: error: {message}" in str(caught.value)


def test_linking_cross_document_pages(tiny):
    site = built(tiny) / "site"
    kyiv = (site / "entities/kyiv.html").read_text()
    # Both Kiev mentions in the report (notes has none curated), each a numbered link with its
    # words, a variant of the entity's name (#23).
    assert re.findall(r'<a href="(\.\./documents/[a-z]+\.html)#e-[a-z0-9]+">(\d \w+)</a>', kyiv) == [
        ("../documents/report.html", "1 Kiev"),
        ("../documents/report.html", "2 Kiev"),
    ]
    assert "Also written: Kiev" in kyiv
    ministry = (site / "sources/the-ministry.html").read_text()
    assert "the troops held their lines near Kiev" in ministry
    governor = (site / "sources/governor.html").read_text()
    assert "Disputed (denied) by Critics" in governor
    disputes = (site / "disputes.html").read_text()
    assert disputes.count("<q><a ") == 3
    assert "<strong>denied</strong> by Critics" in disputes and "Disputed claim:" in disputes
    assert 'data-filter-for="entity-list"' in (site / "entities/index.html").read_text()


def test_linking_share_pages_preview_the_claim(tiny):
    site = built(tiny) / "site"
    claim = ids_by_exact(tiny, "report")[("claim", "The ministry said the troops held their lines near Kiev")]
    share = (site / f"p/report/{claim}.html").read_text()
    assert '<meta property="og:title" content="The ministry: “The ministry said the troops held' in share
    assert f'<meta http-equiv="refresh" content="0; url=../../documents/report.html#{claim}">' in share
    assert "script-src 'none'" in share and "<script" not in share


def test_linking_exports_web_annotations(tiny):
    site = built(tiny) / "site"
    text = (tiny / "seeds/report.txt").read_text().replace("\r\n", "\n")
    page = json.loads((site / "documents/report.jsonld").read_text())
    assert page["type"] == "AnnotationPage" and len(page["items"]) == 6
    assert page["@context"][2]["src"] == {"@id": "https://example.org/tiny/originals/report.txt#char=", "@prefix": True}
    for item in page["items"]:
        start, end = (int(n) for n in item["target"].removeprefix("src:").split(","))
        assert item.get("quote", text[start:end]) == text[start:end]
    collection = json.loads((site / "exports/annotations.jsonld").read_text())
    assert collection["type"] == "AnnotationCollection" and collection["total"] == 9


def test_linking_source_page_lists_claims_by_reference(tiny):
    # Two claims of one document: the document named once, each claim a link and a short quote (#23).
    long = "the bridge " + "and the road " * 12 + "stayed closed"
    write(tiny, "seeds/brief.txt", f"Brief\n\nThe ministry said {long}. The ministry said the port was open.\n")
    claims = "".join(
        f"  - kind: claim\n    quote: The ministry said {content}\n"
        f"    parts: {{source: The ministry, cue: said, content: {content}}}\n"
        for content in (long, "the port was open")
    )
    write(tiny, "content/annotations/brief.yml", "annotations:\n" + claims)
    page = (built(tiny) / "site/sources/the-ministry.html").read_text()
    assert page.count('class="claims-in"') == 2  # brief, then report
    assert page.count('<p class="claims-in">Brief</p>') == 1 and "the port was open</a>" in page
    assert 'href="../documents/brief.html"' not in page  # named, not linked: its claims lead into it
    assert long not in page and re.search(r">the bridge and the road [a-z ]+…</a>", page)


def test_linking_disputes_list_quotes_each_dispute_shortly(tiny):
    long = "reports of a retreat " + "and of a rout " * 10 + "were false"
    write(tiny, "seeds/denial.txt", f"Denial\n\nOfficials denied {long}.\n")
    dispute = f"  - kind: dispute\n    quote: Officials denied {long}\n    attrs: {{reason: denied}}\n"
    write(tiny, "content/annotations/denial.yml", "annotations:\n" + dispute)
    page = (built(tiny) / "site/disputes.html").read_text()
    assert long not in page and re.search(r">Officials denied reports of a retreat [a-z ]+…</a></q>", page)


def test_linking_entity_page_numbers_mentions_and_shows_variants(tiny):
    # One row per document, its title once and unlinked; each mention a numbered link, its words
    # only where they are not the entity's name (#23).
    write(tiny, "seeds/spellings.txt", "Spellings\n\nThe mayor of Kyiv spoke; Kiev was calm.\n")
    mention = "  - kind: entity\n    quote: {}\n    entity: kyiv\n"
    write(tiny, "content/annotations/spellings.yml", "annotations:\n" + mention.format("Kyiv") + mention.format("Kiev"))
    page = (built(tiny) / "site/entities/kyiv.html").read_text()
    row = re.search(r"<li><b>Spellings</b>.*?</li>", page, re.S)
    assert row, page
    links = re.findall(r'<a href="../documents/spellings.html#(e-[a-z0-9]+)">([^<]*)</a>', row.group(0))
    assert [words for _, words in links] == ["1", "2 Kiev"]
    assert row.group(0).count("<a ") == 2  # the title is not a link: the mentions lead into it


def test_linking_exports_csv(tiny):
    rows = list(csv.DictReader(io.StringIO((built(tiny) / "site/exports/annotations.csv").read_text())))
    assert len(rows) == 9
    assert {row["kind"] for row in rows} == {"claim", "dispute", "entity"}
    assert list(rows[0]) == list(CSV_COLUMNS) and "url" not in rows[0] and "label" not in rows[0]  # derivable (#23)
    for row in (r for r in rows if r["document"] == "report"):
        assert f'id="{row["id"]}"' in (built(tiny) / "site/documents/report.html").read_text()


def test_linking_exports_csv_words_recovered_from_the_originals(tiny):
    # A plain-text document's rows leave out `exact`: its original and the offsets give it (#23).
    write(tiny, "seeds/crlf.txt", "\ufeffCrlf\r\n\r\nThe governor denied that Odesa would hold.\r\n")
    write(
        tiny,
        "content/annotations/crlf.yml",
        "annotations:\n  - kind: dispute\n    quote: Odesa would hold\n    attrs: {reason: denied}\n",
    )
    site = built(tiny) / "site"
    rows = list(csv.DictReader(io.StringIO((site / "exports/annotations.csv").read_text())))
    recovered = 0
    for slug in {row["document"] for row in rows}:
        words = {r["id"]: r["exact"] for r in site_records(site, slug)}  # its quote, else its marks' words
        originals = list((site / "originals").glob(f"{slug}.*"))
        for row in (r for r in rows if r["document"] == slug):
            if originals[0].suffix == ".txt":
                assert row["exact"] == ""
                row["exact"] = recover_exact(originals[0].read_bytes(), int(row["start"]), int(row["end"]))
                recovered += 1
            assert row["exact"] == words[row["id"]], row
    assert recovered >= 5 and any(r["document"] == "crlf" and r["exact"] == "Odesa would hold" for r in rows)
    assert _cell("=HYPERLINK(1)") == "'=HYPERLINK(1)" and _cell("-1") == "'-1" and _cell("plain") == "plain"


def test_linking_checker_finds_broken_links(tiny):
    site = built(tiny) / "site"
    page = site / "documents/report.html"
    page.write_text(
        page.read_text().replace(
            "</main>", '<a href="notes.html#nope">x</a><a href="../gone.html">y</a><a href="/elsewhere/">z</a></main>'
        )
    )
    reasons = sorted(b.reason for b in check_site(site, "/tiny/").broken)
    assert reasons == ["leads outside the base path /tiny/", "no element with id 'nope'", "no such file"]


def test_linking_check_links_builds_under_a_sub_path(tiny):
    report = check_links(project_at(tiny))
    assert report.pages >= 20 and report.links > 200 and report.broken == ()
    assert not (tiny / "site").exists(), "the link check builds into the cache, not site/"


def test_linking_unlocked_ids_are_counted_once_over_linked_and_other_documents(tiny):
    # report and notes are named by a link (analysed before the link stage); later is not
    # (analysed where its page is rendered): both kinds' unlocked ids make one warning.
    link_report_to_notes(tiny, "{relation: contradicts, document: notes, quote: governor said that Kyiv would hold}")
    write(tiny, "seeds/later.txt", "Later\n\nThe mayor of Odesa spoke.\n")
    lock(project_at(tiny))
    notes = (tiny / "content/annotations/notes.yml").read_text()
    write(tiny, "content/annotations/notes.yml", notes + "  - kind: entity\n    quote: Donbass\n")
    write(tiny, "content/annotations/later.yml", "annotations:\n  - kind: entity\n    quote: Odesa\n")
    with pytest.raises(SitegenError) as caught:
        build(project_at(tiny), strict=True, log=quiet)
    assert str(caught.value).count("not locked yet") == 1
    assert "2 annotation id(s) are not locked yet" in str(caught.value)


def test_linking_entity_page_shows_role_and_place_and_templates_get_the_place_map(tiny):
    curated = (tiny / "content/annotations/notes.yml").read_text()
    write(
        tiny,
        "content/annotations/notes.yml",
        curated
        + "  - kind: entity\n    quote: Kyiv\n    occurrence: 1\n    entity: kyiv\n    type: place\n"
        + "    attrs: {geonames_id: '703448', latitude: '50.45466', longitude: '30.52380'}\n"
        + "  - kind: entity\n    quote: governor\n    type: person\n"
        + "    attrs: {role: Regional Governor}\n",
    )
    shutil.copytree(BUNDLED_THEMES / "default", tiny / "themes/default")
    page = "{% for p in place_map %}{{ p.name }} {{ p.latitude }} {{ p.geonames }};{% endfor %}"
    write(tiny, "themes/default/templates/entities.html", page)
    built(tiny)
    kyiv = (tiny / "site/entities/kyiv.html").read_text()
    assert "50.45466, 30.52380" in kyiv and 'href="https://www.geonames.org/703448"' in kyiv
    assert "Role: Regional Governor" in (tiny / "site/entities/governor.html").read_text()
    assert (tiny / "site/entities/index.html").read_text().strip().endswith("50.45466 https://www.geonames.org/703448;")
