"""The link checker: crawl a built site under its base path and report every broken link."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

CHECK_HOST = "https://links.invalid"
LINK_ATTRS = {"a": "href", "link": "href", "script": "src", "img": "src", "source": "src", "form": "action"}


@dataclass(frozen=True, slots=True)
class BrokenLink:
    page: str
    url: str
    reason: str

    def __str__(self) -> str:
        return f"{self.page}: {self.url}: {self.reason}"


@dataclass(frozen=True, slots=True)
class LinkReport:
    pages: int
    links: int
    external: int
    broken: tuple[BrokenLink, ...]


class _PageLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        wanted = LINK_ATTRS.get(tag)
        if wanted and values.get(wanted):
            self.urls.append(str(values[wanted]))
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "refresh":
            self.urls.append(str(values.get("content") or "").partition("url=")[2])


def check_site(site: Path, base_path: str) -> LinkReport:
    """Check every link of every HTML page: target file exists, ``#fragment`` is an id there."""
    parsed = {path: _parse(path) for path in sorted(site.rglob("*.html"))}
    broken: list[BrokenLink] = []
    links = external = 0
    for path, page in parsed.items():
        relative = path.relative_to(site).as_posix()
        page_url = CHECK_HOST + base_path + relative
        for url in page.urls:
            links += 1
            target = urljoin(page_url, url)
            if not target.startswith(CHECK_HOST):
                external += 1
                continue
            problem = _problem(site, base_path, target, parsed)
            if problem:
                broken.append(BrokenLink(relative, url, problem))
    return LinkReport(len(parsed), links, external, tuple(broken))


def _parse(path: Path) -> _PageLinks:
    parser = _PageLinks()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _problem(site: Path, base_path: str, url: str, parsed: dict[Path, _PageLinks]) -> str:
    parts = urlsplit(url)
    if not parts.path.startswith(base_path):
        return f"leads outside the base path {base_path}"
    local = unquote(parts.path[len(base_path) :])
    target = site / (local + "index.html" if local.endswith("/") or not local else local)
    if not target.resolve().is_relative_to(site.resolve()) or not target.is_file():
        return "no such file"
    fragment = unquote(parts.fragment)
    checkable = fragment and not fragment.startswith(":~:") and target.suffix == ".html"
    if checkable and fragment not in parsed[target].ids:
        return f"no element with id {fragment!r}"
    return ""
