"""Shared fixtures: a small valid catalog to break on purpose, and real builds."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "catalog"


class CatalogCopy:
    """A writable copy of the fixture catalog; `edit` changes one file by text replacement."""

    def __init__(self, path: Path):
        self.path = path

    def file(self, rel: str) -> Path:
        return self.path / rel

    def edit(self, rel: str, old: str, new: str) -> None:
        target = self.file(rel)
        text = target.read_text()
        assert old in text, f"{old!r} not in {rel}"
        target.write_text(text.replace(old, new, 1))

    def write(self, rel: str, text: str) -> None:
        self.file(rel).write_text(text)


@pytest.fixture
def catalog_copy(tmp_path) -> CatalogCopy:
    dest = tmp_path / "data"
    shutil.copytree(FIXTURE, dest)
    return CatalogCopy(dest)


def mkdocs_build(site_dir: Path, data_dir: Path | None = None) -> subprocess.CompletedProcess:
    """Run the real strict build in a subprocess, as `make build` does."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1700000000")
    if data_dir is not None:
        env["FIELDGUIDE_DATA"] = str(data_dir)
    else:
        env.pop("FIELDGUIDE_DATA", None)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real catalog, built once per test session."""
    site = tmp_path_factory.mktemp("site") / "site"
    result = mkdocs_build(site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory) -> Path:
    """The fixture catalog (with hostile-looking text), built once per test session."""
    site = tmp_path_factory.mktemp("fixture-site") / "site"
    result = mkdocs_build(site, FIXTURE)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def site_url(built_site):
    from tests.browser import serve

    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM_FLAGS, chromium_path

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_FLAGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, site_url):
    """A fresh page that records every request leaving 127.0.0.1."""
    context = browser.new_context()
    tab = context.new_page()
    tab.outside_requests = []
    tab.on("request", lambda r: None if r.url.startswith(site_url) or r.url.startswith("data:") else tab.outside_requests.append(r.url))
    yield tab
    context.close()
