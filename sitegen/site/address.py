"""Is ``base_url`` a real address? Publishing the default or a placeholder is refused."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from sitegen.config import DEFAULT_BASE_URL, Project
from sitegen.errors import Diagnostic, Location, Severity

LOOPBACK = re.compile(r"(localhost|127(\.\d+){3}|\[?::1\]?|0\.0\.0\.0)$")
PLACEHOLDER_WORDS = re.compile(r"\b(USER|REPO|YOUR[-_A-Z]*|USERNAME|REPOSITORY)\b")
"""Capitals the way templates write them: ``https://USER.github.io/REPO/``."""
HOW_TO_SET = (
    "set base_url in {config} to the address readers will use (e.g. https://alice.github.io/archive/), "
    "or pass --base-url URL; the Pages workflow passes the address GitHub gives the site"
)


def placeholder_reason(base_url: str) -> str:
    """Why ``base_url`` cannot be where a site is published, or empty when it can be."""
    if base_url == DEFAULT_BASE_URL:
        return "it is still the default"
    host = urlsplit(base_url).hostname or ""
    if LOOPBACK.match(host):
        return "it points at this machine"
    if PLACEHOLDER_WORDS.search(base_url):
        return "it is still a placeholder"
    return ""


def unpublishable(project: Project, severity: Severity = "warning") -> Diagnostic | None:
    """A diagnostic when the project's ``base_url`` is the default or a placeholder."""
    url = project.config.base_url
    reason = placeholder_reason(url)
    if not reason:
        return None
    message = f"base_url {url} cannot be published: {reason} (canonical links, the sitemap and share pages use it)"
    hint = HOW_TO_SET.format(config=project.config_path)
    return Diagnostic(severity, Location(project.config_path), message, hint)
