"""Source files → SourceDoc: decoding, metadata, and the text annotations point into."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from typing import Any, NamedTuple, TypeVar

from sitegen.config import Project
from sitegen.errors import Diagnostics, Location, SitegenError, error
from sitegen.model import Block, DocMeta, ExtraPage, SourceDoc, SourceFile
from sitegen.names import bounded
from sitegen.plugins import blamed
from sitegen.runtime.executors import Executor
from sitegen.sources.discover import Inventory
from sitegen.sources.frontmatter import with_our_names
from sitegen.sources.markdown import make_parser, reader_text
from sitegen.sources.schema import build_record, where
from sitegen.sources.yamlsource import Located, LocatedMap, load_yaml

HEADLINE_MAX = 200
TITLE_MAX = 90
DATE_PATTERN = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
URL_FIELDS = ("source_url", "archived_url")
URL_PATTERN = re.compile(r"https?://[^\s<>\"]+")
"""An http(s) URL: an apostrophe is a legal URL character (escaped wherever it is output);
white space, angle brackets and double quotes are not."""
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")
"""A BCP 47 language tag, as far as a page's ``lang`` attribute needs: letters, digits, hyphens."""
FRONT_MATTER = re.compile(r"\A---\n(.*?\n)?---[ \t]*(\n|\Z)", re.DOTALL)


def read_documents(project: Project, inventory: Inventory, diagnostics: Diagnostics) -> tuple[SourceDoc, ...]:
    """Read every seed with its sidecar metadata; a bad document is reported and skipped."""
    return tuple(doc for _, doc, _ in read_each(project, inventory, diagnostics, _itself))


T = TypeVar("T")


class _Reading(NamedTuple):
    """What reading any seed needs: the project folder, and what to keep of each document."""

    root: Path
    look: Callable[[SourceDoc], Any]
    markdown: tuple[str, ...] = ()
    """The markdown-it plugins to read Markdown with (``plugins.markdown``)."""


def _read_one(pair: tuple[SourceFile, SourceFile | None], reading: _Reading) -> tuple[Diagnostics, Any]:
    """One seed as (slug, what ``look`` keeps of it), or None with what was wrong with it."""
    seed, sidecar = pair
    found = Diagnostics()
    try:
        doc = read_document(reading.root, seed, sidecar, found, reading.markdown)
    except SitegenError as exc:
        found.extend(exc)
        return found, None
    return found, (doc.slug, reading.look(doc))


def read_each(
    project: Project,
    inventory: Inventory,
    diagnostics: Diagnostics,
    look: Callable[[SourceDoc], T],
    executor: Executor | None = None,
) -> Iterator[tuple[str, T, SourceFile | None]]:
    """Every seed that reads cleanly as (slug, ``look(document)``, sidecar), in order. Seeds are
    read where ``executor`` runs them (here by default), and only what ``look`` makes of each
    document comes back; without an executor they are read one at a time, so no caller must
    hold them all."""
    sidecars = {PurePosixPath(f.path).stem: f for f in inventory.sidecars}
    pairs = [(seed, sidecars.pop(PurePosixPath(seed.path).stem, None)) for seed in inventory.seeds]
    reading = _Reading(project.root, look, project.config.plugins.markdown)
    done = executor.map(_read_one, pairs, reading) if executor is not None else None
    slugs: dict[str, str] = {}
    for index, pair in enumerate(pairs):
        found, outcome = done[index] if done is not None else _read_one(pair, reading)
        diagnostics.extend(found)
        if outcome is None:
            continue
        slug, looked = outcome
        seed = pair[0]
        if slug in slugs:
            diagnostics.error(
                Location(seed.path),
                f"document name clashes with {slugs[slug]} (both are '{slug}')",
                "rename one of the files",
            )
            continue
        slugs[slug] = seed.path
        yield slug, looked, pair[1]
    for orphan in sidecars.values():
        diagnostics.error(
            Location(orphan.path),
            "metadata for a document that does not exist",
            "name the file after a seed (seeds/NAME.txt → content/documents/NAME.yml)",
        )


def _itself(doc: SourceDoc) -> SourceDoc:
    return doc


