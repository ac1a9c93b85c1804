"""Base-path correctness: crawl the site through the real server under /tiny/ and under /."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

from sitegen.serve import Preview
from sitegen.serve.reload import PREFIX
from tests.conftest import quiet
from tests.serve.conftest import get


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)
            elif name in ("id", "name") and value:
                self.ids.add(value)


def crawl(preview: Preview, published: str) -> tuple[int, list[str]]:
    """Every page reachable from the home page and the sitemap; returns (pages seen, broken links)."""
    local = preview.url
    todo, seen, broken = [local], {local}, []
    ids: dict[str, set[str]] = {}
    fragments: list[tuple[str, str, str]] = []
    sitemap = get(preview, urlsplit(local).path + "sitemap.xml")[2].decode()
    todo += [loc.replace(published, local) for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap)]
    while todo:
        url = todo.pop()
        status, headers, body = get(preview, urlsplit(url).path)
        if status != 200:
            broken.append(f"{url}: {status}")
            continue
        if not headers["content-type"].startswith("text/html"):
            continue
        parsed = _Links()
        parsed.feed(body.decode("utf-8"))
        ids[url] = parsed.ids
        for link in parsed.links:
            if link.startswith(PREFIX):
                continue  # the preview's own reload script, not part of the site
            target, fragment = urldefrag(urljoin(url, link.replace(published, local)))
            if not target.startswith(local):
                assert urlsplit(target).netloc != urlsplit(local).netloc, f"{url} leaves the base path: {link}"
                continue  # another site
            if fragment:
                fragments.append((url, target, fragment))
            if target not in seen:
                seen.add(target)
                todo.append(target)
    broken += [f"{page}: no #{frag} in {target}" for page, target, frag in fragments if frag not in ids[target]]
    return len(ids), broken


@pytest.mark.parametrize(
    ("base_url", "path"),
    [("https://example.org/tiny/", "/tiny/"), ("https://archive.example.net/", "/")],
)
def test_crawl_finds_no_broken_link(tiny: Path, base_url: str, path: str) -> None:
    config = tiny / "sitegen.yml"
    config.write_text(config.read_text().replace("https://example.org/tiny/", base_url))
    preview = Preview(tiny, port=0, log=quiet)
    preview.start()
    try:
        assert preview.url.endswith(path)
        pages, broken = crawl(preview, base_url)
        robots = get(preview, path + "robots.txt")[2].decode()
    finally:
        preview.close()
    assert broken == []
    assert pages >= 10
    assert f"Sitemap: {base_url}sitemap.xml" in robots
