"""Links in documents: an allowlist of schemes (http, https, mailto) and relative links; the
``lang`` a document's metadata gives is a language tag, not markup."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.build import build
from sitegen.errors import SitegenError
from sitegen.sources.markdown import make_parser
from tests.conftest import project_at, quiet, write

REFUSED = ("ms-msdt:id", "search-ms:query=x", "ms-word:ofe|u|https://x", "blob:https://x/y", "intent://x#Intent;end")
REFUSED += ("JavaScript:alert(1)", "data:text/html,x", "vbscript:x", "file:///etc/passwd", "x-custom:y", "tel:123")
ALLOWED = ("https://example.org/", "http://example.org/a?b#c", "mailto:a@example.org", "other.html", "../x", "#p")


@pytest.mark.parametrize("url", REFUSED)
def test_schemes_outside_the_allowlist_are_not_links(url: str) -> None:
    for markdown in (f"[a](<{url}>)", f"<{url}>", f"[a][r]\n\n[r]: <{url}>"):
        html = make_parser().render(markdown)
        assert "href" not in html, (markdown, html)


@pytest.mark.parametrize("url", ALLOWED)
def test_schemes_on_the_allowlist_stay_links(url: str) -> None:
    assert 'href="' in make_parser().render(f"[a](<{url}>)")


def test_schemes_refused_in_a_built_page(tmp_path: Path) -> None:
    root = tmp_path / "p"
    write(root, "sitegen.yml", "annotate: {annotators: []}\n")
    write(root, "seeds/a.md", "# Links\n\n" + "\n".join(f"- [link {n}]({url})" for n, url in enumerate(REFUSED[:5])))
    build(project_at(root), log=quiet)
    html = (root / "site/documents/a.html").read_text(encoding="utf-8")
    assert all(f'href="{url}' not in html for url in REFUSED[:5]) and "ms-msdt:id" in html


@pytest.mark.parametrize("language", ['en" onload="x', "en x", "<script>", "e", "en_GB"])
def test_schemes_document_language_must_be_a_tag(tmp_path: Path, language: str) -> None:
    root = tmp_path / "p"
    write(root, "sitegen.yml", "annotate: {annotators: []}\n")
    write(root, "seeds/a.txt", "Headline\nThe mayor said so.\n")
    write(root, "content/documents/a.yml", f"language: '{language}'\n")
    with pytest.raises(SitegenError, match=r"content/documents/a\.yml:1:11: error: language must be a language tag"):
        build(project_at(root), log=quiet)
