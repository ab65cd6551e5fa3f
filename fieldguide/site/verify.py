"""Verify a built site and make each page's Content-Security-Policy.

Standard library (and markdown-it-py for Markdown), so it runs in a hook, a test or a
CLI alike. Every check parses (html.parser, the XML parser, markdown-it-py: one pass per
file) rather than pattern-matching markup.
"""

from __future__ import annotations

import base64
import csv
import functools
import hashlib
import io
import json
import os
import queue
import re
import subprocess
import sys
import threading
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

from markdown_it import MarkdownIt

from fieldguide.catalog.escape import FORBIDDEN_CHARACTERS, describe_character

# Material for MkDocs 9.8.1's inline scripts, as they appear in the built pages, with the
# page's relative base path ("." / ".." / "../.." ..., or "/" on 404.html) written {base}.
# Keyed by the template that emits them. Only exact matches are allowed, so page content
# cannot get a script of its own through; to allow another, copy it from the template.
THEME_SCRIPT_SHAPES = {
    # In <head>: the localStorage helpers, scoped to the site root.
    "material/templates/partials/javascripts/base.html":
        '__md_scope=new URL("{base}",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),'
        '__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),'
        '__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}',
    # Top of <body>: restores the reader's light/dark choice before first paint.
    "material/templates/partials/javascripts/palette.html":
        'var palette=__md_get("__palette");if(palette&&palette.color){if("(prefers-color-scheme)"===palette.color.media)'
        '{var media=matchMedia("(prefers-color-scheme: light)"),input=document.querySelector(media.matches?'
        '"[data-md-color-media=\'(prefers-color-scheme: light)\']":"[data-md-color-media=\'(prefers-color-scheme: dark)\']");'
        'palette.color.media=input.getAttribute("data-md-color-media"),palette.color.scheme=input.getAttribute("data-md-color-scheme"),'
        'palette.color.primary=input.getAttribute("data-md-color-primary"),palette.color.accent=input.getAttribute("data-md-color-accent")}'
        'for(var[key,value]of Object.entries(palette.color))document.body.setAttribute("data-md-color-"+key,value)}',
    # Outdated-version banner (extra.version is set). Our override of Material's partial,
    # overrides/partials/javascripts/outdated.html, adds the ",location" Material forgot.
    "overrides/partials/javascripts/outdated.html":
        'var el=document.querySelector("[data-md-component=outdated]"),base=new URL("{base}",location),'
        'outdated=__md_get("__outdated",sessionStorage,base);!0===outdated&&el&&(el.hidden=!1)',
    # After the content: opens the content tab named by the URL's #fragment.
    "material/templates/partials/javascripts/content.html":
        'var target=document.getElementById(location.hash.slice(1));'
        'target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))',
}
_SHAPES = frozenset(THEME_SCRIPT_SHAPES.values())
# A base path is only dot segments or a plain absolute path (mike's 404 page has "/latest"):
# it can never close the string.
_BASE = re.compile(r'new URL\("(?:\.\.(?:/\.\.)*|\.|/(?:[A-Za-z0-9._~-]+(?:/[A-Za-z0-9._~-]+)*/?)?)",location\)')

# Script types a browser runs (HTML's "JavaScript MIME type essence" list, module, and the
# inline JSON kinds CSP still governs); any other type is a data block, never executed.
_JS_TYPES = frozenset({
    "", "module", "importmap", "speculationrules", "text/javascript", "application/javascript",
    "text/ecmascript", "application/ecmascript", "application/x-ecmascript", "application/x-javascript",
    "text/jscript", "text/livescript", "text/x-ecmascript", "text/x-javascript",
    *(f"text/javascript1.{n}" for n in range(6)),
})
URL_ATTRS = frozenset({"href", "src", "action", "formaction", "xlink:href", "poster", "data", "srcset",
                       "background", "cite", "ping", "manifest"})
