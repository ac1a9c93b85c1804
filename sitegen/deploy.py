"""Publishing to GitHub Pages: the built site as a commit on ``gh-pages``, made with git plumbing.

The user's working tree, index and current branch are never touched: blobs are
hashed from ``site/``, the tree is written through a throw-away index file, and
only the ``gh-pages`` ref moves.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from sitegen.build import build
from sitegen.errors import SitegenError, error
from sitegen.output.write import MARKER
from sitegen.project import load_project

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
) -> Published:
    """Build, commit the site to ``branch`` and push it to ``remote`` (default: origin, if any)."""
    root = root.resolve()
    source, dirty = _source_commit(root, force)
    project = load_project(root)
    build(project, strict, log=lambda _: None)
    site = project.path(project.config.output_dir)
    extra = {EMPTY_BLOB_NAME: ""} | ({"CNAME": project.config.cname.strip() + "\n"} if project.config.cname else {})
    tree, files = _write_tree(root, site, extra)
    commit = _commit(root, tree, branch, _message(source, dirty))
    log(f"sitegen: {branch} is at {commit[:12]} ({files} files, from {source[:12] or 'no commit'})")
    target = _remote(root, remote) if push else ""
    if target:
        git(root, "push", "--quiet", target, f"refs/heads/{branch}:refs/heads/{branch}")
        log(f"sitegen: pushed {branch} to {target}")
    elif push:
        log("sitegen: no remote named origin; pass --remote NAME to push (committed locally only)")
    return Published(commit, branch, source, files, target)


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


def _commit(root: Path, tree: str, branch: str, message: str) -> str:
    """A commit of ``tree`` on top of ``branch`` (kept as history); the ref moves only if unchanged meanwhile."""
    ref = f"refs/heads/{branch}"
    try:
        parent = git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").strip()
    except SitegenError:
        parent = ""
    if parent and git(root, "rev-parse", f"{parent}^{{tree}}").strip() == tree:
        return parent  # the same site again: nothing to commit
    commit = git(root, "commit-tree", tree, *(["-p", parent] if parent else []), stdin=message).strip()
    git(root, "update-ref", "-m", "sitegen deploy", ref, commit, parent)
    return commit


def _remote(root: Path, remote: str | None) -> str:
    """The remote to push to: the one asked for, else ``origin`` when it exists, else none."""
    if remote:
        return remote
    return "origin" if "origin" in git(root, "remote").split() else ""
