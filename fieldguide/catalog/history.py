"""What changed in each entry's facts from one published release to the next.

`entry_histories` is pure: it compares consecutive catalog states (changes.compare, which
also follows renames) and keeps, per entry, the release it was added in and every fact
that changed since, with the source the new value cites. `release_states` takes those
states from the release tags (v*) as changes.release_history reads them, the working
tree being the release now built. Prose, notes and bookkeeping are not facts and are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from fieldguide.catalog import changes
from fieldguide.catalog.changes import Key
from fieldguide.catalog.schema import text_fields

# Not facts: prose (the kinds' Markdown fields, below), the summary, the sources list and
# verification date, and a fact's source or note (each change names its source instead).
_BOOKKEEPING = re.compile(r"(summary|sources\[\]\..*|last_verified|(.*\.)?(source|note))\Z")
_INDEX = re.compile(r"\[\d+\]")
_BILLIONS = re.compile(r"parameters\.(value|active|estimates\[\d+\]\.value)\Z")


@dataclass(frozen=True)
class FactChange:
    release: str
    path: str  # as changes.py names it: "parameters.value", "relations[0].target"
    old: Any
    new: Any
    source: str | None  # the title of the source the new value cites (the old one's, if removed)

    @property
    def label(self) -> str:
        """'parameters', 'limits context tokens', 'relations 1 target'."""
        path = _INDEX.sub(lambda m: f" {int(m.group()[1:-1]) + 1}", self.path.removesuffix(".value"))
        return path.replace(".", " ").replace("_", " ")

    @property
    def before(self) -> str:
        return self._shown(self.old)

    @property
    def after(self) -> str:
        return self._shown(self.new)

    def _shown(self, value: Any) -> str:
        """A raw value as a reader reads it: lists joined, nothing as 'not set', parameter
        counts (in billions in the catalog) with their unit."""
        if value is None or value == {} or value == []:
            return "not set"
        if isinstance(value, list):
            return ", ".join(self._shown(v) for v in value)
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, int | float) and _BILLIONS.search(self.path):
            return f"{value:g}B"
        return str(value)


@dataclass
class EntryHistory:
    added_in: str
    changes: list[FactChange] = field(default_factory=list)


def entry_histories(states: list[tuple[str, dict[Key, dict]]]) -> dict[Key, EntryHistory]:
    """Per entry of the newest state: when it was added and what changed in its facts, oldest
    first. `states` are (release, raw entries keyed (kind, id)), oldest first."""
    histories: dict[Key, EntryHistory] = {}
    previous: dict[Key, dict] = {}
    for release, entries in states:
        found = changes.compare(previous, entries)
        renamed = dict(found.renamed)
        for key, old_id in renamed.items():
            histories[key] = histories.pop((key[0], old_id))
        for key in found.added:
            histories[key] = EntryHistory(release)
        for key, diffs in found.changed.items():
            before = previous[(key[0], renamed.get(key, key[1]))]
            histories[key].changes += [
                FactChange(release, c.path, c.old, c.new, _source(entries[key] if c.new is not None else before, c.path))
                for c in diffs if _is_fact(key[0], c.path)]
        for key in found.removed:
            histories.pop(key, None)
        previous = entries
    return histories


def _is_fact(kind: str, path: str) -> bool:
    shape = _INDEX.sub("[]", path)
    return not _BOOKKEEPING.match(shape) and _text_kinds(kind).get(shape) != "markdown"


@cache
def _text_kinds(kind: str) -> dict[str, str]:
    return text_fields(kind)


def _source(entry: dict, path: str) -> str | None:
    """The title of the source cited by the fact at `path`: the nearest `source` beside it or
    above it (the raw data of an old release is not validated, so nothing is assumed)."""
    node: Any = entry
    trail = [entry]
    for step in re.findall(r"[^.\[\]]+", path)[:-1]:
        if isinstance(node, list) and step.isdigit() and int(step) < len(node):
            node = node[int(step)]
        elif isinstance(node, dict):
            node = node.get(step)
        else:
            break
        trail.append(node)
    cited = next((n["source"] for n in reversed(trail) if isinstance(n, dict) and isinstance(n.get("source"), str)), None)
    if cited is None:
        return None
    titles = {s.get("id"): s.get("title") for s in entry.get("sources") or () if isinstance(s, dict)}
    return str(titles.get(cited) or cited)


def release_states(repo: Path, data_dir: Path, current: str,
                   releases: list[changes.Release] | None = None) -> list[tuple[str, dict[Key, dict]]]:
    """(release, raw entries) for every release tag (v*, oldest first) but the one being built,
    then the working tree as `current`. The tags are read by changes.release_history unless
    the build already has it (`releases`); a tag that cannot be read is skipped; outside
    git, only the working tree."""
    if releases is None:
        releases = changes.release_history(repo, data_dir)
    states = [(r.tag.removeprefix("v"), r.entries) for r in releases if r.tag.removeprefix("v") != current]
    return [*states, (current, changes.read_entries(changes.files_in_tree(data_dir)))]