def read_document(
    root: Path, seed: SourceFile, sidecar: SourceFile | None, diagnostics: Diagnostics, markdown: tuple[str, ...] = ()
) -> SourceDoc:
    """Read one seed file (and its sidecar, if any) into a SourceDoc; ``markdown`` names the
    Markdown plugins in use (``plugins.markdown``)."""
    raw = read_input(root, seed.path)
    text = decode(raw, seed.path)
    meta, meta_path = DocMeta(), ""
    if sidecar is not None:
        meta, meta_path = read_meta(root, sidecar.path, diagnostics), sidecar.path
    slug, sha256 = slugify(PurePosixPath(seed.path).stem), hashlib.sha256(raw).hexdigest()
    if PurePosixPath(seed.path).suffix.lower() == ".txt":
        blocks = plain_blocks(text)
        title = _title(meta, text, blocks)
        return SourceDoc(slug, seed.path, "text", raw, sha256, text, "", blocks, meta, title, meta_path)
    body, front = split_front_matter(text, seed.path, diagnostics)
    if front is not None:
        if sidecar is not None:
            raise error(
                sidecar.path,
                1,
                f"metadata is also in the front matter of {seed.path}",
                "keep the metadata in one place",
            )
        meta, meta_path = front, seed.path
    with blamed(markdown, "plugins.markdown", f"reading {seed.path}"):
        visible = reader_text(make_parser(markdown).parse(body))
    title = meta.title or derive_title(visible)
    return SourceDoc(slug, seed.path, "markdown", raw, sha256, visible, body, (), meta, title, meta_path)


def read_pages(project: Project, inventory: Inventory, diagnostics: Diagnostics) -> tuple[ExtraPage, ...]:
    """Every Markdown page of content/pages/; its title comes from front matter or the file name."""
    pages: list[ExtraPage] = []
    slugs: dict[str, str] = {}
    for source in inventory.pages:
        slug = slugify(PurePosixPath(source.path).stem)
        if slug in slugs:  # About.md and about.md, or pages/about.md and pages/old/about.md
            diagnostics.error(
                Location(source.path),
                f"page name clashes with {slugs[slug]} (both are 'pages/{slug}.html')",
                "rename one of the files",
            )
            continue
        slugs[slug] = source.path
        try:
            text = decode(read_input(project.root, source.path), source.path)
            body, meta = split_front_matter(text, source.path, diagnostics)
        except SitegenError as exc:
            diagnostics.extend(exc)
            continue
        stem = PurePosixPath(source.path).stem
        title = meta.title if meta and meta.title else stem.replace("-", " ").capitalize()
        pages.append(ExtraPage(slug, source.path, title, body))
    return tuple(pages)


def read_input(root: Path, path: str) -> bytes:
    """The bytes of the input file ``root/path``; a file that cannot be read is a user error."""
    try:
        return (root / path).read_bytes()
    except IsADirectoryError:
        raise error(path, 0, "expected a file, found a folder", "rename or remove the folder") from None
    except OSError as exc:
        raise error(
            path,
            0,
            f"cannot read the file: {exc.strerror or exc}",
            "check that it exists and that its permissions let you read it",
        ) from None


def decode(raw: bytes, path: str) -> str:
    """UTF-8 text with the byte-order mark dropped and every newline made ``\\n``."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise error(
            path,
            line,
            f"not valid UTF-8 (byte {exc.start}: {raw[exc.start : exc.start + 1]!r})",
            "convert the file to UTF-8, e.g. iconv -f windows-1252 -t utf-8",
            col=col,
        ) from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def slugify(stem: str) -> str:
    """A URL-safe, stable name from a file stem; odd names get a hash to stay unique."""
    slug = re.sub(r"[^a-z0-9._-]+", "-", stem.lower()).strip("-._")
    if slug != stem.lower() or not slug:
        digest = hashlib.sha256(stem.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        slug = f"{slug[:60]}-{digest}" if slug else digest
    return bounded(slug, stem)


def plain_blocks(text: str) -> tuple[Block, ...]:
    """Headline and paragraphs of plain text; hard-wrapped text is grouped by blank lines."""
    lines = _line_ranges(text)
    if not lines:
        return ()
    blocks = _groups(text, lines) if _hard_wrapped(text, lines) else [Block("paragraph", *r) for r in lines]
    first = blocks[0]
    if len(blocks) > 1 and "\n" not in text[first.start : first.end] and is_headline(text[first.start : first.end]):
        blocks[0] = Block("headline", first.start, first.end)
    return tuple(blocks)


def _line_ranges(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line with visible text, whitespace trimmed."""
    ranges = []
    for match in re.finditer(r"[^\n]+", text):
        line = match.group()
        stripped = line.strip()
        if stripped:
            start = match.start() + len(line) - len(line.lstrip())
            ranges.append((start, start + len(stripped)))
    return ranges


