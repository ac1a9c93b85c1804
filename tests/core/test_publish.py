"""``publish:``: a built site shows every proposal marked, or only reviewed annotations (#21)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from sitegen.build import build
from sitegen.errors import SitegenError
from tests.conftest import project_at, quiet, write
from tests.records import records as site_records

ROOT = Path(__file__).resolve().parents[2]
SEED = "000_9be2b83fb5a5b46a"

pytestmark = pytest.mark.model


def seed_project(root: Path, publish: str) -> Path:
    """The two seeds with the model's proposals: one document half curated, the other not at all."""
    shutil.copytree(ROOT / "seeds", root / "seeds")
    shutil.copytree(ROOT / "content" / "documents", root / "content" / "documents")
    shutil.copy(ROOT / "content" / "entities.yml", root / "content" / "entities.yml")
    curated = (ROOT / "tests" / "sites" / "publish" / f"{SEED}.yml").read_text(encoding="utf-8")
    write(root, f"content/annotations/{SEED}.yml", curated)
    write(root, "sitegen.yml", f"title: Publish test\nbase_url: https://example.org/pub/\npublish: {publish}\n")
    return root


def records(site: Path) -> list[dict]:
    found = []
    for page in sorted((site / "documents").glob("*.html")):
        found += [dict(r, doc=page.stem) for r in site_records(site, page.stem)]
    return found


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    built = {}
    for publish in ("all", "reviewed"):
        root = seed_project(tmp_path_factory.mktemp(publish), publish)
        build(project_at(root), log=quiet)
        built[publish] = root / "site"
    return built


def test_publish_all_marks_every_proposal_in_every_file_that_shows_it(sites):
    site = sites["all"]
    found = records(site)
    proposals = [r for r in found if r["review"] == "proposed"]
    assert proposals and any(r["review"] == "reviewed" for r in found)
    for record in found:
        html = (site / "documents" / f"{record['doc']}.html").read_text(encoding="utf-8")
        proposed = " p" if record["review"] == "proposed" else ""
        anchor = re.search(rf'<(?:span|mark) class="([^"]*)" id="{record["id"]}"', html)
        assert anchor and ("p" in anchor.group(1).split()) == bool(proposed), record
        if record["kind"] != "entity":
            assert f'<li id="note-{record["id"]}" class="{record["kind"][0]}{proposed}">' in html
            share = site / "p" / record["doc"] / f"{record['id']}.html"  # reviewed or locked ones only (#23)
            if share.is_file():
                assert ("Machine proposal, not reviewed" in share.read_text(encoding="utf-8")) == (
                    record["review"] == "proposed"
                )
    csv = (site / "exports" / "annotations.csv").read_text(encoding="utf-8")
    for record in proposals:
        assert f",{record['id']},{record['kind']},proposed," in csv
    jsonld = json.loads((site / "documents" / f"{SEED}.jsonld").read_text(encoding="utf-8"))
    items = {item["id"].removeprefix("#"): item for item in jsonld["items"]}
    agents = {agent["id"]: agent for agent in jsonld["agents"]}
    for record in (r for r in found if r["doc"] == SEED):
        item = items[record["id"]]
        assert "review" not in item  # the creator says it
        creator = item.get("creator", "_:m")  # DEFAULTS_RULE: no creator is the machine
        assert agents[creator]["type"] == ("Software" if record["review"] == "proposed" else "Person")
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "reviewed" in index


def test_publish_reviewed_lets_no_proposal_reach_any_file(sites):
    proposals = [r for r in records(sites["all"]) if r["review"] == "proposed"]
    reviewed_site = sites["reviewed"]
    kept = records(reviewed_site)
    assert kept and all(r["review"] == "reviewed" for r in kept)
    assert {r["id"] for r in kept} == {r["id"] for r in records(sites["all"]) if r["review"] == "reviewed"}
    marks = ('data-review="proposed"', '"review":"proposed"', ",proposed,", 'class="anchor p"', '<i class="rb">')
    crawled = 0
    for path in sorted(reviewed_site.rglob("*")):
        if not path.is_file() or path.relative_to(reviewed_site).parts[0] in ("static", "originals"):
            continue  # the theme's own code and the untouched original files
        crawled += 1
        data = path.read_text(encoding="utf-8", errors="replace")
        for mark in marks:
            assert mark not in data, f"{path}: {mark}"
        assert not re.search(r'<mark class="hl[^"]* p"', data), path
        for record in proposals:
            assert record["id"] not in data, f"{path}: the proposal {record['id']} ({record['exact'][:40]!r})"
    assert crawled > 30


def test_publish_rejects_an_unknown_choice(tmp_path):
    write(tmp_path, "sitegen.yml", "publish: reviewd\n")
    with pytest.raises(SitegenError) as raised:
        project_at(tmp_path)
    assert "sitegen.yml:1:10" in str(raised.value) and "did you mean 'reviewed'" in str(raised.value)
