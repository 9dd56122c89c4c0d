"""Read YAML safely into nodes that remember where each value came from.

Only plain data is accepted: standard scalar tags, sequences and mappings. Every
other tag (``!!python/...``, custom ``!tags``) is refused, duplicate keys are
reported, and alias expansion, nesting depth and file size are bounded so a
hostile file cannot exhaust memory or time.
"""

from __future__ import annotations

import os
import re
import time
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISBLK, S_ISCHR, S_ISDIR, S_ISFIFO, S_ISREG, S_ISSOCK
from types import MappingProxyType
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor

from .problems import Location, Problem

try:  # libyaml's composer is much faster; both give the same nodes and marks.
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader


def _libyaml_limits_nesting() -> bool:
    """libyaml 0.2.6 and later stop at 1,000 levels by themselves: composing cannot recurse deeper."""
    try:
        from yaml import _yaml  # type: ignore[attr-defined]

        version = tuple(int(part) for part in _yaml.get_version_string().split(".")[:3])
    except (ImportError, AttributeError, ValueError):  # pragma: no cover - depends on how PyYAML was built
        return False
    return _Loader is not yaml.SafeLoader and version >= (0, 2, 6)


_COMPOSE_FIRST = _libyaml_limits_nesting()
"""Compose at once and count the depth on the nodes; else count it on the events first (a second parse)."""

MAX_FILE_BYTES = 5 * 1024 * 1024
"""Larger files are refused: a journey map is a few kilobytes."""
MAX_NODES = 100_000
"""Upper bound on values in one file after alias expansion ("billion laughs")."""
MAX_DEPTH = 50
"""Upper bound on nesting; the format itself needs fewer than ten levels."""

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_MERGE_TAG = _TAG + "merge"
_STR_TAG = _TAG + "str"


_NO_KEYS: Mapping[str, Location] = MappingProxyType({})


@dataclass(frozen=True, eq=False, slots=True)  # slots: a thousand maps are some 350,000 nodes
class Node:
    """A YAML value with its location.

    ``value`` is a ``dict[str, Node]`` for mappings, a ``list[Node]`` for
    sequences, and a plain Python scalar otherwise. For mappings, ``keys`` holds
    the location of each key; for scalars, ``raw`` is the text as written.
    """

    value: Any
    loc: Location
    keys: Mapping[str, Location] = field(default_factory=lambda: _NO_KEYS)  # shared, read-only
    raw: str | None = None

    @property
    def is_map(self) -> bool:
        return isinstance(self.value, dict)

    @property
    def is_seq(self) -> bool:
        return isinstance(self.value, list)


