"""Publishing to GitHub Pages: the built site as a commit on ``gh-pages``, made with git plumbing.

The user's working tree, index and current branch are never touched: blobs are
hashed from ``site/``, the tree is written through a throw-away index file, and
only the ``gh-pages`` ref moves. A branch checked out in any worktree is refused
(moving it would leave that worktree's files staged against the site), and so is
any name that is not a plain branch name. When something fails, the last line says
exactly what was and was not written: the site folder, the local branch, the push.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from sitegen.build import build
from sitegen.errors import SitegenError, error
from sitegen.output.write import MARKER
from sitegen.project import load_project
from sitegen.site.address import unpublishable

Log = Callable[[str], None]
WHERE = "sitegen deploy"
EMPTY_BLOB_NAME = ".nojekyll"
"""Tells Pages not to run Jekyll, which would drop files whose names start with ``_``."""


@dataclass(frozen=True, slots=True)
class Published:
    """What a deploy did."""

    commit: str
    branch: str
    source: str
    files: int
    pushed_to: str


SPECIAL_REFS = frozenset(
    {
        "HEAD",
        "FETCH_HEAD",
        "ORIG_HEAD",
        "MERGE_HEAD",
        "CHERRY_PICK_HEAD",
        "REVERT_HEAD",
        "BISECT_HEAD",
        "REBASE_HEAD",
        "AUTO_MERGE",
    }
)
"""Names git gives a meaning of its own; compared in upper case (some file systems ignore case)."""


def _ask(repo: Path, *args: str) -> str | None:
    """git's answer to a question, or None when it says no (a failing exit)."""
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=False)
    return done.stdout.strip() if done.returncode == 0 else None


