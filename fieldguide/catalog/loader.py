"""Load data/ once, validate every file and every cross-reference, report all problems.

    catalog = load_catalog(Path("data"))     # raises CatalogError listing every problem

Each problem reads `data/models/x.yaml:LINE:COL: field.path: message`. Nothing here
imports MkDocs; the hook and the macros only ask this module for the Catalog.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import stat
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import MappingProxyType, UnionType
from typing import Any

from pydantic import BaseModel, ValidationError

from fieldguide.catalog import yamlsafe
from fieldguide.catalog.escape import terminal
from fieldguide.catalog.schema import (
    KINDS,
    Comparison,
    Dimensions,
    Family,
    Glossary,
    Guide,
    Model,
    Organization,
    Ref,
    Sourced,
    Timeline,
    references,
    vocabularies,
)

# Entry kinds stored one per file: (directory under data/, schema kind).
DIRECTORIES = {"models": "model", "families": "family", "organizations": "organization", "guides": "guide",
               "comparisons": "comparison"}
# Single-file references beside dimensions.yaml; optional, so small catalogs can omit them.
REFERENCE_FILES = {"glossary": "glossary", "timeline": "timeline"}
SCHEMA_URL = "../../docs/schema/{kind}.schema.json"
DIMENSIONS_SCHEMA_URL = "../docs/schema/dimensions.schema.json"
# Anchors a page sets itself, which a guide section or glossary term id may not take
# (guides are also embedded in /choose/, whose own headings are listed too).
PAGE_ANCHORS = {
    "guide": frozenset({"top", "related", "sources", "cite", "history", "tool", "questions", "shortlist"}),
    "glossary": frozenset({"top", "sources"}),
}
PAGE_ANCHOR_PREFIXES = ("source-", "fn", "__")


def epoch_date() -> dt.date | None:
    """The release date builds are made for: SOURCE_DATE_EPOCH (the commit date), if set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit() and 0 < int(epoch) < 2**40:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return None


def latest_plausible_date() -> dt.date:
    """No catalog date may be later than this: the release date or today, whichever is
    later, so an entry verified today validates before it is committed, and a far-future
    date never does."""
    today = dt.datetime.now(dt.UTC).date()
    return max(today, epoch_date() or today)


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    col: int
    field: str
    message: str

    def __str__(self) -> str:
        # Terminal-safe: a message may echo a value, and a value must never drive the terminal.
        where = f"{self.field}: " if self.field else ""
        return terminal(f"{self.path}:{self.line}:{self.col}: {where}{self.message}")


class CatalogError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


# ---- the catalog ------------------------------------------------------------------


