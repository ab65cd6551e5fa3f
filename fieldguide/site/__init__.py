"""Site layer: the MkDocs plugin, rendering, templates and HTML post-processing (the only code that imports MkDocs, Jinja or nh3)."""