def is_headline(line: str) -> bool:
    """A short first line that does not end like a sentence reads as a headline."""
    return len(line) <= HEADLINE_MAX and not re.search(r"[.!?,;:…][\"'”’)]*$", line)


def _hard_wrapped(text: str, lines: list[tuple[int, int]]) -> bool:
    # Text wrapped at a fixed width has short lines and blank lines between paragraphs.
    lengths = sorted(end - start for start, end in lines)
    return "\n\n" in text and len(lines) > 2 and lengths[len(lengths) // 2] < 90


def _groups(text: str, lines: list[tuple[int, int]]) -> list[Block]:
    groups: list[Block] = []
    start, end = lines[0]
    for line_start, line_end in lines[1:]:
        if text.count("\n", end, line_start) > 1:
            groups.append(Block("paragraph", start, end))
            start = line_start
        end = line_end
    groups.append(Block("paragraph", start, end))
    return groups


def _title(meta: DocMeta, text: str, blocks: tuple[Block, ...]) -> str:
    if meta.title:
        return meta.title
    if blocks and blocks[0].kind == "headline":
        return text[blocks[0].start : blocks[0].end]
    return derive_title(text)


def derive_title(text: str) -> str:
    """The first sentence, cut at a word boundary when long."""
    first = re.split(r"(?<=[.!?])\s|\n", text.strip(), maxsplit=1)[0].strip()
    if len(first) <= TITLE_MAX:
        return first or "Untitled document"
    return first[:TITLE_MAX].rsplit(" ", 1)[0].rstrip(",;:—-") + "…"


def split_front_matter(text: str, path: str, diagnostics: Diagnostics) -> tuple[str, DocMeta | None]:
    """Markdown body and the metadata of its YAML front matter, if it has one."""
    match = FRONT_MATTER.match(text)
    if not match:
        return text, None
    node = load_yaml(match.group(1) or "", path, line_offset=1)
    return text[match.end() :], _meta_from(node, diagnostics)


def read_meta(root: Path, path: str, diagnostics: Diagnostics) -> DocMeta:
    """Validated metadata from a sidecar YAML file."""
    node = load_yaml(decode(read_input(root, path), path), path)
    return _meta_from(node, diagnostics)


def _meta_from(node: object, diagnostics: Diagnostics) -> DocMeta:
    local = Diagnostics()
    if isinstance(node, LocatedMap):
        node = with_our_names(node, local)
    meta = build_record(DocMeta, node, local)  # type: ignore[arg-type]
    if isinstance(node, LocatedMap):
        _check_meta_values(node, local)
    if meta is None or local.errors:
        # Raised, not recorded: the caller records the exception, so each problem shows once.
        raise SitegenError(local.items)
    diagnostics.extend(local)
    return meta


def _check_meta_values(node: LocatedMap, diagnostics: Diagnostics) -> None:
    for key, value in node.items:
        if not isinstance(value, Located) or not isinstance(value.value, str) or not value.value:
            continue
        if key.value in URL_FIELDS and not URL_PATTERN.fullmatch(value.value):
            diagnostics.error(where(value), f"{key.value} must be an http(s) URL", "write it as https://…")
        if key.value == "language" and not LANGUAGE_TAG.fullmatch(value.value):
            diagnostics.error(where(value), "language must be a language tag like en or pt-BR", "see BCP 47")
        if key.value in ("published", "added") and not DATE_PATTERN.fullmatch(value.value):
            diagnostics.error(where(value), f"{key.value} must be a date like 2024-11-22", "use YYYY-MM-DD")
