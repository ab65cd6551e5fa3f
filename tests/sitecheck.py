"""Checks over a built site that MkDocs' own validation cannot do: it does not see the
links that macros emit as raw HTML, so every href and id is checked here."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup


def pages(site: Path) -> Iterator[tuple[str, BeautifulSoup]]:
    for path in sorted(site.rglob("*.html")):
        yield path.relative_to(site).as_posix(), BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def broken_links(site: Path) -> list[str]:
    """Every internal href/src that points at a missing file or a missing #anchor."""
    ids: dict[str, set[str]] = {}
    links: list[tuple[str, str]] = []
    for rel, soup in pages(site):
        ids[rel] = {el["id"] for el in soup.find_all(id=True)}
        if rel == "404.html":
            continue  # served at any missing URL, so its relative links have no fixed base
        for tag, attr in (("a", "href"), ("a", "xlink:href"), ("link", "href"), ("script", "src"), ("img", "src")):
            for el in soup.find_all(tag, attrs={attr: True}):
                if el.has_attr("data-fg-latest"):
                    continue  # the outdated-release banner points above this version, at all releases
                links.append((rel, el[attr]))
    problems = []
    for page, href in links:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or href.startswith("//"):
            continue  # external: checked separately (no request may leave the site)
        if parts.path.startswith("/"):
            target = parts.path.lstrip("/")
        else:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path))) if parts.path else page
        if target in ("", "."):
            target = "index.html"
        if parts.path.endswith("/") or (site / target).is_dir():
            target = posixpath.join(target, "index.html")
        if not (site / target).is_file():
            problems.append(f"{page}: {href} -> missing {target}")
        elif parts.fragment and target.endswith(".html") and unquote(parts.fragment) not in ids.get(target, set()):
            problems.append(f"{page}: {href} -> no id '{parts.fragment}' in {target}")
    return problems
