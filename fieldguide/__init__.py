"""The Generative Model Field Guide: a sourced catalog of generative models and its site.

Three layers, imports pointing down only (an import-linter contract in pyproject.toml):
  fieldguide.catalog  read, validate and compare the YAML catalog (no MkDocs, no Jinja)
  fieldguide.views    pure functions from a catalog to tables, charts, verdicts, exports
  fieldguide.site     the MkDocs plugin, rendering, templates, output verification
fieldguide.cli sits on top; macros/main.py is the thin mkdocs-macros module.
"""
