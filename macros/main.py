"""mkdocs-macros module: the macros that hand-written pages in docs/ call.

Thin wrappers: each takes ids (never catalog text) and returns what the Field Guide
plugin's renderer makes for the current catalog, with links relative to the page
being rendered. All logic lives in the `fieldguide` package.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

# Renderer methods exposed to pages under the same name.
RENDERER_MACROS = (
    "models_table", "families_table", "organizations_table", "guides_list", "whats_new", "three_ways_in",
    "glossary", "timeline", "taxonomy_page", "taxonomy_overview", "family_tree",
    "table", "tables_in", "compare_builder", "guide_sections", "maintainers", "changelog", "chart",
)


def _base(page) -> str:
    """From the page to the site root: 'compare/by-modality/' -> '../../'."""
    return "../" * page.url.strip("/").count("/") + ("../" if page.url.strip("/") else "")


def _version(config_file: str) -> str:
    """This release's version, as pyproject.toml beside mkdocs.yml names it (mike publishes it there)."""
    with open(Path(config_file).parent / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["project"]["version"]


def define_env(env):
    plugin = env.conf.plugins["fieldguide"]  # listed before macros in mkdocs.yml, so configured first

    def renderer_macro(name: str):
        def macro(*args):
            return getattr(plugin.renderer, name)(*args, base=_base(env.page))

        macro.__name__ = name
        return macro

    for name in RENDERER_MACROS:
        env.macro(renderer_macro(name), name)

    @env.macro
    def choose_tool() -> str:
        # A copied decision record links to this release's frozen copy: site_url + version + "/".
        version = _version(env.conf.config_file_path)
        release = f"{env.conf.site_url}{version}/" if env.conf.site_url else ""
        return plugin.renderer.choose_tool(base=_base(env.page), release=release, version=version)

    @env.macro
    def table_ids(prefix: str = "") -> list[str]:
        return plugin.renderer.table_ids(prefix)

    @env.macro
    def catalog_counts() -> dict:
        catalog = plugin.catalog
        return {"models": len(catalog.models), "families": len(catalog.families), "organizations": len(catalog.organizations)}
