"""``sitegen new`` (``init``) makes an archive that builds, with a Pages workflow; ``--base-url`` overrides."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
import yaml

from sitegen import __version__
from sitegen.cli import main
from sitegen.config import AnnotateConfig, SiteConfig
from sitegen.errors import SitegenError
from sitegen.scaffold import scaffold

PAGES_ACTIONS = (
    "actions/checkout",
    "actions/setup-python",
    "actions/configure-pages",
    "actions/cache/restore",
    "actions/cache/save",
    "actions/upload-pages-artifact",
    "actions/deploy-pages",
)


def _without_annotators(root: Path) -> None:
    # The scaffold runs the spaCy annotators; unit tests never load the model.
    config = root / "sitegen.yml"
    config.write_text(config.read_text().replace("[entities, claims, disputes]", "[]"))


def test_scaffold_builds_with_a_base_url_override(tmp_path: Path) -> None:
    root = tmp_path / "archive"
    assert main(["init", str(root)]) == 0
    _without_annotators(root)
    assert main(["--root", str(root), "build", "-q", "--base-url", "https://me.github.io/news"]) == 0
    page = (root / "site" / "documents" / "example.html").read_text()
    assert 'href="https://me.github.io/news/documents/example.html"' in page
    assert 'data-kind="claim"' in page and 'data-kind="dispute"' in page
    assert "https://me.github.io/news/sitemap.xml" in (root / "site" / "robots.txt").read_text()
    assert "/site/" in (root / ".gitignore").read_text()


def test_scaffold_workflow_uses_the_official_pages_actions(tmp_path: Path) -> None:
    scaffold(tmp_path / "a")
    workflow = yaml.safe_load((tmp_path / "a" / ".github" / "workflows" / "pages.yml").read_text())
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    used = [step["uses"].split("@")[0] for step in steps if "uses" in step]
    assert sorted(used) == sorted(PAGES_ACTIONS)
    build = next(step["run"] for step in steps if "sitegen build" in step.get("run", ""))
    assert "--base-url" in build and "steps.pages.outputs.base_url" in build and "--strict" in build
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}


def test_scaffold_workflow_installs_exactly_this_version(tmp_path: Path) -> None:
    scaffold(tmp_path / "a")
    workflow = yaml.safe_load((tmp_path / "a" / ".github" / "workflows" / "pages.yml").read_text())
    steps = workflow["jobs"]["build"]["steps"]
    install = next(step["run"] for step in steps if "pip install" in step.get("run", ""))
    assert install == "python -m pip install -r requirements.txt"
    wanted = [line for line in (tmp_path / "a" / "requirements.txt").read_text().splitlines() if line[:1] != "#"]
    assert wanted == [f"annotated-archive[model]=={__version__}"]
    # The cache is keyed by the pinned version, restored before the build, saved only from main.
    restore = next(step for step in steps if step.get("uses", "").startswith("actions/cache/restore"))
    save = next(step for step in steps if step.get("uses", "").startswith("actions/cache/save"))
    assert "hashFiles('requirements.txt')" in restore["with"]["key"] and restore["with"]["path"] == ".sitegen-cache"
    assert save["if"] == "github.event_name == 'push' && github.ref == 'refs/heads/main'"
    names = [step.get("uses", step.get("run", "")) for step in steps]
    assert names.index(restore["uses"]) < names.index(install) < names.index(save["uses"])


def test_scaffold_config_shows_every_setting(tmp_path: Path) -> None:
    scaffold(tmp_path / "a")
    text = (tmp_path / "a" / "sitegen.yml").read_text()
    for field in dataclasses.fields(SiteConfig):
        assert re.search(rf"^#? ?{field.name}:", text, re.MULTILINE), field.name
    for field in dataclasses.fields(AnnotateConfig):
        assert re.search(rf"^ +#? ?{field.name}:", text, re.MULTILINE), field.name


def test_new_is_init_and_says_how_to_publish(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", str(tmp_path / "a")]) == 0
    out = capsys.readouterr().out
    assert "created .github/workflows/pages.yml" in out and "Source: GitHub Actions" in out
    assert "recommended" in out and "sitegen deploy" in out
    assert {p.name for p in (tmp_path / "a").iterdir()} >= {"README.md", "sitegen.yml", ".gitignore", "overrides"}
    assert main(["init", "-q", str(tmp_path / "b")]) == 0
    assert capsys.readouterr().out == ""
    assert (tmp_path / "b" / "sitegen.yml").read_text() == (tmp_path / "a" / "sitegen.yml").read_text()


def test_scaffold_refuses_a_folder_with_files(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine")
    with pytest.raises(SitegenError, match="not an empty folder"):
        scaffold(tmp_path)
    assert main(["init", str(tmp_path)]) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


def test_scaffold_rejects_a_bad_base_url(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--root", str(tmp_path), "build", "--base-url", "ftp://x"])
    assert exit_.value.code == 2
