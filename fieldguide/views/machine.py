"""The catalog for programs and language models, generated at build time (pure: no MkDocs).

/<section>/<id>/index.md   each model, family and organization as Markdown, beside its page
/api/<section>/<id>.json   the same entry as JSON (the published schema's shape) with its page URL
/llms.txt                  the llms.txt index: title, summary, a link to every entry's Markdown
/llms-full.txt             the whole catalog as one Markdown file
Every fact is written with its confidence and source id, and every entry with the day it
was last verified. Catalog text is escaped as inert Markdown (views/markdown.py), and
links between these files are relative, so each release's copy links within itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from fieldguide.catalog.escape import markdown_text as text
from fieldguide.catalog.escape import markdown_url
from fieldguide.catalog.kinds import KINDS, url_for
from fieldguide.catalog.loader import Catalog
from fieldguide.views import format
from fieldguide.views.markdown import code_block, prose

FORMAT_VERSION = 1
ENTRY_KINDS = ("model", "family", "organization")
_CONFIDENCE = ("Every figure says how sure the catalog is of it: confirmed (its source states it), "
              "estimated (a reputable third-party estimate) or speculative (a rumour); "
              "the source ids point to the entry's list of sources.")
_EVENTS = {"announcement": "announced", "paper": "paper", "weights": "weights released", "api": "API launch",
           "product": "product launch", "preview": "preview", "update": "update", "deprecation": "deprecated",
           "retirement": "retired"}
_RELATIONS = {"base-model": "Built on", "fine-tune-of": "Fine-tuned from", "distilled-from": "Distilled from",
              "teacher-of": "Teacher of", "sibling": "Released alongside", "predecessor": "Follows",
              "variant-of": "A variant of"}
_COMMERCIAL = {"yes": "allowed", "no": "not allowed", "conditional": "allowed with conditions"}


@dataclass(frozen=True)
class Build:
    """What a build knows besides the catalog: the site (mkdocs.yml) and which release it is."""

    name: str  # site_name
    description: str  # site_description, one line
    site_url: str  # "" when unknown: page URLs are then site-relative
    version: str | None  # the release tag the build was made from, None for an untagged build
    date: dt.date  # the release date (the commit date, never the clock)


def markdown_path(kind: str, entry_id: str) -> str:
    return url_for(kind, entry_id) + "index.md"


def json_path(kind: str, entry_id: str) -> str:
    return f"api/{KINDS[kind].section}/{entry_id}.json"


def _entries(catalog: Catalog, kind: str):
    return getattr(catalog, KINDS[kind].attribute)


# ---- one entry as Markdown ------------------------------------------------------------


class _Writer:
    """Markdown for the entries of one catalog, from a page at `base` (path to the site root)."""

    def __init__(self, catalog: Catalog, build: Build, base: str, level: int):
        self.catalog, self.build, self.base = catalog, build, base
        self.h1, self.h2 = "#" * level, "#" * (level + 1)

    def link(self, kind: str, entry_id: str) -> str:
        name = _entries(self.catalog, kind)[entry_id].name
        return f"[{text(name)}]({self.base}{markdown_path(kind, entry_id)})"

    def term(self, vocabulary: str, ids) -> str:
        return ", ".join(text(self.catalog.terms[vocabulary][i].name) for i in ids)

    def section(self, title: str, body: str) -> str:
        return f"{self.h2} {title}\n\n{body}"

    def entry(self, kind: str, entry_id: str) -> str:
        entry = _entries(self.catalog, kind)[entry_id]
        page = self.build.site_url + url_for(kind, entry_id) if self.build.site_url else self.base + url_for(kind, entry_id)
        head = [f"{self.h1} {text(entry.name)}", f"> {text(entry.summary)}",
                f"{KINDS[kind].name.capitalize()} `{entry.id}` of the {text(self.build.name)}: [its page]({markdown_url(page)}), "
                f"[its JSON]({self.base}{json_path(kind, entry_id)}). "
                f"Last verified: {entry.last_verified.isoformat()}."]
        body = getattr(self, kind)(entry)
        return "\n\n".join([*head, *body, self.sources(entry)]) + "\n"

    def sources(self, entry) -> str:
        items = []
        for s in entry.sources:
            item = f"- `{s.id}`: [{text(s.title)}]({markdown_url(s.url)})"
            item += f", {text(s.publisher)}" if s.publisher else ""
            item += f", published {s.published}" if s.published else ""
            items.append(item + f". Accessed {s.accessed.isoformat()}.")
        return self.section("Sources", "\n".join(items) + f"\n\nLast verified {entry.last_verified.isoformat()}.")

    # -- the three kinds

    def model(self, m) -> list[str]:
        c = self.catalog
        facts = [f"- Kind: {m.kind.replace('-', ' ')}",
                 f"- Organization: {self.link('organization', m.organization)}",
                 f"- Released: {m.released.date}, {_EVENTS[m.released.event]}{_sourced(m.released)}",
                 f"- Status: {m.status}" + (f", succeeded by {self.link('model', m.successor)}" if m.successor else "")]
        if m.series:
            facts.append(f"- Series: {', '.join(self.link('model', r.id) for r in c.series(m.series))}")
        if m.aliases:
            facts.append(f"- Also known as: {', '.join(text(a) for a in m.aliases)}")
        facts += [f"- Tasks: {self.term('tasks', m.tasks.ids)}{_sourced(m.tasks)}",
                  f"- Access: {self.term('access_levels', [m.access])}",
                  f"- Licence: {_licence(m.license)}",
                  f"- Input: {self.term('modalities', m.modalities.input)}",
                  f"- Output: {self.term('modalities', m.modalities.output)}",
                  "- Architecture family: " + (", ".join(self.link("family", f) for f in m.families) or "undisclosed")]
        if m.parameters:
            facts.append(f"- Parameters: {_parameters(m.parameters)}")
        if tier := c.scale_tier(m):
            facts.append(f"- Scale tier: {text(tier.name)}")
        facts += _limits(m.limits)
        blocks = [self.section("Facts", "\n".join(facts)), self.section("Overview", prose(m.description))]
        if m.architecture:
            blocks.append(self.section("Architecture", prose(m.architecture)))
        if m.training_data:
            blocks.append(self.section("Training data", prose(m.training_data)))
        if m.alignment:
            blocks.append(self.section("Alignment and fine-tuning methods", _bullets(m.alignment)))
        blocks.append(self.section("Capabilities and use cases", "\n".join([
            f"- Capabilities: {self.term('capabilities', m.capabilities)}",
            f"- Specialization: {self.term('specializations', m.specializations)}",
            f"- Typical uses: {'; '.join(text(u) for u in m.use_cases)}"])))
        tuning = ("Users can fine-tune this model." if m.fine_tuning.supported else "Users cannot fine-tune this model's weights.")
        tuning += f" (source: `{m.fine_tuning.source}`)" if m.fine_tuning.source else ""
        blocks.append(self.section("Customization", tuning + (f"\n\n{prose(m.fine_tuning.how)}" if m.fine_tuning.how else "")))
        blocks.append(self.section("Deployment", "\n".join(
            f"- {self.term('deployment_options', [d])}: {text(c.terms['deployment_options'][d].definition)}" for d in m.deployment)))
        if m.variants:
            blocks.append(self.section("Variants", "\n".join(self.variant(v) for v in m.variants)))
        if m.events:
            blocks.append(self.section("Release events", "\n".join(
                f"- {e.date}: {_EVENTS[e.event]}" + (f", {text(e.what)}" if e.what else "") + _sourced(e) for e in m.events)))
        lineage = [f"- {_RELATIONS[r.type]} " + (self.link("model", r.target) if r.target else text(r.name)) + _sourced(r)
                   for r in m.relations]
        lineage += [f"- Built on {self.link('model', b)}" for b in m.base_models]
        lineage += [f"- Powered by {self.link('model', b)}" for b in m.powered_by]
        if lineage:
            blocks.append(self.section("Lineage", "\n".join(lineage)))
        return blocks

    def variant(self, v) -> str:
        parts = [f"- {text(v.name)} (source: `{v.source}`)" + (f": {text(v.summary)}" if v.summary else "")]
        if v.parameters:
            parts.append(f"  - Parameters: {_parameters(v.parameters)}")
        if v.access:
            parts.append(f"  - Access: {self.term('access_levels', [v.access])}")
        if v.license:
            parts.append(f"  - Licence: {_licence(v.license)}")
        parts += ["  " + line for line in _limits(v.limits)]
        return "\n".join(parts)

    def family(self, f) -> list[str]:
        c = self.catalog
        facts = []
        if f.other_names:
            facts.append(f"- Also called: {', '.join(text(n) for n in f.other_names)}")
        if f.parent:
            facts.append(f"- Part of: {self.link('family', f.parent)}")
        if f.introduced:
            facts.append(f"- Introduced: {f.introduced.date}{_sourced(f.introduced)}")
        facts.append(f"- Typical modalities: {self.term('modalities', f.modalities)}")
        traits = []
        for t in c.dimensions.traits:
            trait = getattr(f.traits, t.id.replace("-", "_"))
            traits.append(f"- {text(t.name)}: {trait.rating}. {text(trait.why)}" + (f" (source: `{trait.source}`)" if trait.source else ""))
        blocks = [self.section("Facts", "\n".join(facts)), self.section("Overview", prose(f.description)),
                  self.section("How it works", prose(f.mechanism)),
                  self.section("Training objective", prose(f.training_objective)),
                  self.section("Sampling", prose(f.sampling)),
                  self.section("Pseudocode", code_block(f.pseudocode, "python")),
                  self.section("Strengths", _bullets(f.strengths)), self.section("Limitations", _bullets(f.limitations)),
                  self.section("Traits", "\n".join(traits))]
        if f.variants:
            blocks.append(self.section("Variants", "\n".join(
                f"- {text(v.name)}: {text(v.summary)}" + (f" (source: `{v.source}`)" if v.source else "") for v in f.variants)))
        blocks.append(self.section("Applications", _bullets(f.applications)))
        related = [f"- Includes {self.link('family', child.id)}" for child in c.children(f.id)]
        if related:
            blocks.append(self.section("Sub-families", "\n".join(related)))
        models = c.models_in_family(f.id)
        if models:
            blocks.append(self.section("Models in this family", "\n".join(
                f"- {self.link('model', m.id)}: {text(m.summary)}" for m in models)))
        return blocks

    def organization(self, o) -> list[str]:
        facts = [f"- Kind: {o.kind.replace('-', ' ')}", f"- Website: [{text(o.homepage)}]({markdown_url(o.homepage)})"]
        if o.headquarters:
            facts.append(f"- Headquarters: {text(o.headquarters)}")
        if o.founded:
            facts.append(f"- Founded: {o.founded}")
        blocks = [self.section("Facts", "\n".join(facts)), self.section("Overview", prose(o.description))]
        models = self.catalog.models_of(o.id)
        if models:
            blocks.append(self.section("Models", "\n".join(
                f"- {self.link('model', m.id)} ({m.released.date[:4]}): {text(m.summary)}" for m in models)))
        return blocks


def _sourced(fact) -> str:
    """' (confirmed; source `paper`; note)': how sure we are of a fact and where it comes from."""
    parts = [fact.confidence + (", derived by the catalog" if getattr(fact, "derived", False) else ""), f"source: `{fact.source}`"]
    if getattr(fact, "note", None):
        parts.append(text(fact.note))
    return " (" + "; ".join(parts) + ")"


def _bullets(items) -> str:
    return "\n".join(f"- {text(item)}" for item in items)


def _parameters(p) -> str:
    if p.value == "undisclosed":
        out = "undisclosed" + _sourced(p)
    else:
        out = f"{format.billions(p.value)} total" + (f", {format.billions(p.active)} active per token" if p.active else "") + _sourced(p)
    return out + "".join(f"; outside estimate {format.billions(e.value)}{_sourced(e)}" for e in p.estimates)


def _limits(limits) -> list[str]:
    if limits is None:
        return []
    out = []
    for name, label in (("context_tokens", "Context window"), ("max_output_tokens", "Maximum output")):
        if limit := getattr(limits, name):
            out.append(f"- {label}: {format.tokens(limit.value)}" + (f" (stated as {text(limit.stated)})" if limit.stated else "") + _sourced(limit))
    if limits.knowledge_cutoff:
        out.append(f"- Knowledge cut-off: {limits.knowledge_cutoff.value}{_sourced(limits.knowledge_cutoff)}")
    return out


def _licence(lic) -> str:
    name = f"[{text(lic.name)}]({markdown_url(lic.url)})" if lic.url else text(lic.name)
    parts = [name + f" ({lic.confidence}" + (f"; source: `{lic.source}`)" if lic.source else ")")]
    if lic.commercial_use:
        parts.append(f"commercial use {_COMMERCIAL[lic.commercial_use]}")
    for field, label in (("user_threshold", "users"), ("revenue_threshold", "revenue"), ("attribution", "attribution"),
                         ("derivative_naming", "derivative names"), ("output_restrictions", "outputs")):
        if value := getattr(lic, field):
            parts.append(f"{label}: {text(value)}")
    if lic.acceptable_use_policy:
        parts.append(f"[acceptable-use policy]({markdown_url(lic.acceptable_use_policy)})")
    return "; ".join(parts)


# ---- the files ------------------------------------------------------------------------------


def entry_markdown(catalog: Catalog, build: Build, kind: str, entry_id: str) -> str:
    """An entry's Markdown file, which sits beside its page (links are relative to it)."""
    return _Writer(catalog, build, "../../", 1).entry(kind, entry_id)


