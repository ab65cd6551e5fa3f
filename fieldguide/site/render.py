"""Turn catalog entries into page bodies (Markdown headings + inert HTML blocks).

Text from the catalog is data. It reaches the page only through this module:
- plain text is HTML-escaped by Jinja's autoescape (escape.py names each context),
- Markdown fields go through prose.py's restricted renderer and nh3's allow-list,
- the HTML made here is handed to the page as placeholders (blocks.py) and filled in
  after the page's Markdown is converted, so nothing parses it again,
- nothing from the catalog is ever handed to mkdocs-macros as template source.
Section headings carry fixed ids (`{ #facts }`) that reviewers can link to.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer, TextLexer

from fieldguide.catalog import escape
from fieldguide.catalog.history import EntryHistory
from fieldguide.catalog.kinds import KINDS, taxonomy_url, url_for
from fieldguide.catalog.loader import Catalog
from fieldguide.site import prose
from fieldguide.site.blocks import Blocks
from fieldguide.views import charts, choose, cite, format, lineage, tables, taxonomy

TEMPLATES = Path(__file__).parent / "templates"


def markdown_to_html(text: str, glossary: prose.GlossaryLinks | None = None) -> Markup:
    """Render a catalog Markdown field to allow-listed, inert HTML."""
    return Markup(prose.to_html(text, glossary))


def heading_text(text: str) -> Markup:
    """Plain text that is safe inside a Markdown heading line (see escape.markdown_heading)."""
    return Markup(escape.markdown_heading(text))


# One formatter and lexer each for every page: making them costs more than highlighting.
_CODE_FORMATTER = HtmlFormatter(cssclass="highlight", wrapcode=True)
_LEXERS = {"python": PythonLexer(), "text": TextLexer()}


def code_block(code: str, language: str = "python") -> Markup:
    """Code as escaped HTML in Material's code style, highlighted for pseudocode (Python-like)
    or plain ("text": citations, whose highlighting colours would fall below 4.5:1 contrast);
    Material gives each block a copy button."""
    return Markup(highlight(code, _LEXERS[language], _CODE_FORMATTER))


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(md=_md_filter, heading=heading_text, code=code_block, number=format.billions,
                       tokens=format.tokens, parameters=format.parameters)
    return env


@jinja2.pass_context
def _md_filter(context, text: str) -> Markup:
    return markdown_to_html(text, context.get("glossary_links"))


class GlossaryLinker:
    """Finds glossary terms (and their aliases) in prose, case-sensitively, whole words only."""

    def __init__(self, glossary):
        self._targets: dict[str, dict[str, str]] = {}
        self.names: dict[str, str] = {}
        for term in glossary.terms if glossary else ():
            for name in (term.term, *term.aliases):
                if len(name) >= 3:
                    self.names.setdefault(name, term.id)
        names = sorted(self.names, key=len, reverse=True)  # longest first: "KV cache" before "cache"
        self.pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, names)) + r")(?![\w-])") if names else None

    def targets(self, base: str) -> dict[str, str]:
        """Term -> link, per page depth (a few depths, so kept on the instance)."""
        if base not in self._targets:
            self._targets[base] = {name: f"{base}glossary/#{term_id}" for name, term_id in self.names.items()}
        return self._targets[base]


class Renderer:
    """Renders pages for one catalog. `base` is the relative path from a page to the site root."""

    GROUPED_TAGS = ("model", "family", "organization")  # kinds whose pages list their tags, grouped, at the end

    def __init__(self, catalog: Catalog, *, stale_after_days: int = 365, release_date: dt.date | None = None,
                 placeholders: bool = True, release_changes: tuple | None = None,
                 tag_anchor: Callable[[str], str] | None = None, edition: cite.Edition | None = None,
                 histories: dict[tuple[str, str], EntryHistory] | None = None):
        self.catalog = catalog
        # The release being built and each entry's history across releases (history.py reads
        # git before the build): without them (no MkDocs), pages have no Cite or History section.
        self.edition = edition
        self.histories = histories or {}
        # Tag name -> its anchor on the tags index page (from Material's tags plugin); without
        # it (no MkDocs), tags are listed unlinked.
        self.tag_anchor = tag_anchor
        self.linker = GlossaryLinker(catalog.glossary)
        self.stale_after_days = stale_after_days
        self.release_date = release_date
        # With placeholders, HTML waits in self.blocks until the page's Markdown is converted;
        # without, it stays inline (tests, and pages written for another builder).
        self.blocks = Blocks() if placeholders else None
        self._terms: dict[tuple[str, str], Markup] = {}
        # (this release, the previous one, what changed): computed from git before the
        # build by catalog.changes, never while a page renders.
        self.release_changes = release_changes
        self.placed_tables: set[str] = set()  # tables some page showed: the plugin reports the rest

    def entry_page(self, kind: str, entry_id: str) -> str:
        """The Markdown body of an entry's generated page."""
        return getattr(self, f"{kind}_page")(entry_id)

    def staleness(self, entry) -> int | None:
        """Days between last verification and the release, when that exceeds the allowed age."""
        if self.release_date is None:
            return None
        age = (self.release_date - entry.last_verified).days
        return age if age > self.stale_after_days else None

    def stale_entries(self) -> list[tuple[str, Any, int]]:
        out = []
        for kind, group in (("model", self.catalog.models), ("family", self.catalog.families),
                            ("organization", self.catalog.organizations), ("guide", self.catalog.guides)):
            for entry in group.values():
                age = self.staleness(entry)
                if age is not None:
                    out.append((kind, entry, age))
        return sorted(out, key=lambda item: (item[1].last_verified, item[0], item[1].id))

    def term_html(self, vocabulary: str, term_id: str) -> Markup:
        """A vocabulary term with its definition on hover; the same on every page, so made once."""
        key = (vocabulary, term_id)
        if key not in self._terms:
            self._terms[key] = self._term_html(vocabulary, term_id)
        return self._terms[key]

    def _term_html(self, vocabulary: str, term_id: str) -> Markup:
        term = self.catalog.terms[vocabulary][term_id]
        return Markup('<span class="fg-term" title="{}">{}</span>').format(term.definition, term.name)

    def terms_html(self, vocabulary: str, ids) -> Markup:
        return Markup(", ").join(self.term_html(vocabulary, term_id) for term_id in ids)

    def render(self, template: str, base: str, *, link_glossary: bool = True, **context: Any) -> str:
        """A template's output for a page: its headings as Markdown, its HTML as placeholders."""
        env = environment()
        glossary = None
        if link_glossary and self.linker.pattern is not None:
            glossary = prose.GlossaryLinks(self.linker.pattern, self.linker.targets(base))
        out = env.get_template(template).render(
            catalog=self.catalog, terms=self.catalog.terms, base=base, url=_Urls(base),
            term=self.term_html, terms_list=self.terms_html, glossary_links=glossary, **context,
        )
        return self.blocks.protect(out) if self.blocks else out

    # -- entry pages (base is two levels up: /models/<id>/ -> ../../)

    def model_page(self, model_id: str) -> str:
        m = self.catalog.models[model_id]
        return self.render(
            "model.md.j2", "../../", m=m, stale=self.staleness(m), release_date=self.release_date, org=self.catalog.organizations[m.organization],
            tier=self.catalog.scale_tier(m), cites=_citations(m), series=self.catalog.series(m.series) if m.series else [],
            lineage=lineage.lineage(self.catalog, m), EVENTS=cite.EVENTS,
            **self._entry_extras("model", m, cite.model_facts(self.catalog, m)),
        )

    def family_page(self, family_id: str) -> str:
        f = self.catalog.families[family_id]
        return self.render(
            "family.md.j2", "../../", f=f, stale=self.staleness(f), release_date=self.release_date, ancestors=list(reversed(self.catalog.ancestors(family_id))),
            children=self.catalog.children(family_id), models=self.catalog.models_in_family(family_id),
            cites=_citations(f), **self._entry_extras("family", f, cite.family_facts(self.catalog, f)),
        )

    def organization_page(self, org_id: str) -> str:
        o = self.catalog.organizations[org_id]
        return self.render("organization.md.j2", "../../", o=o, models=self.catalog.models_of(org_id), cites=_citations(o),
                           **self._entry_extras("organization", o, cite.organization_facts(o)))

    def _entry_extras(self, kind: str, entry, facts: dict[str, cite.Fact]) -> dict[str, Any]:
        """What every entry page shows around its own content: its facts (with a citation of
        each), how to cite it, its history across releases and its tags, grouped."""
        extras: dict[str, Any] = {"facts": facts, "fact_cites": {}, "cite": None,
                                  "history": self.histories.get((kind, entry.id)), "tags": self.tags(kind, entry)}
        if e := self.edition:
            extras["fact_cites"] = {f.anchor: cite.fact_citation(e, kind, entry.id, entry.name, f) for f in facts.values()}
            extras["cite"] = {"version": e.version, "url": e.url(url_for(kind, entry.id)), "accessed": e.date.isoformat(),
                              "bibtex": code_block(cite.bibtex(e, kind, entry.id, entry.name), "text"),
                              "csl_json": code_block(cite.csl_json(e, kind, entry.id, entry.name), "text")}
        return extras

    def tags(self, kind: str, entry) -> list[tuple[str, list[tuple[str, str | None]]]]:
        """(group, [(tag, its anchor on the tags index or None)]) for the tags after an entry's content."""
        anchor = self.tag_anchor or (lambda name: None)
        return [(group, [(name, anchor(name)) for name in names]) for group, names in tag_groups(self.catalog, kind, entry)]

    def guide_page(self, guide_id: str) -> str:
        g = self.catalog.guides[guide_id]
        return self.render("guide.md.j2", "../../", g=g, cites=_citations(g))

    def glossary(self, base: str = "../") -> str:
        g = self.catalog.glossary
        return self.render("glossary.html.j2", base, link_glossary=False, glossary=g, cites=_citations(g) if g else {})

    def timeline(self, base: str = "../") -> str:
        t = self.catalog.timeline
        return self.render("timeline.html.j2", base, timeline=t, cites=_citations(t) if t else {})

    def guides_list(self, base: str = "../") -> str:
        return self.render("guides_list.html.j2", base, guides=list(self.catalog.guides.values()))

    def taxonomy_page(self, dimension: str, base: str = "../../") -> str:
        title, vocabulary, blurb = taxonomy.dimensions()[dimension]
        return self.render("taxonomy.md.j2", base, dimension=dimension, title=title, blurb=blurb,
                           groups=taxonomy.groups(self.catalog, dimension), rows=taxonomy.family_tree_rows(self.catalog))

    def taxonomy_overview(self, base: str = "../") -> str:
        rows = []
        for slug, (title, _, blurb) in taxonomy.dimensions().items():
            rows.append((slug, title, blurb, sum(1 for g in taxonomy.groups(self.catalog, slug) if g.models)))
        return self.render("taxonomy_overview.html.j2", base, rows=rows)

    def family_tree(self, base: str = "../") -> str:
        return self.render("family_tree.svg.j2", base, rows=taxonomy.family_tree_rows(self.catalog)) + \
            self.render("family_tree_list.html.j2", base)

    def tables_in(self, group: str, base: str = "../") -> str:
        """Every table of a group, in catalog order; a page lists groups, never table ids.
        (A small catalog may have none in a group: the page then shows none.)"""
        return "".join(self.table(t.id, base) for t in tables.in_group(self.catalog, group))

    def table(self, table_id: str, base: str = "../") -> str:
        found = tables.all_tables(self.catalog).get(table_id)
        if found is None:
            raise KeyError(f"unknown table '{table_id}'; known: {', '.join(tables.all_tables(self.catalog))}")
        self.placed_tables.add(table_id)
        return self.render("table.html.j2", base, link_glossary=False, t=found)

    def compare_builder(self, base: str = "../") -> str:
        return self.render("compare_builder.html.j2", base)

    def choose_tool(self, base: str = "../") -> str:
        """The selection form; copied decision records link to this release's frozen root."""
        release, version = (self.edition.url(""), self.edition.version) if self.edition else ("", "")
        return self.render("choose_tool.html.j2", base, release=release, version=version,
                           defaults=asdict(choose.Requirements()), deployments=choose.DEPLOYMENTS,
                           latencies=choose.LATENCIES, budgets=tuple(choose.BUDGETS),
                           ceilings={b: choose.budget_ceiling(self.catalog, b) for b in choose.BUDGETS})

    def guide_sections(self, guide_id: str, base: str = "../") -> str:
        """A guide's sections embedded in another page (e.g. the framework on /choose/)."""
        g = self.catalog.guides.get(guide_id)
        if g is None:
            return ""
        return self.render("guide_sections.md.j2", base, g=g, cites=_citations(g))

    CHARTS = {
        "release-timeline": charts.release_timeline,
        "parameters-by-date": charts.parameters_by_date,
        "entries-per-family": charts.entries_per_family,
        "entries-per-access": charts.entries_per_access,
    }

    def chart(self, chart_id: str, base: str = "../") -> str:
        return self.render("charts.html.j2", base, link_glossary=False, chart=self.CHARTS[chart_id](self.catalog))

    def table_ids(self, group: str) -> list[str]:
        return [t.id for t in tables.in_group(self.catalog, group)]

    def maintainers(self, base: str = "../") -> str:
        return self.render("maintainers.html.j2", base, link_glossary=False, stale=self.stale_entries(),
                           release_date=self.release_date, days=self.stale_after_days, files=self.catalog.files)

    def changelog(self, base: str = "../") -> str:
        current, previous, result = self.release_changes or (None, None, None)
        return self.render("changelog.html.j2", base, link_glossary=False, current=current, previous=previous,
                           result=result, kinds={k.name: k.section for k in KINDS.values() if k.section})

    # Examples the home page prefers; any that this catalog lacks are left out.
    EXAMPLE_FAMILIES = ("diffusion", "mixture-of-experts", "gan")
    EXAMPLE_COMPARISON = ("gpt-4o", "claude-3-5-sonnet", "gemini-1-5-pro")

    def three_ways_in(self, base: str = "") -> str:
        families = [self.catalog.families[i] for i in self.EXAMPLE_FAMILIES if i in self.catalog.families]
        compared = [self.catalog.models[i] for i in self.EXAMPLE_COMPARISON if i in self.catalog.models]
        return self.render("three_ways_in.html.j2", base, link_glossary=False, families=families,
                           compared=compared if len(compared) > 1 else [])

    def whats_new(self, base: str = "") -> str:
        latest = sorted(self.catalog.models.values(), key=lambda m: (m.released.date, m.id), reverse=True)[:8]
        return self.render("whats_new.html.j2", base, link_glossary=False, latest=latest,
                           changes=self.release_changes or (None, None, None))

    # -- index tables (base is one level up: /models/ -> ../)

    def models_table(self, base: str = "../") -> str:
        return self.tables_in("listing-models", base)

    def families_table(self, base: str = "../") -> str:
        roots = [f for f in self.catalog.families.values() if f.parent is None]
        return self.render("family_tree_list.html.j2", base, roots=roots) + self.tables_in("listing-families", base)

    def organizations_table(self, base: str = "../") -> str:
        return self.tables_in("listing-organizations", base)


