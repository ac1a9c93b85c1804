"""An HTML-parser-based audit of built pages: every script, attribute and URL, against the theme's own.

``audit(html)`` lists what a page could execute or load; ``problems(html, theme)`` says
which of those did not come from the theme. URLs are read the way a browser reads
them (entities decoded by the parser, leading controls and spaces dropped, tabs and
newlines removed) before their scheme is looked at.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

URL_ATTRIBUTES = frozenset(
    {
        "href",
        "src",
        "srcset",
        "action",
        "formaction",
        "data",
        "poster",
        "background",
        "cite",
        "longdesc",
        "ping",
        "manifest",
        "codebase",
        "archive",
        "icon",
        "lowsrc",
        "dynsrc",
        "xlink:href",
    }
)
FORBIDDEN_ELEMENTS = frozenset(
    {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "form", "style", "portal"}
)
"""Elements a page may only have where the theme puts them (forms: the theme's search forms).

Inline SVG (the theme draws charts) is not listed: what could make it dangerous, a script
element, an event handler or a script URL, is caught like anywhere else."""
FORBIDDEN_SCHEMES = ("javascript:", "data:", "vbscript:", "file:")
FORBIDDEN_ATTRIBUTES = frozenset({"style", "srcdoc", "formaction", "http-equiv"})
"""Attributes no page carries except where the theme writes them (http-equiv: the theme's meta tags)."""
DATA_BLOCK_IDS = frozenset({"sitegen-document"})


@dataclass
class Script:
    """One ``<script>`` element: its attributes and its inline text."""

    attrs: dict[str, str]
    text: str = ""


@dataclass
class Audit:
    """Everything on a page that could run code or load something."""

    scripts: list[Script] = field(default_factory=list)
    attributes: set[str] = field(default_factory=set)
    urls: list[tuple[str, str, str]] = field(default_factory=list)
    """(element, attribute, URL) for every URL-bearing attribute, and meta refresh targets."""
    elements: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    """Every element of FORBIDDEN_ELEMENTS with its attributes."""
    forbidden_attributes: list[tuple[str, str, str]] = field(default_factory=list)
    csp: list[str] = field(default_factory=list)


class _Auditor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found = Audit()
        self._script: Script | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.found.attributes.update(values)
        for name, value in values.items():
            if name in URL_ATTRIBUTES:
                self.found.urls.append((tag, name, value))
            if name in FORBIDDEN_ATTRIBUTES:
                self.found.forbidden_attributes.append((tag, name, value))
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            self.found.urls.append((tag, "content", values.get("content", "").partition("url=")[2]))
        if tag == "meta" and values.get("http-equiv", "").lower() == "content-security-policy":
            self.found.csp.append(values.get("content", ""))
        if tag in FORBIDDEN_ELEMENTS:
            self.found.elements.append((tag, values))
        if tag == "script":
            self._script = Script(values)
            self.found.scripts.append(self._script)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self._script = None

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.text += data


def audit(html: str) -> Audit:
    """Parse ``html`` and list its scripts, attribute names, URLs and risky elements."""
    auditor = _Auditor()
    auditor.feed(html)
    auditor.close()
    return auditor.found


def browser_url(value: str) -> str:
    """A URL as a browser sees it: leading/trailing C0 controls and spaces dropped, tabs and newlines removed."""
    return re.sub(r"[\t\n\r]", "", value.strip("".join(map(chr, range(0x21))))).lower()


@dataclass(frozen=True)
class Theme:
    """What a theme itself puts on pages: its script files and its forms."""

    scripts: frozenset[str]
    form_classes: frozenset[str]

    @classmethod
    def load(cls, folder: Path) -> Theme:
        scripts = frozenset(path.name for path in (folder / "static").glob("*.js"))
        templates = " ".join(path.read_text(encoding="utf-8") for path in (folder / "templates").glob("*.html"))
        forms = frozenset(re.findall(r'<form class="([^"]+)"', templates))
        return cls(scripts, forms)


def problems(html: str, theme: Theme, page: str = "") -> list[str]:
    """Everything on the page that could run or load code and did not come from the theme."""
    found = audit(html)
    where = f"{page}: " if page else ""
    out = [where + p for p in _script_problems(found, theme)]
    out += [f"{where}event-handler attribute {name!r}" for name in sorted(found.attributes) if name.startswith("on")]
    for tag, name, value in found.urls:
        url = browser_url(value)
        if url.startswith(FORBIDDEN_SCHEMES) or (name == "srcset" and re.search(r"(javascript|data|vbscript):", url)):
            out.append(f"{where}<{tag} {name}={value!r}>: forbidden URL scheme")
    for tag, attrs in found.elements:
        if not (tag == "form" and attrs.get("class") in theme.form_classes and _own_url(attrs.get("action", ""))):
            out.append(f"{where}<{tag}> element {attrs}")
    for tag, name, value in found.forbidden_attributes:
        if not (tag == "meta" and name == "http-equiv" and value.lower() in ("content-security-policy", "refresh")):
            out.append(f"{where}<{tag} {name}={value!r}>: attribute not allowed")
    return out


def _script_problems(found: Audit, theme: Theme) -> list[str]:
    out = []
    for script in found.scripts:
        src, kind = script.attrs.get("src"), script.attrs.get("type", "")
        if src is not None:
            name = src.rpartition("/")[2]
            if name not in theme.scripts or not _own_url(src) or script.text.strip():
                out.append(f"script not from the theme: {script.attrs}")
        elif kind == "application/json" and script.attrs.get("id") in DATA_BLOCK_IDS:
            if set(script.attrs) != {"type", "id"}:
                out.append(f"data block with extra attributes: {script.attrs}")
            try:
                json.loads(script.text)
            except ValueError:
                out.append(f"data block {script.attrs.get('id')} is not JSON (was it cut short?)")
        else:
            out.append(f"inline script: {script.attrs} {script.text[:80]!r}")
    return out


def _own_url(url: str) -> bool:
    """A relative URL inside the site (no scheme, no host)."""
    plain = browser_url(url)
    return not re.match(r"[a-z][a-z0-9+.-]*:", plain) and not plain.startswith("//")


def csp_problems(html: str, page: str = "") -> list[str]:
    """A page must carry exactly one Content-Security-Policy, and it must forbid inline script."""
    policies = audit(html).csp
    if len(policies) != 1:
        return [f"{page}: {len(policies)} Content-Security-Policy meta tags"]
    policy = policies[0]
    directives = {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}
    scripts = directives.get("script-src")
    if scripts not in (["'self'"], ["'none'"]):
        return [f"{page}: policy allows inline or foreign script: {policy!r}"]
    if "object-src 'none'" not in policy or "base-uri 'none'" not in policy:
        return [f"{page}: policy lacks object-src 'none' or base-uri 'none': {policy!r}"]
    return []


def site_problems(site: Path, theme: Theme) -> list[str]:
    """Audit every HTML page of a built site, and check its policy."""
    out: list[str] = []
    for path in sorted(site.rglob("*.html")):
        if path.is_dir():  # a document named "x.html.md" has its share pages in p/x.html/
            continue
        name = path.relative_to(site).as_posix()
        html = path.read_text(encoding="utf-8")
        out += problems(html, theme, name) + csp_problems(html, name)
    return out
