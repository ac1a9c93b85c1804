"""Ids that become file names: refused where they enter, and the writer refuses any path that
leaves its folder, so nothing an input says can put a file beside the site or over its pages."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

from sitegen.build import build
from sitegen.errors import Diagnostic, SitegenError
from sitegen.model import Page
from sitegen.names import MAX_ID, bounded, id_problem
from sitegen.output.confine import inside
from sitegen.output.inplace import InPlace
from sitegen.output.write import Staging
from tests.conftest import project_at, quiet, write

TEXT = "Headline\nThe mayor said the town fell. Kyiv is big.\n"
CLAIM = (
    "{kind: claim, quote: The mayor said the town fell, parts: {source: The mayor, cue: said, content: the town fell}"
)


def _project(root: Path, curated: str = "") -> Path:
    write(root, "sitegen.yml", "annotate: {annotators: []}\n")
    write(root, "seeds/a.txt", TEXT)
    if curated:
        write(root, "content/annotations/a.yml", f"annotations:\n{curated}")
    return root


def _everything(folder: Path) -> set[str]:
    return {str(path.relative_to(folder)) for path in folder.rglob("*")}


def _refused(root: Path) -> str:
    """Build, expecting a user error; nothing may appear beside the project."""
    before = _everything(root.parent)
    with pytest.raises(SitegenError) as caught:
        build(project_at(root), log=quiet)
    created = _everything(root.parent) - before
    assert not [path for path in created if not path.startswith(f"{root.name}/.sitegen-cache")], created
    return str(caught.value)


@pytest.mark.parametrize("ident", ["../../../escaped", "../index", "a/b", "..", "", "Kyiv", "x" * (MAX_ID + 1)])
def test_paths_entity_id_in_curated_attrs_refused_at_its_line(tmp_path: Path, ident: str) -> None:
    root = _project(
        tmp_path / "p", f"  - kind: entity\n    quote: Kyiv\n    attrs: {{entity_id: {json.dumps(ident)}}}\n"
    )
    if not ident:  # an empty attribute is no attribute
        build(project_at(root), log=quiet)
        return
    message = _refused(root)
    assert "content/annotations/a.yml:4:24: error: attrs.entity_id" in message
    assert "names a page" in message


def test_paths_source_entity_of_a_claim_refused_at_its_line(tmp_path: Path) -> None:
    root = _project(tmp_path / "p", f"  - {CLAIM}, attrs: {{source_entity: ../../x/../../escaped}}}}\n")
    message = _refused(root)
    assert "content/annotations/a.yml:2:" in message and "attrs.source_entity '../../x/../../escaped'" in message


def test_paths_share_page_id_from_the_lock_refused_at_its_line(tmp_path: Path) -> None:
    root = _project(tmp_path / "p", f"  - {CLAIM}}}\n")
    lock = {
        "version": 1,
        "documents": {"a": {"c-aaaaaaaa": ["claim", "x", "", ""], "../../escaped": ["claim", "y", "", ""]}},
    }
    write(root, "content/ids.lock.json", json.dumps(lock, indent=1))
    message = _refused(root)
    assert "content/ids.lock.json:11:4:" in message and "invalid lock record '../../escaped'" in message


@pytest.mark.parametrize(
    ("record", "line"),
    [("[1, 2, 3, 4]", 3), ('["claim", "x", "", NaN]', 4), ('["claim"]', 3), ('"claim"', 3)],
)
def test_paths_lock_records_of_the_wrong_shape_are_errors(tmp_path: Path, record: str, line: int) -> None:
    root = _project(tmp_path / "p", f"  - {CLAIM}}}\n")
    write(
        root, "content/ids.lock.json", f'{{"version": 1, "documents": {{\n "a": {{\n  "c-aaaaaaaa":\n  {record}}}}}}}\n'
    )
    message = _refused(root)
    assert f"content/ids.lock.json:{line}:" in message and "invalid lock" in message


@pytest.mark.parametrize("path", ["../escaped.html", "/tmp/escaped.html", "a/../../escaped.html", "./x", "a//b", ""])
def test_paths_writer_refuses_paths_outside_the_staging_folder(tmp_path: Path, path: str) -> None:
    output = tmp_path / "project" / "site"
    before = _everything(tmp_path)
    with Staging(output, "site") as staging, pytest.raises(SitegenError, match="outside the output folder"):
        staging.put([Page(path, b"<script>alert(1)</script>")])
    assert _everything(tmp_path) - before <= {"project"}
    output.mkdir()
    with InPlace(output, {}) as in_place, pytest.raises(SitegenError, match="outside the output folder"):
        in_place.put([Page(path, b"x")])
    assert not (tmp_path / "escaped.html").exists() and not (tmp_path / "project" / "escaped.html").exists()


def test_paths_long_speaker_gets_a_bounded_source_page(tmp_path: Path) -> None:
    words = " ".join(f"word{n}" for n in range(60))
    root = tmp_path / "p"
    write(root, "sitegen.yml", "annotate: {annotators: []}\n")
    write(root, "seeds/a.txt", f"Headline\nThe officials from {words} said that the town fell.\n")
    speaker = f"The officials from {words}"
    curated = (
        f"  - kind: claim\n    quote: {speaker} said that the town fell\n"
        f"    parts: {{source: {speaker}, cue: said, content: the town fell}}\n"
    )
    write(root, "content/annotations/a.yml", f"annotations:\n{curated}")
    build(project_at(root), log=quiet)
    pages = [path.name for path in (root / "site/sources").glob("*.html") if path.name != "index.html"]
    assert len(pages) == 1 and len(pages[0]) <= MAX_ID + len(".html")


def test_paths_long_slugs_are_bounded_and_distinct() -> None:
    head = "the-officials-from-" * 20
    first, second = bounded(head + "kyiv", "A"), bounded(head + "lviv", "B")
    assert len(first) <= MAX_ID and len(second) <= MAX_ID and first != second
    assert not id_problem(first) and bounded("kyiv", "Kyiv") == "kyiv"


def test_paths_long_seed_name_gets_a_bounded_slug(tmp_path: Path) -> None:
    root = tmp_path / "p"
    write(root, "sitegen.yml", "annotate: {annotators: []}\n")
    write(root, "seeds/" + "a" * 240 + ".txt", TEXT)
    write(root, "seeds/" + "a" * 239 + "b.txt", TEXT)
    build(project_at(root), log=quiet)
    names = sorted(path.name for path in (root / "site/documents").glob("*.jsonld"))
    assert len(names) == 2 and all(len(name) < 120 for name in names)


def test_paths_writer_refusal_crosses_from_a_worker_whole() -> None:
    """The guard raises in forked workers too; the error must reach the build as diagnostics."""
    with pytest.raises(SitegenError) as caught:
        inside("../escaped.html")
    crossed = pickle.loads(pickle.dumps(caught.value))
    assert isinstance(crossed.diagnostics[0], Diagnostic) and str(crossed) == str(caught.value)