_URL_LISTS = frozenset({"srcset", "ping", "values"})  # several URLs (and descriptors) in one value
_BAD_SCHEMES = ("javascript:", "vbscript:", "data:")
# Browsers drop tabs/newlines anywhere in a URL and controls/spaces around it.
_CONTROLS = re.compile(r"[\x00-\x20\x7f]+")
# Material 9.8.1 emits none of these (its search and palette forms have no action either).
_FORBIDDEN_TAGS = frozenset({"base", "object", "embed", "iframe", "frame", "applet"})
_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:", re.I)
_REFRESH = re.compile(r"\s*[\d.]*\s*[;,]?\s*(?:url\s*=\s*)?(.*)", re.I | re.S)

# style-src has no 'unsafe-inline': Material 9.8.1's pages carry no style attribute and no
# <style> element, and its JavaScript only sets styles through the CSSOM (el.style.x = ...,
# style.setProperty), which CSP does not govern. Inline style is reported instead.
_POLICY = ("default-src 'self'; script-src 'self'{hashes}; style-src 'self'; img-src 'self' data:; "
           "font-src 'self'; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; "
           "form-action 'self'")  # frame-ancestors is ignored in a <meta> policy
# form-action 'self' lets the home page's search form reload the page with ?q= (Material then
# opens its search); no form may name an action, so a form can only ever submit to its own page.


def is_theme_script(text: str) -> bool:
    """Is this inline script exactly one of THEME_SCRIPT_SHAPES, for some safe base path?"""
    return _BASE.sub('new URL("{base}",location)', text) in _SHAPES


def _hash(text: str) -> str:
    # Browsers hash the script as parsed, and parsing turns CRLF and CR into LF.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def _executable(attrs: dict) -> bool:
    if "type" in attrs:
        kind = attrs["type"] or ""
    elif attrs.get("language"):
        kind = "text/" + attrs["language"]
    else:
        kind = ""
    # Parameters (";charset=...") make it a data block to the spec, but older browsers ran it.
    return kind.split(";")[0].strip().lower() in _JS_TYPES


def _bad_scheme(name: str, value: str) -> str | None:
    parts = re.split(r"[\s,;]+", value) if name in _URL_LISTS else [value]
    for part in parts:
        part = _CONTROLS.sub("", part).lower()
        for scheme in _BAD_SCHEMES:
            if part.startswith(scheme):
                return scheme
    return None


def _refresh_leaves_site(content: str) -> str | None:
    """The target of a meta refresh if it is not a relative URL within the site."""
    target = _REFRESH.match(content).group(1).strip()
    if target and target[0] in "'\"":
        target = target[1:].split(target[0])[0]
    clean = _CONTROLS.sub("", target).replace("\\", "/")  # browsers read "\" as "/" in http(s) URLs
    return target if _SCHEME.match(clean) or clean.startswith("//") else None


