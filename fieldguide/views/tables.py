"""Comparison tables computed from the catalog.

A Table is plain data: columns and rows of Cells. It can be filtered, sorted and
exported without MkDocs; render.py turns it into HTML, the hook publishes each as CSV.
Names link to their entries; a value links only where the link adds something the
entry page does not (a curated comparison row's source). Facets are per-row term ids
the page filters on (organization, kind, access, ...), with the labels shown for them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache

from fieldguide.catalog.escape import csv_document
from fieldguide.catalog.kinds import url_for
from fieldguide.catalog.loader import Catalog
from fieldguide.views import format


@dataclass(frozen=True)
class Cell:
    text: str
    href: str | None = None  # site-relative ("models/x/#facts") or an external source URL
    title: str | None = None  # shown on hover, e.g. a trait's justification
    sort: float | str | None = None  # sort key when the text is not one (e.g. parameter counts)
    confidence: str | None = None  # of the fact the cell states: pages can show confirmed values only

    @property
    def external(self) -> bool:
        return bool(self.href) and self.href.startswith(("http://", "https://"))


@dataclass(frozen=True)
class Facet:
    id: str  # its key in the page address: /models/?access=open-weights
    name: str
    labels: tuple[tuple[str, str], ...]  # (value, label) in display order


@dataclass(frozen=True)
class Row:
    """What a page needs about a row besides its cells: an anchor and its facet values."""

    anchor: str | None = None
    facets: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (facet id, values)


@dataclass(frozen=True)
class Table:
    id: str
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    numeric: frozenset[int] = frozenset()  # column indexes that sort as numbers
    note: str = ""
    searchable: bool = True  # False for one-row-per-model tables: search finds the models themselves
    group: str = "concepts"  # where it is shown: a page lists a group (tables_in), never table ids
    dates: frozenset[int] = frozenset()  # column indexes holding dates, never wrapped
    prose: frozenset[int] = frozenset()  # columns of sentences, given room to read
    facets: tuple[Facet, ...] = ()
    row_info: tuple[Row, ...] = ()  # parallel to rows when facets or anchors are used

    @property
    def has_estimates(self) -> bool:
        """Does a cell state a figure that is not confirmed (pages then offer to withhold them)?"""
        return any(cell.confidence not in (None, "confirmed") for row in self.rows for cell in row)

    def info(self) -> tuple[Row, ...]:
        return self.row_info or tuple(Row() for _ in self.rows)

    def filtered(self, keep: Callable[[tuple[Cell, ...]], bool]) -> Table:
        kept = [(r, i) for r, i in zip(self.rows, self.info(), strict=True) if keep(r)]
        return replace(self, rows=tuple(r for r, _ in kept), row_info=tuple(i for _, i in kept) if self.row_info else ())

    def sorted(self, column: int, *, reverse: bool = False) -> Table:
        def key(pair):
            cell = pair[0][column]
            value = cell.sort if cell.sort is not None else cell.text
            return (isinstance(value, str), value)

        pairs = sorted(zip(self.rows, self.info(), strict=True), key=key, reverse=reverse)
        return replace(self, rows=tuple(r for r, _ in pairs), row_info=tuple(i for _, i in pairs) if self.row_info else ())

    def as_csv(self) -> str:
        """A column whose cells state figures with a confidence is followed by "<column> confidence"."""
        rated = {i for row in self.rows for i, cell in enumerate(row) if cell.confidence}
        header: list[str] = []
        for i, column in enumerate(self.columns):
            header += [column, f"{column} confidence"] if i in rated else [column]
        rows = []
        for row in self.rows:
            cells: list[str] = []
            for i, cell in enumerate(row):
                cells += [cell.text, cell.confidence or ""] if i in rated else [cell.text]
            rows.append(cells)
        return csv_document(header, rows)

    def as_markdown(self) -> str:
        def escape(text: str) -> str:
            return text.replace("|", "\\|").replace("\n", " ")

        lines = ["| " + " | ".join(map(escape, self.columns)) + " |", "|" + " --- |" * len(self.columns)]
        lines += ["| " + " | ".join(escape(c.text) for c in row) + " |" for row in self.rows]
        return "\n".join(lines) + "\n"


def _params_cell(model) -> Cell:
    p = model.parameters
    if p is None:
        return Cell("n/a", sort=-2)
    if p.value == "undisclosed":
        return Cell("undisclosed", title=p.note, sort=-1, confidence=p.confidence)
    return Cell(format.parameters(p, with_confidence=False), title=p.note, sort=p.value, confidence=p.confidence)


def _date_cell(model) -> Cell:
    released = model.released
    return Cell(released.date, confidence=released.confidence)


def _source_url(entry, source_id: str | None) -> str | None:
    for source in entry.sources:
        if source.id == source_id:
            return source.url
    return None


def _names(catalog: Catalog, vocabulary: str, ids) -> str:
    return ", ".join(catalog.terms[vocabulary][i].name for i in ids)


def _host(url: str) -> str:
    return url.split("//", 1)[-1].split("/", 1)[0].removeprefix("www.")


def _commercial_use(model) -> str:
    return model.license.commercial_use or "unstated"


COMMERCIAL_USE = (("yes", "Allowed"), ("conditional", "Conditional"), ("no", "Not allowed"), ("unstated", "Not stated"))
KINDS_OF_MODEL = (("model", "Model"), ("model-family", "Model family"), ("product", "Product"))


def _vocabulary_facet(catalog: Catalog, facet_id: str, name: str, vocabulary: str) -> Facet:
    return Facet(facet_id, name, tuple((t.id, t.name) for t in catalog.terms[vocabulary].values()))


def model_facets(catalog: Catalog, models) -> tuple[tuple[Facet, ...], tuple[Row, ...]]:
    """The facets a list of models is filtered by, and each model's values for them."""
    models = list(models)
    orgs = sorted({m.organization for m in models}, key=lambda o: catalog.organizations[o].name.lower())
    years = sorted({m.released.date[:4] for m in models}, reverse=True)
    facets = (
        Facet("organization", "Organization", tuple((o, catalog.organizations[o].name) for o in orgs)),
        Facet("kind", "Kind", KINDS_OF_MODEL),
        _vocabulary_facet(catalog, "access", "Access", "access_levels"),
        _vocabulary_facet(catalog, "input", "Input", "modalities"),
        _vocabulary_facet(catalog, "output", "Output", "modalities"),
        _vocabulary_facet(catalog, "task", "Task", "tasks"),
        Facet("year", "Year", tuple((y, y) for y in years)),
        Facet("commercial-use", "Commercial use", COMMERCIAL_USE),
    )
    rows = tuple(Row(f"model-{m.id}", (
        ("organization", (m.organization,)), ("kind", (m.kind,)), ("access", (m.access,)),
        ("input", tuple(m.modalities.input)), ("output", tuple(m.modalities.output)), ("task", tuple(m.tasks.ids)),
        ("year", (m.released.date[:4],)), ("commercial-use", (_commercial_use(m),)),
    )) for m in models)
    return facets, rows