class _Refused(Exception):
    def __init__(self, mark: yaml.Mark | None, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.mark = mark
        self.message = message
        self.hint = hint


def read_yaml(path: Path, display: str) -> tuple[Node | None, list[Problem]]:
    """Read one YAML file; return its root node (or None) and the problems found.

    ``display`` is the path shown in messages (relative to the project root).
    An empty document gives ``(None, [])``: callers decide whether that is an error.
    """
    try:
        stat = path.stat()
        if not S_ISREG(stat.st_mode):
            return None, [Problem(Location(display), f"not read: this is {_kind(stat.st_mode)}, not a file")]
        size = stat.st_size
        key = (os.path.realpath(path), display, size, stat.st_mtime_ns, stat.st_ino)
        if key in _parsed:
            _parsed.move_to_end(key)
            node, problems = _parsed[key]
            return node, list(problems)
        if size > MAX_FILE_BYTES:
            return None, [_too_large(display, size)]
        data = _read_regular(path)
    except _NotAFile as exc:
        return None, [Problem(Location(display), f"not read: this is {exc}, not a file")]
    except _TooLarge as exc:
        return None, [_too_large(display, exc.size)]
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symbolic link loop on older Pythons
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return None, [Problem(Location(display), f"cannot read file: {reason}")]
    result = parse_yaml(data, display)
    # A file written in the last seconds may be written again within the file system's
    # timestamp granularity, with the same size: such "racy" files are not kept (as git does).
    if time.time_ns() - stat.st_mtime_ns > _RACY_NS and len(data) == size:
        _parsed[key] = (result[0], list(result[1]))
        while len(_parsed) > _CACHE_FILES:
            _parsed.popitem(last=False)
    return result


class _NotAFile(Exception):
    pass


class _TooLarge(Exception):
    def __init__(self, size: int) -> None:
        self.size = size


def _read_regular(path: Path) -> bytes:
    """The bytes of a regular file, at most MAX_FILE_BYTES: never blocks on a FIFO or reads a device.

    Opened without blocking (a FIFO would wait for a writer), then checked again on the
    descriptor (the path may have been swapped since ``stat``), then read with a bound.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        mode = os.fstat(fd).st_mode
        if not S_ISREG(mode):
            raise _NotAFile(_kind(mode))
        chunks: list[bytes] = []
        total = 0
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
            total += len(chunk)
            if total > MAX_FILE_BYTES:
                raise _TooLarge(max(total, os.fstat(fd).st_size))
        return b"".join(chunks)
    finally:
        os.close(fd)


def _kind(mode: int) -> str:
    if S_ISDIR(mode):
        return "a folder"
    if S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if S_ISCHR(mode) or S_ISBLK(mode):
        return "a device"
    if S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def _too_large(display: str, size: int) -> Problem:
    return Problem(Location(display, 1, 1), f"file is too large ({size:,} bytes; the limit is {MAX_FILE_BYTES:,})")


_parsed: OrderedDict[tuple[str, str, int, int, int], tuple[Node | None, list[Problem]]] = OrderedDict()
"""Parsed files by (path, shown path, size, mtime, inode): `mkdocs serve` and static-i18n's builds
per language read every map again; only files that changed are parsed again. Nodes are never
modified after parsing, so sharing them is safe."""
_CACHE_FILES = 20_000


def forget(folder: Path) -> None:
    """Drop the parsed files under ``folder`` (a temporary folder about to be deleted)."""
    prefix = str(folder.resolve()) + os.sep
    for key in [k for k in _parsed if k[0].startswith(prefix)]:
        del _parsed[key]


_RACY_NS = 2_000_000_000


def parse_yaml(data: bytes, display: str) -> tuple[Node | None, list[Problem]]:
    """Parse YAML bytes (see :func:`read_yaml`)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [Problem(Location(display, 1, 1), "the file is UTF-16", hint="save the file with UTF-8 encoding")]
    if b"\0" in data:
        line, col = byte_position(data, data.index(b"\0"))
        return None, [Problem(Location(display, line, col), "binary data: this is not a YAML text file")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = byte_position(data, exc.start)
        return None, [
            Problem(
                Location(display, line, col),
                f"not valid UTF-8 (byte 0x{data[exc.start]:02x})",
                hint="save the file with UTF-8 encoding",
            )
        ]
    try:
        if not _COMPOSE_FIRST:
            _check_depth(text)  # before composing: an older libyaml's composer recurses and can crash
        try:
            root = yaml.compose(text, Loader=_Loader)
        except yaml.MarkedYAMLError as exc:
            if _COMPOSE_FIRST and _is_nesting_limit(exc):
                _check_depth(text)  # our words and position for libyaml's "exceeded maximum nesting depth"
            raise
        if root is None:
            return None, []
        converter = _Converter(display)
        node = converter.convert(root)
        return node, converter.problems
    except _Refused as exc:
        mark = exc.mark
        loc = Location(display, mark.line + 1, mark.column + 1) if mark else Location(display, 1, 1)
        return None, [Problem(loc, exc.message, hint=exc.hint)]
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_problem(exc, display, text)]
    except yaml.reader.ReaderError as exc:
        line, col = text_position(text, exc.position)
        return None, [Problem(Location(display, line, col), f"YAML syntax error: {_reader_reason(exc)}")]
    except yaml.YAMLError as exc:  # any other PyYAML failure, still located at the file
        return None, [Problem(Location(display, 1, 1), f"YAML error: {exc}")]
    except RecursionError:
        return None, [Problem(Location(display, 1, 1), "YAML is nested too deeply")]


def _check_depth(text: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH, reading events with the (iterative) parser.

    libyaml 0.2.6 and later (bundled from PyYAML 6.0.3 on) refuse deep nesting themselves,
    while scanning ahead and before any event comes out, with an error of their own
    ("exceeded maximum nesting depth", at the 1,000th level). That text is not the
    author's problem to decode: the same file is then read again with PyYAML's Python
    parser, which has no such limit, so the message and its position are ours whatever
    libyaml is installed.
    """
    try:
        _depth_events(text, _Loader)
    except yaml.MarkedYAMLError as exc:
        if _Loader is yaml.SafeLoader or not _is_nesting_limit(exc):
            raise
        try:
            _depth_events(text, yaml.SafeLoader)
        except yaml.MarkedYAMLError as again:
            if not _is_nesting_limit(again):
                raise
            # A Python parser with a limit of its own (none has one today): still our words.
            raise _Refused(again.problem_mark, f"values are nested more than {MAX_DEPTH} levels deep") from again
        raise  # pragma: no cover - the Python parser accepted what libyaml refused as too deep


def _is_nesting_limit(exc: yaml.MarkedYAMLError) -> bool:
    return "nesting depth" in f"{exc.problem or ''} {exc.context or ''}"


def _depth_events(text: str, loader: type) -> None:
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise _Refused(event.start_mark, f"values are nested more than {MAX_DEPTH} levels deep")
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def _syntax_problem(exc: yaml.MarkedYAMLError, display: str, text: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    loc = Location(display, mark.line + 1, mark.column + 1) if mark else Location(display, 1, 1)
    reason = exc.problem or "invalid YAML"
    if exc.context:
        context = exc.context
        started = exc.context_mark
        moved = started is not None and mark is not None and (started.line, started.column) != (mark.line, mark.column)
        if moved and context.startswith("while "):
            context += f" that starts at line {started.line + 1}, column {started.column + 1}"
        reason = f"{reason} ({context})"
    hint = _syntax_hint(exc, text.splitlines()) if mark is not None else ""
    return Problem(loc, f"YAML syntax error: {reason}", hint=hint)


_KEY_LINE = re.compile(r"^(?P<lead>\s*(?:-\s+)?)(?P<key>[^\s#:'\"][^:#]*?):\s+(?P<value>.*?)\s*$")
_ITEM = re.compile(r"^(?P<indent> *)-(?:\s|$)")


def _syntax_hint(exc: yaml.MarkedYAMLError, lines: list[str]) -> str:
    """What a person needs to fix the most common slips, in the words of the fix."""
    mark = exc.problem_mark or exc.context_mark
    assert mark is not None
    line = lines[mark.line] if mark.line < len(lines) else ""
    problem, context = exc.problem or "", exc.context or ""
    if "\t" in line[: mark.column + 1]:
        return f"YAML indentation must use spaces, not tabs: replace the tab on line {mark.line + 1} with spaces"
    if problem.startswith("mapping values are not allowed"):
        found = _KEY_LINE.match(line)
        first_colon = line.find(":")
        if found and first_colon == mark.column and mark.line > 0:  # a key, indented under a text
            indent = len(line) - len(line.lstrip(" "))
            above = lines[mark.line - 1]
            wanted = len(above) - len(above.lstrip(" "))
            return (
                f"this line is indented further than line {mark.line}, so it reads as more of that line's "
                f"text: line its key up with the key above (column {wanted + 1}, not {indent + 1})"
            )
        if found:
            value = found["value"].replace("\\", "\\\\").replace('"', '\\"')
            return (
                "a colon followed by a space starts a new key, even inside a text: put the text in quotes, "
                f'for example {found["lead"].strip()} {found["key"]}: "{value}"'.replace("  ", " ").strip()
            )
        return "a colon followed by a space starts a new key, even inside a text: put the text in quotes"
    if "quoted scalar" in context and exc.context_mark is not None:
        start = exc.context_mark
        opened = lines[start.line][start.column : start.column + 1] if start.line < len(lines) else '"'
        return (
            f"the text quoted at line {start.line + 1}, column {start.column + 1} is never closed: end it with {opened}"
        )
    if "block" in context or "expected key" in problem or "indicator" in problem:
        item = _ITEM.match(line)
        if item:
            indent = len(item["indent"])
            for number in range(mark.line - 1, -1, -1):
                above = _ITEM.match(lines[number])
                if above and len(above["indent"]) != indent and abs(len(above["indent"]) - indent) <= 4:
                    column = len(above["indent"]) + 1
                    return (
                        f"this list item is not lined up with the item at line {number + 1}: "
                        f"start its '-' at column {column}, like that one"
                    )
        return "a line is not lined up with the lines above it: YAML reads the indentation as structure"
    return ""


def _reader_reason(exc: yaml.reader.ReaderError) -> str:
    char = exc.character
    code = ord(char) if isinstance(char, str) else char
    return f"character U+{code:04X} is not allowed in YAML"


def byte_position(data: bytes, offset: int) -> tuple[int, int]:
    """Line and column (from 1, in characters) of byte ``offset`` of UTF-8 ``data``."""
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    return line, len(data[start:offset].decode("utf-8", "replace")) + 1


def text_position(text: str, offset: int) -> tuple[int, int]:
    """Line and column (from 1) of character ``offset`` of ``text``."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


class _Converter:
    """Turn composed PyYAML nodes into :class:`Node` trees, within bounds."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.count = 0
        self.constructor = SafeConstructor()
        self.problems: list[Problem] = []
        """Problems that do not stop reading the rest of the file (duplicate keys)."""

    def loc(self, mark: yaml.Mark) -> Location:
        return Location(self.display, mark.line + 1, mark.column + 1)

    def convert(self, node: yaml.Node, depth: int = 0) -> Node:
        self.count += 1
        if self.count > MAX_NODES:
            raise _Refused(
                node.start_mark,
                f"too many values (more than {MAX_NODES:,}) after expanding aliases",
                hint="aliases (*name) that repeat other aliases multiply; write values out",
            )
        if depth >= MAX_DEPTH and isinstance(node, yaml.CollectionNode):  # as _depth_events counts: from 1
            raise _Refused(node.start_mark, f"values are nested more than {MAX_DEPTH} levels deep")
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, depth)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _TAG + "seq":
                raise self._bad_tag(node)
            return Node([self.convert(item, depth + 1) for item in node.value], self.loc(node.start_mark))
        return self._scalar(node)

    def _bad_tag(self, node: yaml.Node) -> _Refused:
        tag = node.tag.replace(_TAG, "!!")
        return _Refused(
            node.start_mark,
            f"YAML tag '{tag}' is not allowed: maps hold plain text, numbers, lists and mappings",
        )

    def _scalar(self, node: yaml.ScalarNode) -> Node:
        if node.tag == _STR_TAG:  # most values: the text itself, as the constructor would give it
            return Node(node.value, self.loc(node.start_mark), raw=node.value)
        if node.tag not in _SCALAR_TAGS:
            raise self._bad_tag(node)
        try:
            value = self.constructor.construct_object(node, deep=True)
        except (ConstructorError, ValueError, OverflowError):
            # A date-like scalar that is not a real date (2026-02-30): keep the text;
            # a date field reports it, a text field shows it as written.
            value = node.value
        return Node(value, self.loc(node.start_mark), raw=node.value)

    def _mapping(self, node: yaml.MappingNode, depth: int) -> Node:
        if node.tag != _TAG + "map":
            raise self._bad_tag(node)
        values: dict[str, Node] = {}
        keys: dict[str, Location] = {}
        merged: list[yaml.MappingNode] = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                merged.extend(self._merge_sources(value_node))
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Refused(key_node.start_mark, "mapping keys must be plain text")
            if key_node.tag not in _SCALAR_TAGS:
                raise self._bad_tag(key_node)
            key = str(key_node.value)
            if key in values:
                first = keys[key]
                self.problems.append(
                    Problem(self.loc(key_node.start_mark), f"duplicate key '{key}' (first given at line {first.line})")
                )
                continue
            keys[key] = self.loc(key_node.start_mark)
            values[key] = self.convert(value_node, depth + 1)
        for source in merged:  # explicit keys win over merged ones, earlier merges over later
            merged_node = self._mapping(source, depth + 1)
            for key, value in merged_node.value.items():
                if key not in values:
                    values[key] = value
                    keys[key] = merged_node.keys[key]
        return Node(values, self.loc(node.start_mark), keys=keys)

    def _merge_sources(self, node: yaml.Node) -> list[yaml.MappingNode]:
        if isinstance(node, yaml.MappingNode):
            return [node]
        if isinstance(node, yaml.SequenceNode) and all(isinstance(n, yaml.MappingNode) for n in node.value):
            return list(node.value)
        raise _Refused(node.start_mark, "a merge key (<<) needs a mapping or a list of mappings")