@dataclass(frozen=True, eq=False)  # identity hash: one object per load, usable as a cache key
class Catalog:
    """The validated, cross-linked catalog. Collections are sorted by id and read-only."""

    dimensions: Dimensions
    models: Mapping[str, Model]
    families: Mapping[str, Family]
    organizations: Mapping[str, Organization]
    guides: Mapping[str, Guide] = field(default_factory=dict)
    comparisons: Mapping[str, Comparison] = field(default_factory=dict)
    glossary: Glossary | None = None
    timeline: Timeline | None = None
    files: Mapping[tuple[str, str], str] = field(default_factory=dict)  # (kind, id) -> data path

    def source_path(self, kind: str, entry_id: str) -> str:
        return self.files[(kind, entry_id)]

    @cached_property
    def terms(self) -> Mapping[str, Mapping[str, Any]]:
        """Each vocabulary of dimensions.yaml as {term id: term}."""
        return MappingProxyType({name: MappingProxyType({t.id: t for t in terms})
                                 for name, terms in vocabularies(self.dimensions).items()})

    @cached_property
    def _reverse(self) -> dict[str, dict[str, list]]:
        """Reverse links, built once so each page costs the same however large the catalog."""
        index: dict[str, dict[str, list]] = {name: {} for name in
                                             ("children", "in_family", "of_org", "successors", "derived", "used_in", "series")}
        for f in self.families.values():
            if f.parent:
                index["children"].setdefault(f.parent, []).append(f)
        for m in self.models.values():
            index["of_org"].setdefault(m.organization, []).append(m)
            for fid in m.families:
                index["in_family"].setdefault(fid, []).append(m)
            if m.successor:
                index["successors"].setdefault(m.successor, []).append(m)
            for base in m.base_models:
                index["derived"].setdefault(base, []).append(m)
            for used in m.powered_by:
                index["used_in"].setdefault(used, []).append(m)
            if m.series:
                index["series"].setdefault(m.series, []).append(m)
        return index

    def children(self, family_id: str) -> list[Family]:
        return list(self._reverse["children"].get(family_id, ()))

    def ancestors(self, family_id: str) -> list[Family]:
        """From the family's parent up to the root."""
        chain, parent = [], self.families[family_id].parent
        while parent:
            chain.append(self.families[parent])
            parent = self.families[parent].parent
        return chain

    def models_in_family(self, family_id: str) -> list[Model]:
        return list(self._reverse["in_family"].get(family_id, ()))

    def models_of(self, organization_id: str) -> list[Model]:
        return list(self._reverse["of_org"].get(organization_id, ()))

    def predecessors(self, model_id: str) -> list[Model]:
        """Models whose successor is this one."""
        return list(self._reverse["successors"].get(model_id, ()))

    def series(self, series_id: str) -> list[Model]:
        """Every release of a model line, oldest first."""
        return sorted(self._reverse["series"].get(series_id, ()), key=lambda m: (m.released.date, m.id))

    def derived_from(self, model_id: str) -> list[Model]:
        return list(self._reverse["derived"].get(model_id, ()))

    def used_in(self, model_id: str) -> list[Model]:
        """Products powered by this model."""
        return list(self._reverse["used_in"].get(model_id, ()))

    def scale_tier(self, model: Model):
        """The scale tier implied by the parameter count (None when not applicable)."""
        tiers = self.dimensions.scale_tiers
        if model.parameters is None:
            return None
        if model.parameters.value == "undisclosed":
            return next((t for t in tiers if t.id == "undisclosed"), None)
        for tier in tiers:
            upper = tier.max_billions if tier.max_billions is not None else float("inf")
            if tier.id != "undisclosed" and tier.min_billions <= model.parameters.value < upper:
                return tier
        return None


# ---- loading ----------------------------------------------------------------------

_cache: dict[Path, tuple[tuple, Catalog]] = {}


def _fingerprint(data_dir: Path, latest: dt.date) -> tuple:
    found = []
    for dirpath, dirnames, filenames in os.walk(data_dir):  # never follows symlinks
        for name in (*dirnames, *filenames):
            info = os.lstat(os.path.join(dirpath, name))
            found.append((os.path.join(dirpath, name), info.st_mode, info.st_mtime_ns, info.st_size))
    return (latest, *sorted(found))


def load_catalog(data_dir: Path, *, root: Path | None = None, latest: dt.date | None = None) -> Catalog:
    """Read and validate the catalog under data_dir, reusing the last result if no file changed.

    root is the directory that problem paths are relative to (default: data_dir's parent);
    latest the last plausible date for any fact (default: latest_plausible_date()).
    """
    data_dir = Path(data_dir).resolve()
    latest = latest or latest_plausible_date()
    if not data_dir.is_dir():
        rel = data_dir.as_posix()
        raise CatalogError([Problem(rel, 1, 1, "", "catalog directory does not exist")])
    key = _fingerprint(data_dir, latest)
    cached = _cache.get(data_dir)
    if cached and cached[0] == key:
        return cached[1]
    catalog = _Loader(data_dir, Path(root).resolve() if root else data_dir.parent, latest).load()
    _cache[data_dir] = (key, catalog)
    return catalog


