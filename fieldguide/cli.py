"""Command line for contributors and CI.

    fieldguide validate [FILE ...]        check the catalog; exit 0 clean, 1 problems, 2 usage
    fieldguide new KIND ID                model, family or organization: write a scaffold with TODO markers the validator rejects
    fieldguide diff REF                   list catalog changes between git REF and the work tree
    fieldguide schema [--write|--check]   print, write or check the JSON Schemas in docs/schema/
    fieldguide urls SITE [--write]        check (or rewrite) the published-URL manifest against a built site
    fieldguide mcp [--site DIR]           serve the catalog to AI assistants (MCP over stdio; see mcp_server.py)

(`fieldguide` is installed into .venv by `make`; `python -m fieldguide.cli` is the same.)

`validate` always checks the whole catalog (cross-references need every file); with
FILE arguments it reports only the problems in those files.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from functools import cached_property
from pathlib import Path

import yaml

from fieldguide.catalog import changes
from fieldguide.catalog.escape import terminal
from fieldguide.catalog.kinds import KINDS as KIND_REGISTRY
from fieldguide.catalog.loader import CatalogError, load_catalog
from fieldguide.catalog.schema import FIELD_HELP, KINDS
from fieldguide.views.choose import BUDGETS, DEPLOYMENTS, LATENCIES
from fieldguide.views.exports import catalog_schema

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class Project:
    """The checkout the command works on: the nearest directory at or above the working
    directory that holds mkdocs.yml (never the directory this code is installed from, so a
    virtualenv shared by two checkouts checks the right one). Its catalog is --data, else
    FIELDGUIDE_DATA, else the plugin's `catalog_dir` in mkdocs.yml, else data/."""

    def __init__(self, data: str | None = None, start: Path | None = None):
        start = (start or Path.cwd()).resolve()
        self.root = next((d for d in (start, *start.parents) if (d / "mkdocs.yml").is_file()), start)
        setting = data or os.environ.get("FIELDGUIDE_DATA") or self._catalog_dir() or "data"
        self.data = (Path.cwd() / setting).resolve() if data else (self.root / setting).resolve()
        self.schema_dir = self.root / "docs" / "schema"
        self.manifest = self.root / "tests" / "published-urls.txt"

    def _catalog_dir(self) -> str | None:
        return self.plugin_config("fieldguide").get("catalog_dir")

    @cached_property
    def mkdocs_config(self) -> dict:
        """The project's mkdocs.yml as plain data ({} when missing or unreadable)."""
        try:
            config = yaml.safe_load((self.root / "mkdocs.yml").read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError):
            return {}
        return config if isinstance(config, dict) else {}

    def plugin_config(self, name: str) -> dict:
        """A plugin's settings in mkdocs.yml ({} when it has none)."""
        for plugin in self.mkdocs_config.get("plugins") or ():
            if isinstance(plugin, dict) and isinstance(plugin.get(name), dict):
                return plugin[name]
        return {}

    @staticmethod
    def shown(path: Path) -> str:
        """As the user would type it from here: relative to the working directory when near, else absolute."""
        relative = Path(os.path.relpath(path, Path.cwd())).as_posix()
        return path.as_posix() if relative.startswith("../../../") else relative


def schema_documents(data_dir: Path | None = None) -> dict[str, str]:
    """File name -> JSON text of every published schema, generated from schema.py, with
    enums of the catalog's current vocabulary terms and ids (so an editor flags an unknown
    access level or organization as you type). Without a valid catalog, patterns only."""
    enums = _reference_enums(data_dir)
    out = {}
    for kind, model in sorted(KINDS.items()):
        document = {"$schema": "https://json-schema.org/draft/2020-12/schema", **model.model_json_schema()}
        _add_enums(document, enums)
        _add_help(document)
        out[f"{kind}.schema.json"] = json.dumps(document, indent=2, sort_keys=True) + "\n"
    catalog_document = catalog_schema()
    _add_help(catalog_document)
    out["catalog.schema.json"] = json.dumps(catalog_document, indent=2, sort_keys=True) + "\n"
    return out


