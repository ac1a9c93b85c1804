"""Bad input: every problem names file:line, all are reported at once, nothing is written."""

from __future__ import annotations

import subprocess
import sys

import pytest

from sitegen.build import build, check
from sitegen.cli import main
from sitegen.errors import SitegenError
from sitegen.project import load_project
from tests.conftest import project_at, quiet, write


def problems(callable_, *args) -> str:
    with pytest.raises(SitegenError) as caught:
        callable_(*args)
    return str(caught.value)


def test_errors_config_unknown_key_names_line_and_suggests(tiny):
    write(tiny, "sitegen.yml", "title: X\nbase_url: https://e.org/\ntheem: default\n")
    message = problems(load_project, tiny)
    assert "sitegen.yml:3:1: error: unknown key 'theem'" in message
    assert "did you mean 'theme'?" in message


def test_errors_config_wrong_types_all_reported(tiny):
    write(tiny, "sitegen.yml", "jobs: many\nannotate:\n  batch_size: [1]\nbase_url: ftp://x\n")
    message = problems(load_project, tiny)
    assert "sitegen.yml:1:7: error: 'jobs' must be a whole number" in message
    assert "sitegen.yml:3:15: error: 'batch_size' must be a whole number, not a list" in message
    assert "sitegen.yml:4:11: error: base_url must be an http(s) URL" in message


def test_errors_invalid_yaml_syntax_names_line(tiny):
    write(tiny, "content/annotations/report.yml", "annotations:\n  - kind: claim\n    quote: [unclosed\n")
    assert "content/annotations/report.yml:4" in problems(check, project_at(tiny), False, quiet)


def test_errors_curated_unknown_key_and_action(tiny):
    write(
        tiny,
        "content/annotations/report.yml",
        "annotations:\n  - kind: claim\n    qoute: x\n  - kind: claim\n    action: delete\n    quote: said\n",
    )
    message = problems(check, project_at(tiny), False, quiet)
    assert "content/annotations/report.yml:3:5: error: unknown key 'qoute'" in message
    assert "did you mean 'quote'?" in message
    assert "content/annotations/report.yml:4:5: error: unknown action 'delete'" in message


def test_errors_missing_quote_shows_nearest_candidates(tiny):
    write(
        tiny,
        "content/annotations/report.yml",
        "annotations:\n  - kind: claim\n    quote: the troops hold their lines\n",
    )
    message = problems(check, project_at(tiny), False, quiet)
    assert "content/annotations/report.yml:2:5: error: quote: quote not found" in message
    assert "nearest text: line 2: 'the troops held their lines'" in message


def test_errors_ambiguous_quote_lists_places(tiny):
    write(tiny, "content/annotations/report.yml", "annotations:\n  - kind: entity\n    quote: Kiev\n")
    message = problems(check, project_at(tiny), False, quiet)
    assert "quote is ambiguous: 'Kiev' occurs 2 times (text lines 1, 2)" in message
    assert "occurrence" in message


def test_errors_reported_all_at_once_across_files(tiny):
    write(tiny, "content/annotations/report.yml", "annotations:\n  - kind: claim\n    quote: nowhere\n")
    write(tiny, "content/annotations/notes.yml", "annotations:\n  - kind: claim\n    quote: nothing\n")
    message = problems(check, project_at(tiny), False, quiet)
    assert "report.yml:2" in message and "notes.yml:2" in message


def test_errors_unknown_entity_and_orphan_files(tiny):
    write(
        tiny,
        "content/annotations/report.yml",
        "annotations:\n  - kind: entity\n    quote: Tass\n    entity: tas\n",
    )
    write(tiny, "content/annotations/missing.yml", "annotations: []\n")
    write(tiny, "content/documents/gone.yml", "title: x\n")
    message = problems(check, project_at(tiny), False, quiet)
    assert "report.yml:2:5: error: unknown entity id 'tas'" in message
    assert "content/annotations/missing.yml: error: annotations for a document that does not exist" in message
    assert "content/documents/gone.yml: error: metadata for a document that does not exist" in message


def test_errors_bad_metadata_values(tiny):
    write(tiny, "content/documents/report.yml", "published: yesterday\nsource_url: javascript:alert(1)\n")
    message = problems(check, project_at(tiny), False, quiet)
    assert "content/documents/report.yml:1:12: error: published must be a date" in message
    assert "content/documents/report.yml:2:13: error: source_url must be an http(s) URL" in message


def test_errors_invalid_utf8_names_line_and_byte(tiny):
    (tiny / "seeds/bad.txt").write_bytes(b"fine line\nbad \xff byte\n")
    message = problems(check, project_at(tiny), False, quiet)
    assert "seeds/bad.txt:2:5: error: not valid UTF-8 (byte 14" in message


def test_errors_duplicate_yaml_keys(tiny):
    write(tiny, "content/documents/report.yml", "title: a\ntitle: b\n")
    assert "content/documents/report.yml:2:1: error: duplicate key 'title' (first at line 1)" in problems(
        check, project_at(tiny), False, quiet
    )


def test_errors_strict_turns_warnings_into_failure(tiny):
    write(
        tiny,
        "content/annotations/report.yml",
        "annotations:\n  - kind: entity\n    action: suppress\n    quote: Tass\n",
    )
    assert check(project_at(tiny), False, quiet)  # a warning, not an error
    assert "nothing to suppress" in problems(build, project_at(tiny), True, quiet)


def test_errors_symlink_outside_project_refused(tiny, tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("secret")
    (tiny / "seeds/link.txt").symlink_to(outside)
    assert "seeds/link.txt: error: refused: a link to" in problems(check, project_at(tiny), False, quiet)


def test_errors_cli_prints_no_traceback_and_exits_1(tiny, capsys):
    write(tiny, "sitegen.yml", "titel: x\n")
    assert main(["--root", str(tiny), "build"]) == 1
    err = capsys.readouterr().err
    assert "sitegen.yml:1:1: error: unknown key 'titel'" in err
    assert "Traceback" not in err


def test_errors_cli_usage_exits_2():
    result = subprocess.run([sys.executable, "-m", "sitegen.cli", "bild"], capture_output=True, text=True)
    assert result.returncode == 2
    assert "invalid choice: 'bild'" in result.stderr