def git(repo: Path, *args: str, stdin: str = "", env: Mapping[str, str] | None = None) -> str:
    """Run git in ``repo``; its complaint becomes a SitegenError."""
    done = subprocess.run(
        ["git", "-C", str(repo), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=False,
    )
    if done.returncode != 0:
        raise error(WHERE, 0, f"git {args[0]} failed: {done.stderr.strip() or done.stdout.strip()}")
    return done.stdout


def deploy(
    root: Path,
    remote: str | None = None,
    push: bool = True,
    force: bool = False,
    branch: str = "gh-pages",
    strict: bool = False,
    log: Log = print,
    config_name: str | None = None,
) -> Published:
    """Build, commit the site to ``branch`` and push it to ``remote`` (default: origin, if any).
    A ``base_url`` that is still the default or a placeholder is refused before anything is built."""
    root = root.resolve()
    project = load_project(root, config_name)
    problem = unpublishable(project, "error")
    if problem is not None:
        raise SitegenError(problem)
    _check_branch_name(root, branch)
    source, dirty = _source_commit(root, force)
    _refuse_checked_out(root, branch)
    build(project, strict, log=lambda _: None)
    built = f"{project.config.output_dir}/ was rebuilt"
    site = project.path(project.config.output_dir)
    extra = {EMPTY_BLOB_NAME: ""} | ({"CNAME": project.config.cname.strip() + "\n"} if project.config.cname else {})
    try:
        _refuse_checked_out(root, branch)  # again: a checkout may have happened during the build
        tree, files = _write_tree(root, site, extra)
        commit, parent = _commit(root, tree, branch, _message(source, dirty))
    except SitegenError as exc:
        raise SitegenError(exc.diagnostics, f"{built}; {branch} was not changed; nothing was pushed") from None
    moved = _moved(branch, parent, commit)
    log(f"sitegen: {moved} ({files} files, from {source[:12] or 'no commit'})")
    target = _remote(root, remote) if push else ""
    if target:
        try:
            git(root, "push", "--quiet", target, f"refs/heads/{branch}:refs/heads/{branch}")
        except SitegenError as exc:
            undo = f"git update-ref refs/heads/{branch} {parent}" if parent else f"git branch -D {branch}"
            hint = f"push again with `git push {target} {branch}`, or undo the local commit with `{undo}`"
            failure = replace(exc.diagnostics[0], hint=hint)
            raise SitegenError([failure], f"{built}; {moved}; nothing was pushed to {target}") from None
        log(f"sitegen: pushed {branch} to {target}")
    elif push:
        log("sitegen: no remote named origin; pass --remote NAME to push (committed locally only)")
    return Published(commit, branch, source, files, target)


def _moved(branch: str, parent: str, commit: str) -> str:
    """What happened to the local branch, in words."""
    if parent == commit:
        return f"{branch} was left at {commit[:12]} (the same site)"
    if parent:
        return f"{branch} was moved locally from {parent[:12]} to {commit[:12]}"
    return f"{branch} was created locally at {commit[:12]}"


def _check_branch_name(root: Path, branch: str) -> None:
    """Refuse anything but a plain branch name: ``HEAD`` and its kin, full ref names, options,
    whatever git would not take as a branch (``a..b``, ``x.lock``, ``@``, …), and a name that
    already means something else here (a tag, a remote branch)."""
    problem = ""
    if branch.upper() in SPECIAL_REFS or branch in ("", "@") or branch.startswith(("refs/", "-")):
        problem = "is not a plain branch name"
    elif _ask(root, "check-ref-format", f"refs/heads/{branch}") is None:
        problem = "is not a valid branch name"
    else:
        meant = _ask(root, "rev-parse", "--verify", "--quiet", "--symbolic-full-name", branch)
        if meant and meant != f"refs/heads/{branch}":
            problem = f"already names {meant} in this repository"
    if problem:
        hint = "name a branch the way `git branch NAME` would, e.g. --branch gh-pages"
        raise error(WHERE, 0, f"--branch {branch!r} {problem}", hint)


def _refuse_checked_out(root: Path, branch: str) -> None:
    """Refuse a branch that any worktree of the repository has checked out."""
    ref = f"refs/heads/{branch}"
    worktree = ""
    for line in git(root, "worktree", "list", "--porcelain").splitlines():
        if line.startswith("worktree "):
            worktree = line[len("worktree ") :]
        elif line == f"branch {ref}":
            raise error(
                WHERE,
                0,
                f"{branch} is checked out in {worktree}: publishing would move it to the site commit and "
                "leave that worktree's files staged for deletion",
                f"publish to another branch (--branch NAME), or check out something else in {worktree}",
            )


def _source_commit(root: Path, force: bool) -> tuple[str, bool]:
    """The commit being published and whether the tree differs from it (refused unless ``force``)."""
    try:
        git(root, "rev-parse", "--show-toplevel")
    except SitegenError:
        raise error(WHERE, 0, f"{root} is not inside a git repository", "run `git init` and commit") from None
    dirty = git(root, "status", "--porcelain", "--untracked-files=normal").splitlines()
    if dirty and not force:
        shown = ", ".join(line[3:] for line in dirty[:5]) + (" …" if len(dirty) > 5 else "")
        raise error(
            WHERE,
            0,
            f"{len(dirty)} uncommitted change(s) ({shown}): the published site would not match any commit",
            "commit or stash them (keep site/ in .gitignore), or pass --force",
        )
    try:
        head = git(root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}").strip()
    except SitegenError:
        head = ""
    if not head and not force:
        raise error(WHERE, 0, "the repository has no commits yet", "commit your sources first, or pass --force")
    return head, bool(dirty)


def _message(source: str, dirty: bool) -> str:
    short = source[:12] if source else "a repository without commits"
    note = " plus uncommitted changes (--force)" if dirty else ""
    return f"Publish site from {short}{note}\n\nBuilt by sitegen from commit {source or '(none)'}{note}.\n"


def _write_tree(root: Path, site: Path, extra: dict[str, str]) -> tuple[str, int]:
    """Hash every site file into the object store and write their tree via a temporary index."""
    files = sorted(p for p in site.rglob("*") if p.is_file() and p.name != MARKER)
    names = [p.relative_to(site).as_posix() for p in files]
    hashes = git(root, "hash-object", "-w", "--no-filters", "--stdin-paths", stdin="".join(f"{p}\n" for p in files))
    entries = dict(zip(names, hashes.split(), strict=True))
    for name, text in extra.items():
        entries[name] = git(root, "hash-object", "-w", "--stdin", stdin=text).strip()
    listing = "".join(f"100644 {sha}\t{name}\n" for name, sha in sorted(entries.items()))
    with tempfile.TemporaryDirectory(prefix="sitegen-deploy-") as scratch:
        index = {"GIT_INDEX_FILE": str(Path(scratch) / "index")}
        git(root, "update-index", "--add", "--index-info", stdin=listing, env=index)
        tree = git(root, "write-tree", env=index).strip()
    return tree, len(entries)


def _commit(root: Path, tree: str, branch: str, message: str) -> tuple[str, str]:
    """A commit of ``tree`` on top of ``branch`` (kept as history), and the commit the branch
    was at before ("" if it was new); the ref moves only if unchanged meanwhile."""
    ref = f"refs/heads/{branch}"
    try:
        parent = git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").strip()
    except SitegenError:
        parent = ""
    if parent and git(root, "rev-parse", f"{parent}^{{tree}}").strip() == tree:
        return parent, parent  # the same site again: nothing to commit
    commit = git(root, "commit-tree", tree, *(["-p", parent] if parent else []), stdin=message).strip()
    git(root, "update-ref", "-m", "sitegen deploy", ref, commit, parent)
    return commit, parent


def _remote(root: Path, remote: str | None) -> str:
    """The remote to push to: the one asked for, else ``origin`` when it exists, else none."""
    if remote:
        return remote
    return "origin" if "origin" in git(root, "remote").split() else ""