def _reference_enums(data_dir: Path | None) -> dict[str, list[str]]:
    """x-ref name (a vocabulary or a kind) -> the ids the catalog has for it."""
    try:
        catalog = load_catalog(data_dir or Project().data)
    except CatalogError:
        return {}
    enums = {name: sorted(terms) for name, terms in catalog.terms.items()}
    enums.update(organization=sorted(catalog.organizations), family=sorted(catalog.families),
                 model=sorted(catalog.models), entry=sorted({*catalog.models, *catalog.families}))
    return enums


def _add_help(node) -> None:
    """A description on every property (schema.FIELD_HELP fills those the models leave out)."""
    if isinstance(node, dict):
        for name, child in (node.get("properties") or {}).items():
            if isinstance(child, dict) and "description" not in child and name in FIELD_HELP:
                child["description"] = FIELD_HELP[name]
        for value in node.values():
            _add_help(value)
    elif isinstance(node, list):
        for value in node:
            _add_help(value)


def _add_enums(node, enums: dict[str, list[str]]) -> None:
    if isinstance(node, dict):
        if node.get("x-ref") in enums:
            node["enum"] = enums[node["x-ref"]]
        for value in node.values():
            _add_enums(value, enums)
    elif isinstance(node, list):
        for value in node:
            _add_enums(value, enums)


def cmd_validate(args) -> int:
    project = args.project
    data_dir = project.data
    print(f"Checking the catalog in {project.shown(data_dir)}/", file=sys.stderr)
    try:
        catalog = load_catalog(data_dir, root=Path.cwd())
    except CatalogError as exc:
        problems = exc.problems
        if args.files:
            wanted = {Path(f).resolve() for f in args.files}
            problems = [p for p in problems if (Path.cwd() / p.path).resolve() in wanted]
        for problem in problems:
            print(problem)
        if problems:
            print(f"{len(problems)} problem(s) found.", file=sys.stderr)
            return EXIT_PROBLEMS
        others = sorted({p.path for p in exc.problems})
        print(f"The files given are fine, but {len(others)} other catalog file(s) have problems "
              f"(run without file names to see them): {', '.join(others)}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(
        f"Catalog OK ({project.shown(data_dir)}/): {len(catalog.models)} models, {len(catalog.families)} families, "
        f"{len(catalog.organizations)} organizations.",
        file=sys.stderr,
    )
    return EXIT_OK


def cmd_schema(args) -> int:
    SCHEMA_DIR = args.project.schema_dir
    if args.check:
        return cmd_schema_check(SCHEMA_DIR, args.project.data)
    documents = schema_documents(args.project.data)
    if args.write:
        SCHEMA_DIR.mkdir(parents=True, exist_ok=True)
        for name, text in documents.items():
            (SCHEMA_DIR / name).write_text(text, encoding="utf-8")
            print(f"wrote docs/schema/{name}")
    else:
        json.dump({k: json.loads(v) for k, v in documents.items()}, sys.stdout, indent=2)
        print()
    return EXIT_OK


def cmd_schema_check(SCHEMA_DIR: Path, data_dir: Path) -> int:
    stale = []
    documents = schema_documents(data_dir)
    for name, text in documents.items():
        path = SCHEMA_DIR / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            stale.append(f"docs/schema/{name}")
    for name in sorted(p.name for p in SCHEMA_DIR.glob("*.schema.json")):
        if name not in documents:
            stale.append(f"docs/schema/{name} (no longer generated)")
    for item in stale:
        print(f"{item}: out of date with fieldguide/catalog/schema.py; run `make schema`")
    return EXIT_PROBLEMS if stale else EXIT_OK


