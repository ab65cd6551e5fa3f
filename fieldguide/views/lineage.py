"""A model's lineage as data: what it came from, what stands beside it, what came of it.

Collects every link the catalog records in either direction (successor, relations, base
models, products, the neighbours in its series) so the entry page can draw it as boxes and
arrows. A link to a release with no entry of its own has no id and is shown unlinked.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from fieldguide.catalog.loader import Catalog
from fieldguide.catalog.schema import Model, Relation

# relations[].type, read from the entry that records it ...
UPSTREAM = {"base-model": "Built on", "fine-tune-of": "Fine-tuned from", "distilled-from": "Distilled from",
            "predecessor": "Follows", "variant-of": "A variant of"}
DOWNSTREAM = {"teacher-of": "Teacher of"}
# ... and from the entry it points at.
REVERSE_UPSTREAM = {"teacher-of": "Taught by"}
REVERSE_DOWNSTREAM = {"base-model": "Base for", "fine-tune-of": "Fine-tuned into", "distilled-from": "Distilled into",
                      "predecessor": "Followed by", "variant-of": "Has the variant"}
SIBLING = "Released alongside"


@dataclass(frozen=True)
class Node:
    relation: str  # how the release relates to this entry, as the page says it
    name: str
    model_id: str | None = None  # None: the release has no entry in the catalog
    source: str | None = None  # the source id, when this entry records the link


@dataclass(frozen=True)
class Lineage:
    upstream: tuple[Node, ...]
    siblings: tuple[Node, ...]
    downstream: tuple[Node, ...]
    variants: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not (self.upstream or self.siblings or self.downstream or self.variants)


@lru_cache(maxsize=1)
def _pointing_at(catalog: Catalog) -> dict[str, list[tuple[Model, Relation]]]:
    """Target id -> (model, relation) of every relation naming it: built once per catalog, so a
    page costs the same however large the catalog is."""
    index: dict[str, list[tuple[Model, Relation]]] = {}
    for model in catalog.models.values():
        for relation in model.relations:
            if relation.target:
                index.setdefault(relation.target, []).append((model, relation))
    return index


def lineage(catalog: Catalog, model: Model) -> Lineage:
    up: list[Node] = []
    beside: list[Node] = []
    down: list[Node] = []

    def linked(relation: str, target: Model) -> Node:
        return Node(relation, target.name, target.id)

    def place(kind: str, recorded_here: bool) -> tuple[str, list[Node]]:
        """The words for a relation and the row it belongs in, read from either end."""
        if kind == "sibling":
            return SIBLING, beside
        upward = UPSTREAM if recorded_here else REVERSE_UPSTREAM
        if kind in upward:
            return upward[kind], up
        return (DOWNSTREAM if recorded_here else REVERSE_DOWNSTREAM)[kind], down

    up += [linked("Succeeds", m) for m in catalog.predecessors(model.id)]
    down += [linked("Succeeded by", catalog.models[model.successor])] if model.successor else []
    for r in model.relations:
        words, row = place(r.type, True)
        row.append(Node(words, catalog.models[r.target].name if r.target else r.name, r.target, r.source))
    for other, r in _pointing_at(catalog).get(model.id, ()):
        words, row = place(r.type, False)
        row.append(linked(words, other))
    up += [linked("Built on", catalog.models[b]) for b in model.base_models]
    up += [linked("Powered by", catalog.models[b]) for b in model.powered_by]
    down += [linked("Base for", m) for m in catalog.derived_from(model.id)]
    down += [linked("Used in", m) for m in catalog.used_in(model.id)]
    if model.series:
        releases = catalog.series(model.series)
        at = [m.id for m in releases].index(model.id)
        up += [linked("Earlier in the series", releases[at - 1])] if at > 0 else []
        down += [linked("Later in the series", releases[at + 1])] if at + 1 < len(releases) else []
    return Lineage(_once(up, model.id), _once(beside, model.id), _once(down, model.id), tuple(v.name for v in model.variants))


def _once(nodes: list[Node], own_id: str) -> tuple[Node, ...]:
    """Each release once per direction (the first, most specific, link wins), never the entry itself."""
    seen: set[str] = {own_id}
    out = []
    for node in nodes:
        key = node.model_id or f"name:{node.name}"
        if key not in seen:
            seen.add(key)
            out.append(node)
    return tuple(out)