class _Page(HTMLParser):
    """One pass over a page: what verify_page, csp_meta and add_csp need."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.scripts: list[str] = []  # inline executable scripts, in order
        self.ids: list[str] = []
        self.csp: list[tuple[tuple[int, int], str, str]] = []  # (position, tag text, content)
        self.head: tuple[int, int, str] | None = None  # position and text of <head>
        self._script: list[str] | None = None
        self._saw_script = False
        self.feed(html)
        self.close()
        if self._script is not None:  # unterminated: the browser runs it to the end of the file
            self._script.append(self.rawdata)  # which html.parser leaves unconsumed
            self.handle_endtag("script")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        first: dict[str, str | None] = {}
        for name, value in attrs:
            first.setdefault(name, value)  # browsers keep the first of repeated attributes
            if name.startswith("on"):
                self.problems.append(f"event handler attribute {name} on <{tag}>")
            elif name == "style":
                self.problems.append(f"style attribute on <{tag}> (the CSP blocks inline style)")
            elif value and (name in URL_ATTRS or tag in ("set", "animate") and name in ("to", "from", "values")):
                scheme = _bad_scheme(name, value)  # SVG <set>/<animate> can turn an href into any URL
                if scheme:
                    self.problems.append(f"{name} on <{tag}> is a {scheme} URL")
        if first.get("id"):
            self.ids.append(first["id"])
        if tag == "script":
            self._saw_script = True
            if "src" not in first and _executable(first):
                self._script = []
        elif tag == "meta" and "http-equiv" in first:
            self._meta(first)
        elif tag == "head" and self.head is None:
            self.head = (*self.getpos(), self.get_starttag_text())
        elif tag in _FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}> element")
        elif tag == "form" and "action" in first:
            self.problems.append("<form action> element")
        elif tag == "style":
            self.problems.append("<style> element (the CSP blocks inline style)")

    def handle_startendtag(self, tag, attrs):
        # Browsers ignore the "/" of <script/>: what follows is script text, so it is never a theme script.
        self.handle_starttag(tag, attrs)
        if tag != "script":
            self.handle_endtag(tag)

    def _meta(self, attrs: dict) -> None:
        equiv = (attrs["http-equiv"] or "").strip().lower()
        content = attrs.get("content") or ""
        if equiv == "content-security-policy":
            if self._saw_script:
                self.problems.append("Content-Security-Policy meta after a script, which it does not cover")
            self.csp.append((self.getpos(), self.get_starttag_text(), content))
        elif equiv == "refresh":
            target = _refresh_leaves_site(content)
            if target is not None:
                self.problems.append(f"meta refresh leaves the site: {target!r}")
        else:
            self.problems.append(f"meta http-equiv={equiv!r}")

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)  # the parser may hand script text over in pieces

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append("".join(self._script))
            self._script = None

    def policy(self) -> str:
        return _POLICY.format(hashes="".join(" " + _hash(s) for s in self.scripts if is_theme_script(s)))


def inline_script_hashes(html: str) -> list[str]:
    """The CSP hash source ('sha256-...', quotes included) of every inline executable script."""
    return [_hash(s) for s in _Page(html).scripts]


def _meta_tag(policy: str) -> str:
    return f'<meta http-equiv="Content-Security-Policy" content="{policy}">'  # the policy has no " or &


def csp_meta(html: str) -> str:
    return _meta_tag(_Page(html).policy())


def _offset(html: str, position: tuple[int, int]) -> int:
    """html.parser's (line, column) as an index; it counts lines by "\n" only."""
    line, column = position
    start = 0
    for _ in range(line - 1):
        start = html.index("\n", start) + 1
    return start + column


def add_csp(html: str) -> str:
    """The page with its CSP meta as the first child of <head>, replacing any earlier one."""
    page = _Page(html)
    if page.head is None:
        raise ValueError("the page has no <head>")
    for position, text, _ in reversed(page.csp):  # all inside <head>, so the head offset holds
        start = _offset(html, position)
        html = html[:start] + html[start + len(text):]
    at = _offset(html, page.head[:2]) + len(page.head[2])
    return html[:at] + _meta_tag(page.policy()) + html[at:]


# Material's own inline scripts carry no attributes. The fast path below finds them with a
# pattern to write the CSP while the build runs; the full parse in the worker then checks
# that the policy equals the one the page's real scripts need, so the pattern is never
# trusted on its own.
_PLAIN_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
_HEAD = re.compile(r"<head(?:\s[^>]*)?>", re.I)


def add_csp_fast(html: str) -> str:
    """The page with a CSP meta for its theme scripts, without parsing the whole page."""
    head = _HEAD.search(html)
    if head is None:
        return html  # verification reports the missing <head> and CSP
    hashes = "".join(" " + _hash(s) for s in _PLAIN_SCRIPT.findall(html) if is_theme_script(s))
    return html[:head.end()] + _meta_tag(_POLICY.format(hashes=hashes)) + html[head.end():]


