"""AnnotatedDoc → RenderedDoc: the document body as HTML with highlights at exact offsets."""

from __future__ import annotations

from html import escape
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from sitegen.curate.ids import IdMaker
from sitegen.model import Alias, AnnotatedDoc, Block, Paragraph, RenderedDoc
from sitegen.plugins import blamed
from sitegen.render.highlight import Coverage, build_coverage, highlight
from sitegen.render.labels import label
from sitegen.sources.markdown import CODE_BLOCK_TYPES, leaves, make_parser

HIGHLIGHTED = "sitegen_html"


GONE_NOTICE = (
    '<p class="gone-notice" id="{id}" role="note">The passage this link pointed to has changed '
    "and is no longer in this document. The document as archived now is below.</p>\n"
)


def render_document(
    annotated: AnnotatedDoc, aliases: tuple[Alias, ...] = (), markdown: tuple[str, ...] = ()
) -> RenderedDoc:
    """Render one document; text and Markdown sources share the highlighter (with the Markdown
    plugins named in ``markdown``).

    Old ids (``aliases``) keep working without JavaScript: a moved passage gets an extra
    anchor, a vanished one a notice that shows when its link is followed.
    """
    doc = annotated.source
    labels = tuple((a.id, label(a, doc.text)) for a in annotated.annotations)
    mine = [alias for alias in aliases if alias.doc == doc.slug]
    moved: dict[str, tuple[str, ...]] = {}
    for alias in mine:
        if alias.new:
            moved[alias.new] = (*moved.get(alias.new, ()), alias.old)
    coverage = build_coverage(annotated.annotations, moved, doc.text)
    if doc.format == "text":
        title_html, body, paragraphs = _render_text(doc.text, doc.blocks, doc.title, coverage)
    else:
        title_html, body, paragraphs = _render_markdown(doc.markdown, doc.title, coverage, markdown)
    notices = "".join(GONE_NOTICE.format(id=escape(alias.old)) for alias in mine if not alias.new)
    return RenderedDoc(annotated, title_html, notices + body, paragraphs, labels)


def _render_text(
    text: str, blocks: tuple[Block, ...], title: str, coverage: Coverage
) -> tuple[str, str, tuple[Paragraph, ...]]:
    ids = IdMaker()
    html: list[str] = []
    paragraphs = []
    title_html = escape(title)
    for block in blocks:
        inner = highlight(text[block.start : block.end], block.start, coverage)
        if block.kind == "headline" and text[block.start : block.end] == title:
            title_html = f'<span data-o="{block.start}">{inner}</span>'
            continue
        ident = ids.make("paragraph", text[block.start : block.end])
        css = ' class="headline"' if block.kind == "headline" else ""
        html.append(f'<p id="{ident}"{css} data-o="{block.start}">{inner}</p>\n')
        paragraphs.append(Paragraph(ident, block.start, block.end))
    return title_html, "".join(html), tuple(paragraphs)


def _render_markdown(
    markdown: str, title: str, coverage: Coverage, plugins: tuple[str, ...] = ()
) -> tuple[str, str, tuple[Paragraph, ...]]:
    """The body as HTML; a first heading that repeats the title becomes the page heading instead,
    so the title shows once (with its highlights, like a plain-text headline). ``plugins`` names
    the Markdown plugins in use."""
    parser = make_parser(plugins).use(highlight_plugin)
    env: dict[str, Any] = {"coverage": coverage, "paragraphs": [], "title": title}
    with blamed(plugins, "plugins.markdown", f"rendering the Markdown document {title!r:.60}"):
        html = parser.render(markdown, env)
    heading: tuple[int, Token, str] | None = env.get("title_heading")
    if heading is None:
        return escape(title), html, tuple(env["paragraphs"])
    start, inline, ident = heading
    renderer = parser.renderer
    assert isinstance(renderer, RendererHTML)  # make_parser's, with the highlight rules added
    inner = renderer.renderInline(inline.children or [], parser.options, env)
    return f'<span id="{ident}" data-o="{start}">{inner}</span>', html, tuple(env["paragraphs"])


def highlight_plugin(md: MarkdownIt) -> None:
    """Mark annotated text in place of plain text tokens; ``env["coverage"]`` says where."""
    md.core.ruler.push("sitegen_highlight", _highlight_rule)
    md.add_render_rule(HIGHLIGHTED, _render_highlighted)
    md.add_render_rule("image", _render_image)
    md.add_render_rule("link_open", _render_link_open)
    for code_type in CODE_BLOCK_TYPES:
        md.add_render_rule(code_type, _render_code_block)


def _highlight_rule(state: StateCore) -> None:
    coverage: Coverage = state.env["coverage"]
    blocks: dict[int, _BlockText] = {}
    for leaf in leaves(state.tokens):
        _mark_leaf(leaf.token, highlight(leaf.text, leaf.start, coverage))
        if leaf.block is not None:
            block = blocks.setdefault(id(leaf.block), _BlockText(leaf.block, leaf.start))
            block.texts.append(leaf.text)
    title_block = _title_heading(state, blocks)
    ids = IdMaker()
    for block in blocks.values():
        text = "".join(block.texts)
        ident = ids.make("paragraph", text)
        if block is title_block:  # its id stays, on the page heading, so links to it still land
            state.env["title_heading"] += (ident,)
            continue
        block.opener.attrSet("id", ident)
        block.opener.attrSet("data-o", str(block.start))
        state.env["paragraphs"].append(Paragraph(ident, block.start, block.start + len(text)))


def _title_heading(state: StateCore, blocks: dict[int, _BlockText]) -> _BlockText | None:
    """The first block when it is a heading that says the title again: it is taken out of the
    body (``env["title_heading"]`` keeps its offset, inline token and id for the page heading)."""
    tokens = state.tokens
    if len(tokens) < 3 or tokens[0].type != "heading_open" or not blocks or not state.env["title"]:
        return None
    first = next(iter(blocks.values()))
    if first.opener is not tokens[0] or _folded("".join(first.texts)) != _folded(state.env["title"]):
        return None
    state.env["title_heading"] = (first.start, tokens[1])
    del tokens[:3]  # heading_open, inline, heading_close
    return first


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


class _BlockText:
    """The leaves seen so far of one block (mutable only while the rule runs)."""

    def __init__(self, opener: Token, start: int) -> None:
        self.opener, self.start, self.texts = opener, start, list[str]()


def _mark_leaf(token: Token, inner: str) -> None:
    if token.type == "text":
        token.type, token.content = HIGHLIGHTED, inner
    elif token.type == "code_inline":
        token.type, token.content = HIGHLIGHTED, f"<code>{inner}</code>"
    elif token.type in CODE_BLOCK_TYPES:
        token.meta["highlighted"] = inner


def _render_highlighted(self: RendererHTML, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
    return tokens[idx].content


def _render_code_block(self: RendererHTML, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    attrs = self.renderAttrs(token)
    return f"<pre{attrs}><code>{token.meta.get('highlighted', escape(token.content))}</code></pre>\n"


def _render_image(self: RendererHTML, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
    # Images in untrusted documents would load from the outlet's servers: show a link instead.
    token = tokens[idx]
    src = escape(str(token.attrGet("src") or ""))
    alt = self.renderInline(token.children or [], options, env)
    return f'<a class="image-link" href="{src}" rel="nofollow noopener noreferrer">{alt}</a>'


def _render_link_open(self: RendererHTML, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
    tokens[idx].attrSet("rel", "nofollow noopener noreferrer")
    return self.renderToken(tokens, idx, options, env)
