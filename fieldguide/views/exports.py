"""Machine-readable exports of the catalog, generated at build time.

/api/catalog.json  the whole catalog, in the shape of the published JSON Schemas
/api/models.csv    one row per model, for spreadsheets, each figure beside its confidence
/feed.xml, /llms.txt, per-entry Markdown and JSON: see feed.py and machine.py
Output is deterministic: sorted keys and rows, no clock (dates come from the release).
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from fieldguide.catalog.changes import Release
from fieldguide.catalog.escape import csv_document
from fieldguide.catalog.kinds import KINDS, url_for
from fieldguide.catalog.loader import Catalog
from fieldguide.views import feed, format, machine
from fieldguide.views.choose import page_data
from fieldguide.views.machine import Build

FORMAT_VERSION = 1

CSV_COLUMNS = [
    "id", "name", "kind", "organization", "released", "released_confidence", "status", "successor", "access", "license",
    "input_modalities", "output_modalities", "families", "parameters_billions", "active_parameters_billions",
    "parameters_confidence", "scale_tier", "context_window_tokens", "context_window_confidence", "max_output_tokens",
    "max_output_confidence", "knowledge_cutoff", "knowledge_cutoff_confidence", "tasks", "commercial_use",
    "license_confidence", "series", "summary", "url", "last_verified",
]  # add columns freely, never rename or remove one: spreadsheets and scripts read them by name


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
            "released": m.released.date, "released_confidence": m.released.confidence, "status": m.status, "successor": m.successor or "",
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
            "max_output_confidence": _limit(m, "max_output_tokens", "confidence") or "",
            "knowledge_cutoff": _limit(m, "knowledge_cutoff") or "",
            "knowledge_cutoff_confidence": _limit(m, "knowledge_cutoff", "confidence") or "",
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


COMPARE_FACTS = [
    ("organization", "Organization"), ("kind", "Kind"), ("released", "Released"), ("status", "Status"),
    ("access", "Access"), ("input", "Input"), ("output", "Output"),
    ("families", "Architecture family"), ("parameters", "Parameters"), ("scale", "Scale tier"),
    ("context", "Context window"), ("cutoff", "Knowledge cut-off"), ("tasks", "Tasks"),
    ("fine_tuning", "Users can fine-tune"), ("deployment", "Deployment"), ("summary", "Summary"),
]
COMPARE_LICENCE = [
    ("license", "Licence"), ("commercial", "Commercial use"), ("user_threshold", "User threshold"),
    ("revenue_threshold", "Revenue threshold"), ("attribution", "Attribution"), ("derivative_naming", "Derivative naming"),
    ("acceptable_use_policy", "Acceptable-use policy"), ("output_restrictions", "Output restrictions"),
]


def compare_json(catalog: Catalog) -> str:
    """Display-ready values per model for the compare builder (the browser only lays them out).

    `fields` lists [key, label, section] in table order; each model has `facts` (key: text),
    `confidence` (key: confirmed, estimated or speculative) and `links` (key: URL). A value
    the catalog records without a confidence of its own (a name, a classification, a family's
    trait rating, "n/a" or "not recorded") takes the schema's default, confirmed. `renamed`
    maps previous ids to current ones, so old shared links keep their columns.
    """
    sure = "confirmed"

    def names(vocabulary, ids):
        return ", ".join(catalog.terms[vocabulary][i].name for i in ids)

    def term(licence, text):  # a licence term is as sure as the licence entry; an absent one is not recorded
        return (text, licence.confidence) if text else ("not recorded", sure)

    traits = catalog.dimensions.traits
    fields = ([[key, label, "Facts"] for key, label in COMPARE_FACTS]
              + [[key, label, "Licence terms"] for key, label in COMPARE_LICENCE]
              + [["trait_family", "Main family", "Traits of the main family"]]
              + [[f"trait_{t.id}", t.name, "Traits of the main family"] for t in traits])
    models = {}
    for m in catalog.models.values():
        tier, p, lic = catalog.scale_tier(m), m.parameters, m.license
        family = catalog.families[m.families[0]] if m.families else None
        values = {  # key: (text, confidence)
            "organization": (catalog.organizations[m.organization].name, sure), "kind": (m.kind.replace("-", " "), sure),
            "released": (m.released.date, m.released.confidence),
            "status": (m.status + (f" (successor: {catalog.models[m.successor].name})" if m.successor else ""), sure),
            "access": (catalog.terms["access_levels"][m.access].name, sure),
            "input": (names("modalities", m.modalities.input), sure), "output": (names("modalities", m.modalities.output), sure),
            "families": (", ".join(catalog.families[f].name for f in m.families) or "undisclosed", sure),
            "parameters": (format.parameters(p, with_confidence=False), p.confidence if p else sure),
            "scale": (tier.name if tier else "n/a", p.confidence if p else sure),  # derived from the parameter count
            "context": (format.tokens(_limit(m, "context_tokens")), _limit(m, "context_tokens", "confidence") or sure),
            "cutoff": (_limit(m, "knowledge_cutoff") or "n/a", _limit(m, "knowledge_cutoff", "confidence") or sure),
            "tasks": (names("tasks", m.tasks.ids), m.tasks.confidence),
            "fine_tuning": ("yes" if m.fine_tuning.supported else "no", sure),
            "deployment": (names("deployment_options", m.deployment), sure), "summary": (m.summary, sure),
            "license": term(lic, lic.name),
            "commercial": term(lic, {"yes": "allowed", "no": "not allowed", "conditional": "with conditions"}.get(lic.commercial_use)),
            **{key: term(lic, getattr(lic, key)) for key, _ in COMPARE_LICENCE[2:]},
            "trait_family": (family.name if family else "undisclosed", sure),
            **{f"trait_{t.id}": (getattr(family.traits, t.id.replace("-", "_")).rating if family else "n/a", sure) for t in traits},
        }
        links = {"license": lic.url, "acceptable_use_policy": lic.acceptable_use_policy}
        models[m.id] = {
            "name": m.name, "url": url_for("model", m.id), "aliases": list(m.aliases),
            "facts": {key: text for key, (text, _) in values.items()},
            "confidence": {key: level for key, (_, level) in values.items()},
            "links": {key: url for key, url in links.items() if url},
        }
    renamed = {old: m.id for m in catalog.models.values() for old in m.previous_ids}
    return _json({"fields": fields, "models": models, "renamed": renamed}, separators=(",", ":"))


def choose_json(catalog: Catalog) -> str:
    """What /choose/ decides from in the browser: the selection engine's model profiles."""
    return _json(page_data(catalog), separators=(",", ":"))


