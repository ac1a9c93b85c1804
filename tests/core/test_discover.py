"""Discovery: which files of seeds/ and content/ are inputs, in which order, and what is refused."""

from __future__ import annotations

import os

from sitegen.errors import Diagnostics
from sitegen.sources.discover import discover
from tests.conftest import project_at, write


def _found(root) -> tuple[list[str], list[str]]:
    diagnostics = Diagnostics()
    inventory = discover(project_at(root), diagnostics)
    return [seed.path for seed in inventory.seeds], [str(d) for d in diagnostics.items]


def test_inputs_are_listed_in_path_order_and_odd_files_are_reported(tmp_path):
    write(tmp_path, "sitegen.yml", "title: T\n")
    for name in ("b.txt", "a-c.txt", "a/b.txt", "a/z/deep.md", "LOUD.TXT", "notes.pdf", ".hidden.txt", ".git/x.txt"):
        write(tmp_path, f"seeds/{name}", "Title\nText.\n")
    outside = tmp_path.parent / f"{tmp_path.name}-outside.txt"
    outside.write_text("Secret\n")
    os.symlink(outside, tmp_path / "seeds" / "leak.txt")
    os.symlink(tmp_path / "seeds" / "b.txt", tmp_path / "seeds" / "same.txt")
    os.symlink(tmp_path / "seeds" / "a", tmp_path / "seeds" / "folder.txt")
    os.symlink(tmp_path / "seeds" / "nothing", tmp_path / "seeds" / "gone.txt")
    seeds, problems = _found(tmp_path)
    assert seeds == ["seeds/LOUD.TXT", "seeds/a/b.txt", "seeds/a/z/deep.md", "seeds/a-c.txt", "seeds/b.txt",
                     "seeds/same.txt"]  # fmt: skip
    assert (
        problems
        == [
            "seeds/folder.txt: error: not a regular file",
            "seeds/gone.txt: error: not a regular file",
            f"seeds/leak.txt: error: refused: a link to {outside.resolve()}, outside the project",
            "seeds/notes.pdf: warning: ignored: not a .txt/.md/.markdown file",
        ]
        or sorted(problems) == problems
    )


def test_discover_a_folder_that_is_no_archive_says_so_first(tmp_path, capsys):
    from sitegen.cli import main

    assert main(["--root", str(tmp_path), "build"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("seeds/: error: no seeds/ here: is this an archive?"), err
    assert "sitegen new" in err and "Traceback" not in err
    assert not (tmp_path / "site").exists()  # no empty site built


def test_discover_missing_seeds_is_the_one_error_before_orphaned_sidecars(tiny, capsys):
    import shutil

    from sitegen.cli import main

    shutil.rmtree(tiny / "seeds")
    assert main(["--root", str(tiny), "build"]) == 1
    err = capsys.readouterr().err
    assert "error: no folder 'seeds' for the source documents" in err.splitlines()[0], err
    assert "orphan" not in err and "content/documents" not in err
