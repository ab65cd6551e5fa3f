"""Plain catalog text, escaped for each place it can land. Standard library only.

Catalog text is data. Every output context has exactly one function here, and code that
writes plain text into that context calls it (Jinja's autoescape is `html_text` /
`html_attribute`). Markdown fields never come here: they go through prose.py.

    context                  function          what it stops
    HTML text and attributes html_text         tags, entities, attribute breaks
    Markdown heading source  markdown_heading  Markdown/extension syntax, HTML
    Markdown file text       markdown_text     all Markdown syntax, HTML, autolinks, templates
    Markdown link target     markdown_url      ending the link, entities, templates
    JSON inside <script>     json_for_script   </script>, <!--, U+2028/2029 line breaks
    CSV cell                 csv_cell          formulas (OWASP CSV injection); CR/LF by quoting
    terminal                 terminal          escape sequences, carriage returns

SVG text and attributes are HTML contexts here (inline SVG is parsed by the HTML parser);
URLs are validated on input (http(s), no whitespace) and escaped as attributes.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import unicodedata

# Characters that no catalog field may hold (yamlsafe rejects them on input): C0 controls
# except tab and newline, DEL, C1 controls, bidirectional overrides and isolates,
# zero-width characters and the Unicode line/paragraph separators.
FORBIDDEN_CHARACTERS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]"
)


def describe_character(char: str) -> str:
    """'U+000D (CARRIAGE RETURN)' for messages; never the raw character."""
    name = unicodedata.name(char, "") or {"\r": "CARRIAGE RETURN", "\x1b": "ESCAPE", "\x00": "NULL"}.get(char, "control character")
    return f"U+{ord(char):04X} ({name})"


def html_text(text: str) -> str:
    """Text node or quoted attribute value: & < > " ' all become entities."""
    return html.escape(text, quote=True)


html_attribute = html_text


_HEADING_SAFE = re.compile(r"[^A-Za-z0-9 ]")


def markdown_heading(text: str) -> str:
    """Text for a Markdown heading line: every character that is not a letter, digit or space
    becomes a numeric character reference, so Markdown and its extensions (attribute lists,
    emphasis, links, raw HTML, Jinja) see nothing to act on, and the reader sees the text."""
    return _HEADING_SAFE.sub(lambda m: f"&#{ord(m.group())};", " ".join(text.split()))


# Characters that start an inline construct anywhere in a line, in CommonMark, GFM or a
# template language: emphasis, code, links and images, raw HTML, entities, tables,
# strikethrough, math, footnotes, e-mail autolinks and template tags (`%`: a backslash goes
# before the `{` of `{%`, so only `\%` keeps the two apart).
_MARKDOWN_INLINE = re.compile(r"[!$%&*<>@\[\\\]^_`{|}~]|(?<=\{)#")  # `{#` is a template comment
# Characters that act only in one place: at the start of a line (headings, quotes, list
# markers, setext underlines: `# `, `> `, `- `, `+ `, `= `, `1. `, `1) `) and in the two
# bare-URL forms a GFM parser links (`http://`, `www.`).
_MARKDOWN_LINE_START = re.compile(r"^ ?(?:[#>+=\-]|\d+(?=[.)]))")
_MARKDOWN_BARE_URL = re.compile(r"(?=://)|(?<=\bwww)(?=\.)", re.IGNORECASE)


def markdown_text(text: str) -> str:
    """Text for a Markdown file that other tools will parse (.md, llms.txt), on one line and
    free to start one: what could start emphasis, a link, an image, raw HTML, an entity, a
    table or a template tag is backslash-escaped (_MARKDOWN_INLINE), which CommonMark shows as
    the character itself; so is what would open a heading, quote or list at the start, and
    the `:` of `://` and the `.` of `www.`, so no bare URL is linked. Other punctuation
    (hyphens, full stops, brackets) stays as written, so the text reads as prose. Each run
    of whitespace (line breaks too) becomes one space."""
    text = _MARKDOWN_INLINE.sub(lambda m: "\\" + m.group(), re.sub(r"\s+", " ", text))
    text = _MARKDOWN_BARE_URL.sub(lambda m: "\\", text)
    if start := _MARKDOWN_LINE_START.match(text):
        # `- x` would open a list: escape the `-`; `1986. A year` too: escape the `.` or `)`
        at = start.end() if start.group().strip().isdigit() else start.end() - 1
        text = text[:at] + "\\" + text[at:]
    return text


# Characters that may not stand in a URL (RFC 3986) and that a Markdown link destination
# would act on; http(s) URLs are checked on input, so this only normalises.
_URL_UNSAFE = re.compile(r'[<>"\\^`{|}\s]')
_URL_MARKDOWN = re.compile(r"[&()]")  # allowed in a URL, but an entity or the link's end to Markdown


def markdown_url(url: str) -> str:
    """A URL as a Markdown link destination, `[text](here)`: characters a URL may not hold
    percent-encoded (as browsers do), `&`, `(` and `)` backslash-escaped."""
    url = _URL_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), url)
    return _URL_MARKDOWN.sub(lambda m: "\\" + m.group(), url)


_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def json_for_script(value) -> str:
    """JSON that can sit inside <script type="application/json"> without ending it."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return re.sub("[<>&\u2028\u2029]", lambda m: _SCRIPT_UNSAFE[m.group()], text)


# OWASP: a cell starting with one of these is run as a formula by spreadsheet programs.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?\Z")


def csv_cell(value) -> str:
    """A cell a spreadsheet shows as text: formula-leading text gets a leading apostrophe.
    Numbers (including negative ones) stay numbers."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START) and not _NUMBER.match(text):
        return "'" + text
    return text


def csv_document(header, rows) -> str:
    """CSV with every field quoted (so CR and LF inside a cell cannot start a new row)
    and every cell neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow([csv_cell(h) for h in header])
    writer.writerows([csv_cell(cell) for cell in row] for row in rows)
    return buffer.getvalue()


def terminal(text: str) -> str:
    """Text for a terminal: control and invisible characters shown as \\xNN / \\uNNNN escapes."""

    def show(match: re.Match) -> str:
        code = ord(match.group())
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return FORBIDDEN_CHARACTERS.sub(show, text)

