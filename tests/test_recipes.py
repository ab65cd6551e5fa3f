"""The recipes CONTRIBUTING promises, done for real on the fixture catalog."""

from __future__ import annotations

import pytest
from pydantic import create_model

from fieldguide.catalog import schema
from fieldguide.catalog.loader import CatalogError, load_catalog
from fieldguide.site.render import Renderer
from fieldguide.views import taxonomy

DOMAINS = """
domains:
  - id: legal
    name: Legal
    definition: Contracts, case law and regulatory texts.
  - id: retail
    name: Retail
    definition: Product catalogues, reviews and shop assistants.
"""


@pytest.fixture
def with_domains(catalog_copy, monkeypatch):
    """Add a 'domain' dimension: its vocabulary, one schema field, one page (the macro call)."""
    catalog_copy.write("dimensions.yaml", catalog_copy.file("dimensions.yaml").read_text() + DOMAINS)
    field = schema.ref("vocabulary", "domains", dimension="domain", title="Domain", blurb="The field a model serves", order=9)
    extended = create_model("Model", __base__=schema.Model, domains=(tuple[field, ...], ()))
    monkeypatch.setitem(schema.KINDS, "model", extended)
    catalog_copy.edit("models/mixtral-8x7b.yaml", "status: active\n", "status: active\ndomains: [legal, retail]\n")
    catalog_copy.edit("models/le-chat.yaml", "status: active\n", "status: active\ndomains: [legal]\n")
    return catalog_copy


def test_a_new_dimension_appears_on_the_taxonomy_pages(with_domains):
    catalog = load_catalog(with_domains.path)
    assert list(taxonomy.dimensions())[-1] == "domain"
    groups = {g.term_id: [m.id for m in g.models] for g in taxonomy.groups(catalog, "domain")}
    assert groups == {"legal": ["le-chat", "mixtral-8x7b"], "retail": ["mixtral-8x7b"]}
    renderer = Renderer(catalog, placeholders=False)
    page = renderer.taxonomy_page("domain")
    assert "## Legal { #legal }" in page and "## Retail { #retail }" in page and "Contracts, case law" in page
    overview = renderer.taxonomy_overview()
    assert 'href="../taxonomy/domain/"' in overview and "The field a model serves" in overview


def test_the_new_dimension_is_checked_like_every_reference(with_domains):
    with_domains.edit("models/le-chat.yaml", "domains: [legal]", "domains: [lega]")
    with pytest.raises(CatalogError) as info:
        load_catalog(with_domains.path, root=with_domains.path.parent)
    assert [str(p) for p in info.value.problems] == [
        "data/models/le-chat.yaml:13:11: domains[0]: unknown domain 'lega'; did you mean 'legal'?"]
