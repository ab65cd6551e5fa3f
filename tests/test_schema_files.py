"""The committed JSON Schemas are generated from schema.py and must not drift."""

import json

from fieldguide.cli import schema_documents
from tests.conftest import ROOT


def test_committed_schemas_match_the_code():
    generated = schema_documents()
    committed = {p.name: p.read_text() for p in (ROOT / "docs" / "schema").glob("*.schema.json")}
    assert committed.keys() == generated.keys(), "run `make schema`"
    stale = [name for name in generated if committed[name] != generated[name]]
    assert not stale, f"docs/schema/ is out of date for {stale}: run `make schema`"


def test_model_schema_forbids_unknown_fields_and_names_required_ones():
    schema = json.loads(schema_documents()["model.schema.json"])
    assert schema["additionalProperties"] is False
    assert {"id", "name", "kind", "organization", "released", "status", "access", "license", "modalities",
            "capabilities", "sources", "last_verified", "summary", "description"} <= set(schema["required"])


def test_every_data_file_points_editors_at_its_schema():
    for path in sorted((ROOT / "data").rglob("*.yaml")):
        first = path.read_text().split("\n", 1)[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("=", 1)[1]).resolve()
        assert target.is_file(), f"{path}: schema {target} does not exist"


def _string_leaves(node: dict, definitions: dict, path: str = ""):
    """(path, schema) of every string-valued leaf of a JSON Schema."""
    if "$ref" in node:
        if node["$ref"].startswith("#/"):  # the catalog schema refers to the per-kind files, checked on their own
            yield from _string_leaves(definitions[node["$ref"].rsplit("/", 1)[-1]], definitions, path)
        return
    if node.get("type") == "string":
        yield path, node
    for option in node.get("anyOf", ()):
        yield from _string_leaves(option, definitions, path)
    if "items" in node:
        yield from _string_leaves(node["items"], definitions, path + "[]")
    if isinstance(node.get("additionalProperties"), dict):
        yield from _string_leaves(node["additionalProperties"], definitions, path + ".*")
    for name, child in node.get("properties", {}).items():
        yield from _string_leaves(child, definitions, f"{path}.{name}" if path else name)


def test_every_text_field_is_declared_plain_text_or_catalog_markdown():
    """Two kinds of text, nothing else: a string is declared text, or it is an id, a URL,
    a date or one of a fixed set of words (which cannot hold free text)."""
    for name, text in schema_documents().items():
        document = json.loads(text)
        for path, leaf in _string_leaves(document, document.get("$defs", {})):
            constrained = "pattern" in leaf or "enum" in leaf or "const" in leaf or leaf.get("format") == "uri"
            assert leaf.get("x-text") in ("plain", "markdown") or constrained, f"{name}: {path} is free text of no declared kind"


def test_contributing_lists_every_markdown_field():
    from fieldguide.catalog.schema import text_fields

    guide = (ROOT / "CONTRIBUTING.md").read_text()
    section = guide[guide.index("#### Plain text and Markdown"):guide.index("#### YAML tips")]
    for kind in ("model", "family", "organization", "guide", "glossary", "comparison"):
        for path, text_kind in text_fields(kind).items():
            if text_kind == "markdown":
                assert f"`{path}`" in section, f"CONTRIBUTING does not list {kind} Markdown field {path}"


def test_every_property_has_a_description():
    for name, text in schema_documents().items():
        document = json.loads(text)
        for owner, node in [("", document), *document.get("$defs", {}).items()]:
            for prop, child in node.get("properties", {}).items():
                assert "description" in child, f"{name}: {owner}.{prop} has no description"
