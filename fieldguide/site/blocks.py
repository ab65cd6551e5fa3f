"""Keep HTML made from catalog data out of the page's Markdown.

A rendered template is Markdown heading lines (for the table of contents and fixed
anchors) with HTML blocks between them. `protect` hands the page's Markdown only the
headings, whose catalog text is numeric character references (escape.markdown_heading),
and a placeholder comment for each HTML block; `restore` puts the blocks back into the
converted HTML. So no Markdown extension, and no Jinja, ever reads catalog text or the
HTML made from it: escaped code cannot be re-read as live syntax, and nothing is parsed
twice.
"""

from __future__ import annotations

import re
import secrets

# The only Markdown a template may hand to the page: `## Title { #fixed-id }`.
_HEADING = re.compile(r"#{1,6} [^\n{}<>]*\{ #[a-z0-9-]+(?: data-search-exclude)? \}\Z")


class Blocks:
    """HTML blocks waiting for their page; each placeholder is filled once."""

    def __init__(self) -> None:
        # A fresh nonce per build: catalog text cannot predict (or forge) a placeholder.
        self._nonce = secrets.token_hex(8)
        self._pattern = re.compile(rf"<!--fg:{self._nonce}:(\d+)-->")
        self._html: dict[int, str] = {}
        self._next = 0

    def _placeholder(self, html: str) -> str:
        self._next += 1
        self._html[self._next] = html
        return f"<!--fg:{self._nonce}:{self._next}-->"

    def protect(self, rendered: str) -> str:
        """Headings stay Markdown; every run of other lines becomes one placeholder."""
        out: list[str] = []
        pending: list[str] = []

        def flush() -> None:
            html = "\n".join(pending).strip()
            if html:
                out.append(self._placeholder(html))
            pending.clear()

        for line in rendered.split("\n"):
            if _HEADING.match(line):
                flush()
                out.append(line)
            else:
                pending.append(line)
        flush()
        return "\n\n" + "\n\n".join(out) + "\n\n"

    def restore(self, html: str) -> str:
        """Fill the placeholders of a converted page (a placeholder left unfilled is a bug
        that the build verifier would also report as a stray comment)."""
        return self._pattern.sub(lambda m: self._html.pop(int(m.group(1)), ""), html)

    def inline(self, markdown: str) -> str:
        """Fill the placeholders of a page's Markdown for a builder that will parse it (no
        plugin restores them there): each block stays raw HTML, with the characters that
        fences, attribute lists and templates need (` ~ { }) as character references, so
        no Markdown extension or template engine can act on the catalog text inside."""
        return self._pattern.sub(lambda m: self._html.pop(int(m.group(1)), "").translate(_MARKDOWN_INERT), markdown)


_MARKDOWN_INERT = str.maketrans({"`": "&#96;", "~": "&#126;", "{": "&#123;", "}": "&#125;"})