SCAFFOLDS = {
    "model": """# yaml-language-server: $schema=../../docs/schema/model.schema.json
# Replace every TODO; `make validate` rejects the file until none is left.
# Ids you can use: organizations in data/organizations/, families in data/families/,
# and the vocabularies (access, modalities, capabilities, ...) in data/dimensions.yaml.
id: {id}
name: TODO the model's name as its makers write it
aliases: []
kind: model  # model, model-family or product
organization: TODO
released:
  date: TODO  # YYYY-MM-DD or YYYY-MM
  source: main
status: active  # active, deprecated or superseded (then add successor: <model id>)
access: TODO  # product-only, closed-api, research-only, open-weights-restricted or open-source
license:
  name: TODO
  source: main
modalities:
  input: [text]
  output: [text]
families: [TODO]
summary: TODO one line of plain text, 10 to 240 characters
description: |
  TODO what it is, in your own words, for engineers and architects.
parameters:
  value: undisclosed  # billions, e.g. 7.2, or undisclosed
  confidence: confirmed  # confirmed, estimated or speculative
  source: main
tasks:
  ids: [TODO]  # task ids from data/dimensions.yaml, e.g. chat, summarization, image-generation
  source: main
capabilities: [TODO]
specializations: [general]
use_cases:
  - TODO
fine_tuning:
  supported: false
deployment: [TODO]
sources:
  - id: main
    title: TODO the title of the paper, model card or announcement
    url: https://TODO.example.org/
    accessed: {today}
last_verified: {today}
""",
    "family": """# yaml-language-server: $schema=../../docs/schema/family.schema.json
# Replace every TODO; `make validate` rejects the file until none is left.
id: {id}
name: TODO
other_names: []
parent: null  # or the id of a broader family
summary: TODO one line of plain text, 10 to 240 characters
description: |
  TODO
mechanism: |
  TODO how it generates
training_objective: |
  TODO
sampling: |
  TODO how samples are drawn
strengths:
  - TODO
limitations:
  - TODO
modalities: [TODO]
applications:
  - TODO
traits:
  training_stability: {{rating: TODO, why: TODO}}
  sample_quality: {{rating: TODO, why: TODO}}
  sampling_speed: {{rating: TODO, why: TODO}}
  exact_likelihood: {{rating: TODO, why: TODO}}
  data_needs: {{rating: TODO, why: TODO}}
  interpretability: {{rating: TODO, why: TODO}}
pseudocode: |
  # TODO a short sketch in your own words
sources:
  - id: main
    title: TODO the original paper
    url: https://TODO.example.org/
    accessed: {today}
last_verified: {today}
""",
    "organization": """# yaml-language-server: $schema=../../docs/schema/organization.schema.json
# Replace every TODO; `make validate` rejects the file until none is left.
id: {id}
name: TODO
kind: company  # company, research-lab, non-profit, university or community
homepage: https://TODO.example.org/
summary: TODO one line of plain text, 10 to 240 characters
description: |
  TODO
sources:
  - id: main
    title: TODO
    url: https://TODO.example.org/
    accessed: {today}
last_verified: {today}
""",
}


def cmd_new(args) -> int:
    import datetime as dt
    import re

    from fieldguide.catalog.schema import ID_PATTERN

    if not re.match(ID_PATTERN, args.id):
        print(f"'{args.id}' is not a valid id: use lowercase letters, digits and hyphens", file=sys.stderr)
        return EXIT_USAGE
    directory = {"model": "models", "family": "families", "organization": "organizations"}[args.kind]
    target = args.project.data / directory / f"{args.id}.yaml"
    if target.exists():
        print(f"{target} already exists", file=sys.stderr)
        return EXIT_USAGE
    # The scaffold's dates are a starting point for the contributor, not build output.
    today = dt.date.today().isoformat()
    target.write_text(SCAFFOLDS[args.kind].format(id=args.id, today=today), encoding="utf-8")
    print(f"wrote {target}; fill in every TODO, then run `make validate`")
    if args.kind == "model":
        print("An entry usually touches other files too:\n"
              "  - its organization in data/organizations/ (add one if it is new);\n"
              "  - the releases of the same line: give them all the same `series`, and set `successor` on the one it replaces;\n"
              "  - data/timeline.yaml, if the release is a milestone (link it in `entries`);\n"
              "  - after it validates: `make schema` (the JSON Schemas list every id) and `make urls` (the new page's addresses).")
    return EXIT_OK


