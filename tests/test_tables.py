"""Comparison tables and macros, on the small fixture catalog."""

import csv
import io
import re

import pytest
from bs4 import BeautifulSoup

from fieldguide.catalog.loader import load_catalog
from fieldguide.site.render import Renderer
from fieldguide.views.tables import all_tables, family_traits, models_for_modality
from tests.conftest import FIXTURE


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(FIXTURE)


def test_family_traits_rows_columns_and_links_only_on_names(catalog):
    table = family_traits(catalog)
    assert table.columns[0] == "Family" and len(table.columns) == 7
    assert [row[0].text for row in table.rows] == ["Mixture-of-experts transformers", "Transformer-based models"]
    # the name opens the family's trait table, where each rating has its justification and source
    assert table.rows[0][0].href == "families/mixture-of-experts/#traits"
    stability = table.rows[0][1]
    assert stability.text == "medium" and stability.href is None
    assert stability.title.startswith("Router collapse")


def test_listings_carry_facets_for_every_row(catalog):
    table = all_tables(catalog)["models"]
    assert [f.id for f in table.facets] == ["organization", "kind", "access", "input", "output", "task", "year",
                                            "commercial-use"]
    assert len(table.row_info) == len(table.rows)
    mixtral = dict(table.row_info[[r[0].text for r in table.rows].index("Mixtral 8x7B")].facets)
    assert mixtral["organization"] == ("mistral-ai",) and mixtral["access"] == ("open-source",) and mixtral["year"] == ("2023",)
    # only names and organizations link: a value's source is one click away on the entry page
    assert {i for row in table.rows for i, cell in enumerate(row) if cell.href} == {0, 2}
    # filtering and sorting keep each row with its facets
    kept = table.filtered(lambda r: r[0].text == "Mixtral 8x7B")
    assert kept.row_info[0].anchor == "model-mixtral-8x7b"
    assert [i.anchor for i in table.sorted(0, reverse=True).row_info] == ["model-mixtral-8x7b", "model-le-chat"]


def test_sorting_filtering_and_exports(catalog):
    table = models_for_modality(catalog, "text")
    assert [r[0].text for r in table.sorted(5).rows] == ["Le Chat {{ 7*7 }}", "Mixtral 8x7B"]
    assert [r[0].text for r in table.sorted(5, reverse=True).rows][0] == "Mixtral 8x7B"
    assert [r[0].text for r in table.filtered(lambda r: r[3].text == "Open source").rows] == ["Mixtral 8x7B"]
    rows = list(csv.reader(io.StringIO(table.as_csv())))
    assert rows[0] == ["Model", "Organization", "Released", "Released confidence", "Access", "Input",
                       "Parameters", "Parameters confidence", "Summary"] and len(rows) == 3
    assert table.as_markdown().splitlines()[0].startswith("| Model | Organization |")


def test_table_macro_renders_escaped_sortable_html(catalog):
    html = Renderer(catalog, placeholders=False).table("models-text")
    soup = BeautifulSoup(html, "html.parser")
    table = soup.find("table")
    assert "fg-sortable" in table["class"] and table.find("th", attrs={"data-sort-method": "number"})
    assert soup.find("a", class_="fg-download")["href"] == "../compare/tables/models-text.csv"
    assert "Le Chat {{ 7*7 }}" in soup.get_text() and not soup.find("script")
    assert [th.get("class") for th in table.find_all("th")][2] == ["fg-date"]
    assert "fg-num" in table.find_all("th")[5]["class"]
    facets = soup.find("fieldset", class_="fg-facets")
    assert facets.has_attr("disabled") and {i["name"] for i in facets.find_all("input")} >= {"organization", "access", "year"}
    assert table.find("tbody").find("tr")["data-facets"].startswith("organization=mistral-ai ")


def test_unknown_table_is_an_error(catalog):
    with pytest.raises(KeyError):
        Renderer(catalog, placeholders=False).table("nope")


def test_every_table_has_rows(catalog):
    assert all(t.rows for t in all_tables(catalog).values())


@pytest.mark.parametrize("method,args", [
    ("model_page", ("mixtral-8x7b",)), ("family_page", ("transformer",)), ("organization_page", ("mistral-ai",)),
    ("models_table", ()), ("families_table", ()), ("organizations_table", ()), ("taxonomy_overview", ()),
    ("taxonomy_page", ("modality",)), ("taxonomy_page", ("architecture",)), ("family_tree", ()),
    ("compare_builder", ()), ("choose_tool", ()), ("glossary", ()), ("timeline", ()), ("guides_list", ()),
])
def test_every_macro_renders_on_the_fixture(catalog, method, args):
    out = getattr(Renderer(catalog, placeholders=False), method)(*args)
    assert out.strip()
    assert "<script" not in out and not re.search(r"<[^>]*\son[a-z]+=", out)
