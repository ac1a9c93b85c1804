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


# Robustness (issue 8): unreadable and misplaced files, odd YAML, everything at once, no tracebacks.


def test_errors_unreadable_file_names_it(tiny):
    import os

    seed = tiny / "seeds/report.txt"
    seed.chmod(0)
    try:
        readable = os.access(seed, os.R_OK)
        if readable:
            pytest.skip("running as root: permission bits do not stop reads, so an unreadable file cannot be made")
        message = problems(check, project_at(tiny), False, quiet)
    finally:
        seed.chmod(0o644)
    assert "seeds/report.txt: error: cannot read the file: Permission denied" in message
    assert "permissions" in message


def test_errors_folder_where_a_file_is_expected(tiny):
    (tiny / "content/entities.yml").unlink()
    (tiny / "content/entities.yml").mkdir()
    (tiny / "sitegen.yml").unlink()
    (tiny / "sitegen.yml").mkdir()
    assert "sitegen.yml: error: expected a file, found a folder" in problems(load_project, tiny)
    (tiny / "sitegen.yml").rmdir()
    message = problems(check, project_at(tiny), False, quiet)
    assert "content/entities.yml: error: not a regular file" in message
    assert "hint: replace it with a file" in message


def test_errors_empty_files_are_empty_not_broken(tiny):
    write(tiny, "seeds/empty.txt", "")
    write(tiny, "content/documents/report.yml", "")
    write(tiny, "content/annotations/notes.yml", "")
    write(tiny, "content/entities.yml", "")
    write(tiny, "content/annotations/report.yml", "annotations: []\n")
    build(project_at(tiny), log=quiet)
    assert "Untitled document" in (tiny / "site/documents/empty.html").read_text()


@pytest.mark.parametrize(
    ("relative", "expected"),
    [
        ("content/annotations/report.yml", "content/annotations/report.yml:1: error: expected a mapping with one key"),
        ("content/entities.yml", "content/entities.yml:1: error: expected a mapping with one key, 'entities:'"),
        ("content/documents/report.yml", "content/documents/report.yml:1:1: error:"),
        ("sitegen.yml", "sitegen.yml:1:1: error:"),
    ],
)
def test_errors_yaml_that_is_a_list(tiny, relative, expected):
    write(tiny, relative, "- one\n- two\n")
    runner = load_project if relative == "sitegen.yml" else None
    message = problems(runner, tiny) if runner else problems(check, project_at(tiny), False, quiet)
    assert expected in message
    assert "hint:" in message or relative != "content/annotations/report.yml"


def test_errors_duplicate_entity_ids(tiny):
    write(
        tiny,
        "content/entities.yml",
        "entities:\n  - {id: kyiv, name: Kyiv, type: place}\n  - {id: kyiv, name: Kiev city, type: place}\n",
    )
    message = problems(check, project_at(tiny), False, quiet)
    assert "content/entities.yml:3:5: error: duplicate entity id 'kyiv'" in message
    assert "give each entity its own id" in message


def test_errors_two_documents_with_one_name(tiny):
    write(tiny, "seeds/report.md", "Another report.\n")
    message = problems(check, project_at(tiny), False, quiet)
    assert "document name clashes with seeds/report.md (both are 'report')" in message
    assert "rename one of the files" in message


def test_errors_reference_to_missing_document_in_a_link(tiny):
    write(
        tiny,
        "content/annotations/notes.yml",
        "annotations:\n  - kind: entity\n    quote: Kyiv\n    links:\n"
        "      - {relation: supports, target: 'gone#c-x'}\n",
    )
    assert "content/annotations/notes.yml:2:5: error:" in problems(check, project_at(tiny), False, quiet)


BILLION_LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{k}: &{k} [{', '.join([f'*{p}'] * 9)}]\n" for p, k in zip("abcdefg", "bcdefgh", strict=True)
)


@pytest.mark.parametrize(
    ("yaml_text", "expected"),
    [
        (BILLION_LAUGHS, "error: aliases expand this YAML too much"),
        ("title: &a [x, *a]\n", "report.yml:1:8: error: an alias refers to the value that contains it"),
        ("title: " + "[" * 5000 + "]" * 5000 + "\n", "report.yml:1: error: invalid YAML: nested too deeply"),
        ("title: " + "[" * 150 + "]" * 150 + "\n", "error: YAML nested too deeply"),
        ("<<: {title: x}\n", "report.yml:1:1: error: unknown key '<<'"),
        ("title: x\n---\ntitle: y\n", "report.yml:2:1: error: invalid YAML"),
        ("title: 'x\n", "report.yml:2:1: error: invalid YAML"),
        ("\tnotes: x\n", "report.yml:1:1: error: invalid YAML"),
    ],
)
def test_errors_hostile_yaml_is_refused_without_expanding(tiny, yaml_text, expected):
    import tracemalloc

    write(tiny, "content/documents/report.yml", yaml_text)
    tracemalloc.start()
    try:
        message = problems(check, project_at(tiny), False, quiet)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # Memory, not time, bounds the work (the machine's load does not change it): expanding the
    # billion laughs would take gigabytes, refusing them takes a few megabytes.
    assert peak < 64 * 1024 * 1024
    assert expected in message
    assert message.count(expected) == 1  # each problem once


def test_errors_large_yaml_is_fine(tiny):
    entries = "".join(
        f"  - kind: entity\n    quote: Kyiv\n    occurrence: all\n    note: note {i}\n" for i in range(3000)
    )
    write(tiny, "content/annotations/notes.yml", "annotations:\n" + entries)
    build(project_at(tiny), log=quiet)


def test_errors_everything_at_once(tiny):
    write(tiny, "content/documents/report.yml", "published: soon\nsource_url: javascript:x\n")
    write(tiny, "content/annotations/notes.yml", "annotations:\n  - kind: claim\n    quote: nowhere at all\n")
    write(tiny, "content/entities.yml", "entities:\n  - {id: Bad Id, name: X}\n")
    (tiny / "seeds/bad.txt").write_bytes(b"\xff\xfe")
    message = problems(check, project_at(tiny), False, quiet)
    for where in (
        "content/documents/report.yml:1:12",
        "content/documents/report.yml:2:13",
        "content/annotations/notes.yml:2:5",
        "content/entities.yml:2:5",
        "seeds/bad.txt:1:1",
    ):
        assert f"{where}: error:" in message, where


@pytest.mark.parametrize(
    ("relative", "content"),
    [
        ("sitegen.yml", "title: [unclosed\n"),
        ("content/entities.yml", "entities: &a [*a]\n"),
        ("content/documents/report.yml", BILLION_LAUGHS),
        ("seeds/bad.txt", "\udcff"),
        ("content/annotations/report.yml", "- a list\n"),
    ],
)
def test_errors_cli_subprocess_never_shows_a_traceback(tiny, relative, content):
    path = tiny / relative
    if content == "\udcff":
        path.write_bytes(b"ok\n\xc3\x28\n")
    else:
        write(tiny, relative, content)
    for verb in ("build", "check"):
        result = subprocess.run(
            [sys.executable, "-m", "sitegen.cli", "--root", str(tiny), verb],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr
        assert f"{relative}:" in result.stderr
        assert not (tiny / "site").exists()


def test_errors_cli_main_reports_a_folder_as_sitegen_yml(tiny, capsys):
    (tiny / "sitegen.yml").unlink()
    (tiny / "sitegen.yml").mkdir()
    assert main(["--root", str(tiny), "check"]) == 1
    err = capsys.readouterr().err
    assert "sitegen.yml: error: expected a file, found a folder" in err and "Traceback" not in err