def tag_groups(catalog: Catalog, kind: str, entry) -> list[tuple[str, list[str]]]:
    """(group, tag names) in the order an entry page shows them; the names are plain text."""
    terms = catalog.terms
    if kind == "model":
        return [group for group in (
            ("Kind", [{"model": "Model", "model-family": "Model family", "product": "Product"}[entry.kind]]),
            ("Access", [terms["access_levels"][entry.access].name]),
            ("Modality", [terms["modalities"][m].name for m in dict.fromkeys((*entry.modalities.input, *entry.modalities.output))]),
            ("Architecture", [catalog.families[f].name for f in entry.families]),
            ("Task", [terms["tasks"][t].name for t in entry.tasks.ids]),
        ) if group[1]]
    if kind == "family":
        return [("Kind", ["Architecture family"]), ("Modality", [terms["modalities"][m].name for m in entry.modalities])]
    return [("Kind", [{"organization": "Organization", "guide": "Concept"}[kind]])]


class _Urls:
    """Links from the page being rendered: kinds.url_for made relative by the page's base."""

    def __init__(self, base: str):
        self.base = base

    def model(self, entry_id: str, anchor: str = "") -> str:
        return self.base + url_for("model", entry_id, anchor)

    def family(self, entry_id: str, anchor: str = "") -> str:
        return self.base + url_for("family", entry_id, anchor)

    def organization(self, entry_id: str, anchor: str = "") -> str:
        return self.base + url_for("organization", entry_id, anchor)

    def guide(self, entry_id: str, anchor: str = "") -> str:
        return self.base + url_for("guide", entry_id, anchor)

    def entry(self, entry_id: str, catalog: Catalog) -> str:
        """A model or family id, whichever it is (ids are unique across kinds)."""
        return self.model(entry_id) if entry_id in catalog.models else self.family(entry_id)

    def entry_of(self, kind: str, entry_id: str, anchor: str = "") -> str:
        return self.base + url_for(kind, entry_id, anchor)

    def taxonomy(self, dimension: str, term: str = "") -> str:
        return self.base + taxonomy_url(dimension, term)

    def site(self, path: str) -> str:
        """A site-relative URL from a view (tables, charts), made relative to this page."""
        return path if path.startswith(("http://", "https://", "#")) else self.base + path


def _citations(entry: Any) -> dict[str, int]:
    """Source id -> footnote number, in the order sources are listed."""
    return {s.id: i for i, s in enumerate(entry.sources, start=1)}