def llms_txt(catalog: Catalog, build: Build) -> str:
    """The llms.txt index (llmstxt.org): H1, a blockquote summary, then sections of links."""
    writer = _Writer(catalog, build, "", 1)
    blocks = [f"# {text(build.name)}", f"> {text(build.description)}", _about(catalog, build)]
    for kind, title in (("model", "Models"), ("family", "Architecture families"), ("organization", "Organizations")):
        blocks.append(f"## {title}\n\n" + "\n".join(
            f"- {writer.link(kind, e.id)}: {text(e.summary)}" for e in _entries(catalog, kind).values()))
    blocks.append("## Data\n\n" + "\n".join([
        "- [The whole catalog as one Markdown file](llms-full.txt): every entry below, with its facts, confidence and sources",
        "- [The whole catalog as JSON](api/catalog.json): in the shape of the JSON Schemas under schema/",
        "- [Models as CSV](api/models.csv): one row per model, a confidence column beside each figure",
        "- [JSON Schema of a model](schema/model.schema.json): the shape of `entry` in each `api/models/<id>.json`",
    ]))
    blocks.append("## Optional\n\n- [Atom feed of releases and new entries](feed.xml)")
    return "\n\n".join(blocks) + "\n"


def llms_full_txt(catalog: Catalog, build: Build) -> str:
    """Every model, family and organization in one Markdown file (entry headings one level down)."""
    writer = _Writer(catalog, build, "", 2)
    blocks = [f"# {text(build.name)}", f"> {text(build.description)}", _about(catalog, build)]
    for kind in ENTRY_KINDS:
        blocks += [writer.entry(kind, entry_id).rstrip("\n") for entry_id in _entries(catalog, kind)]
    return "\n\n".join(blocks) + "\n"


