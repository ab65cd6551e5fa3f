"""The Field Guide's MkDocs plugin: thin glue between MkDocs and the catalog.

Registered under the `mkdocs.plugins` entry point as `fieldguide` and configured in
mkdocs.yml. All state lives on the plugin instance. The work is done elsewhere:
loading and validating in fieldguide.catalog, tables/exports in fieldguide.views,
page bodies in site.render, output checks in site.verify.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path
from urllib.parse import urljoin

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import Abort
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, InclusionLevel

from fieldguide.catalog import changes, escape, history
from fieldguide.catalog.loader import Catalog, CatalogError, load_catalog
from fieldguide.site import htmlfix, pages, verify
from fieldguide.site.render import Renderer
from fieldguide.views import exports
from fieldguide.views.cite import Edition
from fieldguide.views.machine import Build
from fieldguide.views.tables import all_tables

log = logging.getLogger("mkdocs.plugins.fieldguide")
_ID = re.compile(r'\sid="([^"]+)"')


class FieldGuideConfig(Config):
    # The catalog directory, relative to mkdocs.yml. The environment variable
    # FIELDGUIDE_DATA overrides it (tests and benchmarks build other catalogs).
    catalog_dir = c.Type(str, default="data")
    # Entries verified longer ago than this before the release date get a notice.
    stale_after_days = c.Type(int, default=365)


class DataFile(File):
    """A generated file published as it is: a .md one is data beside a page, not a page."""

    def is_documentation_page(self) -> bool:
        return False


def release_version(root: Path) -> str:
    try:
        return changes.release_version(root)
    except ValueError as exc:
        raise Abort(str(exc)) from None


def _tag_anchor(config):
    """Tag name -> the anchor Material's tags plugin gives it on the tags index: its own slug
    settings, applied to the name as page.meta holds it (escaped, see pages.tags_for)."""
    tags = config.plugins.get("material/tags")
    if tags is None:
        return None
    options = tags.config
    return lambda name: options.tags_slugify_format.format(
        slug=options.tags_slugify(escape.html_text(name), options.tags_slugify_separator))


def data_dir(config_file: str | None, setting: str = "data") -> Path:
    """The catalog a build (or the CLI) reads: FIELDGUIDE_DATA, else the setting beside mkdocs.yml."""
    base = Path(config_file).resolve().parent if config_file else Path.cwd()
    return (base / (os.environ.get("FIELDGUIDE_DATA") or setting)).resolve()


class FieldGuidePlugin(BasePlugin[FieldGuideConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self._verifier: verify.BackgroundVerifier | None = None
        self.catalog: Catalog | None = None
        self.renderer: Renderer | None = None
        self.root = Path.cwd()
        self.data = Path("data")
        self._verified: set[str] = set()
        self._problems: list[str] = []
        self.version: str | None = None  # the release tag at HEAD
        self.history: list[changes.Release] = []  # every published release, for the feed

    # -- configuration and files

    @event_priority(50)  # before mike's on_config, which turns site_url into the `latest` alias's address
    def on_config(self, config):
        self.root = Path(config.config_file_path).resolve().parent if config.config_file_path else Path.cwd()
        self.data = data_dir(config.config_file_path, self.config.catalog_dir)
        try:
            catalog = load_catalog(self.data, root=self.root)
        except CatalogError as exc:
            # One line per problem, no traceback: this is a data mistake, not a bug.
            raise Abort(f"The catalog has {len(exc.problems)} problem(s); nothing was built.\n{exc}") from None
        if catalog is not self.catalog:  # unchanged files: keep the renderer and its caches
            self.catalog = catalog
            release_changes = changes.release_changes(self.root, self.data)
            self.version = release_changes[0]
            self.history = changes.release_history(self.root, self.data)
            edition = Edition(config.site_name, config.site_url or "/", release_version(self.root), pages.release_date(catalog))
            self.renderer = Renderer(catalog, stale_after_days=self.config.stale_after_days,
                                     release_date=edition.date, release_changes=release_changes,
                                     tag_anchor=_tag_anchor(config), edition=edition,
                                     histories=history.entry_histories(
                                         history.release_states(self.root, self.data, edition.version, self.history)))
        return config

    def on_serve(self, server, config, builder):
        server.watch(str(self.data))  # the catalog the build really reads
        return server

    def on_files(self, files, config):
        for generated in pages.generated_pages(self.catalog):
            if files.get_file_from_path(generated.src_uri) is not None:
                raise Abort(f"docs/{generated.src_uri} would hide the generated page for "
                            f"{generated.kind} '{generated.entry_id}'; remove it")
            files.append(File.generated(config, generated.src_uri, content="", inclusion=InclusionLevel.NOT_IN_NAV))
        for path, html in pages.redirect_pages(self.catalog):
            if files.get_file_from_path(path) is not None:
                raise Abort(f"the redirect {path} would shadow a real page")
            files.append(File.generated(config, path, content=html))
        if not config.site_url:
            raise Abort("mkdocs.yml needs site_url: the Atom feed's ids and links are absolute")
        # site_url as mike sets it for a release (its on_config runs after ours)
        build = Build(config.site_name, config.site_description or "", config.site_url,
                      version=self.version, date=self.renderer.release_date)
        for path, content in exports.files(self.catalog, build, self.history).items():
            files.append(DataFile.generated(config, path, content=content))
            self._verified.add(path)
            self._verifier.submit(path, content)  # checked in the worker while pages build
        return files

    # -- pages

    @event_priority(100)  # before Material's tags plugin reads page.meta["tags"]
    def on_page_markdown(self, markdown, page, config, files):
        found = pages.entry_for(self.catalog, page.file.src_uri)
        if found is None:
            return markdown
        kind, entry = found
        if page.file.generated_by:
            markdown = self.renderer.entry_page(kind, entry.id)
        page.meta["description"] = entry.summary  # escaped for attributes in on_page_context
        # Material prints page.meta.title (and MkDocs' title from the heading, unescaped) raw.
        page.meta["title"] = escape.html_text(entry.name)
        page.meta["tags"] = pages.tags_for(self.catalog, kind, entry)
        if kind in Renderer.GROUPED_TAGS:  # shown grouped after the content, not above the title
            page.meta["hide"] = ["tags"]
        # An entry's own page ranks first for its name or alias (Material's document boost).
        page.meta["search"] = {"boost": 10 if kind == "model" else 5}
        if config.repo_url:
            # The edit link opens the entry's YAML file, not the generated Markdown.
            source = self.catalog.source_path(kind, entry.id)
            page.edit_url = urljoin(config.repo_url.rstrip("/") + "/", (config.edit_uri or "") + "../" + source)
        return markdown

    def on_page_content(self, html, page, config, files):
        # The catalog's HTML blocks go in only now, after the page's Markdown is converted;
        # MkDocs' anchor validation still has to know the ids they hold.
        restored = self.renderer.blocks.restore(html)
        if restored != html and page.present_anchor_ids is not None:
            page.present_anchor_ids |= set(_ID.findall(restored))
        return restored

    def on_page_context(self, context, page, config, nav):
        # Material prints page.meta.description into <meta> attributes unescaped.
        description = page.meta.get("description")
        if isinstance(description, str):
            page.meta["description"] = escape.html_attribute(description)
        return context

    # -- verification: every page and generated file as it is written (in a worker
    # process), every other file after the build

    def on_pre_build(self, config):
        self._verified.clear()
        self._problems.clear()
        self.renderer.placed_tables.clear()
        self._verifier = verify.BackgroundVerifier()

    def _secure(self, url: str, html: str) -> str:
        # The CSP goes in now; the full check of the page as written runs in a worker.
        html = verify.add_csp_fast(htmlfix.repair(html))
        self._verified.add(url)
        self._verifier.submit(url, html)
        return html

    def on_post_page(self, output, page, config):
        return self._secure(page.file.dest_uri, output)

    def on_post_template(self, output_content, template_name, config):
        return self._secure(template_name, output_content) if template_name.endswith(".html") else output_content

    @event_priority(-100)  # after every other plugin has written its files
    def on_post_build(self, config):
        site = Path(config.site_dir)
        for path in sorted(site.rglob("*")):  # while the worker may still check pages
            url = path.relative_to(site).as_posix()
            if path.suffix in verify.SUFFIXES and url not in self._verified and path.is_file():
                self._problems.extend(verify.verify_file(site, path))
        self._problems.extend(self._verifier.problems())
        for table in all_tables(self.catalog).values():
            if table.id not in self.renderer.placed_tables:
                self._problems.append(f"table '{table.id}' (group '{table.group}') is on no page: "
                                      f"add {{{{ tables_in(\"{table.group}\") }}}} to one")
        if self._problems:
            shown = "\n".join(self._problems[:50])
            more = f"\n... and {len(self._problems) - 50} more" if len(self._problems) > 50 else ""
            raise Abort(f"The built site failed verification ({len(self._problems)} problem(s)); "
                              f"do not publish it.\n{shown}{more}")