def files(catalog: Catalog, build: Build, history: Sequence[Release] = ()) -> dict[str, str]:
    """Every machine-readable file the site publishes: site path -> content (history: the
    published releases, for the feed)."""
    from fieldguide.views.tables import all_tables

    out = {
        "api/catalog.json": catalog_json(catalog),
        "api/models.csv": models_csv(catalog, build.site_url),
        "api/compare.json": compare_json(catalog),
        "api/choose.json": choose_json(catalog),
        "feed.xml": feed.atom(list(history), build),
        "llms.txt": machine.llms_txt(catalog, build),
        "llms-full.txt": machine.llms_full_txt(catalog, build),
    }
    tables = all_tables(catalog)
    for table_id, table in tables.items():
        out[f"compare/tables/{table_id}.csv"] = table.as_csv()
    for comparison in catalog.comparisons.values():  # a renamed comparison keeps its CSV address
        for old in comparison.previous_ids:
            out[f"compare/tables/{old}.csv"] = tables[comparison.id].as_csv()
    for kind in machine.ENTRY_KINDS:  # a renamed entry keeps its Markdown and JSON addresses too
        for entry in getattr(catalog, KINDS[kind].attribute).values():
            markdown = machine.entry_markdown(catalog, build, kind, entry.id)
            document = _json(machine.entry_json(catalog, build, kind, entry.id))
            for entry_id in (entry.id, *entry.previous_ids):
                out[machine.markdown_path(kind, entry_id)] = markdown
                out[machine.json_path(kind, entry_id)] = document
    return out
