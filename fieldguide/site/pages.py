"""The pages the catalog adds to a site, as data: (source path, kind, id) and redirects.

Used by the MkDocs plugin and by `fieldguide pages DIR` alike. A generated page has no
source text: its body is rendered from the entry's id (Renderer.<kind>_page), so catalog
text never becomes template source.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from fieldguide.catalog import escape
from fieldguide.catalog.kinds import BY_SECTION, EMBEDDED_GUIDES, KINDS
from fieldguide.catalog.loader import Catalog, epoch_date
from fieldguide.site.render import environment, tag_groups
from fieldguide.site.verify import add_csp


def release_date(catalog: Catalog) -> dt.date:
    """The catalog's release date: the commit date (SOURCE_DATE_EPOCH), never the wall clock.

    Without it, the newest last_verified date in the catalog stands in, so builds stay reproducible.
    """
    if (epoch := epoch_date()) is not None:
        return epoch
    dates = [e.last_verified for group in (catalog.models, catalog.families, catalog.organizations) for e in group.values()]
    return max(dates) if dates else dt.date(2000, 1, 1)


@dataclass(frozen=True)
class GeneratedPage:
    src_uri: str  # e.g. "models/gpt-4.md", served at /models/gpt-4/
    kind: str  # model, family, organization or guide
    entry_id: str


def generated_pages(catalog: Catalog) -> list[GeneratedPage]:
    pages = []
    for kind in KINDS.values():
        if kind.section is None:
            continue
        for entry_id in getattr(catalog, kind.attribute):
            if kind.name == "guide" and entry_id in EMBEDDED_GUIDES:
                continue
            pages.append(GeneratedPage(f"{kind.section}/{entry_id}.md", kind.name, entry_id))
    return pages


def redirect_pages(catalog: Catalog) -> list[tuple[str, str]]:
    """(path, HTML) of a redirect page for every previous id of every entry."""
    template = environment().get_template("redirect.html.j2")
    out = []
    for kind in KINDS.values():
        if kind.section is None:
            continue
        for entry in getattr(catalog, kind.attribute).values():
            for old in entry.previous_ids:
                out.append((f"{kind.section}/{old}/index.html", add_csp(template.render(name=entry.name, new_id=entry.id))))
    return sorted(out)


def tags_for(catalog: Catalog, kind: str, entry) -> list[str]:
    """Material tags for an entry page: its kind, access, modalities, families and tasks.

    HTML-escaped: Material's tags plugin prints tag names into pages and its index raw."""
    return [escape.html_text(tag) for _, names in tag_groups(catalog, kind, entry) for tag in names]


def entry_for(catalog: Catalog, src_uri: str):
    """(kind, entry) for a generated page's source path, or None for hand-written pages."""
    section, _, name = src_uri.partition("/")
    kind = BY_SECTION.get(section)
    if kind is None or "/" in name or not name.endswith(".md") or name == "index.md":
        return None
    entry = getattr(catalog, kind.attribute).get(name[:-3])
    return (kind.name, entry) if entry is not None else None
