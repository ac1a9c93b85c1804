"""Long lists in pages: the home page's documents and the disputes keep their first page's
address and put the rest in a folder, so those pages do not grow with the archive (#23)."""

from __future__ import annotations

import re

import pytest

from sitegen.build import build, check_links
from sitegen.site import paging
from sitegen.site.paging import paged
from tests.conftest import project_at, quiet


def test_paging_cuts_a_list_and_names_every_page():
    pages = paged(list("abcde"), "index.html", "list", per_page=2)
    assert [path for path, _ in pages] == ["index.html", "list/2.html", "list/3.html"]
    assert [list(page) for _, page in pages] == [["a", "b"], ["c", "d"], ["e"]]
    last = pages[-1][1].pager
    assert (last.number, last.count, last.total, last.first, last.last) == (3, 3, 5, 5, 5)
    assert last.paths == ("index.html", "list/2.html", "list/3.html")


def test_paging_an_empty_list_is_one_empty_page():
    ((path, page),) = paged([], "disputes.html", "disputes", per_page=2)
    assert path == "disputes.html" and not list(page) and page.pager.count == 1 and page.pager.first == 0


@pytest.fixture
def one_per_page(monkeypatch):
    monkeypatch.setattr(paging, "PER_PAGE", 1)


def test_paging_home_and_disputes_list_one_item_a_page_and_link_the_rest(tiny, one_per_page):
    build(project_at(tiny), log=quiet)
    site = tiny / "site"
    home = (site / "index.html").read_text(encoding="utf-8")
    second = (site / "list/2.html").read_text(encoding="utf-8")
    assert home.count('class="doc-card"') == 1 and second.count('class="doc-card"') == 1
    assert "2 documents in the archive" in home and 'class="overview"' in home and 'class="overview"' not in second
    assert 'href="list/2.html" rel="next"' in home and 'href="../index.html" rel="prev"' in second
    assert 'href="../documents/' in second  # rows link from any page of the list
    listed = [(site / "disputes.html").read_text(encoding="utf-8")]
    listed += [(site / f"disputes/{n}.html").read_text(encoding="utf-8") for n in (2, 3)]
    assert [page.count("<q><a ") for page in listed] == [1, 1, 1]
    assert not (site / "disputes/4.html").exists() and not (site / "list/3.html").exists()
    assert [re.search(r"Disputed statements (\d)–\1 of 3", page)[1] for page in listed] == ["1", "2", "3"]
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "list/2.html" in sitemap and "disputes/3.html" in sitemap
    assert not check_links(project_at(tiny)).broken
