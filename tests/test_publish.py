"""Versioned releases with mike: two deploys in a temporary git repository."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

COPY = ["mkdocs.yml", "docs", "data", "macros", "fieldguide", "overrides", "pyproject.toml"]


def git(repo, *args):
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    repo = tmp_path_factory.mktemp("release") / "repo"
    repo.mkdir()
    for name in COPY:
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, repo / name)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1700000000",
               PATH=f"{Path(sys.executable).parent}:{os.environ['PATH']}",  # mike runs `mkdocs` from PATH
               GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org")
    env.pop("FIELDGUIDE_DATA", None)
    mike = [str(Path(sys.executable).parent / "mike")]

    def run(*args):
        result = subprocess.run(args, cwd=repo, env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
        return result

    run("git", "init", "-q", "-b", "main")
    run("git", "add", ".")
    run("git", "commit", "-qm", "catalog 2026.10")
    run(*mike, "deploy", "--update-aliases", "2026.10", "latest")
    run(*mike, "set-default", "latest")
    run(sys.executable, str(ROOT / "tools" / "alias_data.py"), "2026.10", "latest")
    first = {line.split()[3]: line.split()[2] for line in git(repo, "ls-tree", "-r", "gh-pages", "2026.10").splitlines()}
    text = (repo / "data/models/gpt-4.yaml").read_text().replace("name: GPT-4\n", "name: GPT-4 (2023)\n")
    (repo / "data/models/gpt-4.yaml").write_text(text)
    run("git", "commit", "-qam", "catalog 2026.11")
    run(*mike, "deploy", "--update-aliases", "2026.11", "latest")
    run(sys.executable, str(ROOT / "tools" / "alias_data.py"), "2026.11", "latest")
    return repo, first


def test_versions_json_lists_both_releases_with_latest_alias(published):
    repo, _ = published
    versions = json.loads(git(repo, "show", "gh-pages:versions.json"))
    assert [(v["version"], v["aliases"]) for v in versions] == [("2026.11", ["latest"]), ("2026.10", [])]


def test_first_release_is_byte_identical_after_the_second(published):
    repo, first = published
    second = {line.split()[3]: line.split()[2] for line in git(repo, "ls-tree", "-r", "gh-pages", "2026.10").splitlines()}
    assert first == second


def test_latest_is_a_redirect_alias_and_root_goes_to_latest(published):
    repo, _ = published
    page = git(repo, "show", "gh-pages:latest/models/gpt-4/index.html")
    assert "2026.11/models/gpt-4/" in page and "location" in page
    assert "latest" in git(repo, "show", "gh-pages:index.html")
    assert "GPT-4 (2023)" in git(repo, "show", "gh-pages:2026.11/models/gpt-4/index.html")
    assert "GPT-4 (2023)" not in git(repo, "show", "gh-pages:2026.10/models/gpt-4/index.html")


def test_latest_serves_the_newest_releases_data_files_not_redirects(published):
    """Feed readers, assistants and scripts cannot follow an HTML redirect: latest/ holds
    the newest release's data files themselves (the same blobs, so no extra space)."""
    repo, _ = published
    tree = lambda prefix: {line.split("\t")[1][len(prefix):]: line.split()[2]  # noqa: E731
                           for line in git(repo, "ls-tree", "-r", "gh-pages", prefix).splitlines()}
    latest, newest, older = tree("latest/"), tree("2026.11/"), tree("2026.10/")
    for path in ("feed.xml", "llms.txt", "llms-full.txt", "api/catalog.json", "api/models.csv",
                 "api/models/gpt-4.json", "models/gpt-4/index.md"):
        assert latest[path] == newest[path], path
    assert latest["api/models/gpt-4.json"] != older["api/models/gpt-4.json"]  # moved with the alias
    assert "GPT-4 (2023)" in git(repo, "show", "gh-pages:latest/api/models/gpt-4.json")
    # pages stay redirects to the frozen copy
    assert "2026.11/models/gpt-4/" in git(repo, "show", "gh-pages:latest/models/gpt-4/index.html")
    # running it again changes nothing
    head = git(repo, "rev-parse", "gh-pages")
    subprocess.run([sys.executable, str(ROOT / "tools" / "alias_data.py"), "2026.11"], cwd=repo, check=True, capture_output=True)
    assert git(repo, "rev-parse", "gh-pages") == head


def test_builder_is_the_pinned_mkdocs_not_a_fork():
    # mkdocs-redirects would pull in ProperDocs and mike would then build with it.
    import importlib.util

    import mkdocs

    assert mkdocs.__version__ == "1.6.1"
    assert importlib.util.find_spec("properdocs") is None
