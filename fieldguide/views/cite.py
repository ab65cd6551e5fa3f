"""What a reader can cite from an entry page, pinned to the frozen copy of this release.

- `Edition`: the release being built, where its frozen copy lives (never `latest`) and the
  build's date, which is the access date of every citation.
- `*_facts`: the rows of an entry's key facts as plain text (label, value, confidence and
  the source the fact rests on), each with its fixed anchor.
- `bibtex`, `csl_json`, `fact_citation`: the citations themselves, each escaped for its own
  format here; the page prints them as text, so catalog text never becomes markup.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from urllib.parse import quote, urljoin

from fieldguide.catalog.kinds import url_for
from fieldguide.catalog.loader import Catalog
from fieldguide.catalog.schema import Family, Model, Organization, Source
from fieldguide.views import format

MODEL_KINDS = {"model": "Model", "model-family": "Family of models", "product": "Product or service"}
EVENTS = {"announcement": "announced", "paper": "paper", "weights": "weights released", "api": "API launch",
          "product": "product launch", "preview": "preview", "update": "update", "deprecation": "deprecated",
          "retirement": "retired"}
COMMERCIAL_USE = {"yes": "allowed", "no": "not allowed", "conditional": "allowed with conditions"}


@dataclass(frozen=True)
class Edition:
    """The release a build publishes: its frozen copy lives at <site_url><version>/."""

    title: str  # the guide's name, e.g. "Generative Model Field Guide"
    site_url: str  # the site's root (not a version's), e.g. "https://fieldguide.example.org/"
    version: str  # e.g. "2026.11"
    date: dt.date  # the build's date (SOURCE_DATE_EPOCH): when the release was issued and read

    def url(self, path: str) -> str:
        """The pinned address of a site-relative path in this release. Characters that would
        break a BibTeX field or a JSON string are percent-encoded."""
        return quote(urljoin(self.site_url, f"{self.version}/{path}"), safe=":/?#[]@!$&'()*+,;=%-._~")


@dataclass(frozen=True)
class Fact:
    anchor: str  # the row's fixed id on the page, e.g. "fact-parameters"
    label: str
    value: str  # plain text
    confidence: str | None = None  # for sourced figures: confirmed, estimated or speculative
    source: Source | None = None


# ---- the facts of each kind of entry, row by row ----------------------------------


def model_facts(catalog: Catalog, m: Model) -> dict[str, Fact]:
    """The key facts of a model, in table order, keyed by the row's name in the template."""
    names = catalog.terms
    sources = {s.id: s for s in m.sources}
    facts = [
        _fact("kind", "Kind", MODEL_KINDS[m.kind]),
        _fact("organization", "Organization", catalog.organizations[m.organization].name),
        _fact("released", "Released", f"{m.released.date} ({EVENTS[m.released.event]})", m.released, sources),
        _fact("status", "Status", m.status.capitalize() + (f": succeeded by {catalog.models[m.successor].name}" if m.successor else "")),
    ]
    if m.series:
        facts.append(_fact("series", "Series", ", ".join(f"{r.name} ({r.released.date})" for r in catalog.series(m.series))))
    facts += [
        _fact("tasks", "Tasks", ", ".join(names["tasks"][t].name for t in m.tasks.ids), m.tasks, sources),
        _fact("access", "Access", names["access_levels"][m.access].name),
        _fact("licence", "Licence", m.license.name + (f"; commercial use {COMMERCIAL_USE[m.license.commercial_use]}"
                                                      if m.license.commercial_use else ""),
              m.license if m.license.source else None, sources),
        _fact("input", "Input", ", ".join(names["modalities"][x].name for x in m.modalities.input)),
        _fact("output", "Output", ", ".join(names["modalities"][x].name for x in m.modalities.output)),
        _fact("families", "Architecture family", ", ".join(catalog.families[f].name for f in m.families) or "Undisclosed"),
    ]
    if m.parameters:
        p = m.parameters
        value = "Undisclosed" if p.value == "undisclosed" else format.billions(p.value) + (
            f" total, {format.billions(p.active)} active per token" if p.active else "")
        facts.append(_fact("parameters", "Parameters", value, p, sources))
    if (tier := catalog.scale_tier(m)) is not None:
        facts.append(_fact("scale-tier", "Scale tier", tier.name))
    limits = m.limits
    for key, label, limit in (("context-window", "Context window", limits and limits.context_tokens),
                              ("max-output", "Maximum output", limits and limits.max_output_tokens)):
        if limit:
            facts.append(_fact(key, label, f"{limit.value:,} tokens" + (f" ({limit.stated})" if limit.stated else ""), limit, sources))
    if limits and limits.knowledge_cutoff:
        facts.append(_fact("knowledge-cutoff", "Knowledge cut-off", limits.knowledge_cutoff.value, limits.knowledge_cutoff, sources))
    return {f.anchor.removeprefix("fact-"): f for f in facts}


