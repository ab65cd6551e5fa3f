"""mkdocs-macros module: the macros that hand-written pages in docs/ call.

Thin wrappers: each takes ids (never catalog text) and returns what the Field Guide
plugin's renderer makes for the current catalog, with links relative to the page
being rendered. All logic lives in the `fieldguide` package.
"""

from __future__ import annotations

# Renderer methods exposed to pages under the same name.
RENDERER_MACROS = (
    "models_table", "families_table", "organizations_table", "guides_list", "whats_new", "three_ways_in", "choose_tool",
    "glossary", "timeline", "taxonomy_page", "taxonomy_overview", "family_tree",
    "table", "tables_in", "compare_builder", "guide_sections", "maintainers", "changelog", "chart",
)


def _base(page) -> str:
    """From the page to the site root: 'compare/by-modality/' -> '../../'."""
    return "../" * page.url.strip("/").count("/") + ("../" if page.url.strip("/") else "")


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
    def table_ids(prefix: str = "") -> list[str]:
        return plugin.renderer.table_ids(prefix)

    @env.macro
    def catalog_counts() -> dict:
        catalog = plugin.catalog
        return {"models": len(catalog.models), "families": len(catalog.families), "organizations": len(catalog.organizations)}
