"""Plugins by entry point: a real package (tests/plugin_example) installed into this environment."""

from __future__ import annotations

import importlib
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import write
from tests.records import records as site_records

EXAMPLE = Path(__file__).parents[1] / "plugin_example"
CONFIG = """\
title: Plugins
base_url: https://example.org/plugins/
annotate:
  annotators: [shouting]
  model: "blank:en"
plugins:
  markdown: [ruled]
  page_context: [annotation_total]
"""


def _pip(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "pip", *args], check=True, capture_output=True, text=True)


@pytest.fixture(scope="module")
def example_plugin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The example plugin package, pip-installed (from a copy, so the checkout stays clean)."""
    source = tmp_path_factory.mktemp("plugin") / "example"
    shutil.copytree(EXAMPLE, source)
    _pip("install", "--quiet", "--no-deps", "--no-build-isolation", str(source))
    importlib.invalidate_caches()
    yield
    _pip("uninstall", "--quiet", "--yes", "sitegen-example-plugin")


def _sitegen(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "sitegen.cli", "--root", str(root), *args]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def test_plugins_build_with_an_installed_package(example_plugin: None, tiny: Path) -> None:
    write(tiny, "sitegen.yml", CONFIG)
    write(tiny, "seeds/alliance.md", "# Alliance\n\nThe NATO summit ended.\n\n***\n\nNothing else.\n")
    write(
        tiny,
        "overrides/templates/base.html",
        '{% extends "theme/base.html" %}\n'
        '{% block extrahead %}<meta name="annotations" content="{{ annotation_total }}">{% endblock %}\n',
    )
    done = _sitegen(tiny, "build", "--strict", "-q")
    assert done.returncode == 0, done.stderr
    page = (tiny / "site" / "documents" / "alliance.html").read_text()
    assert re.search(r'<mark class="hl e[^"]*"[^>]*>NATO</mark>', page)
    assert '<hr class="example-rule">' in page
    provenance = [o for r in site_records(tiny / "site", "alliance") for o in r["provenance"]]
    assert {"kind": "machine", "name": "shouting.example", "version": "1", "rule": "capitals", "line": 0} in provenance
    # The hook sees each page's context: the report's claims and disputes are counted.
    report = (tiny / "site" / "documents" / "report.html").read_text()
    assert re.search(r'<meta name="annotations" content="[1-9]\d*">', report)
    assert '<meta name="annotations" content="0">' in (tiny / "site" / "index.html").read_text()


def test_plugins_annotator_version_keys_the_cache(example_plugin: None) -> None:
    from sitegen.annotate.pipeline import cache_key, components_for
    from sitegen.config import AnnotateConfig
    from sitegen.model import EntityRegistry

    (component,) = components_for(("shouting",))
    assert component.label == "shouting.example@1"
    key = cache_key((component,), EntityRegistry(()), AnnotateConfig(annotators=("shouting",), model="blank:en"))
    assert key.annotators == ("shouting.example@1",)


def test_plugins_unknown_names_say_what_is_installed(example_plugin: None, tiny: Path) -> None:
    write(tiny, "sitegen.yml", CONFIG.replace("[ruled]", "[rulde]"))
    done = _sitegen(tiny, "build")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "no sitegen.markdown plugin named 'rulde' is installed (installed: ruled)" in done.stderr
    write(tiny, "sitegen.yml", CONFIG.replace("[shouting]", "[shoutin]"))
    done = _sitegen(tiny, "build")
    assert done.returncode == 1 and "unknown annotator 'shoutin'" in done.stderr


FAILING = '''\
"""Plugins with bugs: each raises from its own code."""


class Crashing:
    version = "1"

    def __call__(self, doc, context):
        raise ZeroDivisionError("annotator bug")


def crashing_rule(md):
    def broken(renderer, tokens, idx, options, env):
        raise KeyError("markdown bug")

    md.add_render_rule("hr", broken)


def crashing_hook(template, page_path, context):
    raise ValueError("hook bug")
'''
FAILING_PROJECT = """\
[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

[project]
name = "sitegen-failing-plugin"
version = "1.0"
requires-python = ">=3.11"

[project.entry-points."sitegen.annotators"]
crashing = "sitegen_failing_plugin:Crashing"

[project.entry-points."sitegen.markdown"]
crashing = "sitegen_failing_plugin:crashing_rule"

[project.entry-points."sitegen.page_context"]
crashing = "sitegen_failing_plugin:crashing_hook"
"""


@pytest.fixture(scope="module")
def failing_plugin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A plugin package whose annotator, Markdown rule and hook raise."""
    source = tmp_path_factory.mktemp("failing")
    (source / "sitegen_failing_plugin.py").write_text(FAILING)
    (source / "pyproject.toml").write_text(FAILING_PROJECT)
    _pip("install", "--quiet", "--no-deps", "--no-build-isolation", str(source))
    importlib.invalidate_caches()
    yield
    _pip("uninstall", "--quiet", "--yes", "sitegen-failing-plugin")


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("annotate:\n  annotators: [crashing]\n  model: 'blank:en'\n", "ZeroDivisionError: annotator bug"),
        ("plugins:\n  markdown: [crashing]\n", "KeyError: 'markdown bug'"),
        ("plugins:\n  page_context: [crashing]\n", "ValueError: hook bug"),
    ],
)
def test_plugins_failing_plugin_is_named_not_a_sitegen_bug(
    failing_plugin: None, tiny: Path, setting: str, message: str
) -> None:
    write(tiny, "sitegen.yml", "title: Plugins\nbase_url: https://example.org/p/\n" + setting)
    write(tiny, "seeds/alliance.md", "# Alliance\n\nThe NATO summit ended.\n\n***\n\nNothing else.\n")
    done = _sitegen(tiny, "build")
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    assert "plugin 'crashing' failed" in done.stderr and message in done.stderr
    assert "sitegen_failing_plugin.py:" in done.stderr  # the plugin's own line
    assert not (tiny / "site").exists()  # nothing half-built was published