class _Loader:
    def __init__(self, data_dir: Path, root: Path, latest: dt.date):
        self.data_dir, self.root, self.latest = data_dir, root, latest
        self.problems: list[Problem] = []
        # (kind, id) -> (path relative to root, positions of the file's values, for problems
        # found across files; re-read only when such a problem is reported).
        self.docs: dict[tuple[str, str], tuple[str, _PositionsOnDemand]] = {}
        # Ids of files that exist but failed to load: references to them are not "unknown".
        self.broken: dict[str, set[str]] = {kind: set() for kind in DIRECTORIES.values()}

    def rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def report(self, rel: str, doc: yamlsafe.Document | _PositionsOnDemand | None, loc: tuple, message: str, *, at_key: bool = False) -> None:
        line, col = (1, 1) if doc is None else (doc.key_position(loc) if at_key else doc.position(loc))
        self.problems.append(Problem(rel, line, col, _dotted(loc), message))

    # -- reading and per-file validation

    def read(self, path: Path, kind: str, schema_url: str) -> Any:
        rel = self.rel(path)
        text = self.read_text(path, rel)
        if text is None:
            return None
        first = text.split("\n", 1)[0].strip()
        expected = f"# yaml-language-server: $schema={schema_url}"
        if first != expected:
            self.problems.append(Problem(rel, 1, 1, "", f"first line must be '{expected}' so editors can check the file"))
        try:
            doc = yamlsafe.parse(text)
        except yamlsafe.YamlError as exc:
            self.problems.extend(Problem(rel, p.line, p.col, _dotted(p.path), p.message) for p in exc.problems)
            return None
        if not isinstance(doc.value, dict):
            self.report(rel, doc, (), "the file must be a mapping of fields (key: value)")
            return None
        schema = KINDS[kind]
        try:
            entry = schema.model_validate(_freeze(doc.value))
        except ValidationError as exc:
            errors = exc.errors()
            item_errors = {tuple(e["loc"][:i]) for e in errors for i, part in enumerate(e["loc"]) if isinstance(part, int)}
            for error in errors:
                loc = tuple(error["loc"])
                if error["type"] == "too_short" and loc in item_errors:
                    continue  # pydantic's echo of an invalid item; the item's own error says more
                ctx = error.get("ctx") or {}
                if "line" in ctx and loc in doc.block_scalars:
                    # Point at the offending line inside a `|` block, not at the block's key.
                    line = doc.position(loc)[0] + 1 + ctx["line"]
                    raw = text.split("\n")[line - 1] if line <= text.count("\n") + 1 else ""
                    col = len(raw) - len(raw.lstrip(" ")) + ctx.get("col", 0) + 1
                    self.problems.append(Problem(rel, line, col, _dotted(loc), _plain_message(error, schema)))
                    continue
                self.report(rel, doc, loc, _plain_message(error, schema), at_key=error["type"] == "extra_forbidden")
            return None
        return rel, _PositionsOnDemand(path), entry

    def read_text(self, path: Path, rel: str) -> str | None:
        """The text of a regular file inside data/, or None after reporting why it cannot be read.

        Checked on the file itself (lstat, O_NOFOLLOW), so a symlink, a device or a huge file
        is refused before a byte of it is read."""
        try:
            info = os.lstat(path)
            if stat.S_ISLNK(info.st_mode):
                raise _Refused("is a symbolic link; catalog files must be regular files inside the catalog directory")
            if stat.S_ISDIR(info.st_mode):
                raise _Refused("is a directory; a name ending in .yaml is for catalog files only")
            if not stat.S_ISREG(info.st_mode):
                raise _Refused("is not a regular file")
            if info.st_size > yamlsafe.MAX_BYTES:
                raise _Refused(f"is {info.st_size // 1024} KB; a catalog file may be at most {yamlsafe.MAX_BYTES // 1024} KB")
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
            with os.fdopen(fd, "rb") as handle:
                data = handle.read(yamlsafe.MAX_BYTES + 1)
            if len(data) > yamlsafe.MAX_BYTES:
                raise _Refused(f"is larger than {yamlsafe.MAX_BYTES // 1024} KB")
            return data.decode("utf-8")
        except UnicodeDecodeError:
            self.problems.append(Problem(rel, 1, 1, "", "file is not valid UTF-8 text"))
        except _Refused as exc:
            self.problems.append(Problem(rel, 1, 1, "", str(exc)))
        except OSError as exc:
            self.problems.append(Problem(rel, 1, 1, "", f"cannot be read ({exc.strerror or exc})"))
        return None

    def scan(self) -> dict[str, list[Path]]:
        """The candidate files of each known directory; everything else under data/ is reported."""
        found: dict[str, list[Path]] = {directory: [] for directory in DIRECTORIES}
        known_top = {"dimensions.yaml", *(f"{name}.yaml" for name in REFERENCE_FILES)}
        for item in sorted(os.scandir(self.data_dir), key=lambda e: e.name):
            path = Path(item.path)
            if item.name in DIRECTORIES and item.is_dir(follow_symlinks=False):
                for sub in sorted(os.scandir(path), key=lambda e: e.name):
                    if sub.name.startswith(".") and not sub.name.endswith(".yaml"):
                        continue  # editor and OS litter (.DS_Store, .swp)
                    if not sub.name.endswith(".yaml"):
                        self.problems.append(Problem(self.rel(Path(sub.path)), 1, 1, "", "catalog files must end in .yaml"))
                        continue
                    found[item.name].append(Path(sub.path))
            elif item.name in known_top:
                continue  # read by load(); read_text refuses it if it is not a regular file
            elif item.is_dir(follow_symlinks=False):
                for dirpath, _, filenames in os.walk(path):
                    for name in sorted(filenames):
                        if name.endswith((".yaml", ".yml")):
                            self.problems.append(Problem(self.rel(Path(dirpath, name)), 1, 1, "",
                                                         f"unexpected file; catalog entries belong in {', '.join(f'{d}/' for d in DIRECTORIES)}"))
            elif item.name.endswith((".yaml", ".yml")):
                self.problems.append(Problem(self.rel(path), 1, 1, "",
                                             f"unexpected file; entries belong in {', '.join(f'{d}/' for d in DIRECTORIES)}"))
        return found

    def load(self) -> Catalog:
        dims_path = self.data_dir / "dimensions.yaml"
        dimensions = None
        if os.path.lexists(dims_path):
            got = self.read(dims_path, "dimensions", DIMENSIONS_SCHEMA_URL)
            if got:
                dimensions = got[2]
                self.docs[("dimensions", "")] = got[:2]
        else:
            self.problems.append(Problem(self.rel(dims_path), 1, 1, "", "file is missing"))

        references: dict[str, Any] = {}
        for name, kind in REFERENCE_FILES.items():
            path = self.data_dir / f"{name}.yaml"
            if os.path.lexists(path):
                got = self.read(path, kind, f"../docs/schema/{kind}.schema.json")
                if got:
                    references[name] = got[2]
                    self.docs[(kind, "")] = got[:2]

        entries: dict[str, dict[str, Any]] = {kind: {} for kind in DIRECTORIES.values()}
        for directory, paths in self.scan().items():
            kind = DIRECTORIES[directory]
            for path in paths:
                got = self.read(path, kind, SCHEMA_URL.format(kind=kind))
                if not got:
                    self.broken[kind].add(path.stem)
                    continue
                rel, positions, entry = got
                if entry.id != path.stem:
                    self.report(rel, positions, ("id",), f"id '{entry.id}' must match the file name '{path.stem}.yaml'")
                    continue
                entries[kind][entry.id] = entry
                self.docs[(kind, entry.id)] = (rel, positions)
        if dimensions is not None:
            self.check_dimensions(dimensions)
            self.check_references(dimensions, entries)
            self.check_reference_files(references, entries)
        if self.problems:
            raise CatalogError(self.problems)
        files = {key: rel for key, (rel, _) in self.docs.items()}
        return Catalog(
            dimensions=dimensions,
            models=_sorted_view(entries["model"]),
            families=_sorted_view(entries["family"]),
            organizations=_sorted_view(entries["organization"]),
            guides=MappingProxyType(dict(sorted(entries["guide"].items(), key=lambda kv: (kv[1].order, kv[0])))),
            comparisons=MappingProxyType(dict(sorted(entries["comparison"].items(), key=lambda kv: (kv[1].order, kv[0])))),
            glossary=references.get("glossary"),
            timeline=references.get("timeline"),
            files=MappingProxyType(dict(sorted(files.items()))),
        )

    # -- rules across fields and files

    def check_dimensions(self, dims: Dimensions) -> None:
        rel, doc = self.docs[("dimensions", "")]
        for vocab, terms in vocabularies(dims).items():
            seen: set[str] = set()
            for i, term in enumerate(terms):
                if term.id in seen:
                    self.report(rel, doc, (vocab, i, "id"), f"'{term.id}' is defined twice in {vocab}")
                seen.add(term.id)
        modalities = {t.id for t in dims.modalities}
        for loc, r, value in _refs(dims):  # e.g. each capability's modality
            if r.vocabulary == "modalities" and value not in modalities:
                self.report(rel, doc, loc, _unknown(value, _what(r), modalities))
        trait_names = set(Family.model_fields["traits"].annotation.model_fields)
        for i, term in enumerate(dims.traits):
            if term.id.replace("-", "_") not in trait_names:
                self.report(rel, doc, ("traits", i, "id"), _unknown(term.id, "family trait", {t.replace("_", "-") for t in trait_names}))

    def check_references(self, dims: Dimensions, entries: dict[str, dict[str, Any]]) -> None:
        models, families = entries["model"], entries["family"]
        known_models = set(models) | self.broken["model"]
        known_families = set(families) | self.broken["family"]
        targets = {
            "organization": set(entries["organization"]) | self.broken["organization"],
            "family": known_families, "model": known_models, "entry": known_models | known_families,
        }
        vocab = {name: {t.id for t in terms} for name, terms in vocabularies(dims).items()}

        self.targets, self.vocab = targets, vocab
        for kind, group in entries.items():
            for entry_id, entry in group.items():
                self.check_sources(kind, entry_id, entry)
                self.check_refs(kind, entry_id, entry)

        for mid, m in models.items():
            rel, doc = self.docs[("model", mid)]
            if not m.families and m.kind != "product" and not m.architecture:
                # An undisclosed design is a fact to state, never a family to guess.
                self.report(rel, doc, ("families",), "needs at least one family, or an 'architecture' text saying the design is undisclosed")
            if m.successor is not None:
                if m.status == "active":
                    self.report(rel, doc, ("successor",), "an active model has no successor; set status to superseded or deprecated")
            elif m.status == "superseded":
                self.report(rel, doc, ("status",), "a superseded model needs a 'successor'")
            if m.parameters and m.parameters.estimates and m.parameters.value != "undisclosed":
                self.report(rel, doc, ("parameters", "estimates"), "estimates are only for a count that is 'undisclosed'")
            if m.parameters and m.parameters.active and m.parameters.value != "undisclosed" and m.parameters.active > m.parameters.value:
                self.report(rel, doc, ("parameters", "active"), "active parameters cannot exceed the total")
            for i, relation in enumerate(m.relations):
                if (relation.target is None) == (relation.name is None):
                    self.report(rel, doc, ("relations", i), "give either 'target' (a model id in the catalog) or 'name' (a release without an entry yet), not both or neither")

        for kind, group in entries.items():
            for entry_id, entry in group.items():
                self.check_facts(kind, entry_id, entry)

        for fid, f in families.items():
            rel, doc = self.docs[("family", fid)]
            if f.parent is not None:
                seen, node = {fid}, f.parent
                while node in families:
                    if node in seen:
                        self.report(rel, doc, ("parent",), "families form a loop through their parents")
                        break
                    seen.add(node)
                    node = families[node].parent

        for gid, g in entries["guide"].items():
            rel, doc = self.docs[("guide", gid)]
            anchors = [section.id for section in g.sections]
            for i, anchor in enumerate(anchors):
                if anchor in anchors[:i]:
                    self.report(rel, doc, ("sections", i, "id"), f"section id '{anchor}' is used twice")

        for cid, c in entries["comparison"].items():
            rel, doc = self.docs[("comparison", cid)]
            columns = [col.id for col in c.columns]
            for i, row in enumerate(c.rows):
                missing = [col for col in columns if col not in row.cells]
                extra = [key for key in row.cells if key not in columns]
                if missing:
                    self.report(rel, doc, ("rows", i, "cells"), f"missing cell for column '{missing[0]}'")
                for key in extra:
                    self.report(rel, doc, ("rows", i, "cells", key), _unknown(key, "column", set(columns)))

        # Current ids are one namespace across every kind, so a bare id in a reference
        # (a timeline entry, a comparison row) always means one entry. A previous id keeps
        # its old URL, /<section>/<old>/, alive as a redirect: it may not be any current id
        # of its own kind, nor another entry's previous id of that kind.
        claimed: dict[tuple[str, str], tuple[str, str]] = {}
        for kind, group in entries.items():
            for entry_id in group:
                claimed[(kind, entry_id)] = (kind, entry_id)
        for kind, group in sorted(entries.items()):
            for entry_id, entry in group.items():
                rel, doc = self.docs[(kind, entry_id)]
                for i, old in enumerate(entry.previous_ids):
                    owner = claimed.get((kind, old))
                    if owner is not None:
                        self.report(rel, doc, ("previous_ids", i), f"'{old}' is already used by {owner[0]} '{owner[1]}'")
                    else:
                        claimed[(kind, old)] = (kind, entry_id)
        for (kind, entry_id), (rel, doc) in self.docs.items():
            if not entry_id:
                continue
            others = [k for k, group in entries.items() if k != kind and entry_id in group]
            if others and kind > min(others):  # report once, on the later kind's file
                self.report(rel, doc, ("id",), f"'{entry_id}' is already the id of a {min(others)}; ids are unique across all kinds")

        for kind, group in entries.items():
            for entry_id, entry in group.items():
                self.check_dates(kind, entry_id, entry)
                if kind == "guide":
                    for i, section in enumerate(entry.sections):
                        self.check_anchor(kind, entry_id, ("sections", i, "id"), section.id)

    def check_reference_files(self, references: dict[str, Any], entries: dict[str, dict[str, Any]]) -> None:
        glossary, timeline = references.get("glossary"), references.get("timeline")
        if glossary is not None:
            self.check_sources("glossary", "", glossary)
            rel, doc = self.docs[("glossary", "")]
            ids = [t.id for t in glossary.terms]
            for i, term_id in enumerate(ids):
                if term_id in ids[:i]:
                    self.report(rel, doc, ("terms", i, "id"), f"term id '{term_id}' is used twice")
                self.check_anchor("glossary", "", ("terms", i, "id"), term_id)
            self.check_dates("glossary", "", glossary)
        if timeline is not None:
            self.check_sources("timeline", "", timeline)
            self.check_dates("timeline", "", timeline)
            self.check_refs("timeline", "", timeline)

    def check_refs(self, kind: str, entry_id: str, entry: Any) -> None:
        """Every id field declared with a Ref in the schema, checked by one walker."""
        rel, doc = self.docs[(kind, entry_id)]
        for loc, r, value in _refs(entry):
            known = self.vocab.get(r.vocabulary, set()) if r.target == "vocabulary" else self.targets[r.target]
            if value not in known:
                self.report(rel, doc, loc, _unknown(value, _what(r), known))
            elif r.target in ("model", "entry") and value == entry_id:
                self.report(rel, doc, loc, "an entry cannot refer to itself")
            if isinstance(loc[-1], int) and value in _at(entry, loc[:-1])[:loc[-1]]:
                self.report(rel, doc, loc, f"'{value}' is listed twice")

    def check_facts(self, kind: str, entry_id: str, entry: Any) -> None:
        """Labels that must not overstate: a derived value is never confirmed, and a dated
        event agrees with the publication date of the source it cites."""
        rel, doc = self.docs[(kind, entry_id)]
        published = {s.id: s.published for s in getattr(entry, "sources", ()) if s.published}
        for loc, fact in _facts(entry):
            if fact.derived and fact.confidence == "confirmed":
                self.report(rel, doc, loc + ("confidence",) if "confidence" in fact.model_fields_set else loc,
                            "a value the catalog derived (a sum, a component's size) cannot be 'confirmed'; "
                            "use 'estimated' and say how it was derived in 'note'")
            date = getattr(fact, "date", None)
            when = published.get(fact.source)
            if isinstance(date, str) and when and not (date.startswith(when) or when.startswith(date)):
                label = getattr(fact, "event", "event")
                self.report(rel, doc, loc + ("date",),
                            f"{date} is labelled '{label}', but the cited source '{fact.source}' was published {when}: "
                            "cite the source of this date, or correct the date")

    def check_anchor(self, kind: str, entry_id: str, loc: tuple, anchor: str) -> None:
        if anchor in PAGE_ANCHORS[kind] or anchor.startswith(PAGE_ANCHOR_PREFIXES):
            rel, doc = self.docs[(kind, entry_id)]
            self.report(rel, doc, loc, f"'{anchor}' is an anchor the page already uses; choose another id")

    def check_dates(self, kind: str, entry_id: str, entry: Any) -> None:
        """No date after the release (or today); sources read no later than the entry was verified."""
        rel, doc = self.docs[(kind, entry_id)]
        latest = self.latest.isoformat()
        verified = getattr(entry, "last_verified", None)
        for loc, value in _dates(entry):
            text = value.isoformat() if isinstance(value, dt.date) else value
            if text[: len(latest)] > latest[: len(text)]:
                self.report(rel, doc, loc, f"{text} is in the future (latest allowed: {latest}, the release or today)")
            elif loc[-1] == "accessed" and verified is not None and value > verified:
                self.report(rel, doc, loc, f"{text} is after last_verified ({verified.isoformat()}); "
                                           "a source cannot be read after the entry was verified")

    def check_sources(self, kind: str, entry_id: str, entry: Any) -> None:
        rel, doc = self.docs[(kind, entry_id)]
        ids = [s.id for s in entry.sources]
        for i, sid in enumerate(ids):
            if sid in ids[:i]:
                self.report(rel, doc, ("sources", i, "id"), f"source id '{sid}' is used twice")
        for loc, value in _source_refs(entry):
            if value not in ids:
                self.report(rel, doc, loc, _unknown(value, "source id (see this file's 'sources')", set(ids)))


