"""Loading a project: find its root, read and validate ``sitegen.yml``."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from sitegen.config import (
    CONFIG_NAME,
    CONFIG_NAMES,
    EXECUTORS,
    PUBLISH_CHOICES,
    SCHEDULER,
    Project,
    SiteConfig,
    base_url_problem,
)
from sitegen.errors import Diagnostics, Location, error
from sitegen.sources.read import decode, read_input
from sitegen.sources.schema import build_record, did_you_mean, where
from sitegen.sources.yamlsource import LocatedMap, Value, load_yaml

PATH_SETTINGS = ("seeds_dir", "content_dir", "output_dir", "cache_dir")


def load_project(root: Path, config_name: str | None = None) -> Project:
    """The project at ``root`` with its validated config; every config problem is reported at once.
    ``config_name`` (``-f``) must exist; without it, ``sitegen.yml`` or ``sitegen.yaml`` is read if present."""
    root = root.resolve()
    if config_name is None:
        config_name = config_file(root)
    elif not (root / config_name).is_file():
        raise error(config_name, 0, "config file not found", f"looked for {root / config_name}")
    path = root / config_name
    diagnostics = Diagnostics()
    if not path.exists():
        _no_archive(root, SiteConfig().seeds_dir)
        _check_folders(SiteConfig(), root, lambda _: Location(config_name), diagnostics)
        diagnostics.raise_errors()
        return Project(root, SiteConfig(), config_name)
    text = decode(read_input(root, config_name), config_name)
    node = load_yaml(text, config_name, environment=True)
    config = build_record(SiteConfig, node, diagnostics, partial=True)
    if config is None:  # not even a mapping
        diagnostics.raise_errors()
        return Project(root, SiteConfig(), config_name)
    _check_values(config, root, node, config_name, diagnostics)
    diagnostics.raise_errors()
    return Project(root, replace(config, jobs=_capped(config.jobs)), config_name)


def _capped(jobs: int) -> int:
    """``jobs`` from sitegen.yml, at most one per core: more only make the workers wait for each
    other (``--jobs N`` on the command line is taken as given)."""
    cores = os.cpu_count() or 1
    return min(jobs, cores)


Where = Callable[[str], Location]


def config_file(root: Path) -> str:
    """``sitegen.yml`` or ``sitegen.yaml``, whichever the project has (the first when neither)."""
    present = [name for name in CONFIG_NAMES if (root / name).is_file()]
    if len(present) > 1:
        raise error(
            present[1],
            0,
            f"both {present[0]} and {present[1]} exist: sitegen would have to guess which one you edit",
            "keep one of them (merge the other into it and delete it), or pick one with -f",
        )
    return present[0] if present else CONFIG_NAME


def _check_values(config: SiteConfig, root: Path, node: Value | None, name: str, diagnostics: Diagnostics) -> None:
    def at(keys: str) -> Location:
        value: Value | None = node
        for key in keys.split("."):
            value = value.get(key) if isinstance(value, LocatedMap) else None
        return where(value) if value is not None else Location(name)

    problem = base_url_problem(config.base_url)
    if problem:
        diagnostics.error(at("base_url"), f"base_url {problem}", "e.g. https://user.github.io/repo/")
    _check_folders(config, root, at, diagnostics)
    _check_numbers(config, at, diagnostics)
    if config.publish not in PUBLISH_CHOICES:
        hint = did_you_mean(config.publish, PUBLISH_CHOICES)
        diagnostics.error(at("publish"), f"publish must be 'all' or 'reviewed', not {config.publish!r}", hint)
    if config.executor not in EXECUTORS:
        diagnostics.error(
            at("executor"), f"unknown executor {config.executor!r}", f"use one of: {', '.join(EXECUTORS)}"
        )
    if config.scheduler and not SCHEDULER.match(config.scheduler):
        diagnostics.error(at("scheduler"), "scheduler must be an address like tcp://HOST:PORT")
    _check_custom_dir(config, root, at, diagnostics)
    _check_scale(config, at, diagnostics)
    if not (Project(root, config).theme_dir / "templates").is_dir():
        diagnostics.error(
            at("theme"), f"theme {config.theme!r} not found under themes/", "the bundled theme is 'default'"
        )


def _check_custom_dir(config: SiteConfig, root: Path, at: Where, diagnostics: Diagnostics) -> None:
    try:
        custom = (root / config.custom_dir).resolve()
    except (OSError, RuntimeError):  # a link that loops
        custom = root
    if config.custom_dir and (custom == root or not custom.is_relative_to(root)):
        diagnostics.error(
            at("custom_dir"), f"custom_dir must be a folder inside the project, not {config.custom_dir!r}"
        )


def _check_numbers(config: SiteConfig, at: Where, diagnostics: Diagnostics) -> None:
    if config.jobs < 0:
        diagnostics.error(at("jobs"), "jobs must be 0 (one per core) or more")
    if config.annotate.batch_size < 1:
        diagnostics.error(at("annotate.batch_size"), "annotate.batch_size must be 1 or more", "the default is 32")
    if config.search.budget_kb < 1:
        diagnostics.error(at("search.budget_kb"), "search.budget_kb must be 1 or more", "the default is 2048")
    if config.budget.size_mb < 1 or config.budget.files < 1:
        key = "budget.size_mb" if config.budget.size_mb < 1 else "budget.files"
        diagnostics.error(at(key), f"{key} must be 1 or more", "the defaults are 1024 MB and 200000 files")


def _check_scale(config: SiteConfig, at: Where, diagnostics: Diagnostics) -> None:
    """Verdicts name a step of the scale by id; ClaimReview needs its values to tell worst from best."""
    checks = config.fact_checks
    ids = [step.id.casefold() for step in checks.scale]
    if not ids:
        diagnostics.error(at("fact_checks.scale"), "fact_checks.scale needs at least one rating")
    if any(not step.id or not step.meaning for step in checks.scale):
        diagnostics.error(at("fact_checks.scale"), "every rating needs an 'id' and a 'meaning' (shown to readers)")
    if len(set(ids)) < len(ids) or len({step.value for step in checks.scale}) < len(ids):
        diagnostics.error(at("fact_checks.scale"), "ratings need distinct ids and distinct values")
    if any(step.value < 1 for step in checks.scale):
        diagnostics.error(
            at("fact_checks.scale"),
            "rating values must be whole numbers from 1 (the worst) up",
            "ClaimReview's worstRating must be at least 1",
        )
    if checks.publisher_url and not checks.publisher_url.startswith(("https://", "http://")):
        diagnostics.error(at("fact_checks.publisher_url"), "fact_checks.publisher_url must be an http(s) URL")


def _no_archive(root: Path, seeds: str) -> None:
    """A folder with neither sitegen.yml nor seeds/ is no archive: said first, nothing built."""
    if not (root / seeds).is_dir():
        raise error(f"{seeds}/", 0, f"no {seeds}/ here: is this an archive?",
                    "run `sitegen new DIR` to start one, or `sitegen --root ARCHIVE ...` to use one")  # fmt: skip


def _check_folders(config: SiteConfig, root: Path, at: Where, diagnostics: Diagnostics) -> None:
    """Every folder setting names a folder inside the project; the seeds folder exists; the
    folders sitegen writes hold no inputs and lie in none."""
    places: dict[str, Path] = {}
    for key in PATH_SETTINGS:
        value = getattr(config, key)
        try:
            resolved = (root / value).resolve()
        except (OSError, RuntimeError):  # a link that loops
            diagnostics.error(at(key), f"{key} {value!r} is a link that leads nowhere")
            continue
        if not value or resolved == root or not resolved.is_relative_to(root):
            diagnostics.error(at(key), f"{key} must be a folder inside the project, not {value!r}")
        elif resolved.exists() and not resolved.is_dir():
            diagnostics.error(at(key), f"{key} {value!r} is a file, not a folder", "move the file away")
        else:
            places[key] = resolved
    seeds = places.get("seeds_dir")
    if seeds is not None and not seeds.exists():
        diagnostics.error(
            at("seeds_dir"),
            f"no folder {config.seeds_dir!r} for the source documents",
            "create it, or set seeds_dir in sitegen.yml to the folder that holds them",
        )
    for written in ("output_dir", "cache_dir"):
        for read in ("seeds_dir", "content_dir", *(("cache_dir",) if written == "output_dir" else ())):
            first, second = places.get(written), places.get(read)
            if first and second and (first.is_relative_to(second) or second.is_relative_to(first)):
                diagnostics.error(
                    at(written),
                    f"{written} {getattr(config, written)!r} and {read} {getattr(config, read)!r} overlap",
                    "keep what sitegen writes apart from its inputs, e.g. output_dir: site",
                )
