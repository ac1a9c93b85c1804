"""Loading a project: find its root, read and validate ``sitegen.yml``."""

from __future__ import annotations

import re
from pathlib import Path

from sitegen.config import CONFIG_NAME, EXECUTORS, PUBLISH_CHOICES, SCHEDULER, Project, SiteConfig
from sitegen.errors import Diagnostics, Location
from sitegen.sources.read import decode, read_input
from sitegen.sources.schema import build_record, did_you_mean, where
from sitegen.sources.yamlsource import LocatedMap, Value, load_yaml

PATH_SETTINGS = ("seeds_dir", "content_dir", "output_dir", "cache_dir")


def load_project(root: Path, config_name: str = CONFIG_NAME) -> Project:
    """The project at ``root`` with its validated config; every config problem is reported at once."""
    root = root.resolve()
    path = root / config_name
    if not path.exists():
        return Project(root, SiteConfig(), config_name)
    diagnostics = Diagnostics()
    node = load_yaml(decode(read_input(root, config_name), config_name), config_name)
    config = build_record(SiteConfig, node, diagnostics, partial=True)
    if config is None:  # not even a mapping
        diagnostics.raise_errors()
        return Project(root, SiteConfig(), config_name)
    _check_values(config, root, node, config_name, diagnostics)
    diagnostics.raise_errors()
    return Project(root, config, config_name)


def _check_values(config: SiteConfig, root: Path, node: Value | None, name: str, diagnostics: Diagnostics) -> None:
    def at(key: str) -> Location:
        value = node.get(key) if isinstance(node, LocatedMap) else None
        return where(value) if value is not None else Location(name)

    if not re.match(r"https?://[^\s/]+(/\S*)?$", config.base_url):
        diagnostics.error(at("base_url"), "base_url must be an http(s) URL", "e.g. https://user.github.io/repo/")
    for key in PATH_SETTINGS:
        value = getattr(config, key)
        resolved = (root / value).resolve()
        if not value or resolved == root or not resolved.is_relative_to(root):
            diagnostics.error(at(key), f"{key} must be a folder inside the project, not {value!r}")
    if config.publish not in PUBLISH_CHOICES:
        hint = did_you_mean(config.publish, PUBLISH_CHOICES)
        diagnostics.error(at("publish"), f"publish must be 'all' or 'reviewed', not {config.publish!r}", hint)
    if config.jobs < 0:
        diagnostics.error(at("jobs"), "jobs must be 0 (one per core) or more")
    if config.executor not in EXECUTORS:
        diagnostics.error(
            at("executor"), f"unknown executor {config.executor!r}", f"use one of: {', '.join(EXECUTORS)}"
        )
    if config.scheduler and not SCHEDULER.match(config.scheduler):
        diagnostics.error(at("scheduler"), "scheduler must be an address like tcp://HOST:PORT")
    if not (Project(root, config).theme_dir / "templates").is_dir():
        diagnostics.error(
            at("theme"), f"theme {config.theme!r} not found under themes/", "the bundled theme is 'default'"
        )
