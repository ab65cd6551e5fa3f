"""Catalog layer: reading, schema, validation and changes between versions (no MkDocs, no Jinja)."""
