"""Taxonomy: each dimension's terms with the entries that have them, and the family tree.

Pure functions over a Catalog; render.py turns their results into HTML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from fieldguide.catalog import schema
from fieldguide.catalog.loader import Catalog


def dimensions() -> dict[str, tuple[str, str | None, str]]:
    return _dimensions(schema.KINDS["model"])


@lru_cache(maxsize=4)  # per model schema: a test may extend it with a dimension
def _dimensions(model_schema) -> dict[str, tuple[str, str | None, str]]:
    """URL slug -> (title, vocabulary in dimensions.yaml or None for families, what it
    classifies), from the model fields the schema declares with a taxonomy dimension, plus
    scale, which is computed from the parameter count."""
    out = {}
    for slug, fields in schema.classifying_fields().items():
        r = fields[0][1]
        out[slug] = (r.title, r.vocabulary, r.blurb)
        if slug == "architecture":  # scale sits third
            out["scale"] = ("Scale", "scale_tiers", "Parameter count, a rough proxy for capability and cost")
    return out




@lru_cache(maxsize=4)
def _fields(model_schema) -> dict[str, list[tuple[str, ...]]]:
    return {slug: [path for path, _ in fields] for slug, fields in schema.classifying_fields().items()}


@dataclass(frozen=True)
class Group:
    term_id: str
    name: str
    definition: str
    models: list[Any] = field(default_factory=list)
    families: list[Any] = field(default_factory=list)


def model_terms(catalog: Catalog, dimension: str, model) -> list[str]:
    """The term ids of one dimension that a model has (from the fields that declare it)."""
    if dimension == "scale":
        tier = catalog.scale_tier(model)
        return [tier.id] if tier else []
    found: list[str] = []
    for path in _fields(schema.KINDS["model"])[dimension]:
        value: Any = model
        for part in path:
            value = getattr(value, part) if value is not None else None
        found += [value] if isinstance(value, str) else list(value or ())
    return list(dict.fromkeys(found))


@lru_cache(maxsize=16)  # per catalog (identity) and dimension: the overview and each dimension page share it
def groups(catalog: Catalog, dimension: str) -> tuple[Group, ...]:
    """Every term of a dimension, in vocabulary order, with its models (and families for modality)."""
    _, vocabulary, _ = dimensions()[dimension]
    if vocabulary is None:
        terms = [(f.id, f.name, f.summary) for f in catalog.families.values()]
    else:
        terms = [(t.id, t.name, t.definition) for t in catalog.terms.get(vocabulary, {}).values()]
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