def family_facts(catalog: Catalog, f: Family) -> dict[str, Fact]:
    """The key facts of a family and its trait ratings (keyed trait-<id>, their existing anchors)."""
    sources = {s.id: s for s in f.sources}
    chain = [a.name for a in reversed(catalog.ancestors(f.id))] + [f.name]
    facts = [_fact("also-called", "Also called", ", ".join(f.other_names))] if f.other_names else []
    facts.append(_fact("hierarchy", "Place in the hierarchy", " > ".join(chain)))
    if f.introduced:
        facts.append(_fact("introduced", "Introduced", f.introduced.date, f.introduced, sources))
    facts.append(_fact("modalities", "Typical modalities", ", ".join(catalog.terms["modalities"][x].name for x in f.modalities)))
    out = {fact.anchor.removeprefix("fact-"): fact for fact in facts}
    for t in catalog.dimensions.traits:
        trait = getattr(f.traits, t.id.replace("-", "_"))
        out[f"trait-{t.id}"] = Fact(f"trait-{t.id}", t.name, f"{trait.rating} ({trait.why.rstrip('.')})",
                                    source=sources.get(trait.source) if trait.source else None)
    return out


def organization_facts(o: Organization) -> dict[str, Fact]:
    facts = [_fact("kind", "Kind", o.kind.replace("-", " ").capitalize()), _fact("website", "Website", o.homepage)]
    if o.headquarters:
        facts.append(_fact("headquarters", "Headquarters", o.headquarters))
    if o.founded:
        facts.append(_fact("founded", "Founded", str(o.founded)))
    return {f.anchor.removeprefix("fact-"): f for f in facts}


def _fact(key: str, label: str, value: str, sourced=None, sources: dict[str, Source] | None = None) -> Fact:
    """A row; `sourced` is the catalog fact (with source and confidence) the value rests on."""
    if sourced is None:
        return Fact(f"fact-{key}", label, value)
    return Fact(f"fact-{key}", label, value, sourced.confidence, sources[sourced.source])


# ---- citations ----------------------------------------------------------------------


def fact_citation(edition: Edition, kind: str, entry_id: str, entry_name: str, fact: Fact) -> str:
    """One fact as a line to paste: value, confidence, its source, and the pinned row address."""
    text = f"{entry_name}, {fact.label.lower()}: {fact.value}" + (f" [{fact.confidence}]" if fact.confidence else "") + "."
    if fact.source:
        s = fact.source
        text += f" Source: {s.title}" + (f", {s.publisher}" if s.publisher else "") + f", {s.url}."
    return text + f" {_in_edition(edition)}, {edition.url(url_for(kind, entry_id, fact.anchor))}, accessed {edition.date.isoformat()}."


def citation_key(edition: Edition, entry_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.:-]", "-", f"fieldguide-{entry_id}-{edition.version}")


def bibtex(edition: Edition, kind: str, entry_id: str, entry_name: str) -> str:
    """A BibTeX @misc entry. Field values are quoted; the author and title are one brace group
    each, so styles neither split the guide's name into persons nor change the title's case."""
    url = edition.url(url_for(kind, entry_id))
    fields = [
        ("author", "{" + bibtex_text(edition.title) + "}"),
        ("title", "{" + bibtex_text(entry_name) + "}"),
        ("howpublished", bibtex_text(_in_edition(edition))),
        ("version", bibtex_text(edition.version)),
        ("year", str(edition.date.year)),
        ("url", url),  # percent-encoded, so nothing in it needs escaping
        ("urldate", edition.date.isoformat()),
        ("note", f"Accessed {edition.date.isoformat()}"),
    ]
    body = ",\n".join(f'  {name} = "{value}"' for name, value in fields)
    return f"@misc{{{citation_key(edition, entry_id)},\n{body}\n}}\n"


def csl_json(edition: Edition, kind: str, entry_id: str, entry_name: str) -> str:
    """A CSL-JSON item list (what Zotero, Pandoc and citeproc read), as indented JSON."""
    date = {"date-parts": [[edition.date.year, edition.date.month, edition.date.day]]}
    item = {
        "id": citation_key(edition, entry_id),
        "type": "entry-encyclopedia",
        "title": entry_name,
        "container-title": edition.title,
        "author": [{"literal": edition.title}],
        "version": edition.version,
        "URL": edition.url(url_for(kind, entry_id)),
        "issued": date,
        "accessed": date,
    }
    return json.dumps([item], indent=2, ensure_ascii=False) + "\n"


def _in_edition(edition: Edition) -> str:
    return f"{edition.title}, release {edition.version}"


# LaTeX's special characters, and BibTeX's: braces must stay balanced and a double quote
# would end a quoted field, so each becomes a command or a brace group of its own.
_BIBTEX = {"\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}", '"': '{"}',
           "$": r"\$", "&": r"\&", "%": r"\%", "#": r"\#", "_": r"\_",
           "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "<": r"\textless{}", ">": r"\textgreater{}"}


def bibtex_text(text: str) -> str:
    """Plain text as the value of a quoted BibTeX field: balanced, and literal in LaTeX."""
    return "".join(_BIBTEX.get(char, char) for char in text)
