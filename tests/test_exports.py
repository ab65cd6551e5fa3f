"""The exports match the catalog and validate against the published schemas (independently)."""

import csv
import json
import subprocess
import sys
from pathlib import Path

import yaml

from fieldguide.catalog.loader import load_catalog
from fieldguide.views.exports import CSV_COLUMNS, catalog_json, compare_json
from fieldguide.views.tables import all_tables
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


# Columns published before confidence columns were added: never renamed or removed, in this order.
COLUMNS_2026_11 = [
    "id", "name", "kind", "organization", "released", "status", "successor", "access", "license",
    "input_modalities", "output_modalities", "families", "parameters_billions", "active_parameters_billions",
    "parameters_confidence", "scale_tier", "context_window_tokens", "context_window_confidence", "max_output_tokens",
    "knowledge_cutoff", "tasks", "commercial_use", "license_confidence", "series", "summary", "url", "last_verified",
]
CONFIDENCE_OF = {  # each figure or date column, and the confidence column right after it
    "released": "released_confidence", "active_parameters_billions": "parameters_confidence",
    "context_window_tokens": "context_window_confidence", "max_output_tokens": "max_output_confidence",
    "knowledge_cutoff": "knowledge_cutoff_confidence",
}


def test_models_csv_keeps_every_column_and_puts_a_confidence_beside_each_figure(built_site):
    assert [c for c in CSV_COLUMNS if c in COLUMNS_2026_11] == COLUMNS_2026_11
    for column, confidence in CONFIDENCE_OF.items():
        if confidence:
            assert CSV_COLUMNS[CSV_COLUMNS.index(column) + 1] == confidence
    catalog = load_catalog(ROOT / "data")
    with open(built_site / "api" / "models.csv", newline="") as handle:
        rows = {row["id"]: row for row in csv.DictReader(handle)}
    for model in catalog.models.values():
        row, limits = rows[model.id], model.limits
        assert row["released_confidence"] == model.released.confidence
        assert row["parameters_confidence"] == (model.parameters.confidence if model.parameters else "")
        for name, column in (("context_tokens", "context_window"), ("max_output_tokens", "max_output"),
                             ("knowledge_cutoff", "knowledge_cutoff")):
            fact = getattr(limits, name) if limits else None
            assert row[f"{column}_confidence"] == (fact.confidence if fact else ""), (model.id, column)
            assert (row[f"{column}_confidence"] == "") == (fact is None)
    assert {r["released_confidence"] for r in rows.values()} >= {"confirmed", "estimated"}


def test_compare_table_csvs_put_a_confidence_beside_each_figure(built_site):
    catalog = load_catalog(ROOT / "data")
    table = all_tables(catalog)["models-text"]
    with open(built_site / "compare" / "tables" / "models-text.csv", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["Model", "Organization", "Released", "Released confidence", "Access", "Input",
                       "Parameters", "Parameters confidence", "Summary"]
    for row, cells in zip(rows[1:], table.rows, strict=True):
        model = next(m for m in catalog.models.values() if m.name == cells[0].text)
        assert row[2:4] == [model.released.date, model.released.confidence]
        assert row[7] == (model.parameters.confidence if model.parameters else "")
    # a table without figures gets no confidence column
    with open(built_site / "compare" / "tables" / "family-traits.csv", newline="") as handle:
        assert not any("confidence" in c for c in next(csv.reader(handle)))


def test_catalog_json_carries_a_confidence_with_every_figure(built_site):
    """Every dated or numeric fact of a model in /api/catalog.json sits in an object with its confidence."""
    data = json.loads((built_site / "api" / "catalog.json").read_text())
    for model in data["models"]:
        facts = [model["released"], model["parameters"], *model["events"], *model["relations"],
                 *(model["limits"] or {}).values(), *((model["parameters"] or {}).get("estimates") or [])]
        for variant in model["variants"]:
            facts += [variant["parameters"], *(variant["limits"] or {}).values()]
        for fact in filter(None, facts):
            assert fact["confidence"] in ("confirmed", "estimated", "speculative"), (model["id"], fact)
