"""``sitegen deploy`` against real git: a local bare repository stands in for GitHub."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from sitegen.build import build
from sitegen.cli import main
from sitegen.errors import SitegenError
from sitegen.output.deploy import deploy
from sitegen.project import load_project
from tests.conftest import quiet


def run(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


@pytest.fixture(autouse=True)
def git_identity(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A git of our own: no user or system config leaks in."""
    config = tmp_path / "gitconfig"
    config.write_text("[user]\n\tname = Test\n\temail = test@example.org\n[init]\n\tdefaultBranch = main\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")


@pytest.fixture
def repo(tiny: Path, tmp_path: Path) -> Path:
    """The tiny project as a committed repository whose origin is a bare repository."""
    config = tiny / "sitegen.yml"
    config.write_text(config.read_text() + "cname: news.example.org\n")
    (tiny / ".gitignore").write_text("/site/\n/.sitegen-cache/\n")
    run(tiny, "init", "-q")
    run(tiny, "add", "-A")
    run(tiny, "commit", "-q", "-m", "sources")
    run(tmp_path, "init", "-q", "--bare", "remote.git")
    run(tiny, "remote", "add", "origin", str(tmp_path / "remote.git"))
    return tiny


def _snapshot(repo: Path) -> tuple[str, str, bytes, str]:
    return (
        run(repo, "status", "--porcelain", "--ignored"),
        run(repo, "symbolic-ref", "HEAD"),
        (repo / ".git" / "index").read_bytes(),
        run(repo, "rev-parse", "HEAD"),
    )


def test_deploy_pushes_a_clean_commit_and_leaves_the_tree_alone(repo: Path, tmp_path: Path) -> None:
    build(load_project(repo), log=quiet)  # an earlier build, ignored by git
    run(repo, "status")  # let git refresh its index stat cache before we take the snapshot
    before = _snapshot(repo)
    published = deploy(repo, log=quiet)
    remote = tmp_path / "remote.git"
    files = set(run(remote, "ls-tree", "-r", "--name-only", "gh-pages").split())
    assert {".nojekyll", "CNAME", "index.html", "404.html", "sitemap.xml", "documents/report.html"} <= files
    assert not any(name.startswith((".sitegen", "seeds/", "content/")) for name in files)
    assert run(remote, "show", "gh-pages:CNAME") == "news.example.org\n"
    assert run(remote, "show", "gh-pages:index.html") == (repo / "site" / "index.html").read_text()
    source = run(repo, "rev-parse", "HEAD").strip()
    message = run(remote, "log", "-1", "--format=%B", "gh-pages")
    assert message.startswith(f"Publish site from {source[:12]}\n") and source in message
    assert run(remote, "rev-parse", "gh-pages").strip() == published.commit
    assert published.pushed_to == "origin"
    assert _snapshot(repo) == before


def test_deploy_refuses_a_dirty_tree_unless_forced(repo: Path) -> None:
    seed = repo / "seeds" / "report.txt"
    seed.write_text(seed.read_text() + "An uncommitted line.\n")
    with pytest.raises(SitegenError, match=r"uncommitted change.*seeds/report.txt"):
        deploy(repo, log=quiet)
    assert run(repo, "branch", "--list", "gh-pages") == ""
    assert main(["--root", str(repo), "deploy", "--no-push"]) == 1
    published = deploy(repo, push=False, force=True, log=quiet)
    assert "uncommitted changes" in run(repo, "log", "-1", "--format=%s", published.commit)
    assert "An uncommitted line." in run(repo, "show", "gh-pages:originals/report.txt")


def test_deploy_keeps_history_and_skips_unchanged_sites(repo: Path, tmp_path: Path) -> None:
    first = deploy(repo, push=False, log=quiet)
    assert deploy(repo, push=False, log=quiet).commit == first.commit  # same site: no new commit
    seed = repo / "seeds" / "report.txt"
    seed.write_text(seed.read_text() + "A committed line.\n")
    run(repo, "commit", "-q", "-am", "more")
    second = deploy(repo, push=False, log=quiet)
    assert run(repo, "rev-parse", f"{second.commit}^").strip() == first.commit
    assert run(tmp_path / "remote.git", "branch", "--list") == ""  # --no-push never pushed


def test_deploy_cli_pushes_to_a_named_remote(repo: Path, tmp_path: Path) -> None:
    run(repo, "remote", "rename", "origin", "pages")
    assert main(["--root", str(repo), "deploy", "--remote", "pages"]) == 0
    assert "index.html" in run(tmp_path / "remote.git", "ls-tree", "--name-only", "gh-pages")


