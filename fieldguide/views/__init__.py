"""Views layer: pure functions from a Catalog to tables, taxonomy groups, chart geometry, selection verdicts and exports."""