# ---- the tables ---------------------------------------------------------------------


def models_listing(catalog: Catalog) -> Table:
    models = list(catalog.models.values())
    rows = tuple((
        Cell(m.name, url_for("model", m.id)),
        Cell(dict(KINDS_OF_MODEL)[m.kind]),
        Cell(catalog.organizations[m.organization].name, url_for("organization", m.organization)),
        _date_cell(m),
        Cell(catalog.terms["access_levels"][m.access].name),
        Cell(_names(catalog, "modalities", m.modalities.input)),
        Cell(_names(catalog, "modalities", m.modalities.output)),
        _params_cell(m),
    ) for m in models)
    facets, info = model_facets(catalog, models)
    return Table("models", "Every model and product in the catalog",
                 ("Model", "Kind", "Organization", "Released", "Access", "Input", "Output", "Parameters"), rows,
                 numeric=frozenset({7}), dates=frozenset({3}), searchable=False, group="listing-models",
                 facets=facets, row_info=info)


def organizations_listing(catalog: Catalog) -> Table:
    orgs = list(catalog.organizations.values())
    kinds = sorted({o.kind for o in orgs})
    rows = tuple((
        Cell(o.name, url_for("organization", o.id)),
        Cell(o.kind.replace("-", " ")),
        Cell(o.summary),
        Cell(str(len(catalog.models_of(o.id))), sort=len(catalog.models_of(o.id))),
    ) for o in orgs)
    facets = (Facet("kind", "Kind", tuple((k, k.replace("-", " ").capitalize()) for k in kinds)),)
    info = tuple(Row(f"organization-{o.id}", (("kind", (o.kind,)),)) for o in orgs)
    return Table("organizations", "Organizations behind the models", ("Organization", "Kind", "Summary", "Models"), rows,
                 numeric=frozenset({3}), prose=frozenset({2}), searchable=False, group="listing-organizations",
                 facets=facets, row_info=info)


def families_listing(catalog: Catalog) -> Table:
    families = list(catalog.families.values())
    rows = tuple((
        Cell(f.name, url_for("family", f.id)),
        Cell(catalog.families[f.parent].name, url_for("family", f.parent)) if f.parent else Cell(""),
        Cell(f.summary),
        Cell(str(len(catalog.models_in_family(f.id))), sort=len(catalog.models_in_family(f.id))),
    ) for f in families)
    info = tuple(Row(f"family-{f.id}") for f in families)
    return Table("families", "Architecture families", ("Family", "Part of", "Summary", "Models"), rows,
                 numeric=frozenset({3}), prose=frozenset({2}), searchable=False, group="listing-families", row_info=info)