class BackgroundVerifier:
    """Verifies pages (and the generated data files) in a second process while the build
    goes on: the build uses one core and html.parser costs about 3 ms a page.
    `problems()` waits for every file.

    A plain subprocess fed JSON lines by a thread, not multiprocessing: the build may run
    inside MkDocs' threaded dev server (fork) or a script without a __main__ guard (spawn)."""

    def __init__(self) -> None:
        package_root = str(Path(__file__).resolve().parents[2])
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))}
        self._process = subprocess.Popen([sys.executable, "-m", "fieldguide.site.verify"], env=env,
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self._queue: queue.Queue = queue.Queue()
        self._feeder = threading.Thread(target=self._feed, name="fieldguide-verify-feed", daemon=True)
        self._feeder.start()

    def _feed(self) -> None:
        stream = self._process.stdin
        try:
            while (item := self._queue.get()) is not None:
                stream.write(json.dumps(item).encode() + b"\n")
        except BrokenPipeError:
            pass  # the worker died; problems() says so
        finally:
            stream.close()

    def submit(self, url: str, text: str) -> None:
        """Check a file as it will be written; its suffix (in SUFFIXES) picks the check."""
        self._queue.put((url, text))

    def problems(self) -> list[str]:
        self._queue.put(None)
        self._feeder.join()
        output = self._process.stdout.read()
        if self._process.wait() != 0:
            return [f"the page verifier stopped with exit status {self._process.returncode}"]
        return json.loads(output)


def _worker() -> None:
    """`python -m fieldguide.site.verify`: JSON lines of [url, text] in (any suffix in
    SUFFIXES), a JSON list of problems out."""
    problems: list[str] = []
    for line in sys.stdin.buffer:
        url, text = json.loads(line)
        problems += _CHECKS[os.path.splitext(url)[1]](url, text)
    try:
        sys.stdout.write(json.dumps(problems))
        sys.stdout.flush()
    except BrokenPipeError:  # the build failed and stopped listening: its own error says why
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def verify_page(url: str, html: str, *, require_csp: bool = False) -> list[str]:
    page = _Page(html)
    if require_csp and not page.csp:
        return [f"{url}: no Content-Security-Policy meta"] + _problems(url, page)
    return _problems(url, page)


def _problems(url: str, page: _Page) -> list[str]:
    problems = list(page.problems)
    if len(page.csp) > 1:
        problems.append(f"{len(page.csp)} Content-Security-Policy metas")
    elif page.csp and page.csp[0][2] != page.policy():
        problems.append("Content-Security-Policy meta does not match the page's scripts")
    for script in page.scripts:
        if not is_theme_script(script):
            problems.append(f"inline script that is not the theme's: {script.strip()[:60]!r}")
    problems += [f"duplicate id {i!r}" for i, n in Counter(page.ids).items() if n > 1]
    return [f"{url}: {p}" for p in problems]


def _no_constants(name: str):
    raise ValueError(f"{name} is not JSON")


def verify_json(url: str, text: str) -> list[str]:
    try:
        json.loads(text, parse_constant=_no_constants)
    except ValueError as error:
        return [f"{url}: not strict JSON: {error}"]
    return []


_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A quoted field, from a field start to its closing quote ("" is an escaped quote inside).
_QUOTED_FIELD = re.compile(r'(?:^|(?<=[,\r\n]))"(?:[^"]|"")*"')


def verify_csv(url: str, text: str) -> list[str]:
    problems = []
    # A CR outside quotes that does not end a CRLF line is a line end to some readers
    # (Python's csv) and part of the cell to others: rows could be split or joined.
    if "\r" in text and re.search(r"\r(?!\n)", _QUOTED_FIELD.sub('""', text)):
        problems.append("bare carriage return outside a quoted field")
    try:
        for r, row in enumerate(csv.reader(io.StringIO(text, newline="")), 1):
            for c, cell in enumerate(row, 1):
                # OWASP CSV injection: a spreadsheet runs these as formulas; a plain number is just a number.
                if cell.startswith(_FORMULA_STARTS) and not _NUMBER.fullmatch(cell):
                    problems.append(f"row {r} column {c}: cell starts with {cell[0]!r}: {cell[:40]!r}")
    except csv.Error as error:
        problems.append(f"not valid CSV: {error}")
    return [f"{url}: {p}" for p in problems]


def _forbidden_characters(text: str) -> list[str]:
    found = FORBIDDEN_CHARACTERS.search(text)
    if found is None:
        return []
    line = text.count("\n", 0, found.start()) + 1
    return [f"line {line}: {describe_character(found.group())}, a control or invisible character"]


def verify_xml(url: str, text: str) -> list[str]:
    problems = _forbidden_characters(text)
    if re.search(r"<!(?:DOCTYPE|ENTITY)", text, re.I):
        problems.append("a DOCTYPE or entity declaration (no published XML needs one)")
    else:
        try:
            ElementTree.fromstring(text.encode("utf-8"))
        except ElementTree.ParseError as error:
            problems.append(f"not well-formed XML: {error}")
    return [f"{url}: {p}" for p in problems]


@functools.lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    """CommonMark with tables, raw HTML and every link kept as tokens, so each can be named."""
    md = MarkdownIt("commonmark", {"html": True, "linkify": False})
    md.enable("table")
    md.validateLink = lambda url: True
    return md


def verify_markdown(url: str, text: str) -> list[str]:
    """Markdown files (.md, and .txt such as llms.txt) that other tools parse: no raw HTML,
    no images, no autolinks, links only to the web or within the site, no template tags."""
    problems = _forbidden_characters(text)
    if template := re.search(r"\{[{%#]", text):
        problems.append(f"line {text.count(chr(10), 0, template.start()) + 1}: template delimiter {template.group()!r}")
    for block in _markdown().parse(text):
        where = f"line {block.map[0] + 1}: " if block.map else ""
        if block.type == "html_block":
            problems.append(f"{where}raw HTML {block.content.strip()[:40]!r}")
        for token in block.children or ():
            if token.type == "html_inline":
                problems.append(f"{where}raw HTML {token.content[:40]!r}")
            elif token.type == "image":
                problems.append(f"{where}image")
            elif token.type == "link_open" and token.markup == "autolink":
                problems.append(f"{where}autolink <{token.attrs['href']}>")
            elif token.type == "link_open":
                href = _CONTROLS.sub("", str(token.attrs["href"]))
                if _SCHEME.match(href) and not href.lower().startswith(("http://", "https://")) or href.startswith("//"):
                    problems.append(f"{where}link to {href[:40]!r}")
    return [f"{url}: {p}" for p in problems]


_CHECKS = {".html": functools.partial(verify_page, require_csp=True), ".json": verify_json, ".csv": verify_csv,
           ".xml": verify_xml, ".md": verify_markdown, ".txt": verify_markdown}
SUFFIXES = frozenset(_CHECKS)


def verify_file(site_dir: Path, path: Path) -> list[str]:
    """The problems of one file of the site whose suffix is in SUFFIXES."""
    url = path.relative_to(site_dir).as_posix()
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        return [f"{url}: not UTF-8: {error}"]
    return _CHECKS[path.suffix](url, text)


def verify_site(site_dir: Path, workers: int = 1) -> list[str]:
    """Every problem in every .html, .json, .csv, .xml, .md and .txt file of the site (search index included), sorted.

    html.parser costs about 3 s per 1,000 Material pages on one core, whatever the handlers
    do; workers > 1 spreads the files over that many processes (forked on Linux, so better
    from a CLI or a test than from inside a threaded server).
    """
    site_dir = Path(site_dir)
    paths = [Path(root, name) for root, _, files in os.walk(site_dir)
             for name in files if os.path.splitext(name)[1] in _CHECKS]  # not JS, CSS, images...
    check = functools.partial(verify_file, site_dir)
    if workers > 1:
        with ProcessPoolExecutor(workers) as pool:
            results = list(pool.map(check, paths, chunksize=32))
    else:
        results = map(check, paths)
    return sorted(problem for problems in results for problem in problems)


if __name__ == "__main__":
    _worker()
