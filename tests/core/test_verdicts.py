"""Curated verdicts: the YAML format, its errors at file:line:col, the scale in sitegen.yml,
and where a built site shows them (document, source, entity and Fact checks pages)."""

from __future__ import annotations

import json
import re

import pytest

from sitegen.build import build
from sitegen.curate.curated import parse_annotation_text
from sitegen.errors import Diagnostics, SitegenError
from tests.conftest import project_at, quiet, write
from tests.core.verdict_site import with_verdicts

CLAIM = """\
annotations:
  - kind: {kind}
    action: {action}
    quote: The ministry said the troops held their lines
    verdict:
{verdict}
"""

GOOD = """\
      rating: misleading
      explanation: Partly so.
      reviewer: Desk
      date: "2024-11-25"
"""


def parsed(verdict: str = GOOD, kind: str = "claim", action: str = "add") -> tuple[object, list[str]]:
    diagnostics = Diagnostics()
    text = CLAIM.format(kind=kind, action=action, verdict=verdict)
    curated = parse_annotation_text(text, "content/annotations/report.yml", diagnostics)
    return curated, [str(d) for d in diagnostics.items]


def test_verdicts_entry_reads_every_field():
    verdict = (
        GOOD + '      evidence:\n        - {url: "https://a.example/x", title: A, archived_url: "http://b.example/"}\n'
    )
    curated, problems = parsed(verdict)
    assert problems == []
    (written, location) = curated.verdicts[0]
    assert (written.rating, written.reviewer, written.date) == ("misleading", "Desk", "2024-11-25")
    assert written.evidence[0].archived_url == "http://b.example/"
    assert (location.path, location.line) == ("content/annotations/report.yml", 2)


def test_verdicts_unquoted_false_is_the_rating_false():
    curated, problems = parsed(GOOD.replace("misleading", "false"))
    assert problems == []
    from sitegen.curate.verdicts import rating_key

    assert rating_key(curated.verdicts[0][0].rating) == "false"


@pytest.mark.parametrize(
    ("kind", "action", "message"),
    [
        ("dispute", "add", "a verdict judges a claim, not a dispute"),
        ("claim", "suppress", "a verdict cannot sit on a 'suppress' entry"),
    ],
)
def test_verdicts_only_on_a_claim_an_editor_stands_behind(kind, action, message):
    curated, problems = parsed(kind=kind, action=action)
    assert curated.verdicts == ()
    assert any(p.startswith("content/annotations/report.yml:6:7: error: " + message) for p in problems), problems


def test_verdicts_errors_name_line_and_column():
    verdict = """\
      rating: ""
      explanation: ""
      reviewer: Desk
      date: 25/11/2024
      evidence:
        - {url: "javascript:alert(1)", title: Bad}
        - {url: "https://ok.example/", title: "", archived_url: "ftp://x.example/"}
      ratting: false
"""
    curated, problems = parsed(verdict)
    assert curated.verdicts == ()
    text = "\n".join(problems)
    assert "report.yml:13:7: error: unknown key 'ratting'" in text and "did you mean 'rating'?" in text
    # Unknown keys stop the record: the rest is checked once it is fixed.
    curated, problems = parsed(verdict.replace("      ratting: false\n", ""))
    text = "\n".join(problems)
    assert "report.yml:6:7: error: a verdict needs a 'rating'" in text
    assert "report.yml:6:7: error: a verdict needs an 'explanation'" in text
    assert "report.yml:9:13: error: a verdict needs a 'date' like 2026-12-01" in text
    assert "report.yml:11:11: error: evidence url must be an http(s) URL, not 'javascript:alert(1)'" in text
    assert "report.yml:12:11: error: evidence archived_url must be an http(s) URL" in text
    assert "report.yml:12:11: error: evidence needs a 'title'" in text


def test_verdicts_unknown_rating_fails_the_build_with_a_hint(tiny):
    with_verdicts(tiny)
    report = tiny / "content/annotations/report.yml"
    report.write_text(report.read_text().replace("rating: disputed", "rating: dispute"))
    with pytest.raises(SitegenError) as caught:
        build(project_at(tiny), log=quiet)
    text = str(caught.value)
    assert "content/annotations/report.yml:15:5: error: unknown verdict rating 'dispute'" in text
    assert "did you mean 'disputed'?" in text