def test_deploy_outside_a_repository_is_an_input_error(tiny: Path) -> None:
    with pytest.raises(SitegenError, match="not inside a git repository"):
        deploy(tiny, log=quiet)


def _refs(repo: Path) -> str:
    return run(repo, "for-each-ref", "--format=%(refname) %(objectname)")


def test_deploy_refuses_the_checked_out_branch(repo: Path) -> None:
    before = (_refs(repo), run(repo, "status", "--porcelain"))
    with pytest.raises(SitegenError, match=r"main is checked out in .*tiny"):
        deploy(repo, push=False, branch="main", log=quiet)
    assert (_refs(repo), run(repo, "status", "--porcelain")) == before  # nothing staged for deletion
    assert not (repo / "site").exists()  # refused before building


def test_deploy_refuses_a_branch_checked_out_in_another_worktree(repo: Path, tmp_path: Path) -> None:
    deploy(repo, push=False, log=quiet)
    other = tmp_path / "pages-worktree"
    run(repo, "worktree", "add", "-q", str(other), "gh-pages")
    seed = repo / "seeds" / "report.txt"
    seed.write_text(seed.read_text() + "A committed line.\n")
    run(repo, "commit", "-q", "-am", "more")
    before = (_refs(repo), run(other, "status", "--porcelain"))
    with pytest.raises(SitegenError, match=r"gh-pages is checked out in .*pages-worktree"):
        deploy(repo, push=False, log=quiet)
    assert main(["--root", str(repo), "deploy"]) == 1
    assert (_refs(repo), run(other, "status", "--porcelain")) == before
    assert run(tmp_path / "remote.git", "branch", "--list") == ""


NOT_PLAIN = ["HEAD", "head", "FETCH_HEAD", "@", "", "refs/heads/pages", "refs/tags/v1", "-pages", "a..b"]
NOT_PLAIN += ["pages.lock", "pages/", "a b", "x~1", "x^", "x:y", "a\x1b[31mb", "v1", "origin/main"]


@pytest.mark.parametrize("branch", NOT_PLAIN)
def test_deploy_refuses_names_that_are_not_plain_branch_names(repo: Path, branch: str) -> None:
    run(repo, "tag", "v1")
    run(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    before = _refs(repo)
    with pytest.raises(SitegenError, match="--branch") as refused:
        deploy(repo, push=False, branch=branch, log=quiet)
    assert "\x1b" not in str(refused.value)
    assert _refs(repo) == before
    assert not (repo / ".git" / "refs" / "heads" / "HEAD").exists()
    assert not (repo / "site").exists()


def test_deploy_a_failed_push_says_the_local_branch_moved(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hook = tmp_path / "remote.git" / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'the remote refuses today' >&2\nexit 1\n")
    hook.chmod(0o755)
    assert main(["--root", str(repo), "deploy"]) == 1
    created = run(repo, "rev-parse", "gh-pages").strip()
    err = capsys.readouterr().err
    assert "the remote refuses today" in err
    assert f"site/ was rebuilt; gh-pages was created locally at {created[:12]}; nothing was pushed to origin" in err
    assert "nothing was written" not in err
    assert "git branch -D gh-pages" in err
    seed = repo / "seeds" / "report.txt"
    seed.write_text(seed.read_text() + "A committed line.\n")
    run(repo, "commit", "-q", "-am", "more")
    assert main(["--root", str(repo), "deploy"]) == 1
    moved = run(repo, "rev-parse", "gh-pages").strip()
    err = capsys.readouterr().err
    assert f"gh-pages was moved locally from {created[:12]} to {moved[:12]}; nothing was pushed to origin" in err
    assert f"git update-ref refs/heads/gh-pages {created}" in err
    assert run(tmp_path / "remote.git", "branch", "--list") == ""
    hook.unlink()
    assert main(["--root", str(repo), "deploy"]) == 0  # the same site: no new commit, just the push
    assert run(tmp_path / "remote.git", "rev-parse", "gh-pages").strip() == moved


def test_deploy_a_failed_build_writes_nothing(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    notes = repo / "content" / "annotations" / "notes.yml"
    notes.write_text(notes.read_text() + "  - kind: claim\n    quote: nowhere in the text\n")
    run(repo, "commit", "-q", "-am", "a broken annotation")
    assert main(["--root", str(repo), "deploy"]) == 1
    assert "nothing was written" in capsys.readouterr().err
    assert run(repo, "branch", "--list", "gh-pages") == ""
