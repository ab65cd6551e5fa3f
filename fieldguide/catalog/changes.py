"""What changed between two states of the catalog (two git refs, or a ref and the work tree).

The old state may not validate against today's schema, so entries are compared as the
raw data their YAML files hold, keyed by (kind, id). Renames are recognised through
`previous_ids`. Used by `fieldguide diff REF` and by the generated changelog page.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import tomllib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from fieldguide.catalog import yamlsafe
from fieldguide.catalog.loader import DIRECTORIES


def release_version(root: Path) -> str:
    """The release a build publishes, as its frozen copy's folder is named: mike's version
    when mike builds it (mike deploy 2026.11), else the project's version in pyproject.toml.
    ValueError when there is none or it cannot name a folder."""
    version = os.environ.get("MIKE_DOCS_VERSION")  # mike's own variable (mike.mkdocs_utils.docs_version_var)
    if not version:
        try:
            version = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
        except (OSError, KeyError, TypeError, tomllib.TOMLDecodeError) as exc:
            raise ValueError(f"no release version: set MIKE_DOCS_VERSION or [project] version in pyproject.toml ({exc})") from None
    if not isinstance(version, str) or not re.fullmatch(r"[0-9A-Za-z][0-9A-Za-z._-]*", version):
        raise ValueError(f"release version {version!r} cannot name a folder of the site")
    return version

Key = tuple[str, str]  # (kind, id)


@dataclass(frozen=True)
class FieldChange:
    path: str
    old: Any
    new: Any


@dataclass
class CatalogChanges:
    added: list[Key] = field(default_factory=list)
    removed: list[Key] = field(default_factory=list)
    renamed: list[tuple[Key, str]] = field(default_factory=list)  # (new key, old id)
    changed: dict[Key, list[FieldChange]] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.renamed or self.changed)

    def lines(self) -> list[str]:
        out = [f"added {k} {i}" for k, i in self.added]
        out += [f"removed {k} {i}" for k, i in self.removed]
        out += [f"renamed {k} {old} -> {i}" for (k, i), old in self.renamed]
        for (kind, entry_id), changes in self.changed.items():
            out.append(f"changed {kind} {entry_id}: " + ", ".join(c.path for c in changes))
        return out


def read_entries(files: dict[str, str]) -> dict[Key, dict]:
    """Raw entries from {relative path under data/: YAML text}; unreadable files are skipped."""
    entries: dict[Key, dict] = {}
    for rel, text in files.items():
        parts = PurePosixPath(rel).parts
        if len(parts) != 2 or parts[0] not in DIRECTORIES or not rel.endswith(".yaml"):
            continue
        try:
            value = yamlsafe.parse(text).value
        except yamlsafe.YamlError:
            continue
        if isinstance(value, dict):
            entries[(DIRECTORIES[parts[0]], PurePosixPath(rel).stem)] = value
    return entries


def files_in_tree(data_dir: Path) -> dict[str, str]:
    return {p.relative_to(data_dir).as_posix(): p.read_text(encoding="utf-8") for p in sorted(data_dir.rglob("*.yaml"))}


def files_at_ref(repo: Path, ref: str, data_path: str = "data") -> dict[str, str]:
    """The catalog's YAML files as they were at a git ref (raises CalledProcessError for a bad ref).

    Two git processes whatever the catalog's size: one lists the files, one reads them all."""
    listing = subprocess.run(["git", "-C", str(repo), "ls-tree", "-r", "-z", ref, "--", data_path],
                             check=True, capture_output=True).stdout.decode("utf-8")
    blobs = []  # (path, object id)
    for record in filter(None, listing.split("\0")):
        meta, _, name = record.partition("\t")
        if name.endswith(".yaml") and meta.split()[1] == "blob":
            blobs.append((name, meta.split()[2]))
    batch = subprocess.run(["git", "-C", str(repo), "cat-file", "--batch"], check=True, capture_output=True,
                           input="".join(f"{oid}\n" for _, oid in blobs).encode()).stdout
    out, at = {}, 0
    for name, _ in blobs:
        header_end = batch.index(b"\n", at)
        size = int(batch[at:header_end].split()[2])  # "<oid> blob <size>", then the content and a newline
        text = batch[header_end + 1:header_end + 1 + size]
        at = header_end + 1 + size + 1
        out[PurePosixPath(name).relative_to(data_path).as_posix()] = text.decode("utf-8", "replace")
    return out


def _flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            out.update(_flatten(item, f"{prefix}.{key}" if prefix else str(key)))
        return out or {prefix: {}}
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        out = {}
        for i, item in enumerate(value):
            out.update(_flatten(item, f"{prefix}[{i}]"))
        return out
    return {prefix: value}