def test_verdicts_scale_comes_from_config(tiny):
    with_verdicts(tiny)
    config = tiny / "sitegen.yml"
    config.write_text(
        config.read_text()
        + """fact_checks:
  publisher: Desk </script><script>alert(1)</script>
  publisher_url: https://desk.example/
  scale:
    - {id: "false", label: Wrong, meaning: Not so., value: 1}
    - {id: disputed, meaning: Contested., value: 2}
    - {id: right, label: Right, meaning: So., value: 3}
"""
    )
    build(project_at(tiny), log=quiet)
    page = (tiny / "site/documents/report.html").read_text()
    assert '<strong class="verdict-label" data-rating="false">Wrong</strong>' in page
    assert '<strong class="verdict-label" data-rating="disputed">Disputed</strong>' in page
    review = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    first = review["@graph"][0]
    assert first["reviewRating"] == {
        "@type": "Rating", "ratingValue": 1, "worstRating": 1, "bestRating": 3, "alternateName": "Wrong",
    }  # fmt: skip
    assert first["author"] == {
        "@type": "Organization",
        "name": "Desk </script><script>alert(1)</script>",
        "url": "https://desk.example/",
    }
    assert page.count("<script>alert(1)") == 0 and page.count("</script>") == page.count("<script")


@pytest.mark.parametrize(
    ("scale", "message"),
    [
        ("scale: []", "fact_checks.scale needs at least one rating"),
        ("scale: [{id: a, meaning: A, value: 1}, {id: A, meaning: B, value: 2}]", "distinct ids and distinct values"),
        ("scale: [{id: a, value: 1}]", "every rating needs an 'id' and a 'meaning'"),
        ("scale: [{id: a, meaning: A, value: 0}]", "whole numbers from 1"),
        ("publisher_url: javascript:alert(1)", "fact_checks.publisher_url must be an http(s) URL"),
    ],
)
def test_verdicts_scale_config_errors(tiny, scale, message):
    config = tiny / "sitegen.yml"
    config.write_text(config.read_text() + f"fact_checks:\n  {scale}\n")
    with pytest.raises(SitegenError) as caught:
        build(project_at(tiny), log=quiet)
    assert re.search(r"sitegen\.yml:\d+:\d+: error: .*" + re.escape(message), str(caught.value)), str(caught.value)


def test_verdicts_shown_on_document_source_entity_and_fact_checks_pages(tiny):
    build(project_at(with_verdicts(tiny)), log=quiet)
    site = tiny / "site"
    page = (site / "documents/report.html").read_text()
    # Each verdict once, in the annotation list, under its claim; the explanation is Markdown
    # with raw HTML as text and no javascript: link.
    assert page.count('class="verdict"') == 2
    note = page[page.index('id="note-c-zxjdpqsa"') :]
    assert note.index('data-rating="false"') < note.index("</li>")
    assert "<strong>moved</strong>. &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'href="javascript' not in page and "<b>" not in page
    assert '<a href="https://example.org/images" rel="nofollow noopener noreferrer">Images of the front</a>' in page
    assert "Reviewed by Desk &lt;/script&gt;," in page
    source = (site / "sources/ministry.html").read_text()
    assert 'data-rating="false">False</strong>' in source and "Satellite images" not in source
    entity = (site / "entities/ministry.html").read_text()
    assert (
        "Fact checks of claims by Defence Ministry" in entity and 'href="../documents/report.html#c-zxjdpqsa"' in entity
    )
    checks = (site / "fact-checks.html").read_text()
    items = re.findall(
        r'<li class="fact-check" data-rating="([^"]*)" data-source="([^"]*)" data-outlet="([^"]*)">', checks
    )
    assert items == [("false", "ministry", "Example Gazette"), ("disputed", "analysts", "Example Gazette")]
    assert '<a href="fact-checks.html" aria-current="page">Fact checks</a>' in checks
    assert 'href="fact-checks.html"' in (site / "index.html").read_text()


def test_verdicts_absent_leave_no_fact_checks_page(tiny):
    build(project_at(tiny), log=quiet)
    assert not (tiny / "site/fact-checks.html").exists()
    assert not (tiny / "site/feeds/verdicts.atom").exists()
    page = (tiny / "site/documents/report.html").read_text()
    assert '<script type="application/ld+json">' not in page and "Fact checks" not in page


def test_verdicts_on_a_claim_twice_is_an_error(tiny):
    with_verdicts(tiny)
    write(
        tiny,
        "content/annotations/report.yml",
        (tiny / "content/annotations/report.yml").read_text()
        + """  - kind: claim
    action: confirm
    quote: The ministry said the troops held their lines near Kiev
    verdict: {rating: accurate, explanation: Yes., reviewer: Other, date: "2024-11-26"}
""",
    )
    with pytest.raises(SitegenError) as caught:
        build(project_at(tiny), log=quiet)
    assert "report.yml:34:5: error: claim c-zxjdpqsa has a verdict already (line 2)" in str(caught.value)