# ---- helpers -------------------------------------------------------------------------


class _Refused(Exception):
    """A file that is not read at all (symlink, directory, device, too large)."""


class _PositionsOnDemand:
    """Where a file's values start, parsed again only if a cross-file check reports a problem.

    Keeping every file's parsed positions until those checks end would cost ~50 KB per
    entry (250 MB at 5,000 entries), for the few files that ever need them.
    """

    def __init__(self, path: Path):
        self.path = path
        self._doc: yamlsafe.Document | None = None

    def _document(self) -> yamlsafe.Document:
        if self._doc is None:
            try:
                self._doc = yamlsafe.parse(self.path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, yamlsafe.YamlError):  # changed since it was read
                self._doc = yamlsafe.Document(value=None)
        return self._doc

    def position(self, loc: tuple) -> tuple[int, int]:
        return self._document().position(loc)

    def key_position(self, loc: tuple) -> tuple[int, int]:
        return self._document().key_position(loc)


def _sorted_view(items: dict[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(sorted(items.items())))


def _freeze(value: Any) -> Any:
    """Lists become tuples so validated entries are immutable."""
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    if isinstance(value, dict):
        return {k: _freeze(v) for k, v in value.items()}
    return value


def _models(value: Any, loc: tuple = ()) -> Iterator[tuple[tuple, BaseModel]]:
    """(location, model) of the entry and of every model nested in it, depth first.

    The one walk behind every cross-field check below; text and numbers are never
    descended into."""
    if isinstance(value, BaseModel):
        yield loc, value
        items = value.__dict__.items()
    else:
        items = enumerate(value)
    for key, item in items:
        if isinstance(item, (BaseModel, tuple)):
            yield from _models(item, loc + (key,))


def _source_refs(entry: Any) -> Iterator[tuple[tuple, str]]:
    """(location, id) of every `source` field set inside a validated entry."""
    for loc, model in _models(entry):
        source = model.__dict__.get("source")
        if isinstance(source, str):
            yield loc + ("source",), source


def _refs(entry: Any) -> Iterator[tuple[tuple, Ref, str]]:
    """(location, Ref, id) of every reference set inside a validated entry (see schema.ref)."""
    for loc, model in _models(entry):
        for name, r in _declared(type(model)).items():
            item = model.__dict__[name]
            if isinstance(item, str):
                yield loc + (name,), r, item
            elif isinstance(item, tuple):
                yield from ((loc + (name, i), r, v) for i, v in enumerate(item) if isinstance(v, str))


def _facts(entry: Any) -> Iterator[tuple[tuple, Sourced]]:
    """(location, fact) of every sourced fact inside a validated entry."""
    return ((loc, model) for loc, model in _models(entry) if isinstance(model, Sourced))


_DECLARED: dict[type, dict[str, Ref]] = {}


def _declared(model: type[BaseModel]) -> dict[str, Ref]:
    if model not in _DECLARED:
        _DECLARED[model] = references(model)
    return _DECLARED[model]


def _what(r: Ref) -> str:
    """How a message names the target: 'organization', 'model or family', 'access level'."""
    if r.target == "entry":
        return "model or family"
    if r.target != "vocabulary":
        return r.target
    name = r.vocabulary.replace("_", " ")
    return name[:-3] + "y" if name.endswith("ies") else name[:-1] if name.endswith("s") else name


def _at(entry: Any, loc: tuple) -> Any:
    for part in loc:
        entry = entry[part] if isinstance(part, int) else getattr(entry, part)
    return entry


_DATE_FIELDS = ("date", "accessed", "last_verified")


def _dates(entry: Any) -> Iterator[tuple[tuple, Any]]:
    """(location, value) of every date set inside a validated entry (dates, or YYYY-MM[-DD] text)."""
    for loc, model in _models(entry):
        for name in _DATE_FIELDS:
            item = model.__dict__.get(name)
            if isinstance(item, (dt.date, str)):
                yield loc + (name,), item


def _dotted(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _unknown(value: str, what: str, known) -> str:
    message = f"unknown {what} '{value}'"
    close = difflib.get_close_matches(str(value), sorted(known), n=1, cutoff=0.75)  # only near misses
    return message + (f"; did you mean '{close[0]}'?" if close else "")


def _model_at(schema: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The pydantic model that owns the last element of loc (for 'unknown field' hints)."""
    current: Any = schema
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)) or part not in current.model_fields:
            return None
        current = _unwrap(current.model_fields[part].annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation: Any) -> Any:
    """Reduce Optional[X], tuple[X, ...] and Annotated[X, ...] to X."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, UnionType, tuple):
            args = [a for a in typing.get_args(annotation) if a is not type(None) and a is not Ellipsis]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


def _plain_message(error: dict, schema: type[BaseModel]) -> str:
    kind, ctx, given = error["type"], error.get("ctx") or {}, error.get("input")
    if kind == "fieldguide":
        return error["msg"]
    if kind == "missing":
        return "is required"
    if kind == "extra_forbidden":
        owner = _model_at(schema, tuple(error["loc"]))
        name = error["loc"][-1]
        if owner is not None:
            close = difflib.get_close_matches(str(name), list(owner.model_fields), n=1, cutoff=0.75)
            hint = f"did you mean '{close[0]}'?" if close else "allowed here: " + ", ".join(owner.model_fields)
            return f"unknown field '{name}'; {hint}"
        return f"unknown field '{name}'"
    if kind == "literal_error":
        return f"'{given}' is not allowed; use one of {ctx.get('expected')}"
    if kind == "string_type":
        return "must be text" + ("; put it in quotes" if isinstance(given, (int, float, bool)) or given is None else "")
    if kind == "bool_type":
        return "must be true or false"
    if kind in ("int_type", "int_from_float"):
        return "must be a whole number"
    if kind == "float_type":
        return "must be a number"
    if kind in ("tuple_type", "list_type"):
        return "must be a list (one '- item' per line)"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "must be a mapping of fields (key: value)"
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length')} item(s)"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "too_long":
        if isinstance(given, str):
            return f"is too long ({len(given)} characters; at most {ctx.get('max_length')})"
        return f"has too many items (at most {ctx.get('max_length')})"
    if kind == "string_too_long":
        return f"is too long (at most {ctx.get('max_length')} characters)"
    if kind in ("greater_than", "greater_than_equal", "less_than_equal"):
        return error["msg"].replace("Input should be", "must be")
    if kind == "string_pattern_mismatch":
        return f"does not match the pattern {ctx.get('pattern')}"
    return error["msg"]
