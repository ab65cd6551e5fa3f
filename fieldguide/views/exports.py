"""Machine-readable exports of the catalog, generated at build time.

/api/catalog.json  the whole catalog, in the shape of the published JSON Schemas
/api/models.csv    one row per model, for spreadsheets
Output is deterministic: sorted keys and rows, no timestamps.
"""

from __future__ import annotations

import json

from fieldguide.catalog.escape import csv_document
from fieldguide.catalog.kinds import url_for
from fieldguide.catalog.loader import Catalog
from fieldguide.views import format
from fieldguide.views.choose import page_data

FORMAT_VERSION = 1

CSV_COLUMNS = [
    "id", "name", "kind", "organization", "released", "status", "successor", "access", "license",
    "input_modalities", "output_modalities", "families", "parameters_billions", "active_parameters_billions",
    "parameters_confidence", "scale_tier", "context_window_tokens", "context_window_confidence", "max_output_tokens",
    "knowledge_cutoff", "tasks", "commercial_use", "license_confidence", "series", "summary", "url", "last_verified",
]


def catalog_json(catalog: Catalog) -> str:
    def dump(entries):
        return [entry.model_dump(mode="json", exclude_defaults=False) for entry in entries.values()]

    document = {
        "format_version": FORMAT_VERSION,
        "dimensions": catalog.dimensions.model_dump(mode="json"),
        "organizations": dump(catalog.organizations),
        "families": dump(catalog.families),
        "models": dump(catalog.models),
        "guides": dump(catalog.guides),
        "glossary": catalog.glossary.model_dump(mode="json") if catalog.glossary else None,
        "timeline": catalog.timeline.model_dump(mode="json") if catalog.timeline else None,
    }
    return _json(document, indent=1)


def _limit(m, name: str, attribute: str = "value"):
    """A published limit's value (or confidence), or None."""
    fact = getattr(m.limits, name) if m.limits else None
    return None if fact is None else getattr(fact, attribute)


def _json(document, **options) -> str:
    """Strict JSON: a value that is not finite is a bug, never `Infinity` in the output."""
    return json.dumps(document, sort_keys=True, ensure_ascii=False, allow_nan=False, **options) + "\n"


def models_csv(catalog: Catalog, site_url: str = "") -> str:
    rows = []
    for m in catalog.models.values():
        p, tier = m.parameters, catalog.scale_tier(m)
        rows.append({
            "id": m.id, "name": m.name, "kind": m.kind, "organization": m.organization,
            "released": m.released.date, "status": m.status, "successor": m.successor or "",
            "access": m.access, "license": m.license.name,
            "input_modalities": ";".join(m.modalities.input), "output_modalities": ";".join(m.modalities.output),
            "families": ";".join(m.families),
            "parameters_billions": "" if p is None else p.value,
            "active_parameters_billions": "" if p is None or p.active is None else p.active,
            "parameters_confidence": "" if p is None else p.confidence,
            "scale_tier": tier.id if tier else "",
            "context_window_tokens": _limit(m, "context_tokens") or "",
            "context_window_confidence": _limit(m, "context_tokens", "confidence") or "",
            "max_output_tokens": _limit(m, "max_output_tokens") or "",
            "knowledge_cutoff": _limit(m, "knowledge_cutoff") or "",
            "tasks": ";".join(m.tasks.ids) if m.tasks else "",
            "commercial_use": m.license.commercial_use or "", "license_confidence": m.license.confidence,
            "series": m.series or "",
            "summary": m.summary, "url": site_url + url_for("model", m.id), "last_verified": m.last_verified.isoformat(),
        })
    return csv_document(CSV_COLUMNS, ([row[c] for c in CSV_COLUMNS] for row in rows))


