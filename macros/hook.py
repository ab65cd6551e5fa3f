"""MkDocs hook: validate the catalog, add one in-memory page per entry, fill page metadata.

Thin glue: the work happens in catalog.py, pages.py and render.py.
"""

from __future__ import annotations

import importlib
import logging
import re
import sys
from pathlib import Path
from urllib.parse import urljoin

_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:  # let `import macros.x` work however MkDocs loaded this file
    sys.path.insert(0, _ROOT)

from mkdocs.exceptions import Abort  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402
from mkdocs.structure.files import File, InclusionLevel  # noqa: E402

from macros import blocks, catalog, changes, charts, escape, exports, htmlfix, pages, prose, render, schema, selection, tables, taxonomy, verify, yamlsafe  # noqa: E402

log = logging.getLogger("mkdocs.hooks.fieldguide")

# In dependency order, so `make serve` can pick up edits to the Python code too.
_MODULES = (escape, yamlsafe, schema, catalog, changes, charts, taxonomy, tables, selection, prose, blocks, render, exports, pages)
_code_stamp: tuple = ()


def _reload_edited_code() -> None:
    global _code_stamp
    stamp = tuple(Path(m.__file__).stat().st_mtime_ns for m in _MODULES)
    if _code_stamp and stamp != _code_stamp:
        log.info("macros/ changed: reloading the catalog code")
        for module in _MODULES:
            importlib.reload(module)
    _code_stamp = stamp


def on_config(config):
    _reload_edited_code()
    options = (config.extra or {}).get("fieldguide", {})
    pages.SETTINGS = pages.Settings(stale_after_days=int(options.get("stale_after_days", 365)))
    try:
        pages.refresh_catalog()
    except catalog.CatalogError as exc:
        # One line per problem, no traceback: this is a data mistake, not a bug.
        raise Abort(f"The catalog has {len(exc.problems)} problem(s); nothing was built.\n{exc}")
    return config


def on_serve(server, config, builder):
    # Watch the catalog the build really reads (FIELDGUIDE_DATA may point elsewhere).
    server.watch(str(pages.data_dir()))
    return server


def on_files(files, config):
    for generated in pages.generated_pages(pages.current_catalog()):
        if files.get_file_from_path(generated.src_uri) is not None:
            raise Abort(f"docs/{generated.src_uri} would hide the generated page for {generated.kind} '{generated.entry_id}'; remove it")
        files.append(File.generated(config, generated.src_uri, content="", inclusion=InclusionLevel.NOT_IN_NAV))
    current = pages.current_catalog()
    for src_uri, html in pages.redirect_pages(current):
        if files.get_file_from_path(src_uri) is not None:
            raise Abort(f"the redirect {src_uri} would shadow a real page")
        files.append(File.generated(config, src_uri, content=html))
    files.append(File.generated(config, "api/catalog.json", content=exports.catalog_json(current)))
    files.append(File.generated(config, "api/models.csv", content=exports.models_csv(current, config.site_url or "")))
    files.append(File.generated(config, "api/compare.json", content=exports.compare_json(current)))
    files.append(File.generated(config, "api/choose.json", content=exports.choose_json(current)))
    for table_id, table in tables.all_tables(current).items():
        files.append(File.generated(config, f"compare/tables/{table_id}.csv", content=table.as_csv()))
    for comparison in current.comparisons.values():  # a renamed comparison keeps its CSV address
        for old in comparison.previous_ids:
            files.append(File.generated(config, f"compare/tables/{old}.csv", content=tables.all_tables(current)[comparison.id].as_csv()))
    return files


@event_priority(100)  # before Material's tags plugin reads page.meta["tags"]
def on_page_markdown(markdown, page, config, files):
    found = pages.entry_for(pages.current_catalog(), page.file.src_uri)
    if found is None:
        return markdown
    kind, entry = found
    if page.file.generated_by:
        # Rendered here rather than through a macro call, which would cost mkdocs-macros a
        # template compilation per page: about 1.5 ms each, thousands of times.
        markdown = pages.entry_page(kind, entry.id)
    page.meta["description"] = entry.summary  # escaped for attributes in on_page_context
    # Material prints page.meta.title (and MkDocs' title from the heading, unescaped) raw.
    page.meta["title"] = escape.html_text(entry.name)
    page.meta.setdefault("tags", pages.tags_for(pages.current_catalog(), kind, entry))
    if config.repo_url:
        # The edit link opens the entry's YAML file, not the generated Markdown.
        source = pages.current_catalog().source_path(kind, entry.id)
        page.edit_url = urljoin(config.repo_url.rstrip("/") + "/", (config.edit_uri or "") + "../" + source)
    return markdown


_ID = re.compile(r'\sid="([^"]+)"')


def on_page_content(html, page, config, files):
    # The catalog's HTML blocks go in only now, after the page's Markdown is converted;
    # MkDocs' anchor validation still has to know the ids they hold.
    restored = pages.current_renderer().blocks.restore(html)
    if restored != html and page.present_anchor_ids is not None:
        page.present_anchor_ids |= set(_ID.findall(restored))
    return restored


def on_page_context(context, page, config, nav):
    # Material prints page.meta.description into <meta> attributes unescaped.
    description = page.meta.get("description")
    if isinstance(description, str):
        page.meta["description"] = escape.html_attribute(description)
    return context


# The build's verification: pages are checked as they are written (one parse gives both
# the page's CSP and its problems); every other file in post_build.
_verified: set[str] = set()
_problems: list[str] = []


def on_pre_build(config):
    _verified.clear()
    _problems.clear()


def _secure(url: str, html: str) -> str:
    html, problems = verify.secure_page(url, htmlfix.repair(html))
    _verified.add(url)
    _problems.extend(problems)
    return html


def on_post_page(output, page, config):
    return _secure(page.file.dest_uri, output)


def on_post_template(output_content, template_name, config):
    return _secure(template_name, output_content) if template_name.endswith(".html") else output_content


@event_priority(-100)  # after every other plugin has written its files
def on_post_build(config):
    site = Path(config.site_dir)
    for path in sorted(site.rglob("*")):
        url = path.relative_to(site).as_posix()
        if path.suffix in (".html", ".json", ".csv") and url not in _verified and path.is_file():
            _problems.extend(verify.verify_file(site, path))
    if _problems:
        shown = "\n".join(_problems[:50]) + (f"\n... and {len(_problems) - 50} more" if len(_problems) > 50 else "")
        raise Abort(f"The built site failed verification ({len(_problems)} problem(s)); do not publish it.\n{shown}")