def cmd_diff(args) -> int:
    root, data_dir = args.project.root, args.project.data
    try:
        old_files = changes.files_at_ref(root, args.ref, data_dir.relative_to(root).as_posix())
    except (ValueError, changes.subprocess.CalledProcessError):
        print(f"cannot read the catalog at git ref '{args.ref}'", file=sys.stderr)
        return EXIT_USAGE
    result = changes.compare(changes.read_entries(old_files), changes.read_entries(changes.files_in_tree(data_dir)))
    for line in result.lines():
        print(terminal(line))  # values read from an old commit, shown escaped
    if result.empty:
        print(f"no catalog changes since {args.ref}", file=sys.stderr)
    return EXIT_OK


def cmd_urls(args) -> int:
    from fieldguide.site import manifest as urls

    MANIFEST, ROOT = args.project.manifest, args.project.root
    site = Path(args.site)
    current = urls.published_urls(site)
    if args.write:
        known = urls.read_manifest(MANIFEST) if MANIFEST.exists() else set()
        lost = urls.lost_urls(known, site)
        if lost:
            for url in lost:
                print(f"lost: {url}")
            print(f"{len(lost)} published URL(s) no longer answer; add redirects (previous_ids) instead of dropping them.", file=sys.stderr)
            return EXIT_PROBLEMS
        urls.write_manifest(MANIFEST, known | current)
        print(f"wrote {MANIFEST.relative_to(ROOT)} ({len(known | current)} URLs)")
        return EXIT_OK
    lost = urls.lost_urls(urls.read_manifest(MANIFEST), site)
    for url in lost:
        print(f"lost: {url}")
    return EXIT_PROBLEMS if lost else EXIT_OK


