"""Which pages the catalog adds to the site, and where their data lives.

Shared by the MkDocs hook and the macros module; imports nothing from MkDocs.
A generated page has no source text: the hook renders its body from the entry's id
(entry_page), so catalog text never becomes template source, and the page skips
mkdocs-macros' per-page template compilation.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import escape
from .catalog import Catalog, load_catalog
from .render import Renderer
from .verify import add_csp

ROOT = Path(__file__).resolve().parent.parent

# URL section -> (catalog attribute, kind: the data sub-directory and Renderer.<kind>_page)
SECTIONS = {
    "models": ("models", "model"),
    "families": ("families", "family"),
    "organizations": ("organizations", "organization"),
    "concepts": ("guides", "guide"),
}


def data_dir() -> Path:
    """The catalog directory; FIELDGUIDE_DATA points builds at another catalog (tests, benchmarks)."""
    return Path(os.environ.get("FIELDGUIDE_DATA") or ROOT / "data").resolve()


_current: Catalog | None = None


def refresh_catalog() -> Catalog:
    """Load (or reuse, if no file changed) the catalog; the hook calls this once per build."""
    global _current
    _current = load_catalog(data_dir(), root=ROOT)
    return _current


def current_catalog() -> Catalog:
    """The catalog of the build in progress. Checking the files again on every page
    would cost a stat of every data file per page, quadratic in the catalog size."""
    return _current if _current is not None else refresh_catalog()


@dataclass(frozen=True)
class Settings:
    """Site-wide choices from mkdocs.yml `extra.fieldguide`, set by the hook at each build."""

    stale_after_days: int = 365


SETTINGS = Settings()


def release_date(catalog: Catalog) -> dt.date:
    """The catalog's release date: the commit date (SOURCE_DATE_EPOCH), never the wall clock.

    Without it, the newest last_verified date in the catalog stands in, so builds stay reproducible.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit() and int(epoch) > 0:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
    dates = [e.last_verified for group in (catalog.models, catalog.families, catalog.organizations) for e in group.values()]
    return max(dates) if dates else dt.date(2000, 1, 1)


@lru_cache(maxsize=4)
def _renderer(catalog: Catalog, settings: Settings, epoch: str | None) -> Renderer:
    return Renderer(catalog, stale_after_days=settings.stale_after_days, release_date=release_date(catalog))


def current_renderer() -> Renderer:
    """One renderer per catalog, settings and release date: built once, then reused by every page."""
    return _renderer(current_catalog(), SETTINGS, os.environ.get("SOURCE_DATE_EPOCH"))


# Guides shown inside a fixed page instead of under /concepts/ (guide id -> page).
EMBEDDED_GUIDES = {"selection-framework": "choose/"}


@dataclass(frozen=True)
class GeneratedPage:
    src_uri: str  # e.g. "models/gpt-4.md", served at /models/gpt-4/
    kind: str  # model, family, organization or guide
    entry_id: str


def generated_pages(catalog: Catalog) -> list[GeneratedPage]:
    pages = []
    for section, (attribute, kind) in SECTIONS.items():
        for entry_id in getattr(catalog, attribute):
            if kind == "guide" and entry_id in EMBEDDED_GUIDES:
                continue
            pages.append(GeneratedPage(f"{section}/{entry_id}.md", kind, entry_id))
    return pages


def entry_page(kind: str, entry_id: str) -> str:
    """The Markdown body of an entry's generated page (see generated_pages)."""
    return getattr(current_renderer(), f"{kind}_page")(entry_id)


def redirect_pages(catalog: Catalog) -> list[tuple[str, str]]:
    """(src_uri, HTML) of a redirect page for every previous id of every entry."""
    from .render import environment

    template = environment().get_template("redirect.html.j2")
    out = []
    for section, (attribute, kind) in SECTIONS.items():
        for entry in getattr(catalog, attribute).values():
            for old in entry.previous_ids:
                out.append((f"{section}/{old}/index.html", add_csp(template.render(name=entry.name, new_id=entry.id))))
    return sorted(out)


def tags_for(catalog: Catalog, kind: str, entry) -> list[str]:
    """Material tags for an entry page: its kind, access, modalities and families.

    HTML-escaped: Material's tags plugin prints tag names into pages and its index raw."""
    return [escape.html_text(tag) for tag in _tag_names(catalog, kind, entry)]


def _tag_names(catalog: Catalog, kind: str, entry) -> list[str]:
    terms = catalog.terms
    if kind == "model":
        tags = [{"model": "Model", "model-family": "Model family", "product": "Product"}[entry.kind],
                terms["access_levels"][entry.access].name]
        tags += [terms["modalities"][m].name for m in dict.fromkeys((*entry.modalities.input, *entry.modalities.output))]
        tags += [catalog.families[f].name for f in entry.families]
        return tags
    if kind == "family":
        return ["Architecture family", *(terms["modalities"][m].name for m in entry.modalities)]
    return [{"organization": "Organization", "guide": "Concept"}[kind]]


def entry_for(catalog: Catalog, src_uri: str):
    """(kind, entry) for a generated page's source path, or None for hand-written pages."""
    section, _, name = src_uri.partition("/")
    if section not in SECTIONS or "/" in name or not name.endswith(".md") or name == "index.md":
        return None
    attribute, kind = SECTIONS[section]
    entry = getattr(catalog, attribute).get(name[:-3])
    return (kind, entry) if entry is not None else None
