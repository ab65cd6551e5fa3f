"""The recipes CONTRIBUTING promises, done for real on the fixture catalog."""

from __future__ import annotations

import pytest
from pydantic import create_model

from fieldguide.catalog import schema
from fieldguide.catalog.loader import CatalogError, load_catalog
from fieldguide.site.render import Renderer
from fieldguide.views import taxonomy

TASKS = """
tasks:
  - id: chat
    name: Chat
    definition: Holding a conversation in turns.
  - id: translation
    name: Translation
    definition: Rendering text from one language in another.
"""


@pytest.fixture
def with_tasks(catalog_copy, monkeypatch):
    """Add a 'task' dimension: its vocabulary, one schema field, one page (the macro call)."""
    catalog_copy.write("dimensions.yaml", catalog_copy.file("dimensions.yaml").read_text() + TASKS)
    field = schema.ref("vocabulary", "tasks", dimension="task", title="Task", blurb="What a model is used for", order=8)
    extended = create_model("Model", __base__=schema.Model, tasks=(tuple[field, ...], ()))
    monkeypatch.setitem(schema.KINDS, "model", extended)
    catalog_copy.edit("models/mixtral-8x7b.yaml", "status: active\n", "status: active\ntasks: [chat, translation]\n")
    catalog_copy.edit("models/le-chat.yaml", "status: active\n", "status: active\ntasks: [chat]\n")
    return catalog_copy


def test_a_new_dimension_appears_on_the_taxonomy_pages(with_tasks):
    catalog = load_catalog(with_tasks.path)
    assert list(taxonomy.dimensions())[-1] == "task"
    groups = {g.term_id: [m.id for m in g.models] for g in taxonomy.groups(catalog, "task")}
    assert groups == {"chat": ["le-chat", "mixtral-8x7b"], "translation": ["mixtral-8x7b"]}
    renderer = Renderer(catalog, placeholders=False)
    page = renderer.taxonomy_page("task")
    assert "## Chat { #chat }" in page and "## Translation { #translation }" in page and "Holding a conversation" in page
    overview = renderer.taxonomy_overview()
    assert 'href="../taxonomy/task/"' in overview and "What a model is used for" in overview


def test_the_new_dimension_is_checked_like_every_reference(with_tasks):
    with_tasks.edit("models/le-chat.yaml", "tasks: [chat]", "tasks: [chta]")
    with pytest.raises(CatalogError) as info:
        load_catalog(with_tasks.path, root=with_tasks.path.parent)
    assert [str(p) for p in info.value.problems] == [
        "data/models/le-chat.yaml:13:9: tasks[0]: unknown task 'chta'; did you mean 'chat'?"]