def cmd_choose(args) -> int:
    """The selection rules from the command line: a ranked shortlist with reasons."""
    from fieldguide.views.choose import Requirements, choose

    try:
        catalog = load_catalog(args.project.data, root=Path.cwd())
    except CatalogError as exc:
        print(exc)
        return EXIT_PROBLEMS
    requirements = Requirements(task=args.task, input=args.input, output=args.output, deployment=args.deployment,
                                open_weights=args.open_weights, commercial_use=args.commercial_use,
                                min_context=args.min_context, latency=args.latency, budget=args.budget,
                                confirmed_only=args.confirmed_only)
    try:
        decision = choose(catalog, requirements)
    except ValueError as exc:
        print(f"fieldguide choose: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        print(json.dumps(decision.as_json(), indent=1, sort_keys=True))
        return EXIT_OK
    print(format_decision(decision))
    return EXIT_OK


def format_decision(decision) -> str:
    """The shortlist for a terminal: catalog text (names, licence terms) shown escaped."""
    lines = [] if decision.shortlist else ["No model meets every requirement."]
    for rank, pick in enumerate(decision.shortlist, start=1):
        lines.append(f"{rank:2}. {pick.name} ({pick.id}), score {pick.score}")
        lines += [f"      {reason}" for reason in pick.reasons]
    lines += [f"near miss: {miss['name']}: ruled out only by {miss['ruled_out_by']} ({miss['why']})"
              for miss in decision.near_misses]
    if decision.requirements.query():
        lines.append(f"the same answers on the site: choose/?{decision.requirements.query()}")
    return terminal("\n".join(lines))


def cmd_pages(args) -> int:
    """The generated pages as files, for review diffs or a builder that runs no MkDocs plugins.

    The pages are the ones the plugin serves, from the same renderer; their HTML is written
    inline and made inert for the next Markdown parser (Blocks.inline)."""
    from fieldguide.site import pages
    from fieldguide.site.render import Renderer

    project = args.project
    out = Path(args.dir).resolve()
    docs = (project.root / "docs").resolve()
    if out == docs or docs in out.parents:
        print("refusing to write into docs/: generated pages live outside the sources", file=sys.stderr)
        return EXIT_USAGE
    try:
        catalog = load_catalog(project.data, root=Path.cwd())
    except CatalogError as exc:
        print(exc)
        return EXIT_PROBLEMS
    renderer = Renderer(catalog, release_date=pages.release_date(catalog))
    written = 0
    for page in pages.generated_pages(catalog):
        target = out / page.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        entry = getattr(catalog, next(k.attribute for k in KIND_REGISTRY.values() if k.name == page.kind))[page.entry_id]
        front = f"---\ntitle: {json.dumps(entry.name)}\ndescription: {json.dumps(entry.summary)}\n---\n"
        body = renderer.blocks.inline(renderer.entry_page(page.kind, page.entry_id))
        target.write_text(front + body, encoding="utf-8")
        written += 1
    print(f"wrote {written} pages to {project.shown(out)}/", file=sys.stderr)
    return EXIT_OK


def cmd_mcp(args) -> int:
    """The catalog as an MCP server on stdin/stdout (the protocol owns stdout: nothing is printed)."""
    from fieldguide.mcp_server import serve

    project = Project(args.data, start=Path(args.project_dir)) if args.project_dir else args.project
    serve(project, site=Path(args.site).resolve() if args.site else None)
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `fieldguide diff main | head` ends quietly
    parser = argparse.ArgumentParser(prog="fieldguide", description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", help="catalog directory (default: FIELDGUIDE_DATA, else the catalog_dir of the "
                        "project's mkdocs.yml, found from the working directory)")
    sub = parser.add_subparsers(dest="command", required=True)
    validate = sub.add_parser("validate", help="check the catalog and print file:line:col: problems")
    validate.add_argument("files", nargs="*", help="only report problems in these files")
    validate.set_defaults(run=cmd_validate)
    schema = sub.add_parser("schema", help="generate the JSON Schemas from the pydantic models")
    mode = schema.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help="write them to docs/schema/")
    mode.add_argument("--check", action="store_true", help="exit 1 if docs/schema/ differs from the code")
    schema.set_defaults(run=cmd_schema)
    new = sub.add_parser("new", help="scaffold a new entry")
    new.add_argument("kind", choices=["model", "family", "organization"])
    new.add_argument("id")
    new.set_defaults(run=cmd_new)
    diff = sub.add_parser("diff", help="catalog changes since a git ref (a tag, branch or commit)")
    diff.add_argument("ref")
    diff.set_defaults(run=cmd_diff)
    url_check = sub.add_parser("urls", help="compare a built site with the published-URL manifest")
    url_check.add_argument("site")
    url_check.add_argument("--write", action="store_true", help="add the site's new URLs to the manifest")
    url_check.set_defaults(run=cmd_urls)
    chooser = sub.add_parser("choose", help="a ranked shortlist of models for your requirements, with reasons")
    chooser.add_argument("--task", help="a task id, e.g. summarization")
    chooser.add_argument("--input", help="a modality the model must accept, e.g. image")
    chooser.add_argument("--output", help="a modality the model must produce")
    chooser.add_argument("--deployment", default="any", choices=DEPLOYMENTS)
    chooser.add_argument("--open-weights", action="store_true", help="downloadable weights only")
    chooser.add_argument("--commercial-use", action="store_true", help="licences that allow commercial use only")
    chooser.add_argument("--min-context", type=int, metavar="N", help="context window of at least N tokens")
    chooser.add_argument("--latency", default="batch", choices=LATENCIES, help="interactive ranks quick models higher")
    chooser.add_argument("--budget", default="any", choices=BUDGETS,
                         help="the most parameters used per token: low = the small scale tier, moderate = medium "
                         "(the catalog holds no prices)")
    chooser.add_argument("--confirmed-only", action="store_true",
                         help="count only facts with confidence 'confirmed' (an estimated context window meets no minimum)")
    chooser.add_argument("--json", action="store_true", help="shortlist, near_misses and excluded as JSON")
    chooser.set_defaults(run=cmd_choose)
    pages = sub.add_parser("pages", help="write every generated page as Markdown files into DIR (never docs/)")
    pages.add_argument("dir")
    pages.set_defaults(run=cmd_pages)
    mcp = sub.add_parser("mcp", help="serve the catalog to AI assistants over MCP (stdio), read-only and offline")
    mcp.add_argument("--site", metavar="DIR", help="answer from a local build's api/catalog.json instead of the catalog files")
    mcp.add_argument("--project", dest="project_dir", metavar="DIR",
                     help="the checkout to serve, when the assistant starts the server elsewhere (default: the working directory)")
    mcp.set_defaults(run=cmd_mcp)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return EXIT_USAGE if exc.code else EXIT_OK
    args.project = Project(args.data)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
