"""The published-URL contract: every page and fixed anchor a reader may have linked to,
and every file a program may fetch (JSON, CSV, the feed, llms.txt, an entry's Markdown).

`published_urls(site)` lists them from a built site; `lost_urls(manifest, site)` names
those a new build no longer answers, following redirect pages (whose script keeps the
#anchor). The committed manifest is tests/published-urls.txt (`make urls` rewrites it).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

SKIP_DIRS = {"assets", "search", "api", "schema"}
_REFRESH = re.compile(r'<meta http-equiv="refresh" content="0; url=([^"]+)"')
# Anchors we promise: headings, glossary terms (dt) and trait rows. Not sources (an entry
# may drop one) and not the per-release changelog or maintainers' list.
_FIXED = re.compile(r"^trait-")
NO_ANCHOR_PROMISE = ("changelog/", "maintainers/")
DATA_SUFFIXES = (".json", ".csv", ".xml", ".txt", ".md")
DATA_SKIP_DIRS = {"assets", "search"}  # the theme's and the search index's files are no promise


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        value = dict(attrs).get("id")
        if value and (tag in ("h1", "h2", "h3", "h4", "h5", "h6", "dt") or _FIXED.match(value)):
            self.ids.add(value)


def _page_url(site: Path, html_file: Path) -> str:
    rel = html_file.relative_to(site).as_posix()
    return "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


def _pages(site: Path):
    for html_file in sorted(site.rglob("*.html")):
        rel = html_file.relative_to(site)
        if rel.parts[0] in SKIP_DIRS or rel.as_posix() == "404.html":
            continue
        yield _page_url(site, html_file), html_file


def _redirect_target(url: str, html: str) -> str | None:
    match = _REFRESH.search(html)
    if not match:
        return None
    base = url if url.endswith("/") else url.rsplit("/", 1)[0] + "/"
    parts = (base + match.group(1)).split("/")
    out: list[str] = []
    for part in parts:
        if part == "..":
            out.pop()
        elif part != ".":
            out.append(part)
    return "/".join(out)


def _data_files(site: Path):
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site)
        if path.suffix in DATA_SUFFIXES and rel.parts[0] not in DATA_SKIP_DIRS and path.is_file():
            yield "/" + rel.as_posix()


def published_urls(site: Path) -> set[str]:
    urls = set(_data_files(site))
    for url, html_file in _pages(site):
        html = html_file.read_text(encoding="utf-8")
        urls.add(url)
        if _redirect_target(url, html) is None and not url.lstrip("/").startswith(NO_ANCHOR_PROMISE):
            parser = _Ids()
            parser.feed(html)
            urls.update(f"{url}#{anchor}" for anchor in parser.ids)
    return urls


def lost_urls(manifest: set[str], site: Path) -> list[str]:
    pages = {url: html_file for url, html_file in _pages(site)}
    cache: dict[str, tuple[str, set[str]]] = {}

    def resolve(url: str, hops: int = 0) -> tuple[str, set[str]] | None:
        if url not in pages or hops > 5:
            return None
        if url not in cache:
            html = pages[url].read_text(encoding="utf-8")
            target = _redirect_target(url, html)
            if target is not None:
                found = resolve(target, hops + 1)
                if found is None:
                    return None
                cache[url] = found
            else:
                parser = _Ids()
                parser.feed(html)
                cache[url] = (url, parser.ids)
        return cache[url]

    lost = []
    for entry in sorted(manifest):
        page, _, anchor = entry.partition("#")
        if page.endswith(DATA_SUFFIXES):  # a file: a static host cannot redirect it, so it must be there
            if not (site / page.lstrip("/")).is_file():
                lost.append(entry)
            continue
        found = resolve(page)
        if found is None or (anchor and anchor not in found[1]):
            lost.append(entry)
    return lost


def read_manifest(path: Path) -> set[str]:
    return {line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")}


def write_manifest(path: Path, urls: set[str]) -> None:
    header = "# Every URL the Field Guide has published. A test fails if a build stops answering one.\n" \
             "# Regenerate with `make urls` after adding pages; never delete lines by hand: add a redirect.\n"
    path.write_text(header + "".join(f"{u}\n" for u in sorted(urls)), encoding="utf-8")
