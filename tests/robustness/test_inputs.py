"""User errors that used to crash (exit 70) or build something silently wrong: each is now an
error naming the path, exit 1, and the previous site is kept."""

from __future__ import annotations

import fcntl
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sitegen.build import build, check
from sitegen.cli import main
from sitegen.errors import Diagnostic, Location, SitegenError
from sitegen.project import load_project
from tests.conftest import project_at, quiet, write
from tests.robustness.test_faults import tree

TEXT = "Headline\nThe mayor said the town fell. Kyiv is big.\n"
ROOT = os.geteuid() == 0


def _project(root: Path, config: str = "") -> Path:
    write(root, "sitegen.yml", f"annotate: {{annotators: []}}\n{config}")
    write(root, "seeds/a.txt", TEXT)
    return root


def _refused(root: Path) -> str:
    with pytest.raises(SitegenError) as caught:
        check(load_project(root), False, quiet)
    return str(caught.value)


def _cli(root: Path, *args: str, **options: object) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "sitegen.cli", "--root", str(root), *(args or ("build", "--quiet"))]
    return subprocess.run(command, capture_output=True, text=True, timeout=300, **options)  # type: ignore[call-overload,no-any-return]


@pytest.mark.parametrize("where", ["seeds/b.txt", "content/entities.yml", "content/documents/a.yml"])
def test_inputs_symlink_loop_is_an_error_naming_it(tmp_path: Path, where: str) -> None:
    root = _project(tmp_path / "p")
    (root / where).parent.mkdir(parents=True, exist_ok=True)
    (root / where).symlink_to(root / where)
    assert f"{where}: error: a link that loops back on itself" in _refused(root)


def test_inputs_seed_name_not_utf8_is_an_error_with_escaped_bytes(tmp_path: Path) -> None:
    root = _project(tmp_path / "p")
    (root / "seeds").joinpath(os.fsdecode(b"b\xff\x1b[2J.txt")).write_text(TEXT, encoding="utf-8")
    finished = _cli(root)
    assert finished.returncode == 1, finished.stderr
    assert "seeds/b\\xff\\x1b[2J.txt: error: the file name is not valid UTF-8" in finished.stderr
    assert "\x1b" not in finished.stderr and "Traceback" not in finished.stderr


def test_inputs_messages_escape_control_characters() -> None:
    shown = str(Diagnostic("error", Location("seeds/\x1b]0;x\x07\u202e.txt", 2), "bad \x1b[31mname\r", "hint\x9b"))
    assert shown == "seeds/\\x1b]0;x\\x07\\u202e.txt:2: error: bad \\x1b[31mname\\x0d\n    hint: hint\\x9b"


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("seeds_dir: seedz\n", "sitegen.yml:2:12: error: no folder 'seedz' for the source documents"),
        ("output_dir: seeds/out\n", "sitegen.yml:2:13: error: output_dir 'seeds/out' and seeds_dir 'seeds' overlap"),
        ("cache_dir: content/cache\n", "sitegen.yml:2:12: error: cache_dir 'content/cache' and content_dir"),
        ("output_dir: .sitegen-cache/site\n", "sitegen.yml:2:13: error: output_dir '.sitegen-cache/site' and cache"),
        ("jobs: -1\n", "sitegen.yml:2:7: error: jobs must be 0"),
        ("search: {budget_kb: -5}\n", "sitegen.yml:2:21: error: search.budget_kb must be 1 or more"),
        ("base_url: https://example.org//evil.example/\n", "sitegen.yml:2:11: error: base_url must be an http(s) URL"),
        ("base_url: https://example.org/a/../\n", "sitegen.yml:2:11: error: base_url must not have '.' or '..'"),
    ],
)
def test_inputs_settings_checked_up_front(tmp_path: Path, config: str, message: str) -> None:
    root = _project(tmp_path / "p", config)
    with pytest.raises(SitegenError) as caught:
        load_project(root)
    assert message in str(caught.value)
    assert not (root / "site").exists() and not (root / "seeds" / "out").exists()


def test_inputs_batch_size_zero_is_an_error(tmp_path: Path) -> None:
    root = tmp_path / "p"
    write(root, "sitegen.yml", "annotate:\n  annotators: []\n  batch_size: 0\n")
    write(root, "seeds/a.txt", TEXT)
    with pytest.raises(SitegenError, match=r"sitegen.yml:3:15: error: annotate.batch_size must be 1 or more"):
        load_project(root)