def _about(catalog: Catalog, build: Build) -> str:
    version = f"release {text(build.version)}" if build.version else "an untagged build"
    return (f"The catalog of {build.date.isoformat()} ({version}): {len(catalog.models)} models, "
            f"{len(catalog.families)} architecture families and {len(catalog.organizations)} organizations. "
            f"Each entry below links to its Markdown file; its page and JSON are linked from there. {_CONFIDENCE}")


def entry_json(catalog: Catalog, build: Build, kind: str, entry_id: str) -> dict:
    """An entry as JSON: `entry` has the shape of /schema/<kind>.schema.json; the rest says
    where its page is and which catalog it comes from. The page URL is absolute (site_url:
    for a release, the `latest` alias, whose pages redirect); the Markdown and the schema
    are relative to this file, as an alias holds no copy of files other than pages."""
    entry = _entries(catalog, kind)[entry_id]
    return {
        "format_version": FORMAT_VERSION,
        "catalog_version": build.version,
        "catalog_date": build.date.isoformat(),
        "kind": kind,
        "id": entry.id,
        "url": build.site_url + url_for(kind, entry.id),
        "markdown": "../../" + markdown_path(kind, entry.id),
        "schema": f"../../schema/{kind}.schema.json",
        "entry": entry.model_dump(mode="json", exclude_defaults=False),
    }
