"""Catalog Markdown, the subset: what a Markdown field may use, and its problems.

Shared by the validator (catalog layer: no MkDocs, no Jinja, no nh3) and the renderer
(prose.py). One markdown-it-py parser, CommonMark with pipe tables; raw HTML, images and
headings are off. Parsing is linear in the input, including long runs of `[` or `*`.

Subset: paragraphs, *emphasis*, **strong**, bullet and numbered lists, block quotes,
`inline code`, fenced code blocks, horizontal rules, http(s) links (inline, reference
or <autolink>) and simple pipe tables.
"""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt


def is_web_link(url: str) -> bool:
    return url.lower().startswith(("http://", "https://"))


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    """The renderer's parser: anything outside the subset stays literal text."""
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    md.disable(["image", "heading", "lheading", "html_block", "html_inline"])
    md.validateLink = is_web_link  # anything but http(s) stays literal text
    return md


@lru_cache(maxsize=1)
def _checker() -> MarkdownIt:
    """Parses what a contributor may have meant (HTML, images, any link) to name it."""
    md = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})
    md.enable("table")
    md.validateLink = lambda url: True
    return md


_RAW_HTML = "raw HTML is not allowed; write Markdown instead (put code in `backticks`)"


def problems(text: str) -> list[tuple[int, int, str]]:
    """(line, column, message), 0-based within the text, for what the subset does not
    allow; the renderer would show it as text, which is rarely what the contributor meant."""
    lines = text.split("\n")
    found: list[tuple[int, int, str]] = []

    def where(token, fragment: str) -> tuple[int, int]:
        """The first line of the block that holds the fragment (inline tokens have no map)."""
        start, end = token.map if token.map else (0, len(lines))
        for number in range(start, min(end, len(lines))):
            if fragment and fragment in lines[number]:
                return number, lines[number].index(fragment)
        return start, 0

    for token in _checker().parse(text):
        if token.type == "html_block":
            found.append((*where(token, token.content.strip().split("\n")[0]), _RAW_HTML))
        elif token.type == "heading_open":
            found.append((*where(token, ""), "headings are not allowed in catalog text; the page provides them"))
        for child in token.children or ():
            if child.type == "html_inline":
                found.append((*where(token, child.content), _RAW_HTML))
            elif child.type == "image":
                found.append((*where(token, "!["), "images are not allowed in catalog text"))
            elif child.type == "link_open" and not is_web_link(str(child.attrs.get("href", ""))):
                href = str(child.attrs.get("href", ""))
                found.append((*where(token, href), f"link '{href}' must start with http:// or https://"))
    return found
