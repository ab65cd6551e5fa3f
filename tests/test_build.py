"""The real strict build: every entry gets a page, anchors hold, nothing leaks or breaks."""

from __future__ import annotations

import filecmp
import json
import re

from bs4 import BeautifulSoup

from fieldguide.catalog.loader import load_catalog
from tests.conftest import ROOT, mkdocs_build
from tests.sitecheck import broken_links, pages

MODEL_ANCHORS = {"top", "facts", "overview", "training", "capabilities", "fine-tuning", "deployment", "lineage", "sources"}
FAMILY_ANCHORS = {"top", "facts", "overview", "mechanism", "training-objective", "sampling", "pseudocode",
                  "strengths-limitations", "traits", "applications", "related", "models", "sources"}
ORGANIZATION_ANCHORS = {"top", "facts", "overview", "models", "sources"}


def soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_catalog_is_not_trivially_small():
    catalog = load_catalog(ROOT / "data")
    assert len(catalog.models) >= 8 and len(catalog.families) >= 5
    assert any(f.parent for f in catalog.families.values()), "needs a parent/child family pair"
    outputs = {o for m in catalog.models.values() for o in m.modalities.output}
    inputs = {i for m in catalog.models.values() for i in m.modalities.input}
    assert {"text", "image"} <= outputs and outputs & {"audio", "speech", "music"}
    assert any(len(set(m.modalities.input)) > 1 for m in catalog.models.values()) or len(inputs) > 2


def test_every_entry_has_its_page_with_fixed_anchors(built_site):
    catalog = load_catalog(ROOT / "data")
    for section, entries, anchors in (
        ("models", catalog.models, MODEL_ANCHORS),
        ("families", catalog.families, FAMILY_ANCHORS),
        ("organizations", catalog.organizations, ORGANIZATION_ANCHORS),
    ):
        built = {p.parent.name for p in (built_site / section).glob("*/index.html")}
        redirects = {old for entry in entries.values() for old in entry.previous_ids}
        assert built == set(entries) | redirects, section
        for entry_id, entry in entries.items():
            page = soup(built_site / section / entry_id / "index.html")
            ids = {el["id"] for el in page.find_all(id=True)}
            assert anchors <= ids, (section, entry_id, anchors - ids)
            assert {f"source-{s.id}" for s in entry.sources} <= ids
            assert page.find("h1").get_text().rstrip("¶") == entry.name
            assert page.find("meta", attrs={"name": "description"})["content"] == entry.summary
            assert page.find("meta", attrs={"property": "og:description"})["content"] == entry.summary
            assert page.find("meta", attrs={"property": "og:title"})["content"].startswith(entry.name)


def test_index_pages_list_every_entry(built_site):
    catalog = load_catalog(ROOT / "data")
    for section, entries in (("models", catalog.models), ("families", catalog.families), ("organizations", catalog.organizations)):
        page = soup(built_site / section / "index.html")
        linked = {a["href"].rstrip("/").split("/")[-1] for a in page.select("table.fg-table a[href]") if f"/{section}/" in a["href"]}
        assert set(entries) <= linked, (section, set(entries) - linked)


def test_no_broken_internal_link_or_anchor(built_site):
    assert broken_links(built_site) == []


def test_no_unrendered_template_or_macro_error(built_site):
    for rel, page in pages(built_site):
        text = str(page)
        assert "{{" not in text and "{%" not in text, rel
        assert "Macro Rendering Error" not in text and "Macro Syntax Error" not in text, rel


def test_edit_link_opens_the_yaml_file(built_site):
    page = soup(built_site / "models" / "mixtral-8x7b" / "index.html")
    edit = page.find("a", attrs={"rel": "edit"})
    assert edit["href"].endswith("/edit/main/data/models/mixtral-8x7b.yaml")


def test_entries_are_not_in_the_sidebar(built_site):
    # Every page would otherwise carry the whole catalog in its navigation.
    page = (built_site / "index.html").read_text()
    assert "models/mixtral-8x7b/" not in page


