"""The exports match the catalog and validate against the published schemas (independently)."""

import csv
import json
import subprocess
import sys
from pathlib import Path

from fieldguide.catalog.loader import load_catalog
from fieldguide.views.exports import CSV_COLUMNS, catalog_json
from tests.conftest import ROOT

SCHEMA = ROOT / "docs" / "schema" / "catalog.schema.json"


def check_jsonschema(instance: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--schemafile", str(SCHEMA), str(instance)],
        capture_output=True, text=True,
    )


def test_catalog_json_is_the_catalog(built_site):
    catalog = load_catalog(ROOT / "data")
    published = (built_site / "api" / "catalog.json").read_text()
    assert published == catalog_json(catalog)
    data = json.loads(published)
    assert [m["id"] for m in data["models"]] == list(catalog.models)
    assert [f["id"] for f in data["families"]] == list(catalog.families)


def test_catalog_json_validates_with_check_jsonschema(built_site, tmp_path):
    result = check_jsonschema(built_site / "api" / "catalog.json")
    assert result.returncode == 0, result.stdout + result.stderr
    # ...and the validator really looks inside entries: one bad value fails it.
    data = json.loads((built_site / "api" / "catalog.json").read_text())
    data["models"][0]["kind"] = "robot"
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(data))
    result = check_jsonschema(broken)
    assert result.returncode == 1 and "robot" in result.stdout


def test_models_csv_has_one_row_per_model(built_site):
    catalog = load_catalog(ROOT / "data")
    with open(built_site / "api" / "models.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == CSV_COLUMNS
    assert [r["id"] for r in rows] == list(catalog.models)
    for row in rows:
        model = catalog.models[row["id"]]
        assert row["name"] == model.name and row["access"] == model.access
        assert row["url"].endswith(f"models/{model.id}/")