@pytest.mark.parametrize("folder", ["seeds", ".sitegen-cache", "site"])
def test_inputs_a_file_where_a_folder_belongs(tmp_path: Path, folder: str) -> None:
    root = _project(tmp_path / "p")
    shutil.rmtree(root / folder, ignore_errors=True)
    (root / folder).write_text("not a folder\n")
    finished = _cli(root)
    assert finished.returncode == 1 and "Traceback" not in finished.stderr, finished.stderr
    assert "is a file, not a folder" in finished.stderr or "is not a folder" in finished.stderr
    assert (root / folder).read_text() == "not a folder\n"


def test_inputs_no_seeds_folder_without_a_config_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(SitegenError, match="no seeds/ here: is this an archive"):
        load_project(tmp_path / "empty")


def test_inputs_jobs_capped_at_the_core_count_unless_given_on_the_command_line(tmp_path: Path) -> None:
    root = _project(tmp_path / "p", "jobs: 4096\n")
    assert load_project(root).config.jobs == os.cpu_count()
    assert main(["--root", str(root), "build", "--quiet", "--jobs", "1"]) == 0


def test_inputs_pages_differing_only_by_case_clash(tmp_path: Path) -> None:
    root = _project(tmp_path / "p")
    write(root, "content/pages/About.md", "# About\n")
    write(root, "content/pages/about.md", "# about\n")
    message = _refused(root)
    assert "content/pages/about.md: error: page name clashes with content/pages/About.md" in message


def test_inputs_file_too_large_or_disk_full_names_the_path_and_keeps_the_site(tmp_path: Path) -> None:
    root = _project(tmp_path / "p")
    write(root, "seeds/long.txt", "Headline\n" + "The mayor said the town fell. " * 4000 + "\n")
    assert _cli(root).returncode == 0
    before = tree(root / "site")
    write(root, "seeds/long.txt", "Headline\n" + "The mayor said the city fell. " * 4000 + "\n")

    def small_files() -> None:  # as a full disk does, writes past 64 kB fail (EFBIG)
        resource.setrlimit(resource.RLIMIT_FSIZE, (64_000, 64_000))

    finished = _cli(root, preexec_fn=small_files)
    assert finished.returncode == 1, finished.stderr
    assert "error: cannot use this path: File too large" in finished.stderr
    assert "Traceback" not in finished.stderr
    assert tree(root / "site") == before


