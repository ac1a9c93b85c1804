"""Reading sources: decoding, newline normalisation, headlines, titles, slugs, front matter."""

from __future__ import annotations

import pytest

from sitegen.errors import Diagnostics, SitegenError
from sitegen.model import SourceFile
from sitegen.runtime.forked import PARALLEL_MIN_DOCUMENTS
from sitegen.sources.discover import discover
from sitegen.sources.read import decode, derive_title, is_headline, plain_blocks, read_document, read_each, slugify
from tests.conftest import project_at, write


def read(root, name, content: bytes):
    (root / "seeds").mkdir(parents=True, exist_ok=True)
    (root / "seeds" / name).write_bytes(content)
    return read_document(root, SourceFile(f"seeds/{name}", "seed"), None, Diagnostics())


def test_read_normalises_newlines_and_drops_bom(tmp_path):
    doc = read(tmp_path, "a.txt", b"\xef\xbb\xbfHead line\r\nBody one.\rBody two.\n")
    assert doc.text == "Head line\nBody one.\nBody two.\n"
    assert doc.raw.startswith(b"\xef\xbb\xbf")  # the archived original is untouched


def test_read_headline_becomes_title(tmp_path):
    doc = read(tmp_path, "a.txt", b"Breaking: Sudden Retreat\nThe town fell.\nMore text.\n")
    assert doc.title == "Breaking: Sudden Retreat"
    assert [b.kind for b in doc.blocks] == ["headline", "paragraph", "paragraph"]


def test_read_sentence_first_line_is_not_a_headline(tmp_path):
    doc = read(tmp_path, "a.txt", b"The battle for the town, a vital city, has intensified.\nMore.\n")
    assert doc.blocks[0].kind == "paragraph"
    assert doc.title == "The battle for the town, a vital city, has intensified."


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Officials Deny Report", True),
        ("A sentence.", False),
        ("Who said it?", False),
        ("Quote ends ‘here.’", False),
        ("x" * 201, False),
    ],
)
def test_read_is_headline(line, expected):
    assert is_headline(line) is expected


def test_read_derived_title_is_cut_at_a_word():
    title = derive_title("word " * 40)
    assert title.endswith("…") and len(title) <= 91 and " wor…" not in title


def test_read_hard_wrapped_text_groups_paragraphs():
    text = "first line of para\nsecond line\n\nnext para here\nand more\n\nlast one\n"
    blocks = plain_blocks(text)
    assert [text[b.start : b.end] for b in blocks] == [
        "first line of para\nsecond line",
        "next para here\nand more",
        "last one",
    ]


def test_read_markdown_front_matter_and_reader_text(tmp_path):
    doc = read(tmp_path, "n.md", b"---\ntitle: Notes\npublished: 2024-01-02\n---\n# Hi *there*\n\nText.\n")
    assert doc.title == "Notes" and doc.meta.published == "2024-01-02"
    assert doc.text == "Hi there\n\nText."


def test_read_front_matter_errors_name_the_file_line(tmp_path):
    with pytest.raises(SitegenError) as caught:
        read(tmp_path, "n.md", b"---\ntitle: Notes\nauthr: me\n---\nText\n")
    assert "seeds/n.md:3:1: error: unknown key 'authr'" in str(caught.value)


def test_read_slug_is_stable_and_safe():
    assert slugify("000_9be2b83fb5a5b46a") == "000_9be2b83fb5a5b46a"
    odd = slugify("Report <script> (1)")
    assert odd.startswith("report-script-1-") and odd == slugify("Report <script> (1)")
    assert slugify("Доклад") != slugify("Отчёт")


def test_read_decode_reports_invalid_utf8_position():
    with pytest.raises(SitegenError) as caught:
        decode(b"ok\n\xc3(", "x.txt")
    assert "x.txt:2:1: error: not valid UTF-8 (byte 3" in str(caught.value)


def test_read_sidecar_metadata(tmp_path):
    write(tmp_path, "content/documents/a.yml", "title: Given\noutlet: Wire\n")
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds/a.txt").write_text("Headline Here\nBody.\n")
    doc = read_document(
        tmp_path,
        SourceFile("seeds/a.txt", "seed"),
        SourceFile("content/documents/a.yml", "document-meta"),
        Diagnostics(),
    )
    assert (doc.title, doc.meta.outlet, doc.meta_path) == ("Given", "Wire", "content/documents/a.yml")


def test_a_big_archive_reads_on_workers_as_it_reads_alone(tiny):
    for number in range(PARALLEL_MIN_DOCUMENTS):
        write(tiny, f"seeds/report-{number:03}.txt", f"Report {number}\nThe mayor said that talks would resume.\n")
    write(tiny, "seeds/Clash.txt", "Clash\nOne.\n")
    write(tiny, "seeds/clash.txt", "Clash\nTwo.\n")  # the same name as the one before
    (tiny / "seeds" / "broken.txt").write_bytes(b"\xff\xfe\x00broken\x00")
    write(tiny, "content/documents/nobody.yml", "title: Nobody\n")
    project = project_at(tiny)

    def outcome(jobs: int) -> tuple[list[tuple[str, object, object]], list[str]]:
        found = Diagnostics()
        inventory = discover(project, Diagnostics())
        read = list(read_each(project, inventory, found, lambda doc: (doc.path, doc.title, len(doc.text)), jobs))
        return read, [str(d) for d in found.items]

    alone, on_workers = outcome(1), outcome(2)
    assert on_workers == alone
    read, problems = alone
    assert len(read) > PARALLEL_MIN_DOCUMENTS
    assert ("report-007", ("seeds/report-007.txt", "Report 7", 49), None) in read
    assert len(problems) == 3, problems
    assert "broken.txt" in problems[0] and "clashes" in problems[1] and "nobody.yml" in problems[2]


def test_read_source_url_with_an_apostrophe_is_accepted_and_escaped(tiny):
    from sitegen.build import build
    from tests.conftest import quiet

    url = "https://example.org/news/putin's-speech?a=1"
    write(tiny, "content/documents/report.yml", f'title: Report\nsource_url: "{url}"\n')
    build(project_at(tiny), log=quiet)
    page = (tiny / "site/documents/report.html").read_text(encoding="utf-8")
    assert "https://example.org/news/putin&#39;s-speech?a=1" in page
    assert "putin's-speech" not in page.replace('"source_url":"https://example.org/news/putin\'s-speech?a=1"', "")


def test_read_source_url_still_refuses_quotes_and_spaces(tmp_path):
    write(tmp_path, "content/documents/a.yml", 'source_url: "https://e.org/a\\"b c"\n')
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds/a.txt").write_text("Headline Here\nBody.\n")
    with pytest.raises(SitegenError, match="source_url must be an http"):
        read_document(
            tmp_path,
            SourceFile("seeds/a.txt", "seed"),
            SourceFile("content/documents/a.yml", "document-meta"),
            Diagnostics(),
        )
