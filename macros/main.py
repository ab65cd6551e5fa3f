"""mkdocs-macros entry point: the macros that hand-written and generated pages call.

Each macro takes ids (never catalog text) and returns finished HTML/Markdown made by
render.Renderer for the current catalog.
"""

from __future__ import annotations

import sys
from pathlib import Path

_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from macros import pages  # noqa: E402  (looked up at call time: the hook may reload it)

# Renderer methods exposed to pages under the same name.
RENDERER_MACROS = (
    "model_page", "family_page", "organization_page", "guide_page",
    "models_table", "families_table", "organizations_table", "guides_list",
    "glossary", "timeline", "taxonomy_page", "taxonomy_overview", "family_tree",
    "table", "compare_builder", "table_ids", "choose_tool", "guide_sections", "maintainers", "changelog", "chart",
)


def _renderer_macro(name: str):
    def macro(*args, **kwargs) -> str:
        return getattr(pages.current_renderer(), name)(*args, **kwargs)

    macro.__name__ = name
    return macro


def define_env(env):
    for name in RENDERER_MACROS:
        env.macro(_renderer_macro(name), name)

    @env.macro
    def catalog_counts() -> dict:
        catalog = pages.current_catalog()
        return {"models": len(catalog.models), "families": len(catalog.families), "organizations": len(catalog.organizations)}