def catalog_schema() -> dict:
    """JSON Schema for /api/catalog.json, referring to the per-kind schemas beside it."""
    def array_of(kind):
        return {"type": "array", "items": {"$ref": f"{kind}.schema.json"}}

    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Generative Model Field Guide catalog export",
        "type": "object",
        "additionalProperties": False,
        "required": ["format_version", "dimensions", "organizations", "families", "models", "guides", "glossary", "timeline"],
        "properties": {
            "format_version": {"const": FORMAT_VERSION},
            "dimensions": {"$ref": "dimensions.schema.json"},
            "organizations": array_of("organization"),
            "families": array_of("family"),
            "models": array_of("model"),
            "guides": array_of("guide"),
            "glossary": {"anyOf": [{"$ref": "glossary.schema.json"}, {"type": "null"}]},
            "timeline": {"anyOf": [{"$ref": "timeline.schema.json"}, {"type": "null"}]},
        },
    }


COMPARE_FIELDS = [
    ("organization", "Organization"), ("kind", "Kind"), ("released", "Released"), ("status", "Status"),
    ("access", "Access"), ("license", "Licence"), ("input", "Input"), ("output", "Output"),
    ("families", "Architecture family"), ("parameters", "Parameters"), ("scale", "Scale tier"),
    ("context", "Context window"), ("cutoff", "Knowledge cut-off"), ("tasks", "Tasks"),
    ("commercial", "Commercial use"), ("fine_tuning", "Users can fine-tune"), ("deployment", "Deployment"),
    ("summary", "Summary"),
]


def compare_json(catalog: Catalog) -> str:
    """Display-ready facts per model for the compare builder (the browser only lays them out)."""
    def names(vocabulary, ids):
        return ", ".join(catalog.terms[vocabulary][i].name for i in ids)

    models = {}
    for m in catalog.models.values():
        tier = catalog.scale_tier(m)
        facts = {
            "organization": catalog.organizations[m.organization].name, "kind": m.kind.replace("-", " "),
            "released": m.released.date, "status": m.status + (f" (successor: {catalog.models[m.successor].name})" if m.successor else ""),
            "access": catalog.terms["access_levels"][m.access].name, "license": m.license.name,
            "input": names("modalities", m.modalities.input), "output": names("modalities", m.modalities.output),
            "families": ", ".join(catalog.families[f].name for f in m.families) or "undisclosed",
            "parameters": format.parameters(m.parameters), "scale": tier.name if tier else "n/a",
            "context": format.tokens(_limit(m, "context_tokens")),
            "cutoff": _limit(m, "knowledge_cutoff") or "n/a",
            "tasks": names("tasks", m.tasks.ids) if m.tasks else "n/a",
            "commercial": {"yes": "allowed", "no": "not allowed", "conditional": "with conditions"}.get(m.license.commercial_use, "n/a"),
            "fine_tuning": "yes" if m.fine_tuning.supported else "no",
            "deployment": names("deployment_options", m.deployment), "summary": m.summary,
        }
        models[m.id] = {"name": m.name, "url": url_for("model", m.id), "facts": facts}
    return _json({"fields": COMPARE_FIELDS, "models": models})


def choose_json(catalog: Catalog) -> str:
    """What /choose/ decides from in the browser: the selection engine's model profiles."""
    return _json(page_data(catalog), separators=(",", ":"))


def files(catalog: Catalog, site_url: str = "") -> dict[str, str]:
    """Every machine-readable file the site publishes: site path -> content."""
    from fieldguide.views.tables import all_tables

    out = {
        "api/catalog.json": catalog_json(catalog),
        "api/models.csv": models_csv(catalog, site_url),
        "api/compare.json": compare_json(catalog),
        "api/choose.json": choose_json(catalog),
    }
    tables = all_tables(catalog)
    for table_id, table in tables.items():
        out[f"compare/tables/{table_id}.csv"] = table.as_csv()
    for comparison in catalog.comparisons.values():  # a renamed comparison keeps its CSV address
        for old in comparison.previous_ids:
            out[f"compare/tables/{old}.csv"] = tables[comparison.id].as_csv()
    return out
