"""sitemap.xml and robots.txt use the configured base URL."""

from __future__ import annotations

from sitegen.config import SiteConfig
from sitegen.site.sitemap import sitemap_pages


def test_sitemap_lists_html_pages_under_the_base_url() -> None:
    paths = ("z.html", "404.html", "documents/a&b.html", "static/x.css", "index.html", "p/a/c-1.html")
    robots, sitemap = sitemap_pages(SiteConfig(base_url="https://u.github.io/repo/"), paths)
    assert robots.path == "robots.txt"
    assert robots.content == b"User-agent: *\nAllow: /\nSitemap: https://u.github.io/repo/sitemap.xml\n"
    assert sitemap.path == "sitemap.xml"
    assert sitemap.content.decode().splitlines()[2:-1] == [
        "  <url><loc>https://u.github.io/repo/documents/a%26b.html</loc></url>",
        "  <url><loc>https://u.github.io/repo/index.html</loc></url>",
        "  <url><loc>https://u.github.io/repo/z.html</loc></url>",
    ]
    assert sitemap_pages(SiteConfig(), reversed(paths)) == sitemap_pages(SiteConfig(), paths)
