"""Catalog text written as Markdown files that other tools parse (.md pages, llms.txt).

Plain text goes through escape.markdown_text. Catalog Markdown is parsed by the subset's
own parser (mdsubset) and written out again from its tokens: only the subset's
constructs come out as syntax, and every piece of text in them is escaped again, so a
parser that knows more than the subset (raw HTML, GFM autolinks, attribute lists,
templates) finds nothing to act on. Code stays code; inside it `{{`, `{%` and `{#` get
a space after the brace, the one change to the text, so no template engine sees a tag.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it.tree import SyntaxTreeNode

from fieldguide.catalog import mdsubset
from fieldguide.catalog.escape import markdown_text, markdown_url

_TEMPLATE_OPEN = re.compile(r"\{(?=[{%#])")
_FENCE_INFO = re.compile(r"[A-Za-z0-9_+.-]+\Z")


@lru_cache(maxsize=8192)  # each entry is written twice: its own file and llms-full.txt
def prose(text: str) -> str:
    """Catalog Markdown as inert Markdown that renders to the same HTML (see module doc)."""
    root = SyntaxTreeNode(mdsubset.parser().parse(text))
    return _blocks(root.children).strip("\n")


def code(text: str) -> str:
    """Text shown as code (a code span's or a code block's content)."""
    return _TEMPLATE_OPEN.sub("{ ", text)


def code_block(text: str, language: str = "") -> str:
    """A fenced code block that its content cannot close."""
    body = code(text).rstrip("\n")
    fence = "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", body)), default=0))
    info = language if _FENCE_INFO.match(language) else ""
    return f"{fence}{info}\n{body}\n{fence}"


def _blocks(nodes, separator: str = "\n\n") -> str:
    return separator.join(_block(node) for node in nodes)


def _indent(text: str, prefix: str, first: str) -> str:
    lines = text.split("\n")
    return "\n".join([first + lines[0]] + [(prefix + line) if line else "" for line in lines[1:]])


def _block(node) -> str:
    kind = node.type
    if kind == "paragraph":
        return _inline(node.children[0])
    if kind in ("bullet_list", "ordered_list"):
        tight = all(p.hidden for item in node.children for p in item.children if p.type == "paragraph")
        start = int(node.attrs.get("start", 1)) if kind == "ordered_list" else 0
        items = []
        for number, item in enumerate(node.children, start):
            marker = f"{number}. " if kind == "ordered_list" else "- "
            body = _blocks(item.children, "\n" if tight else "\n\n")
            items.append(_indent(body, " " * len(marker), marker))
        return ("\n" if tight else "\n\n").join(items)
    if kind == "blockquote":
        return "\n".join(f"> {line}".rstrip() for line in _blocks(node.children).split("\n"))
    if kind in ("fence", "code_block"):
        return code_block(node.content, node.info.strip().split(" ")[0] if kind == "fence" else "")
    if kind == "hr":
        return "---"
    if kind == "table":
        rows = [row for part in node.children for row in part.children]
        lines = ["| " + " | ".join(_inline(cell.children[0], in_table=True) if cell.children else "" for cell in row.children) + " |"
                 for row in rows]
        lines.insert(1, "|" + " --- |" * len(rows[0].children))
        return "\n".join(lines)
    raise ValueError(f"catalog Markdown produced a {kind!r} block, which the subset does not have")


def _inline(node, in_table: bool = False) -> str:
    out = []
    for child in node.children:
        kind = child.type
        if kind == "text":
            out.append(markdown_text(child.content))
        elif kind == "softbreak":
            out.append("\n")
        elif kind == "hardbreak":
            out.append("\\\n")
        elif kind in ("em", "strong"):
            mark = "*" if kind == "em" else "**"
            out.append(mark + _inline(child, in_table) + mark)
        elif kind == "link":
            out.append(f"[{_inline(child, in_table)}]({markdown_url(child.attrs['href'])})")
        elif kind == "code_inline":
            out.append(_code_span(child.content, in_table))
        else:
            raise ValueError(f"catalog Markdown produced inline {kind!r}, which the subset does not have")
    return "".join(out)


def _code_span(content: str, in_table: bool) -> str:
    text = code(content)
    if in_table:
        text = text.replace("|", "\\|")  # GFM splits table rows before it sees code spans
    ticks = "`" * (1 + max((len(run) for run in re.findall(r"`+", text)), default=0))
    pad = " " if text.startswith(("`", " ")) or text.endswith(("`", " ")) else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"
