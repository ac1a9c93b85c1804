"""Property: whatever documents, metadata and curated YAML say, no built page runs or loads foreign code.

Each example writes a small project (one to three documents with hostile text and file
names, metadata, curated annotations that anchor to the text, an entity registry) and
builds it. The build either succeeds, and then every page passes the audit of
``checks.py``, or it fails with a user error that names a file; it never crashes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st

from sitegen.build import build
from sitegen.errors import SitegenError
from sitegen.project import load_project
from sitegen.sources.markdown import make_parser, reader_text
from sitegen.sources.read import decode
from tests.conftest import quiet
from tests.security.checks import site_problems
from tests.security.conftest import THEME

EXAMPLES = 200
"""Each example is a whole build (20-400 ms); 200 take about 15 s of CPU."""
EXAMPLES_WITH_MODEL = 40
"""With the model each build also parses its documents; 40 take about 30 s."""

FRAGMENTS = [
    "<script>alert(1)</script>",
    "</script>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    "<iframe src=javascript:alert(1)>",
    "<base href=//evil.example/>",
    "<form action=//e>",
    "javascript:alert(1)",
    "JaVaScRiPt:",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "&lt;script&gt;",
    "&#x6A;avascript:",
    "&#106;",
    "&amp;",
    "&#0;",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "[a](javascript:alert(1))",
    "[b](&#x6A;avascript:x)",
    "![i](data:image/png;base64,AA)",
    "![j](https://evil.example/x.png)",
    "<javascript:alert(1)>",
    "<https://example.org/a>",
    "[r]\n\n[r]: javascript:x",
    "[s]: data:image/gif;base64,AA\n\n[s]",
    '" onmouseover="alert(1)',
    "' onfocus='alert(1)",
    "`",
    "```",
    "    ",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "\ufeff",
    "\u202e",
    "\u200b",
    "\u0301",
    "\x00",
    "😀",
    "ال",
    "Kyiv",
    "said",
    "Tass",
    "*",
    "_",
    "# ",
    "> ",
    "- ",
    "|",
    "~~",
    "\\",
]
TEXT = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(st.characters(blacklist_categories=("Cs",)), max_size=8)),
    min_size=1,
    max_size=25,
).map("".join)
SHORT = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=5)), max_size=6).map("".join)
STEM = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00"), min_size=1, max_size=16
).filter(lambda s: not s.startswith(".") and len(s.encode()) < 200)
URL = st.sampled_from(
    ["https://example.org/"] * 4 + ["javascript:alert(1)", "data:text/html,x", 'https://x.org/"a']
).flatmap(lambda base: st.text("abcXYZ019-._~%/?#=&;:@!$'()*+,", max_size=20).map(lambda s: base + s))
"""Mostly valid http(s) URLs with every character a URL may hold; now and then one that must be refused."""


@st.composite
def documents(draw: st.DrawFn) -> list[tuple[str, str, bytes]]:
    """(stem, suffix, raw bytes) of one to three seed files with distinct stems."""
    stems = draw(st.lists(STEM, min_size=1, max_size=3, unique_by=str.lower))
    return [(stem, draw(st.sampled_from([".txt", ".md"])), draw(TEXT).encode("utf-8")) for stem in stems]


def reader_text_of(suffix: str, raw: bytes) -> str:
    text = decode(raw, "x")
    return text if suffix == ".txt" else reader_text(make_parser().parse(text))


@st.composite
def curated(draw: st.DrawFn, text: str) -> str:
    """Curated YAML for ``text``: entries whose quotes occur in it, with hostile notes and attributes."""
    entries = []
    for _ in range(draw(st.integers(0, 4))):
        start = draw(st.integers(0, max(len(text) - 1, 0)))
        quote = text[start : start + draw(st.integers(1, 30))].strip()
        if not quote:
            continue
        entry = {"kind": draw(st.sampled_from(["entity", "claim", "dispute"])), "quote": quote, "occurrence": "all"}
        entry["note"] = draw(SHORT)
        entry["attrs"] = draw(st.dictionaries(SHORT, SHORT, max_size=2))
        if entry["kind"] == "entity":
            entry["type"] = draw(st.sampled_from(["person", "place", "other"]))
        entries.append(entry)
    if draw(st.sampled_from([False] * 9 + [True])):  # now and then, not YAML we wrote
        return draw(TEXT)
    return yaml.safe_dump({"annotations": entries}, allow_unicode=draw(st.booleans()))


def metadata(draw: st.DrawFn) -> str:
    fields = {key: draw(SHORT) for key in draw(st.sets(st.sampled_from(["title", "outlet", "author", "notes"])))}
    if draw(st.booleans()):
        fields["source_url"] = draw(URL)
    return yaml.safe_dump(fields, allow_unicode=True)


REGISTRY = st.builds(
    lambda name, description, alias: yaml.safe_dump(
        {
            "entities": [
                {"id": "hostile", "name": name or "x", "aliases": [alias] if alias else [], "description": description}
            ]
        }
    ),
    SHORT,
    SHORT,
    SHORT,
)


def write_project(root: Path, draw: st.DrawFn, annotators: bool = False) -> None:
    shutil.rmtree(root, ignore_errors=True)
    for folder in ("seeds", "content/documents", "content/annotations"):
        (root / folder).mkdir(parents=True)
    config: dict[str, object] = {"title": draw(SHORT), "base_url": "https://example.org/f/"}
    if not annotators:
        config["annotate"] = {"annotators": []}
    (root / "sitegen.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    (root / "content/entities.yml").write_text(draw(REGISTRY), encoding="utf-8")
    for stem, suffix, raw in draw(documents()):
        (root / "seeds" / f"{stem}{suffix}").write_bytes(raw)
        if draw(st.booleans()):
            (root / "content/documents" / f"{stem}.yml").write_text(metadata(draw), encoding="utf-8")
        text = reader_text_of(suffix, raw)
        (root / "content/annotations" / f"{stem}.yml").write_text(draw(curated(text)), encoding="utf-8")


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    phases=(Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink),  # no explain phase: minutes per build
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_fuzz_no_page_runs_foreign_code(tmp_path: Path, data: st.DataObject) -> None:
    built_or_refused(tmp_path / "fuzz", data, annotators=False)


@pytest.mark.model
@settings(
    max_examples=EXAMPLES_WITH_MODEL,
    deadline=None,
    phases=(Phase.explicit, Phase.reuse, Phase.generate),  # a shrink would parse each candidate again
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_fuzz_no_page_runs_foreign_code_with_the_annotators_on(tmp_path: Path, data: st.DataObject) -> None:
    """The same with the real model, whose entity names, speakers and spans reach pages, ids and paths."""
    built_or_refused(tmp_path / "fuzz", data, annotators=True)


def built_or_refused(root: Path, data: st.DataObject, annotators: bool) -> None:
    write_project(root, data.draw, annotators)
    try:
        build(load_project(root), log=quiet)
    except SitegenError as exc:
        assert all(d.location.path for d in exc.diagnostics), str(exc)
        event(f"refused: {exc.diagnostics[0].message.split(':')[0][:40]}")
        return
    event("built")
    assert site_problems(root / "site", THEME) == []
