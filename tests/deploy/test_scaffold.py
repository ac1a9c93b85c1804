"""``sitegen init`` makes an archive that builds, with a Pages workflow; ``--base-url`` overrides."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from sitegen.cli import main
from sitegen.errors import SitegenError
from sitegen.scaffold import scaffold

PAGES_ACTIONS = (
    "actions/checkout",
    "actions/setup-python",
    "actions/configure-pages",
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
    assert "--base-url" in build and "steps.pages.outputs.base_url" in build
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}


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
