"""The contributor command: exit codes and output."""

import os
import subprocess
import sys

from tests.conftest import ROOT


def run(*args, cwd=ROOT, env=None):
    """The CLI from this checkout's code (PYTHONPATH), whatever is installed in the virtualenv."""
    env = {**os.environ, **(env or {}), "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "fieldguide.cli", *args], cwd=cwd, capture_output=True, text=True, env=env)


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
    catalog_copy.edit("models/mixtral-8x7b.yaml", "status: active", "status: discontinued")
    catalog_copy.edit("families/transformer.yaml", "rating: low", "rating: lowish")
    only = run("--data", str(catalog_copy.path), "validate", "data/families/transformer.yaml", cwd=catalog_copy.path.parent)
    assert only.returncode == 1
    assert only.stdout.splitlines() and all(line.startswith("data/families/transformer.yaml:") for line in only.stdout.splitlines())


def test_schema_check_passes_on_the_committed_schemas():
    result = run("schema", "--check")
    assert result.returncode == 0, result.stdout


def test_diff_with_a_bad_ref_is_a_usage_error():
    assert run("diff", "no-such-ref-anywhere").returncode == 2


def test_validate_checks_the_working_directorys_project_not_the_installed_one(tmp_path):
    """A second checkout sharing this virtualenv (a worktree, a CI cache): the CLI must check
    the catalog of the project it is run in, and say which directory that was."""
    other = tmp_path / "other-checkout"
    for name in ("mkdocs.yml", "docs"):
        (other / name).parent.mkdir(parents=True, exist_ok=True)
    (other / "mkdocs.yml").write_text("plugins:\n  - fieldguide:\n      catalog_dir: catalog\n")
    import shutil

    from tests.conftest import FIXTURE

    shutil.copytree(FIXTURE, other / "catalog")
    (other / "catalog" / "models" / "mixtral-8x7b.yaml").write_text("# broken\nid: [\n")
    result = run("validate", cwd=other / "catalog" / "models")  # from a sub-directory of that checkout
    assert result.returncode == 1, result.stderr
    assert "Checking the catalog in ../\n" in result.stderr  # other-checkout/catalog, seen from catalog/models
    assert "YAML syntax error" in result.stdout and "Catalog OK" not in result.stderr
    env_run = run("validate", cwd=other, env={"FIELDGUIDE_DATA": str(FIXTURE)})
    assert env_run.returncode == 0 and f"Catalog OK ({FIXTURE}/)" in env_run.stderr


def test_pages_writes_generated_pages_outside_docs(tmp_path):
    out = tmp_path / "pages"
    result = run("--data", str(__import__("tests.conftest", fromlist=["x"]).FIXTURE), "pages", str(out))
    assert result.returncode == 0, result.stderr
    page = (out / "models" / "mixtral-8x7b.md").read_text()
    assert page.startswith('---\ntitle: "Mixtral 8x7B"\n') and "# Mixtral 8x7B { #top }" in page and "<table" in page
    assert "<!--fg:" not in page
    assert run("pages", str(ROOT / "docs" / "generated")).returncode == 2
