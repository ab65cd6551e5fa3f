"""Guard rails that keep the code's shape: lint, the layers contract, template drift."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import material

from tests.conftest import ROOT

BIN = Path(sys.executable).parent


def test_ruff_finds_nothing():
    result = subprocess.run([str(BIN / "ruff"), "check", "fieldguide", "macros", "tests", "tools"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_imports_only_point_down_the_layers():
    """catalog <- views <- site <- cli, and only the site layer imports MkDocs, Jinja or nh3
    (the contracts are in pyproject.toml)."""
    result = subprocess.run([str(BIN / "lint-imports")], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


def test_material_is_pinned_exactly():
    pins = dict(line.split("==") for line in (ROOT / "requirements.txt").read_text().splitlines()
                if "==" in line and not line.startswith("#"))
    assert pins["mkdocs-material"] == metadata.version("mkdocs-material")
    assert "mkdocs-material==" in (ROOT / "requirements.in").read_text()


def test_every_overridden_material_template_still_matches_its_upstream():
    """Each file copied from Material names the partial it came from and that file's hash;
    when an upgrade changes the partial, this fails until the change is re-applied."""
    upstream_root = Path(material.__file__).parent
    copies = [p for p in (ROOT / "overrides").rglob("*.html") if p.name != "main.html"]
    assert copies
    for copy in copies:
        found = re.search(r"upstream: (material/templates/\S+) sha256:([0-9a-f]{64})", copy.read_text())
        assert found, f"{copy.relative_to(ROOT)} does not name the Material partial it was copied from"
        path, expected = found.groups()
        upstream = upstream_root.parent / path
        actual = hashlib.sha256(upstream.read_bytes()).hexdigest()
        assert actual == expected, f"Material's {path} changed since {copy.relative_to(ROOT)} was copied: re-apply the change"


def test_main_html_overrides_blocks_that_base_html_still_has():
    base = (Path(material.__file__).parent / "templates" / "base.html").read_text()
    ours = (ROOT / "overrides" / "main.html").read_text()
    for block in re.findall(r"{% block (\w+) %}", ours):
        assert f"{{% block {block} %}}" in base, f"Material's base.html has no block '{block}' any more"
