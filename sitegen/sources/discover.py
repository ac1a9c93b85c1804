"""Walk seeds/ and content/ and list the source files of each role, sorted."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sitegen.config import Project
from sitegen.errors import Diagnostics, Location
from sitegen.model import SourceFile

DOCUMENT_SUFFIXES = (".txt", ".md", ".markdown")


@dataclass(frozen=True, slots=True)
class Inventory:
    """Every input file of a project, by role, in sorted order."""

    seeds: tuple[SourceFile, ...]
    sidecars: tuple[SourceFile, ...]
    annotations: tuple[SourceFile, ...]
    pages: tuple[SourceFile, ...]
    entities: SourceFile | None


def discover(project: Project, diagnostics: Diagnostics) -> Inventory:
    """List the project's inputs; files of unknown kinds are reported, not guessed at."""
    config = project.config
    content = config.content_dir
    root = project.root.resolve()  # once: resolving it for every file was most of a big archive's walk
    seeds = _files(project, root, config.seeds_dir, DOCUMENT_SUFFIXES, "seed", diagnostics)
    entities_path = f"{content}/entities.yml"
    has_entities = _inside(root, project.path(entities_path), entities_path, diagnostics)
    return Inventory(
        seeds=seeds,
        sidecars=_files(project, root, f"{content}/documents", (".yml",), "document-meta", diagnostics),
        annotations=_files(project, root, f"{content}/annotations", (".yml",), "annotations", diagnostics),
        pages=_files(project, root, f"{content}/pages", (".md",), "page", diagnostics),
        entities=SourceFile(entities_path, "entities") if has_entities else None,
    )


def _files(
    project: Project, root: Path, folder: str, suffixes: tuple[str, ...], role: str, diagnostics: Diagnostics
) -> tuple[SourceFile, ...]:
    base = project.path(folder)
    if not base.is_dir():
        return ()
    # A plain file under a folder that resolves inside the project is inside it: only links,
    # and everything under a linked-in folder, are resolved one by one (which cost a system
    # call per folder of the path, for every file of a big archive).
    plain_inside = base.resolve().is_relative_to(root)
    found = []
    for relative, entry in _walk(base, base.relative_to(project.root).as_posix()):
        if entry.is_dir(follow_symlinks=False):
            continue
        if not _utf8(relative):
            diagnostics.error(Location(relative), "the file name is not valid UTF-8", "rename the file")
            continue
        if not relative.lower().endswith(suffixes):
            diagnostics.warn(Location(relative), f"ignored: not a {'/'.join(suffixes)} file")
            continue
        plain = plain_inside and entry.is_file(follow_symlinks=False)
        if plain or _inside(root, Path(entry.path), relative, diagnostics):
            found.append(SourceFile(relative, role))  # type: ignore[arg-type]
    return tuple(found)


def _utf8(name: str) -> bool:
    """False for a name with bytes that are not UTF-8 (Python holds them as lone surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _walk(base: Path, prefix: str) -> list[tuple[str, os.DirEntry[str]]]:
    """Every entry under ``base`` but hidden ones (and what hidden folders hold), as (project
    path, entry), in the order of their path's parts. Linked folders are listed, not entered."""
    found: list[tuple[str, os.DirEntry[str]]] = []
    pending = [(os.fspath(base), prefix)]
    while pending:
        path, relative = pending.pop()
        with os.scandir(path) as entries:
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                inner = f"{relative}/{entry.name}"
                found.append((inner, entry))
                if entry.is_dir(follow_symlinks=False):
                    pending.append((entry.path, inner))
    return sorted(found, key=lambda item: item[0].split("/"))


def project_file(project: Project, relative: str, diagnostics: Diagnostics) -> bool:
    """Whether the optional input ``relative`` is there, a regular file inside the project."""
    return _inside(project.root.resolve(), project.path(relative), relative, diagnostics)


def _inside(root: Path, path: Path, relative: str, diagnostics: Diagnostics) -> bool:
    """True for a regular file inside the project (whose resolved ``root`` is given); a link
    leading outside is refused."""
    if not path.exists() and not path.is_symlink():
        return False
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):  # Python 3.11 says RuntimeError for a link loop, 3.13 OSError
        diagnostics.error(Location(relative), "a link that loops back on itself", "replace it with a file")
        return False
    if not resolved.is_relative_to(root):
        diagnostics.error(
            Location(relative),
            f"refused: a link to {resolved}, outside the project",
            "copy the file into the project instead of linking to it",
        )
        return False
    if not resolved.is_file():
        diagnostics.error(Location(relative), "not a regular file", "replace it with a file (or remove it)")
        return False
    return True