def _waiting_build(root: Path) -> subprocess.Popen[str]:
    """A ``sitegen build`` of ``root``, returned once it says it waits for another build."""
    waiting = subprocess.Popen(
        [sys.executable, "-m", "sitegen.cli", "--root", str(root), "build", "--quiet"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert waiting.stderr is not None
    line = waiting.stderr.readline()  # blocks until the build says it waits (or ends: then "")
    assert "another build is writing site; waiting for it to finish" in line
    return waiting


def test_inputs_second_build_waits_for_the_first(tmp_path: Path) -> None:
    root = _project(tmp_path / "p")
    holder = os.open(root, os.O_RDONLY)  # what a running build holds while it writes site/
    fcntl.flock(holder, fcntl.LOCK_EX)
    try:
        second = _waiting_build(root)
        assert second.poll() is None and not (root / "site").exists()
    finally:
        fcntl.flock(holder, fcntl.LOCK_UN)
        os.close(holder)
    _, err = second.communicate(timeout=120)
    assert second.returncode == 0, err
    assert (root / "site" / "index.html").is_file()


def test_inputs_full_build_waits_for_the_previews_quick_rebuild(tmp_path: Path) -> None:
    from sitegen.build import full_build
    from sitegen.output.inplace import InPlace

    root = _project(tmp_path / "p")
    _, built = full_build(project_at(root), False, quiet, keep=True)
    quick = InPlace.open(root / "site", built.manifest, built.stamp)  # as the preview's rebuild holds it
    assert quick is not None
    with quick:
        build_ = _waiting_build(root)
        assert quick.folder.is_dir()  # was: removed as a killed build's leftover
    _, err = build_.communicate(timeout=120)
    assert build_.returncode == 0, err
    assert not quick.folder.exists() and (root / "site" / "index.html").is_file()


def test_inputs_two_builds_at_once_both_succeed(tmp_path: Path) -> None:
    root = _project(tmp_path / "p")
    for n in range(30):
        write(root, f"seeds/doc{n}.txt", f"Headline {n}\nThe mayor said the town {n} fell.\n")
    command = [sys.executable, "-m", "sitegen.cli", "--root", str(root), "build", "--quiet"]
    builds = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    for process in builds:
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
    assert tree(root / "site") == tree(root / "site") and len(list((root / "site/documents").glob("*.html"))) == 31
    assert not list(root.glob(".site.building-*"))


@pytest.mark.skipif(ROOT, reason="running as root: permission bits do not stop reads or writes")
@pytest.mark.parametrize("folder", ["seeds", "content/annotations", "."])
def test_inputs_unreadable_or_unwritable_folder_names_it(tmp_path: Path, folder: str) -> None:
    root = _project(tmp_path / "p")
    write(root, "content/annotations/a.yml", "annotations: []\n")
    assert _cli(root).returncode == 0
    before = tree(root / "site")
    write(root, "seeds/a.txt", TEXT + "More.\n")
    (root / folder).chmod(0o555 if folder == "." else 0o000)
    try:
        finished = _cli(root)
    finally:
        (root / folder).chmod(0o755)
    assert finished.returncode == 1 and "Traceback" not in finished.stderr, finished.stderr
    assert "Permission denied" in finished.stderr
    assert tree(root / "site") == before


def test_inputs_build_in_process_keeps_the_old_site_on_a_lock_error(tmp_path: Path) -> None:
    root = _project(tmp_path / "p")
    build(project_at(root), log=quiet)
    before = tree(root / "site")
    write(root, "content/ids.lock.json", '{"version": 1, "documents": {"a": {"c-x": [1, 2, 3, 4]}}}')
    with pytest.raises(SitegenError, match=r"content/ids\.lock\.json:1:"):
        build(project_at(root), log=quiet)
    assert tree(root / "site") == before


def test_inputs_yaml_lines_count_only_line_feeds(tmp_path: Path) -> None:
    root = _project(tmp_path / "p")
    curated = 'annotations:\n  - kind: claim\n    note: "a\u2028b\u2029c\u0085d"\n    qoute: x\n'
    write(root, "content/annotations/a.yml", curated)
    assert "content/annotations/a.yml:4:5: error: unknown key 'qoute'" in _refused(root)


@pytest.mark.parametrize(("char", "name"), [("\x00", "U+0000"), ("\x1b", "U+001B")])
def test_inputs_yaml_forbidden_character_has_line_and_column(tmp_path: Path, char: str, name: str) -> None:
    root = _project(tmp_path / "p")
    write(root, "content/annotations/a.yml", f"annotations:\n  - kind: entity\n    quote: Ky{char}iv\n")
    message = _refused(root)
    assert f"content/annotations/a.yml:3:14: error: invalid YAML: character {name} is not allowed" in message


def _in_namespace(script: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """Run ``script`` (sh) in a private mount namespace, so it can mount real file systems; the
    test is skipped where this machine does not allow that."""
    if shutil.which("unshare") is None or subprocess.run(["unshare", "-m", "true"], check=False).returncode:
        pytest.skip("no private mount namespaces here (unshare -m needs root)")
    sitegen = f"{sys.executable} -m sitegen.cli"
    return subprocess.run(
        ["unshare", "-m", "sh", "-euc", script.replace("SITEGEN", sitegen)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])},
    )


def test_inputs_output_folder_that_is_a_mount_point_is_an_error(tmp_path: Path) -> None:
    root = _project(tmp_path / "p")
    (root / "site").mkdir()
    finished = _in_namespace("mount -t tmpfs none p/site; SITEGEN --root p build --quiet", tmp_path)
    assert finished.returncode == 1, finished.stderr
    assert "site: error: the output folder is a mount point" in finished.stderr
    assert "Traceback" not in finished.stderr


def test_inputs_disk_full_names_the_path_and_keeps_the_site(tmp_path: Path) -> None:
    _project(tmp_path / "p")
    script = """
        mkdir disk; mount -t tmpfs -o size=3m none disk; cp -r p disk/p
        SITEGEN --root disk/p build --quiet >/dev/null
        cp -r disk/p/site before
        yes 'The mayor said the town fell.' | head -c 1200000 > disk/p/seeds/big.txt
        set +e; SITEGEN --root disk/p build --quiet 2> err; echo $? > rc; set -e
        cp -r disk/p/site after
    """
    finished = _in_namespace(script, tmp_path)
    assert finished.returncode == 0, finished.stderr
    err = (tmp_path / "err").read_text()
    assert (tmp_path / "rc").read_text().strip() == "1", err
    assert "error: cannot use this path: No space left on device" in err and "Traceback" not in err
    assert tree(tmp_path / "after") == tree(tmp_path / "before")


def test_inputs_read_only_project_names_the_path(tmp_path: Path) -> None:
    root = _project(tmp_path / "p")
    assert _cli(root).returncode == 0
    before = tree(root / "site")
    write(root, "seeds/b.txt", TEXT)
    finished = _in_namespace("mount --bind p p; mount -o remount,bind,ro p; SITEGEN --root p build --quiet", tmp_path)
    assert finished.returncode == 1, finished.stderr
    assert "error: cannot use this path: Read-only file system" in finished.stderr
    assert "Traceback" not in finished.stderr and tree(root / "site") == before
