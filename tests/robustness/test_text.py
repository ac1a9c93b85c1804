"""Hard but legal text: any Unicode, any line ending, a byte-order mark, long lines; offsets stay right.

Each case goes through the whole build (read → anchor → merge → render → template) and
is checked on the built page: every annotation record's offsets select its exact text in
the document text, every curated quote is found where it was written, and the text of
every block equals the source text at its ``data-o`` offset.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitegen.build import build
from sitegen.sources.markdown import make_parser, reader_text
from sitegen.sources.read import decode
from tests.conftest import project_at, quiet
from tests.core.test_lossless import blocks_of
from tests.records import records as site_records

CONFIG = "title: Text\nbase_url: https://example.org/\nannotate:\n  annotators: []\n"
HARD = {
    "combining": "Cafe\u0301 owner Zoe\u0308 said the town fell. Kyiv\u0301 is a name.",
    "rtl": "Kyiv said \u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd and \u0645\u0631\u062d\u0628\u0627 here.",
    "bidi controls": "Kyiv \u202eecnetnes desrever\u202c and \u2066isolate\u2069 said.",
    "emoji": "Kyiv 😀 said 👩\u200d👩\u200d👧 and 🇺🇦 and 𝕏 and 𠀀.",
    "zero width": "Ky\u200biv said \u200c\u200d\ufeff inside, and \u2060 joiner.",
    "nul and controls": "Kyiv said \x00 NUL \x01 \x1f and \x7f \x85 here.",
    "crlf": "Headline of it\r\nKyiv said this.\r\n\r\nSecond paragraph here.\r\n",
    "cr": "Headline of it\rKyiv said this.\r\rSecond paragraph here.\r",
    "mixed endings": "One\r\nKyiv said.\rTwo\nThree\r\n\rFour.",
    "bom": "\ufeffHeadline after a BOM\nKyiv said so.\n",
    "bom and crlf": "\ufeffHeadline\r\nKyiv said so.\r\n",
    "long line": "Kyiv said " + "word " * 40_000 + "end.",
    "noncharacters": "Kyiv \ufffe\uffff\U0010ffff said.",
    "only whitespace": " \n\t\n\u3000\n",
    "empty": "",
}


def make(root: Path, name: str, raw: bytes, quotes: tuple[str, ...] = ()) -> None:
    (root / "seeds").mkdir(parents=True, exist_ok=True)
    (root / "content/annotations").mkdir(parents=True, exist_ok=True)
    (root / "sitegen.yml").write_text(CONFIG, encoding="utf-8")
    (root / "seeds" / name).write_bytes(raw)
    entries = [{"kind": "entity", "quote": q, "occurrence": "all", "type": "other"} for q in quotes]
    stem = name.rsplit(".", 1)[0]
    (root / "content/annotations" / f"{stem}.yml").write_text(yaml.safe_dump({"annotations": entries}), "utf-8")


def page_of(root: Path, slug: str) -> tuple[str, list[dict[str, object]]]:
    html = (root / "site/documents" / f"{slug}.html").read_text(encoding="utf-8")
    return html, site_records(root / "site", slug)


def check_page(root: Path, slug: str, text: str, quotes: tuple[str, ...]) -> None:
    html, records = page_of(root, slug)
    for record in records:
        start, end = int(record["start"]), int(record["end"])  # type: ignore[call-overload]
        # An entity mention's words come from its marks, which hold no line break between blocks.
        assert "".join(text[start:end].split()) == "".join(str(record["exact"]).split())
    found = {"".join(str(r["exact"]).split()) for r in records}
    wanted = {"".join(quote.split()) for quote in quotes}
    assert wanted <= found, wanted - found
    body = html.split('<div class="doc-body">', 1)[1].split("\n  </div>\n</article>", 1)[0]
    title = re.search(r"<h1>(.*?)</h1>", html, re.S)
    for offset, block in blocks_of((title.group(1) if title else "") + body):
        assert text[offset : offset + len(block)] == block


@pytest.mark.parametrize("case", sorted(HARD))
@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_text_hard_but_legal_documents_keep_offsets(tmp_path: Path, case: str, suffix: str) -> None:
    raw = HARD[case].encode("utf-8")
    decoded = decode(raw, "x")
    text = decoded if suffix == ".txt" else reader_text(make_parser().parse(decoded))
    quotes = tuple(q for q in ("Kyiv", "said", "😀", "\u05e9\u05dc\u05d5\u05dd", "Zoe\u0308") if q in text)
    make(tmp_path, f"doc{suffix}", raw, quotes)
    build(project_at(tmp_path), log=quiet)
    check_page(tmp_path, "doc", text, quotes)
    assert (tmp_path / f"site/originals/doc{suffix}").read_bytes() == raw


def test_text_offsets_point_into_the_text_after_newline_normalising(tmp_path: Path) -> None:
    raw = "\ufeffTitle line\r\nFirst Kyiv\r\rthen Kyiv again\n".encode()
    make(tmp_path, "doc.txt", raw, ("Kyiv",))
    build(project_at(tmp_path), log=quiet)
    _, records = page_of(tmp_path, "doc")
    assert sorted((r["start"], r["end"]) for r in records) == [(17, 21), (28, 32)]
    assert "Title line\nFirst Kyiv\n\nthen Kyiv again\n"[17:21] == "Kyiv"


SEGMENT = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=12),
    st.sampled_from(["\r\n", "\r", "\n", "\n\n", "\u0301", "😀", "\u200b", "\x00", "\u202e", "Kyiv", " said "]),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(
    segments=st.lists(SEGMENT, min_size=1, max_size=30),
    bom=st.booleans(),
    suffix=st.sampled_from([".txt", ".md"]),
    data=st.data(),
)
def test_text_any_text_builds_with_exact_offsets(
    tmp_path: Path, segments: list[str], bom: bool, suffix: str, data: st.DataObject
) -> None:
    raw = ("\ufeff" * bom + "".join(segments)).encode("utf-8")
    decoded = decode(raw, "x")
    text = decoded if suffix == ".txt" else reader_text(make_parser().parse(decoded))
    start = data.draw(st.integers(0, max(len(text) - 1, 0)))
    quote = text[start : start + data.draw(st.integers(1, 12))].strip()
    quotes = (quote,) if quote else ()  # one quote: overlapping entities are merged away, by policy
    root = tmp_path / "any"
    shutil.rmtree(root, ignore_errors=True)
    make(root, f"doc{suffix}", raw, quotes)
    build(project_at(root), log=quiet)
    check_page(root, "doc", text, quotes)
