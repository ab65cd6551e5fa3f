"""The exports match the catalog and validate against the published schemas (independently)."""

import csv
import json
import subprocess
import sys
from pathlib import Path

import yaml

from fieldguide.catalog.loader import load_catalog
from fieldguide.views.exports import CSV_COLUMNS, catalog_json, compare_json
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


def test_compare_json_carries_licence_terms_family_traits_and_every_confidence():
    def entry(kind, entry_id):  # as written: every scalar a string
        return yaml.load((ROOT / "data" / kind / f"{entry_id}.yaml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)

    catalog = load_catalog(ROOT / "data")
    data = json.loads(compare_json(catalog))
    keys = [key for key, _, _ in data["fields"]]
    assert len(set(keys)) == len(keys)
    assert list(dict.fromkeys(section for _, _, section in data["fields"])) == ["Facts", "Licence terms", "Traits of the main family"]
    assert list(data["models"]) == list(catalog.models)
    for model_id, model in data["models"].items():
        assert list(model["facts"]) == list(model["confidence"]) and set(model["facts"]) == set(keys), model_id
        assert set(model["confidence"].values()) <= {"confirmed", "estimated", "speculative"}
        m = catalog.models[model_id]
        assert model["confidence"]["released"] == m.released.confidence and model["confidence"]["tasks"] == m.tasks.confidence
        assert model["confidence"]["license"] == model["confidence"]["commercial"] or not m.license.commercial_use

    llama, phi, codestral = (data["models"][m] for m in ("llama-3", "phi-3-5-moe", "codestral"))
    licence = entry("models", "llama-3")["license"]
    for key in ("user_threshold", "attribution", "derivative_naming", "acceptable_use_policy", "output_restrictions"):
        assert llama["facts"][key] == licence[key]
    assert llama["facts"]["revenue_threshold"] == "not recorded" and "revenue_threshold" not in licence
    assert llama["facts"]["commercial"] == "with conditions" and licence["commercial_use"] == "conditional"
    assert llama["links"] == {"license": licence["url"], "acceptable_use_policy": licence["acceptable_use_policy"]}
    family = entry("families", entry("models", "llama-3")["families"][0])
    assert llama["facts"]["trait_family"] == family["name"]
    assert llama["facts"]["trait_sampling-speed"] == family["traits"]["sampling_speed"]["rating"]
    assert llama["facts"]["trait_interpretability"] == family["traits"]["interpretability"]["rating"]

    assert entry("models", "phi-3-5-moe")["parameters"]["confidence"] == "estimated"
    assert phi["facts"]["parameters"] == "42B (6.6B active)"  # the confidence is carried beside the text, not in it
    assert phi["confidence"]["parameters"] == phi["confidence"]["scale"] == "estimated"
    assert entry("models", "codestral")["license"]["confidence"] == "estimated"
    assert codestral["confidence"]["license"] == codestral["confidence"]["output_restrictions"] == "estimated"
    assert codestral["facts"]["user_threshold"] == "not recorded" and codestral["confidence"]["user_threshold"] == "confirmed"

    assert data["renamed"] == {old: m.id for m in catalog.models.values() for old in m.previous_ids}
    assert data["renamed"]["midjourney"] == "midjourney-app"


def test_published_compare_json_is_the_function_output(built_site):
    assert (built_site / "api" / "compare.json").read_text() == compare_json(load_catalog(ROOT / "data"))
