"""The contributor command: exit codes and output."""

import subprocess
import sys

from tests.conftest import ROOT


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "fieldguide.cli", *args], cwd=cwd, capture_output=True, text=True)


def test_new_scaffold_is_rejected_until_filled(catalog_copy):
    data = catalog_copy.path
    created = run("--data", str(data), "new", "model", "my-model")
    assert created.returncode == 0 and (data / "models" / "my-model.yaml").exists()
    text = (data / "models" / "my-model.yaml").read_text()
    assert text.startswith("# yaml-language-server: $schema=../../docs/schema/model.schema.json\n") and "\nid: my-model\n" in text
    checked = run("--data", str(data), "validate", cwd=data.parent)
    assert checked.returncode == 1
    assert "data/models/my-model.yaml:6:7: name: still contains a TODO marker; replace it with real content" in checked.stdout
    assert run("--data", str(data), "new", "model", "my-model").returncode == 2  # exists
    assert run("--data", str(data), "new", "model", "Bad_Id").returncode == 2


def test_validate_given_files_reports_only_those(catalog_copy):
    catalog_copy.edit("models/mixtral-8x7b.yaml", "status: active", "status: retired")
    catalog_copy.edit("families/transformer.yaml", "rating: low", "rating: lowish")
    only = run("--data", str(catalog_copy.path), "validate", "data/families/transformer.yaml", cwd=catalog_copy.path.parent)
    assert only.returncode == 1
    assert only.stdout.splitlines() and all(line.startswith("data/families/transformer.yaml:") for line in only.stdout.splitlines())


def test_schema_check_passes_on_the_committed_schemas():
    result = run("schema", "--check")
    assert result.returncode == 0, result.stdout


def test_diff_with_a_bad_ref_is_a_usage_error():
    assert run("diff", "no-such-ref-anywhere").returncode == 2
