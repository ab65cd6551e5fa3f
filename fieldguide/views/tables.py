"""Comparison tables computed from the catalog.

A Table is plain data: columns and rows of Cells. It can be filtered, sorted and
exported without MkDocs; render.py turns it into HTML, the hook publishes each as CSV.
Every cell that states a fact links to where that fact comes from: the source's URL
when the fact cites one, otherwise the section of the entry page that holds it.
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
    confidence: str | None = None  # how sure the catalog is of the figure (confirmed, estimated, speculative)

    @property
    def external(self) -> bool:
        return bool(self.href) and self.href.startswith(("http://", "https://"))


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

    def filtered(self, keep: Callable[[tuple[Cell, ...]], bool]) -> Table:
        return replace(self, rows=tuple(r for r in self.rows if keep(r)))

    def sorted(self, column: int, *, reverse: bool = False) -> Table:
        def key(row):
            cell = row[column]
            value = cell.sort if cell.sort is not None else cell.text
            return (isinstance(value, str), value)

        return replace(self, rows=tuple(sorted(self.rows, key=key, reverse=reverse)))

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
        return Cell("n/a", url_for("model", model.id, "facts"), sort=-2)
    href = _source_url(model, p.source) or url_for("model", model.id, "facts")
    return Cell(format.parameters(p), href, title=p.note, sort=-1 if p.value == "undisclosed" else p.value, confidence=p.confidence)


def _source_url(entry, source_id: str | None) -> str | None:
    for source in entry.sources:
        if source.id == source_id:
            return source.url
    return None


def _names(catalog: Catalog, vocabulary: str, ids) -> str:
    return ", ".join(catalog.terms[vocabulary][i].name for i in ids)


# ---- the tables ---------------------------------------------------------------------


def family_traits(catalog: Catalog) -> Table:
    traits = catalog.dimensions.traits
    rows = []
    for f in catalog.families.values():
        cells = [Cell(f.name, url_for("family", f.id))]
        for t in traits:
            trait = getattr(f.traits, t.id.replace("-", "_"))
            href = _source_url(f, trait.source) or url_for("family", f.id, f"trait-{t.id}")
            cells.append(Cell(trait.rating, href, title=trait.why, sort={"low": 0, "medium": 1, "high": 2}[trait.rating]))
        rows.append(tuple(cells))
    return Table(
        "family-traits", "Architecture families by trait", ("Family", *(t.name for t in traits)), tuple(rows),
        numeric=frozenset(range(1, len(traits) + 1)),
        note="Hover over a rating for its one-line justification; each rating links to its source or to the family's trait table.",
        group="family-traits",
    )


def model_types(catalog: Catalog) -> Table:
    rows = []
    for f in catalog.families.values():
        examples = catalog.models_in_family(f.id)[:4]
        rows.append((
            Cell(f.name, url_for("family", f.id)),
            Cell(f.summary, url_for("family", f.id, "overview")),
            Cell(_names(catalog, "modalities", f.modalities), url_for("family", f.id, "facts")),
            Cell("; ".join(f.applications[:3]), url_for("family", f.id, "applications")),
            Cell(", ".join(m.name for m in examples) or "none yet", url_for("family", f.id, "models")),
        ))
    return Table("model-types", "Model types at a glance",
                 ("Type", "Primary focus", "Data types", "Applications", "Example models"), tuple(rows), group="model-types")


def models_for_modality(catalog: Catalog, modality: str) -> Table:
    rows = []
    for m in catalog.models.values():
        if modality not in m.modalities.output:
            continue
        org = catalog.organizations[m.organization]
        rows.append((
            Cell(m.name, url_for("model", m.id)),
            Cell(org.name, url_for("organization", org.id)),
            Cell(m.released.date, _source_url(m, m.released.source) or url_for("model", m.id, "facts"),
                 confidence=m.released.confidence),
            Cell(catalog.terms["access_levels"][m.access].name, url_for("model", m.id, "facts")),
            Cell(_names(catalog, "modalities", m.modalities.input), url_for("model", m.id, "facts")),
            _params_cell(m),
            Cell(m.summary, url_for("model", m.id, "overview")),
        ))
    name = catalog.terms["modalities"][modality].name
    return Table(f"models-{modality}", f"Models that generate {name.lower()}",
                 ("Model", "Organization", "Released", "Access", "Input", "Parameters", "Summary"), tuple(rows),
                 numeric=frozenset({5}), searchable=False, group="by-modality")


def open_vs_closed(catalog: Catalog) -> Table:
    order = {t.id: i for i, t in enumerate(catalog.dimensions.access_levels)}
    rows = []
    for m in sorted(catalog.models.values(), key=lambda m: (order[m.access], m.id)):
        rows.append((
            Cell(m.name, url_for("model", m.id)),
            Cell(catalog.terms["access_levels"][m.access].name, url_for("model", m.id, "facts"), sort=order[m.access]),
            Cell(m.license.name, m.license.url or _source_url(m, m.license.source) or url_for("model", m.id, "facts")),
            Cell("yes" if m.fine_tuning.supported else "no", _source_url(m, m.fine_tuning.source) or url_for("model", m.id, "fine-tuning")),
            Cell(_names(catalog, "deployment_options", m.deployment), url_for("model", m.id, "deployment")),
        ))
    return Table("open-vs-closed-models", "Models from most closed to most open",
                 ("Model", "Access", "Licence", "Users can fine-tune", "Deployment"), tuple(rows), numeric=frozenset({1}),
                 searchable=False, group="open-vs-closed")


def curated(catalog: Catalog, comparison_id: str) -> Table:
    c = catalog.comparisons[comparison_id]
    rows = []
    for row in c.rows:
        url = _source_url(c, row.source)
        rows.append(tuple(Cell(row.cells[col.id], url) for col in c.columns))
    return Table(comparison_id, c.name, tuple(col.title for col in c.columns), tuple(rows), note=c.summary, group=c.group)


def in_group(catalog: Catalog, group: str) -> list[Table]:
    return [t for t in all_tables(catalog).values() if t.group == group]


@lru_cache(maxsize=4)
def all_tables(catalog: Catalog) -> dict[str, Table]:
    """Every published table by id (ids are also their CSV file names)."""
    tables = {"family-traits": family_traits(catalog), "model-types": model_types(catalog),
              "open-vs-closed-models": open_vs_closed(catalog)}
    for modality in catalog.dimensions.modalities:
        table = models_for_modality(catalog, modality.id)
        if table.rows:
            tables[table.id] = table
    for comparison_id in catalog.comparisons:
        tables[comparison_id] = curated(catalog, comparison_id)
    return tables