def compare(old: dict[Key, dict], new: dict[Key, dict]) -> CatalogChanges:
    changes = CatalogChanges()
    renamed_from: dict[Key, Key] = {}
    for key, entry in new.items():
        if key in old:
            continue
        for previous in entry.get("previous_ids") or ():
            if (key[0], previous) in old and (key[0], previous) not in new:
                renamed_from[key] = (key[0], previous)
                break
    consumed = set(renamed_from.values())
    for key in sorted(new):
        if key in old:
            before = old[key]
        elif key in renamed_from:
            before = old[renamed_from[key]]
            changes.renamed.append((key, renamed_from[key][1]))
        else:
            changes.added.append(key)
            continue
        flat_old, flat_new = _flatten(before), _flatten(new[key])
        diffs = [FieldChange(p, flat_old.get(p), flat_new.get(p)) for p in sorted(set(flat_old) | set(flat_new))
                 if flat_old.get(p) != flat_new.get(p) and p not in ("id", "previous_ids")]
        if diffs:
            changes.changed[key] = diffs
    changes.removed = sorted(k for k in old if k not in new and k not in consumed)
    return changes


def _version_key(tag: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"[.-]", tag.lstrip("v")))


def release_tags(repo: Path) -> tuple[list[str], set[str]]:
    """Release tags (v*) oldest first, and those that point at HEAD. Empty outside a git checkout."""
    try:
        tags = subprocess.run(["git", "-C", str(repo), "tag", "--list", "v*"], check=True, capture_output=True, text=True).stdout.split()
        at_head = subprocess.run(["git", "-C", str(repo), "tag", "--points-at", "HEAD", "--list", "v*"],
                                 check=True, capture_output=True, text=True).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        return [], set()
    return sorted(tags, key=_version_key), set(at_head)


def previous_release(repo: Path) -> tuple[str | None, str | None]:
    """(this release's tag or None, the release before it or None)."""
    tags, at_head = release_tags(repo)
    current = next((t for t in reversed(tags) if t in at_head), None)
    earlier = [t for t in tags if t not in at_head and (current is None or _version_key(t) < _version_key(current))]
    return current, (earlier[-1] if earlier else None)


def release_changes(repo: Path, data_dir: Path) -> tuple[str | None, str | None, CatalogChanges | None]:
    """(this release, the previous one, what changed in the catalog since): for /changelog/.

    Runs git once, before a build renders anything."""
    current, previous = previous_release(repo)
    if previous is None:
        return current, previous, None
    try:
        data_path = data_dir.resolve().relative_to(repo.resolve()).as_posix()
        old = read_entries(files_at_ref(repo, previous, data_path))
        return current, previous, compare(old, read_entries(files_in_tree(data_dir)))
    except (ValueError, OSError, subprocess.CalledProcessError):
        return current, previous, None


@dataclass(frozen=True)
class Release:
    """A published release (a v* tag) and what it changed since the one before."""

    tag: str
    date: dt.datetime  # the tagged commit's date, UTC
    previous: str | None  # None for the first release, in which every entry is new
    changes: CatalogChanges
    entries: dict[Key, dict]  # the catalog at this release, as raw data (names and summaries)


def _tag_dates(repo: Path) -> dict[str, dt.datetime]:
    # %(*committerdate) is the commit an annotated tag points at; a lightweight tag has %(committerdate).
    lines = subprocess.run(["git", "-C", str(repo), "for-each-ref", "--format=%(refname:short) %(*committerdate:unix) %(committerdate:unix)",
                            "refs/tags/v*"], check=True, capture_output=True, text=True).stdout.splitlines()
    return {tag: dt.datetime.fromtimestamp(int(stamps[0]), tz=dt.UTC)
            for tag, *stamps in (line.split() for line in lines) if stamps}


def release_history(repo: Path, data_dir: Path) -> list[Release]:
    """Every release, oldest first, each compared with the one before: for the Atom feed
    and each entry's history.

    Read from the tags alone (never the work tree), so each release's item stays the same
    in every later build. Empty outside a git checkout or when the catalog is not in it."""
    tags, _ = release_tags(repo)
    try:
        data_path = data_dir.resolve().relative_to(repo.resolve()).as_posix()
        dates = _tag_dates(repo) if tags else {}
    except (ValueError, OSError, subprocess.CalledProcessError):
        return []
    parsed: dict[tuple[str, str], dict[Key, dict]] = {}  # most files are unchanged from one release to the next
    history: list[Release] = []
    for tag in tags:
        try:
            files = files_at_ref(repo, tag, data_path)
        except (OSError, subprocess.CalledProcessError):
            continue
        entries: dict[Key, dict] = {}
        for item in files.items():
            if item not in parsed:
                parsed[item] = read_entries(dict([item]))
            entries.update(parsed[item])
        before = history[-1] if history else None
        history.append(Release(tag, dates[tag], before.tag if before else None,
                               compare(before.entries if before else {}, entries), entries))
    return history
