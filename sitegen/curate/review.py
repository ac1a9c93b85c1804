"""The review workflow: a document's machine annotations as a curated YAML file to edit."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from sitegen.config import Project
from sitegen.curate.curated import load_registry
from sitegen.errors import Diagnostics, error
from sitegen.model import SourceDoc
from sitegen.sources.discover import discover
from sitegen.sources.read import read_documents


def review(project: Project, document: str, write: bool) -> str:
    """Machine annotations of ``document`` as curated YAML; with ``write``, also saved for editing.

    The file goes to ``content/annotations/NAME.yml`` when the document has no curated file
    yet, else to ``content/review/NAME.yml`` so nothing curated is overwritten.
    """
    from sitegen.annotate.pipeline import annotate_documents
    from sitegen.annotate.review import proposals_to_curated_yaml

    diagnostics = Diagnostics()
    inventory = discover(project, diagnostics)
    doc = _find(read_documents(project, inventory, diagnostics), document)
    registry = load_registry(project.root, inventory.entities.path if inventory.entities else None, diagnostics)
    diagnostics.raise_errors()
    config = project.config
    (proposals,) = annotate_documents((doc,), registry, config.annotate, project.path(config.cache_dir), 1)
    text = proposals_to_curated_yaml(doc, proposals)
    if write:
        target = _review_path(project, doc)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        return f"# written to {target.relative_to(project.root)}: set action to suppress or fix entries, then build\n"
    return text


def _find(docs: tuple[SourceDoc, ...], wanted: str) -> SourceDoc:
    name = PurePosixPath(wanted.replace("\\", "/"))
    for doc in docs:
        if wanted in (doc.slug, doc.path) or name.stem == PurePosixPath(doc.path).stem:
            return doc
    known = ", ".join(doc.slug for doc in docs[:10])
    raise error(wanted, 0, "no such document", f"name a seed file or its name without extension: {known}")


def _review_path(project: Project, doc: SourceDoc) -> Path:
    content = project.path(project.config.content_dir)
    stem = PurePosixPath(doc.path).stem
    curated = content / "annotations" / f"{stem}.yml"
    return content / "review" / f"{stem}.yml" if curated.exists() else curated
