"""sitemap.xml and robots.txt for the configured base URL, as Pages."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from xml.sax.saxutils import escape

from sitegen.config import SiteConfig
from sitegen.model import Page
from sitegen.site import routes

SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
SHARE_FOLDER = routes.share("slug", "id").partition("/")[0] + "/"
"""Share pages declare their passage in the document as canonical, so they stay out of the sitemap."""


def sitemap_pages(
    config: SiteConfig, site_paths: Iterable[str], lastmod: Mapping[str, str] | None = None
) -> tuple[Page, ...]:
    """The sitemap of every HTML page but the 404 and share pages, sorted, and a robots.txt naming it.
    ``lastmod``: site path → W3C date of the pages whose metadata says when they last changed."""
    paths = sorted(p for p in site_paths if _listed(p))
    dates = lastmod or {}
    entries = "".join(
        f"  <url><loc>{escape(routes.absolute(config.base_url, p))}</loc>"
        + (f"<lastmod>{escape(dates[p])}</lastmod>" if dates.get(p) else "")
        + "</url>\n"
        for p in paths
    )
    sitemap = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{entries}</urlset>\n"
    )
    # Crawlers read robots.txt only at a host's root; under a sub-path it is inert but harmless.
    robots = f"User-agent: *\nAllow: /\nSitemap: {routes.absolute(config.base_url, SITEMAP)}\n"
    return (Page(ROBOTS, robots.encode("utf-8")), Page(SITEMAP, sitemap.encode("utf-8")))


def _listed(path: str) -> bool:
    return path.endswith(".html") and path != routes.NOT_FOUND and not path.startswith(SHARE_FOLDER)
