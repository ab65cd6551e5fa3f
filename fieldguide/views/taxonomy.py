"""Taxonomy: each dimension's terms with the entries that have them, and the family tree.

Pure functions over a Catalog; render.py turns their results into HTML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from fieldguide.catalog.loader import Catalog

# URL slug -> (title, vocabulary in dimensions.yaml or None for families, what it classifies)
DIMENSIONS = {
    "modality": ("Modality", "modalities", "Input and output data types"),
    "architecture": ("Architecture family", None, "How a model generates"),
    "scale": ("Scale", "scale_tiers", "Parameter count, a rough proxy for capability and cost"),
    "access": ("Access", "access_levels", "How you can obtain and run a model"),
    "specialization": ("Specialization", "specializations", "The domain a model is built for"),
    "capability": ("Capability", "capabilities", "What a model can do"),
    "deployment": ("Deployment", "deployment_options", "Where a model can run"),
}


@dataclass(frozen=True)
class Group:
    term_id: str
    name: str
    definition: str
    models: list[Any] = field(default_factory=list)
    families: list[Any] = field(default_factory=list)


def model_terms(catalog: Catalog, dimension: str, model) -> list[str]:
    """The term ids of one dimension that a model has."""
    if dimension == "modality":
        return list(dict.fromkeys((*model.modalities.input, *model.modalities.output)))
    if dimension == "architecture":
        return list(model.families)
    if dimension == "scale":
        tier = catalog.scale_tier(model)
        return [tier.id] if tier else []
    if dimension == "access":
        return [model.access]
    return list({"specialization": model.specializations, "capability": model.capabilities,
                 "deployment": model.deployment}[dimension])


@lru_cache(maxsize=16)  # per catalog (identity) and dimension: the overview and each dimension page share it
def groups(catalog: Catalog, dimension: str) -> tuple[Group, ...]:
    """Every term of a dimension, in vocabulary order, with its models (and families for modality)."""
    _, vocabulary, _ = DIMENSIONS[dimension]
    if vocabulary is None:
        terms = [(f.id, f.name, f.summary) for f in catalog.families.values()]
    else:
        terms = [(t.id, t.name, t.definition) for t in getattr(catalog.dimensions, vocabulary)]
    members: dict[str, list] = {term_id: [] for term_id, _, _ in terms}
    for m in catalog.models.values():  # one pass, so a group lists models in catalog order
        for term_id in dict.fromkeys(model_terms(catalog, dimension, m)):
            if term_id in members:
                members[term_id].append(m)
    out = []
    for term_id, name, definition in terms:
        families = [f for f in catalog.families.values() if term_id in f.modalities] if dimension == "modality" else []
        out.append(Group(term_id, name, definition, members[term_id], families))
    return tuple(out)


@dataclass(frozen=True)
class TreeRow:
    family: Any
    depth: int
    parent_row: int | None  # index of the parent's row, for drawing the connector


def family_tree_rows(catalog: Catalog) -> list[TreeRow]:
    """Families depth-first, roots in id order, so the tree reads top to bottom."""
    rows: list[TreeRow] = []

    def visit(family, depth, parent_row):
        rows.append(TreeRow(family, depth, parent_row))
        here = len(rows) - 1
        for child in catalog.children(family.id):
            visit(child, depth + 1, here)

    for family in catalog.families.values():
        if family.parent is None:
            visit(family, 0, None)
    return rows
