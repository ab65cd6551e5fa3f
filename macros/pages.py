"""Which pages the catalog adds to the site, and where their data lives.

Shared by the MkDocs hook and the macros module; imports nothing from MkDocs.
The source of a generated page holds only a macro call with the entry's id:
catalog text never becomes template source.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .catalog import Catalog, load_catalog
from .render import Renderer

ROOT = Path(__file__).resolve().parent.parent

# URL section -> (catalog attribute, macro that renders the page, data sub-directory)
SECTIONS = {
    "models": ("models", "model_page", "model"),
    "families": ("families", "family_page", "family"),
    "organizations": ("organizations", "organization_page", "organization"),
    "concepts": ("guides", "guide_page", "guide"),
}


def data_dir() -> Path:
    """The catalog directory; FIELDGUIDE_DATA points builds at another catalog (tests, benchmarks)."""
    return Path(os.environ.get("FIELDGUIDE_DATA") or ROOT / "data").resolve()


def current_catalog() -> Catalog:
    return load_catalog(data_dir(), root=ROOT)


@lru_cache(maxsize=4)
def _renderer(catalog: Catalog) -> Renderer:
    return Renderer(catalog)


def current_renderer() -> Renderer:
    return _renderer(current_catalog())


# Guides shown inside a fixed page instead of under /concepts/ (guide id -> page).
EMBEDDED_GUIDES = {"selection-framework": "choose/"}


@dataclass(frozen=True)
class GeneratedPage:
    src_uri: str  # e.g. "models/gpt-4.md", served at /models/gpt-4/
    kind: str  # model, family or organization
    entry_id: str
    content: str


def generated_pages(catalog: Catalog) -> list[GeneratedPage]:
    pages = []
    for section, (attribute, macro, kind) in SECTIONS.items():
        for entry_id in getattr(catalog, attribute):
            if kind == "guide" and entry_id in EMBEDDED_GUIDES:
                continue
            content = f'---\nrender_macros: true\n---\n\n{{{{ {macro}("{entry_id}") }}}}\n'
            pages.append(GeneratedPage(f"{section}/{entry_id}.md", kind, entry_id, content))
    return pages


def entry_for(catalog: Catalog, src_uri: str):
    """(kind, entry) for a generated page's source path, or None for hand-written pages."""
    section, _, name = src_uri.partition("/")
    if section not in SECTIONS or "/" in name or not name.endswith(".md") or name == "index.md":
        return None
    attribute, _, kind = SECTIONS[section]
    entry = getattr(catalog, attribute).get(name[:-3])
    return (kind, entry) if entry is not None else None
