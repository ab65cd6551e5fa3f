"""The committed JSON Schemas are generated from schema.py and must not drift."""

import json

from macros.cli import SCHEMA_DIR, schema_documents
from tests.conftest import ROOT


def test_committed_schemas_match_the_code():
    generated = schema_documents()
    committed = {p.name: p.read_text() for p in SCHEMA_DIR.glob("*.schema.json")}
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
