"""Strict, position-aware YAML reading for catalog files.

PyYAML's loaders guess types (`no` -> False, `1.10` -> 1.1, `2024-01-01` -> date),
let duplicate keys overwrite each other and accept anchors and custom tags. The
catalog wants none of that, and it wants the line and column of every value so
that a validation error can point at it. So we walk PyYAML's event stream
(libyaml-backed when available) and build plain values ourselves.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from fieldguide.catalog.escape import FORBIDDEN_CHARACTERS, describe_character

try:  # libyaml is ~15x faster; the event parser is iterative, so deep input is safe
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader

MAX_BYTES = 256 * 1024
MAX_DEPTH = 12

# The only plain (unquoted) scalars that are not text. Everything else is a string:
# yes/no/on/off stay words, dates stay text and version-like numbers such as 1.10
# are numbers only when they are written as numbers.
_INT = re.compile(r"-?(0|[1-9][0-9]*)\Z")
_FLOAT = re.compile(r"-?(0|[1-9][0-9]*)\.[0-9]+([eE][-+]?[0-9]+)?\Z|-?[1-9][0-9]*[eE][-+]?[0-9]+\Z")
_NULL = {"null", "~", ""}

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class YamlProblem:
    line: int
    col: int
    message: str
    path: tuple = ()  # the field, when the problem is a value's


class YamlError(Exception):
    def __init__(self, problems: list[YamlProblem]):
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


@dataclass
class Document:
    """A parsed file: its value and where each value (and mapping key) starts."""

    value: Any
    positions: dict[Path, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path, tuple[int, int]] = field(default_factory=dict)
    block_scalars: set[Path] = field(default_factory=set)  # `|` / `>` text: its first line is the next one

    def position(self, path: Path) -> tuple[int, int]:
        """Line and column (1-based) for a path, falling back to the nearest parent."""
        path = tuple(path)
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.positions.get((), (1, 1))

    def key_position(self, path: Path) -> tuple[int, int]:
        return self.key_positions.get(tuple(path)) or self.position(path)


def _pos(mark) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


def _scalar(event) -> Any:
    if event.style:  # quoted or block scalar: always text (libyaml reports plain as "")
        return event.value
    text = event.value
    if text in _NULL:
        return None
    if text == "true":
        return True
    if text == "false":
        return False
    if _INT.match(text):
        return int(text)
    if _FLOAT.match(text):
        return float(text)
    return text


def parse(text: str) -> Document:
    """Parse one YAML document strictly; raise YamlError listing every problem found."""
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise YamlError([YamlProblem(1, 1, f"file is larger than {MAX_BYTES // 1024} KB")])
    # CRLF line ends and a leading byte-order mark are the editor's, not the content's.
    raw = [m for m in FORBIDDEN_CHARACTERS.finditer(text) if m.group() not in "\r\ufeff"
           or (m.group() == "\r" and text[m.end():m.end() + 1] != "\n") or (m.group() == "\ufeff" and m.start())][:20]
    if raw:  # raw characters in the file itself (YAML would read some of them as line breaks)
        raise YamlError([YamlProblem(text.count("\n", 0, m.start()) + 1, m.start() - text.rfind("\n", 0, m.start()),
                                     f"contains {describe_character(m.group())}; control, bidirectional and "
                                     "zero-width characters are not allowed in catalog files") for m in raw])
    doc = Document(value=None)
    problems: list[YamlProblem] = []
    # Stack of containers under construction: [container, path, pending key]
    stack: list[list[Any]] = []
    root_set = False
    documents = 0

    def place(value: Any, start: tuple[int, int]) -> Path | None:
        """Attach a finished value to its parent and return its path (None if dropped)."""
        nonlocal root_set
        problem = None
        if isinstance(value, str) and (bad := FORBIDDEN_CHARACTERS.search(value)):
            # Escapes such as "\r" or "\u202e" in quoted text arrive here as real characters.
            problem = (f"contains {describe_character(bad.group())}; control, bidirectional and zero-width "
                       "characters are not allowed in catalog text")
            value = ""
        elif isinstance(value, float) and not math.isfinite(value):
            problem, value = "is too large to be a finite number", 0.0
        if problem:
            parent = stack[-1] if stack else None
            where: tuple = ()
            if parent is not None:
                key = parent[2]
                where = parent[1] + ((len(parent[0]),) if isinstance(parent[0], list) else () if key is _NO_KEY else (key,))
            problems.append(YamlProblem(*start, problem, where))
        if not stack:
            doc.value, root_set = value, True
            doc.positions[()] = start
            return ()
        parent, ppath, key = stack[-1]
        if isinstance(parent, list):
            path = ppath + (len(parent),)
            parent.append(value)
        elif key is _NO_KEY:
            # This value is a mapping key.
            if not isinstance(value, str):
                problems.append(YamlProblem(*start, "mapping keys must be plain words"))
                stack[-1][2] = _DROP
                return None
            if value in parent:
                problems.append(YamlProblem(*start, f"duplicate key '{value}' (an earlier line already sets it)"))
                stack[-1][2] = _DROP
                return None
            stack[-1][2] = value
            doc.key_positions[ppath + (value,)] = start
            return None
        else:
            stack[-1][2] = _NO_KEY
            if key is _DROP:
                return None
            path = ppath + (key,)
            parent[key] = value
        doc.positions[path] = start
        return path

    try:
        for event in yaml.parse(text, Loader=_Loader):
            kind = type(event)
            if kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    problems.append(YamlProblem(*_pos(event.start_mark), "only one YAML document per file (remove the extra '---')"))
                    break
                continue
            if kind in (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent):
                continue
            start = _pos(event.start_mark)
            if kind is yaml.AliasEvent:
                problems.append(YamlProblem(*start, f"aliases (*{event.anchor}) are not allowed; write the value out"))
                _placeholder(stack, place, start)
                continue
            anchor = getattr(event, "anchor", None)
            if anchor:
                problems.append(YamlProblem(*start, f"anchors (&{anchor}) are not allowed; write the value out"))
            tag = getattr(event, "tag", None)
            if tag and tag not in ("!", "tag:yaml.org,2002:str") or (
                tag == "tag:yaml.org,2002:str" and kind is not yaml.ScalarEvent
            ):
                problems.append(YamlProblem(*start, f"tags such as '{tag}' are not allowed"))
            if kind is yaml.ScalarEvent:
                value = event.value if tag else _scalar(event)
                path = place(value, start)
                if path is not None and event.style in ("|", ">"):
                    doc.block_scalars.add(path)
            elif kind in (yaml.MappingStartEvent, yaml.SequenceStartEvent):
                if len(stack) >= MAX_DEPTH:
                    problems.append(YamlProblem(*start, f"nesting is deeper than {MAX_DEPTH} levels"))
                    raise _TooDeep
                container: Any = {} if kind is yaml.MappingStartEvent else []
                # Placed first so the path is known; filled in as events arrive.
                path = place(container, start)
                stack.append([container, path if path is not None else ("?",), _NO_KEY])
            elif kind in (yaml.MappingEndEvent, yaml.SequenceEndEvent):
                stack.pop()
    except _TooDeep:
        pass
    except yaml.reader.ReaderError as exc:
        # A raw control byte in the file: libyaml refuses it before parsing anything.
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        char = chr(exc.character) if isinstance(exc.character, int) else str(exc.character)[:1]
        problems.append(YamlProblem(line, col, f"contains {describe_character(char)}; control, bidirectional and "
                                    "zero-width characters are not allowed in catalog files"))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = _pos(mark) if mark else (1, 1)
        message = exc.problem or str(exc)
        if exc.context:
            message = f"{exc.context}, {message}"
        problems.append(YamlProblem(line, col, f"YAML syntax error: {message}{_syntax_hint(message)}"))
    except yaml.YAMLError as exc:  # any other libyaml complaint: still a data mistake, never a traceback
        problems.append(YamlProblem(1, 1, f"YAML error: {exc}"))
    if not problems and not root_set:
        problems.append(YamlProblem(1, 1, "file is empty"))
    if problems:
        raise YamlError(problems)
    return doc


def _syntax_hint(message: str) -> str:
    """How to fix the YAML mistakes contributors make most."""
    if "flow sequence" in message or "flow mapping" in message or "expected ',' or ']'" in message:
        return ("; inside [a, b] lists, quote any item that contains '[', ']', ',', ':' or '#' "
                "(e.g. [\"FLUX.1 [dev]\"]), or write the list one '- item' per line")
    if "mapping values are not allowed" in message:
        return "; a value containing ': ' must be in quotes"
    if "found character '\\t'" in message or "found character '\t'" in message:
        return "; indent with spaces, not tabs"
    return ""


class _TooDeep(Exception):
    pass


class _Sentinel:
    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return self.name


_NO_KEY = _Sentinel("NO_KEY")
_DROP = _Sentinel("DROP")


def _placeholder(stack, place, start) -> None:
    """Keep key/value pairing intact after a rejected alias."""
    place(None, start)
