"""Command line for contributors and CI.

    python -m macros.cli validate [FILE ...]   check the catalog; exit 0 clean, 1 problems, 2 usage
    python -m macros.cli schema [--write]      print or write the JSON Schemas in docs/schema/

`validate` always checks the whole catalog (cross-references need every file); with
FILE arguments it reports only the problems in those files.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .catalog import CatalogError, load_catalog
from .exports import catalog_schema
from .schema import KINDS

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_DIR = ROOT / "docs" / "schema"

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def schema_documents() -> dict[str, str]:
    """File name -> JSON text of every published schema, generated from schema.py."""
    out = {}
    for kind, model in sorted(KINDS.items()):
        document = {"$schema": "https://json-schema.org/draft/2020-12/schema", **model.model_json_schema()}
        out[f"{kind}.schema.json"] = json.dumps(document, indent=2, sort_keys=True) + "\n"
    out["catalog.schema.json"] = json.dumps(catalog_schema(), indent=2, sort_keys=True) + "\n"
    return out


def cmd_validate(args) -> int:
    data_dir = Path(args.data).resolve()
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
        print("The files given are fine, but other catalog files have problems: run without file names.", file=sys.stderr)
        return EXIT_PROBLEMS
    print(
        f"Catalog OK: {len(catalog.models)} models, {len(catalog.families)} families, "
        f"{len(catalog.organizations)} organizations.",
        file=sys.stderr,
    )
    return EXIT_OK


def cmd_schema(args) -> int:
    documents = schema_documents()
    if args.write:
        SCHEMA_DIR.mkdir(parents=True, exist_ok=True)
        for name, text in documents.items():
            (SCHEMA_DIR / name).write_text(text, encoding="utf-8")
            print(f"wrote docs/schema/{name}")
    else:
        json.dump({k: json.loads(v) for k, v in documents.items()}, sys.stdout, indent=2)
        print()
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="fieldguide", description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=str(ROOT / "data"), help="catalog directory (default: data/)")
    sub = parser.add_subparsers(dest="command", required=True)
    validate = sub.add_parser("validate", help="check the catalog and print file:line:col: problems")
    validate.add_argument("files", nargs="*", help="only report problems in these files")
    validate.set_defaults(run=cmd_validate)
    schema = sub.add_parser("schema", help="generate the JSON Schemas from the pydantic models")
    schema.add_argument("--write", action="store_true", help="write them to docs/schema/")
    schema.set_defaults(run=cmd_schema)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return EXIT_USAGE if exc.code else EXIT_OK
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