def family_traits(catalog: Catalog) -> Table:
    traits = catalog.dimensions.traits
    rows = []
    for f in catalog.families.values():
        cells = [Cell(f.name, url_for("family", f.id, "traits"))]
        for t in traits:
            trait = getattr(f.traits, t.id.replace("-", "_"))
            cells.append(Cell(trait.rating, title=trait.why, sort={"low": 0, "medium": 1, "high": 2}[trait.rating]))
        rows.append(tuple(cells))
    return Table(
        "family-traits", "Architecture families by trait", ("Family", *(t.name for t in traits)), tuple(rows),
        numeric=frozenset(range(1, len(traits) + 1)),
        note="Each family's name opens its trait table, which gives every rating's justification and source.",
        group="family-traits",
    )


def model_types(catalog: Catalog) -> Table:
    rows = []
    for f in catalog.families.values():
        examples = catalog.models_in_family(f.id)[:4]
        rows.append((
            Cell(f.name, url_for("family", f.id)),
            Cell(f.summary),
            Cell(_names(catalog, "modalities", f.modalities)),
            Cell("; ".join(f.applications[:3])),
            Cell(", ".join(m.name for m in examples) or "none yet"),
        ))
    return Table("model-types", "Model types at a glance",
                 ("Type", "Primary focus", "Data types", "Applications", "Example models"), tuple(rows),
                 prose=frozenset({1, 3}), group="model-types")


def models_for_modality(catalog: Catalog, modality: str) -> Table:
    models = [m for m in catalog.models.values() if modality in m.modalities.output]
    rows = tuple((
        Cell(m.name, url_for("model", m.id)),
        Cell(catalog.organizations[m.organization].name, url_for("organization", m.organization)),
        _date_cell(m),
        Cell(catalog.terms["access_levels"][m.access].name),
        Cell(_names(catalog, "modalities", m.modalities.input)),
        _params_cell(m),
        Cell(m.summary),
    ) for m in models)
    facets, info = model_facets(catalog, models)
    keep = {"organization", "access", "input", "year", "commercial-use"}
    name = catalog.terms["modalities"][modality].name
    return Table(f"models-{modality}", f"Models that generate {name.lower()}",
                 ("Model", "Organization", "Released", "Access", "Input", "Parameters", "Summary"), rows,
                 numeric=frozenset({5}), dates=frozenset({2}), prose=frozenset({6}), searchable=False, group="by-modality",
                 facets=tuple(f for f in facets if f.id in keep),
                 row_info=tuple(Row(None, tuple(v for v in i.facets if v[0] in keep)) for i in info))


def open_vs_closed(catalog: Catalog) -> Table:
    order = {t.id: i for i, t in enumerate(catalog.dimensions.access_levels)}
    rows = []
    for m in sorted(catalog.models.values(), key=lambda m: (order[m.access], m.id)):
        rows.append((
            Cell(m.name, url_for("model", m.id)),
            Cell(catalog.terms["access_levels"][m.access].name, sort=order[m.access]),
            Cell(m.license.name, m.license.url),  # the licence text is worth a link of its own
            Cell("yes" if m.fine_tuning.supported else "no"),
            Cell(_names(catalog, "deployment_options", m.deployment)),
        ))
    return Table("open-vs-closed-models", "Models from most closed to most open",
                 ("Model", "Access", "Licence", "Users can fine-tune", "Deployment"), tuple(rows), numeric=frozenset({1}),
                 searchable=False, group="open-vs-closed")


def curated(catalog: Catalog, comparison_id: str) -> Table:
    """A hand-made comparison: each row cites its source in a last column of its own."""
    c = catalog.comparisons[comparison_id]
    rows = []
    for row in c.rows:
        url = _source_url(c, row.source)
        source = Cell(_host(url), url) if url else Cell("")
        rows.append((*(Cell(row.cells[col.id]) for col in c.columns), source))
    return Table(comparison_id, c.name, (*(col.title for col in c.columns), "Source"), tuple(rows), note=c.summary,
                 prose=frozenset(range(1, len(c.columns))), group=c.group)


def in_group(catalog: Catalog, group: str) -> list[Table]:
    return [t for t in all_tables(catalog).values() if t.group == group]


@lru_cache(maxsize=4)
def all_tables(catalog: Catalog) -> dict[str, Table]:
    """Every published table by id (ids are also their CSV file names)."""
    tables = {"models": models_listing(catalog), "organizations": organizations_listing(catalog),
              "families": families_listing(catalog), "family-traits": family_traits(catalog),
              "model-types": model_types(catalog), "open-vs-closed-models": open_vs_closed(catalog)}
    for modality in catalog.dimensions.modalities:
        table = models_for_modality(catalog, modality.id)
        if table.rows:
            tables[table.id] = table
    for comparison_id in catalog.comparisons:
        tables[comparison_id] = curated(catalog, comparison_id)
    return tables
