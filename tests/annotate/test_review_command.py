"""sitegen annotate DOC: machine annotations written as a curated file an editor can act on."""

from __future__ import annotations

import pytest

from sitegen.build import build
from sitegen.cli import main
from sitegen.curate.review import review
from tests.conftest import project_at, quiet, write


@pytest.mark.model
def test_review_writes_a_curated_file_that_builds(tiny, capsys):
    write(tiny, "sitegen.yml", "title: Tiny\nbase_url: https://example.org/tiny/\n")
    (tiny / "content/annotations/notes.yml").unlink()
    message = review(project_at(tiny), "notes", write=True)
    assert "content/annotations/notes.yml" in message
    written = (tiny / "content/annotations/notes.yml").read_text()
    assert "action: confirm" in written and "kind: entity" in written
    build(project_at(tiny), log=quiet)  # every proposal anchors back where it came from
    assert main(["--root", str(tiny), "annotate", "report.txt"]) == 0
    assert "annotations:" in capsys.readouterr().out
    assert main(["--root", str(tiny), "annotate", "nope"]) == 1