def test_two_builds_are_byte_identical(built_site, tmp_path):
    again = tmp_path / "again"
    result = mkdocs_build(again)
    assert result.returncode == 0, result.stderr
    comparison = filecmp.dircmp(built_site, again)

    def differences(cmp, prefix=""):
        found = [prefix + name for name in cmp.diff_files + cmp.left_only + cmp.right_only]
        for name, sub in cmp.subdirs.items():
            found += differences(sub, f"{prefix}{name}/")
        return found

    # dircmp compares shallowly by default; compare contents of every file explicitly.
    files = [p.relative_to(built_site) for p in built_site.rglob("*") if p.is_file()]
    assert differences(comparison) == []
    assert [str(f) for f in files if (built_site / f).read_bytes() != (again / f).read_bytes()] == []


def test_catalog_text_never_becomes_template_or_markup(fixture_site):
    page = soup(fixture_site / "models" / "le-chat" / "index.html")
    article = page.find("article")
    text = article.get_text()
    assert "Le Chat {{ 7*7 }}" in text and "Le Chat 49" not in text
    assert "{{ 6*7 }}" in text and "{% for x in y %}loop{% endfor %}" in text and "{# comment #}" in text
    assert "{{ config.site_name }}" in page.find("meta", attrs={"name": "description"})["content"]
    assert "{{ config.site_name }}" in page.find("meta", attrs={"property": "og:description"})["content"]
    assert "A*B_C" in text
    assert article.find(id="hijack") is None
    assert not article.find_all(attrs={"onclick": True})
    assert article.find("code").get_text() == "code with <b>tags</b>"
    assert article.find("strong", string="bold") is not None
    for el in article.find_all(True):
        assert not any(name.startswith("on") for name in el.attrs), el
        assert el.name not in ("script", "iframe", "object", "embed", "style")


def test_broken_catalog_fails_the_build_with_file_line_col(catalog_copy, tmp_path):
    catalog_copy.edit("models/mixtral-8x7b.yaml", "status: active", "status: discontinued")
    catalog_copy.edit("families/transformer.yaml", "rating: low", "rating: lowish")
    site = tmp_path / "site"
    result = mkdocs_build(site, catalog_copy.path)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert re.search(r"mixtral-8x7b\.yaml:\d+:\d+: status: 'discontinued' is not allowed", output)
    assert re.search(r"transformer\.yaml:\d+:\d+: traits\.interpretability\.rating: 'lowish' is not allowed", output)
    assert "Traceback" not in output
    assert not site.exists()


def test_search_index_contains_entries(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text())
    locations = {doc["location"] for doc in index["docs"]}
    assert "models/mixtral-8x7b/" in locations


def test_listings_stay_out_of_the_search_index(built_site):
    """Search should find a model on its own page, not in every table, chart and list that
    names it; otherwise the index also grows with the catalog on every listing page."""
    index = json.loads((built_site / "search" / "search_index.json").read_text())
    text = {doc["location"]: doc["text"] for doc in index["docs"]}
    listing_pages = [loc for loc in text if loc.startswith(("compare/", "timeline/", "taxonomy/", "families/#", "models/#"))]
    assert listing_pages, "expected sections of the listing pages in the index"
    for location in listing_pages:
        assert "StableCode" not in text[location], location  # named only in listings and on its own page
        assert "Filter rows" not in text[location], location  # the table tools
    # The prose of those pages is still searchable.
    assert "Every table here is computed from the catalog" in text["compare/"]


COMPARISON = """# yaml-language-server: $schema=../../docs/schema/comparison.schema.json
id: lost-table
name: A table in a group no page shows
order: 9
group: nowhere
summary: A curated table that nobody placed on a page, to prove the build notices.
description: |
  Nothing to see here.
columns:
  - id: a
    title: A
  - id: b
    title: B
rows:
  - cells: {a: one, b: two}
    source: s
sources:
  - id: s
    title: Example
    url: https://example.org/
    accessed: 2026-11-23
last_verified: 2026-11-23
"""


def test_a_table_no_page_shows_fails_the_build(catalog_copy, tmp_path):
    (catalog_copy.path / "comparisons").mkdir()
    catalog_copy.write("comparisons/lost-table.yaml", COMPARISON)
    result = mkdocs_build(tmp_path / "site", catalog_copy.path)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "table 'lost-table' (group 'nowhere') is on no page: add {{ tables_in(\"nowhere\") }} to one" in output
    assert "Traceback" not in output
