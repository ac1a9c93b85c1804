"""The Markdown parser setup and the one traversal that defines a Markdown document's text.

Reading (to get the text annotations point into) and rendering (to put highlights
at those points) both walk tokens with ``leaves``, so their offsets agree by
construction.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token

from sitegen.plugins import MARKDOWN, blamed
from sitegen.plugins import load as load_plugin

BLOCK_SEPARATOR = "\n\n"
BREAK_TYPES = ("softbreak", "hardbreak")
TEXT_TYPES = ("text", "code_inline")
CODE_BLOCK_TYPES = ("fence", "code_block")


ALLOWED_SCHEMES = ("http", "https", "mailto")
"""The only schemes a link may name; a link without one is relative, into the site or its own page."""
SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")


def make_parser(plugins: tuple[str, ...] = ()) -> MarkdownIt:
    """CommonMark with tables and strikethrough; raw HTML is text, never markup. ``plugins``
    names installed ``sitegen.markdown`` entry points (markdown-it-py plugins) to use as well."""
    parser = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    parser.validateLink = valid_link  # type: ignore[method-assign]
    for name in plugins:
        with blamed((name,), "plugins.markdown", "while loading"):
            parser.use(load_plugin(MARKDOWN, name, "plugins.markdown").value)  # type: ignore[arg-type]
    return parser


def valid_link(url: str) -> bool:
    """Allow http(s), mailto and relative links only: a list of bad schemes always misses one
    (``ms-msdt:``, ``search-ms:``, ``intent:``, ``blob:`` …). ``url`` is markdown-it's normalised
    form, with controls and spaces percent-encoded, so a scheme cannot hide behind them."""
    scheme = SCHEME.match(url.strip())
    return scheme is None or scheme.group(1).lower() in ALLOWED_SCHEMES


@dataclass(frozen=True, slots=True)
class Leaf:
    """A token that holds reader-visible text, where that text starts, and its block."""

    token: Token
    start: int
    text: str
    block: Token | None
    """The opening token of the block the leaf belongs to (paragraph_open, heading_open…)."""


def leaves(tokens: list[Token]) -> Iterator[Leaf]:
    """Yield every text-bearing token in reading order with its offset in the reader text."""
    offset = 0
    first = True
    opener: Token | None = None
    for token in tokens:
        if token.nesting == 1 and not token.hidden:
            opener = token
        if token.type == "inline" or token.type in CODE_BLOCK_TYPES:
            if not first:
                offset += len(BLOCK_SEPARATOR)
            first = False
            block = token if token.type in CODE_BLOCK_TYPES else opener
            for leaf in _inline_leaves(token, offset, block):
                yield leaf
                offset = leaf.start + len(leaf.text)


def _inline_leaves(token: Token, offset: int, block: Token | None) -> Iterator[Leaf]:
    if token.type in CODE_BLOCK_TYPES:
        yield Leaf(token, offset, token.content, block)
        return
    for child in _flatten(token.children or []):
        text = "\n" if child.type in BREAK_TYPES else child.content
        if child.type in TEXT_TYPES or child.type in BREAK_TYPES:
            yield Leaf(child, offset, text, block)
            offset += len(text)


def _flatten(children: list[Token]) -> Iterator[Token]:
    # Images keep their alt text as child tokens: the reader sees the alt text.
    for child in children:
        yield child
        if child.type == "image":
            yield from _flatten(child.children or [])


def reader_text(tokens: list[Token]) -> str:
    """The text a reader sees: leaf texts at their offsets, gaps between blocks as newlines."""
    parts: list[str] = []
    end = 0
    for leaf in leaves(tokens):
        parts.append("\n" * (leaf.start - end))
        parts.append(leaf.text)
        end = leaf.start + len(leaf.text)
    return "".join(parts)
