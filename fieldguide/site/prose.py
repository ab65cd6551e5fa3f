"""Catalog Markdown to HTML: the restricted renderer.

The subset and its parser live in mdsubset.py (the validator uses them too). None of the
page pipeline's extensions (attribute lists, snippets, md-in-html, admonitions,
superfences, Jinja) ever see catalog text, because the HTML made here is inserted after
the page's Markdown has been converted (blocks.py). The parser's output then goes
through nh3's allow-list, so even a parser bug cannot produce a script or an event handler.
"""

from __future__ import annotations

import re
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

from fieldguide.catalog import mdsubset

# Everything catalog Markdown may produce; anything else is dropped by nh3.
ALLOWED_TAGS = {
    "p", "br", "strong", "em", "code", "pre", "a", "ul", "ol", "li", "blockquote",
    "table", "thead", "tbody", "tr", "th", "td", "hr",
}
# No style attributes: the Content-Security-Policy allows no inline style (table column
# alignment, the one style markdown-it writes, is dropped).
ALLOWED_ATTRIBUTES = {"a": {"href"}, "ol": {"start"}}
ALLOWED_CLASSES = {"a": {"fg-glossary"}}


@lru_cache(maxsize=1)
def _renderer() -> MarkdownIt:
    md = mdsubset.parser()
    md.core.ruler.after("inline", "glossary_links", _glossary_links)
    return md


class GlossaryLinks:
    """Per page: link the first use of each glossary term (and alias) to its definition."""

    def __init__(self, pattern: re.Pattern | None, targets: dict[str, str]):
        self.pattern, self.targets, self.seen = pattern, targets, set()


def _glossary_links(state) -> None:
    """Split text tokens (never code, never link text) around glossary terms.

    Works on parsed tokens, so entities, code and existing links are never touched."""
    links: GlossaryLinks | None = state.env.get("glossary")
    if links is None or links.pattern is None:
        return
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        out: list[Token] = []
        in_link = 0
        for token in block.children:
            if token.type == "link_open":
                in_link += 1
            elif token.type == "link_close":
                in_link -= 1
            if token.type != "text" or in_link:
                out.append(token)
                continue
            out.extend(_split(token, links))
        block.children = out


def _split(token: Token, links: GlossaryLinks) -> list[Token]:
    out, position, text = [], 0, token.content
    for match in links.pattern.finditer(text):
        href = links.targets[match.group(0)]
        if href in links.seen:
            continue
        links.seen.add(href)
        if match.start() > position:
            out.append(_text(text[position:match.start()]))
        opening = Token("link_open", "a", 1)
        opening.attrs = {"class": "fg-glossary", "href": href}
        out += [opening, _text(match.group(0)), Token("link_close", "a", -1)]
        position = match.end()
    if not out:
        return [token]
    if position < len(text):
        out.append(_text(text[position:]))
    return out


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


def to_html(text: str, glossary: GlossaryLinks | None = None) -> str:
    """Catalog Markdown -> allow-listed HTML. Same text, same HTML, wherever it appears
    (glossary links aside: each page links a term's first use)."""
    raw = _renderer().render(text, {"glossary": glossary} if glossary else {})
    return nh3.clean(
        raw,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes={"http", "https"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
