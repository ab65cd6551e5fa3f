"""The one registry of entry kinds: where each kind's files live and where its pages are.

Every link to an entry is made with `url_for(kind, id, anchor)` (site-relative; the site
layer makes it relative to the page being built). Adding a kind means adding a row here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    name: str  # "model": the schema kind, and Renderer.<name>_page
    folder: str  # data sub-directory, one file per entry
    attribute: str  # Catalog attribute holding the entries
    section: str | None  # URL section of the entry pages (None: no page of its own)
    anchors: tuple[str, ...] = ()  # fixed section anchors of its page (a URL contract)


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind("model", "models", "models", "models",
             ("top", "facts", "overview", "architecture", "training", "capabilities", "fine-tuning", "deployment",
              "lineage", "sources")),
        Kind("family", "families", "families", "families",
             ("top", "facts", "overview", "mechanism", "training-objective", "sampling", "pseudocode",
              "strengths-limitations", "traits", "variants", "applications", "related", "models", "sources")),
        Kind("organization", "organizations", "organizations", "organizations", ("top", "facts", "overview", "models", "sources")),
        Kind("guide", "guides", "guides", "concepts", ("top", "related", "sources")),
        Kind("comparison", "comparisons", "comparisons", None),
    )
}
BY_FOLDER = {kind.folder: kind for kind in KINDS.values()}
BY_SECTION = {kind.section: kind for kind in KINDS.values() if kind.section}

# Guides shown inside a fixed page instead of under /concepts/ (guide id -> page).
EMBEDDED_GUIDES = {"selection-framework": "choose/"}


def url_for(kind: str, entry_id: str, anchor: str = "") -> str:
    """The site-relative URL of an entry's page (ids are validated slugs)."""
    section = KINDS[kind].section
    if section is None:
        raise ValueError(f"{kind} entries have no page of their own")
    page = EMBEDDED_GUIDES.get(entry_id) if kind == "guide" else None
    return (page or f"{section}/{entry_id}/") + (f"#{anchor}" if anchor else "")


def taxonomy_url(dimension: str, term: str = "") -> str:
    return f"taxonomy/{dimension}/" + (f"#{term}" if term else "")
