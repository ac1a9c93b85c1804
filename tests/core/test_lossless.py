"""Property: the text a rendered document shows equals its source text, whatever the annotations."""

from __future__ import annotations

from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.model import AnnotatedDoc, Annotation, DocMeta, Part, SourceDoc
from sitegen.render.document import render_document
from sitegen.sources.markdown import make_parser, reader_text
from sitegen.sources.read import decode, plain_blocks

VOID = {"br", "hr", "img", "input", "meta", "link"}


class OffsetTexts(HTMLParser):
    """Collects the text inside each element that carries ``data-o``, and checks nesting."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, int | None]] = []
        self.found: list[tuple[int, list[str]]] = []
        self.open_blocks: list[list[str]] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        offset = dict(attrs).get("data-o")
        self.stack.append((tag, None if offset is None else int(offset)))
        if offset is not None:
            self.open_blocks.append([])
            self.found.append((int(offset), self.open_blocks[-1]))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        opened, offset = self.stack.pop()
        assert opened == tag, f"</{tag}> closes <{opened}>: invalid nesting"
        if offset is not None:
            self.open_blocks.pop()

    def handle_data(self, data):
        for block in self.open_blocks:
            block.append(data)


def blocks_of(html: str) -> list[tuple[int, str]]:
    parser = OffsetTexts()
    parser.feed(html)
    parser.close()
    assert not parser.stack, f"unclosed elements: {parser.stack}"
    return [(offset, "".join(parts)) for offset, parts in parser.found]


ROLES = ("source", "cue", "content", "disputant")


@st.composite
def annotated(draw, text: str) -> tuple[Annotation, ...]:
    size = len(text)
    if size < 1:
        return ()
    spans = st.tuples(st.integers(0, size - 1), st.integers(1, size)).map(
        lambda pair: (min(pair), max(pair[1], min(pair) + 1))
    )
    made = []
    for index in range(draw(st.integers(0, 8))):
        start, end = draw(spans)
        parts = tuple(Part(draw(st.sampled_from(ROLES)), *draw(spans)) for _ in range(draw(st.integers(0, 2))))
        kind = draw(st.sampled_from(("entity", "claim", "dispute")))
        made.append(Annotation(kind, start, min(end, size), parts, (), (), 1.0, id=f"a{index}"))
    return tuple(made)


def source(text: str, fmt: str) -> SourceDoc:
    if fmt == "text":
        return SourceDoc("doc", "doc.txt", "text", b"", "", text, "", plain_blocks(text), DocMeta(), "Title")
    visible = reader_text(make_parser().parse(text))
    return SourceDoc("doc", "doc.md", "markdown", b"", "", visible, text, (), DocMeta(), "Title")


PLAIN = st.text(st.characters(blacklist_categories=("Cs",)), max_size=300).map(
    lambda t: decode(t.encode("utf-8"), "x.txt")
)
MARKDOWNISH = st.text(st.sampled_from(list("ab *_`#->[]()!\n\\|~&<é😀\u200b\u05d0")), max_size=200)


@settings(max_examples=300, deadline=None)
@given(data=st.data(), text=PLAIN)
def test_lossless_plain_text(data, text):
    doc = source(text, "text")
    rendered = render_document(AnnotatedDoc(doc, data.draw(annotated(doc.text))))
    blocks = blocks_of(rendered.title_html + rendered.body_html)
    covered = set()
    for offset, shown in blocks:
        assert doc.text[offset : offset + len(shown)] == shown
        covered.update(range(offset, offset + len(shown)))
    assert all(ch.isspace() for i, ch in enumerate(doc.text) if i not in covered)


@settings(max_examples=300, deadline=None)
@given(data=st.data(), markdown=MARKDOWNISH)
def test_lossless_markdown(data, markdown):
    doc = source(markdown, "markdown")
    rendered = render_document(AnnotatedDoc(doc, data.draw(annotated(doc.text))))
    blocks = blocks_of(rendered.body_html)
    covered = set()
    for offset, shown in blocks:
        assert doc.text[offset : offset + len(shown)] == shown
        covered.update(range(offset, offset + len(shown)))
    assert all(ch == "\n" for i, ch in enumerate(doc.text) if i not in covered)


def test_lossless_seed_documents():
    from pathlib import Path

    for path in sorted(Path("seeds").glob("*.txt")):
        text = decode(path.read_bytes(), str(path))
        doc = source(text, "text")
        rendered = render_document(AnnotatedDoc(doc, ()))
        shown = "\n".join(block for _, block in sorted(blocks_of(rendered.title_html + rendered.body_html)))
        assert " ".join(shown.split()) == " ".join(text.split())
