"""Safe YAML with line marks: plain values plus where each value and key was written.

PyYAML's composer gives us nodes with marks; we build plain Python values from them
ourselves so that no object is ever constructed from a tag, duplicate keys are caught,
alias bombs and deep nesting are bounded, and every value keeps its position.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from dossier.errors import Diagnostics

KeyPath = tuple[str | int, ...]
Position = tuple[int, int]

MAX_NODES = 200_000  # values built from one document, aliases expanded
MAX_DEPTH = 64  # nesting of mappings and lists

_TAG = "tag:yaml.org,2002:"
_PLAIN_TAGS = {f"{_TAG}{t}" for t in ("str", "int", "float", "bool", "null")}
_TIMESTAMP = f"{_TAG}timestamp"
_MERGE = f"{_TAG}merge"
_COLLECTION_TAGS = {f"{_TAG}map", f"{_TAG}seq", f"{_TAG}omap"}


@dataclass
class YamlDoc:
    """A loaded document: its value tree and the 1-based position of every path."""

    path: str
    value: Any
    marks: dict[KeyPath, Position] = field(default_factory=dict)
    key_marks: dict[KeyPath, Position] = field(default_factory=dict)

    def at(self, key_path: KeyPath) -> Position:
        """Where the value at key_path was written (or its nearest written parent)."""
        for end in range(len(key_path), -1, -1):
            found = self.marks.get(key_path[:end])
            if found:
                return found
        return (1, 1)

    def key_at(self, key_path: KeyPath) -> Position:
        """Where the key of key_path was written (falls back to the value)."""
        return self.key_marks.get(key_path) or self.at(key_path)

    def marks_of(self, keys: frozenset[str]) -> YamlDoc:
        """Where these top-level keys and their items were written, without the values:
        what later checks point at, in a fraction of the memory."""
        kept = {k: v for k, v in self.marks.items() if not k or (k[0] in keys and len(k) <= 2)}
        return YamlDoc(self.path, None, kept)


class _Refused(Exception):
    def __init__(self, node: Node, message: str, hint: str):
        super().__init__(message)
        self.node = node
        self.hint = hint


class _Builder:
    def __init__(self, loader: yaml.SafeLoader, doc: YamlDoc, lines: LineMap):
        self.loader = loader
        self.doc = doc
        self.lines = lines
        self.count = 0
        self.built: dict[int, tuple[Any, int]] = {}  # id(node) -> (value, values it holds)
        self.duplicates: list[tuple[Node, str, Position]] = []
        self.merged: set[int] = set()  # mappings merged in with `<<`
        self.aliased = False  # a node was met again: an alias was expanded

    def pos(self, node: Node) -> Position:
        return self.lines.position(node.start_mark)

    def build(self, node: Node, key_path: KeyPath, depth: int) -> Any:
        """The value of a node. An alias (the same node met again) shares the value built
        the first time, so an alias bomb costs no memory; its expanded size still counts
        against MAX_NODES, so it is refused all the same."""
        shared = self.built.get(id(node))
        if shared is not None:
            self.aliased = True
            self.count_values(node, shared[1])
            return shared[0]
        before = self.count
        self.count_values(node, 1)
        if depth > MAX_DEPTH:
            raise _Refused(
                node,
                f"nesting deeper than {MAX_DEPTH} levels",
                "flatten the structure; dossier files need only a few levels",
            )
        self.doc.marks.setdefault(key_path, self.pos(node))
        value = self.value(node, key_path, depth)
        self.built[id(node)] = (value, self.count - before)
        return value

    def count_values(self, node: Node, how_many: int) -> None:
        self.count += how_many
        if self.count > MAX_NODES and self.aliased:
            raise _Refused(
                node,
                f"document expands to more than {MAX_NODES:,} values",
                "this looks like an alias bomb; write the values out instead of nesting aliases",
            )
        if self.count > MAX_NODES:
            raise _Refused(
                node,
                f"document holds more than {MAX_NODES:,} values",
                "dossier files hold a few hundred values: split the data, or keep it out of YAML",
            )

    def value(self, node: Node, key_path: KeyPath, depth: int) -> Any:
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        if node.tag not in _COLLECTION_TAGS:
            raise _unsupported_tag(node)
        if isinstance(node, SequenceNode):
            return [
                self.build(child, (*key_path, i), depth + 1) for i, child in enumerate(node.value)
            ]
        assert isinstance(node, MappingNode)
        return self.mapping(node, key_path, depth)

    def mapping(self, node: MappingNode, key_path: KeyPath, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        merged: list[Node] = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                merged.append(value_node)
                continue
            if not isinstance(key_node, ScalarNode):
                raise _Refused(key_node, "a key must be a plain word", "write `key: value`")
            key = str(key_node.value)
            child = (*key_path, key)
            if key in result:
                first = self.doc.key_marks[child]
                self.duplicates.append((key_node, key, first))
            self.doc.key_marks[child] = self.pos(key_node)
            result[key] = self.build(value_node, child, depth + 1)
        for source in merged:
            self.merge_into(result, source, key_path, depth)
        return result

    def merge_into(
        self, result: dict[str, Any], source: Node, key_path: KeyPath, depth: int
    ) -> None:
        sources = source.value if isinstance(source, SequenceNode) else [source]
        for item in sources:
            if not isinstance(item, MappingNode):
                raise _Refused(item, "`<<` must merge a mapping", "use `<<: *anchor` of a mapping")
            self.aliased = self.aliased or id(item) in self.merged or id(item) in self.built
            self.merged.add(id(item))
            for key, value in self.mapping(item, key_path, depth).items():
                result.setdefault(key, value)

    def scalar(self, node: ScalarNode) -> Any:
        if node.tag == _TIMESTAMP:
            return str(node.value)  # dates are parsed by the field that expects one
        if node.tag not in _PLAIN_TAGS:
            raise _unsupported_tag(node)
        try:
            return self.loader.construct_object(node)
        except Exception as exc:  # e.g. `!!bool maybe`: the constructor fails its own way
            raise _Refused(
                node,
                f"invalid value {node.value[:40]!r} for tag {node.tag.replace(_TAG, '!!')}",
                "remove the tag, or quote the value",
            ) from exc


def _unsupported_tag(node: Node) -> _Refused:
    return _Refused(
        node,
        f"unsupported YAML tag '{node.tag.replace(_TAG, '!!')}'",
        "dossier reads plain YAML only (text, numbers, lists, mappings); remove the tag",
    )


_FAST_LOADER = getattr(yaml, "CSafeLoader", None)
_ODD_BREAKS = ("\x85", "\u2028", "\u2029")  # YAML line breaks that editors don't count


class LineMap:
    """File positions of YAML marks: offset by where the YAML starts in the file, and
    counted the way editors count when the text holds characters YAML takes for line
    breaks but editors do not (U+0085, U+2028, U+2029): lines are then found by the
    text's own newlines, by bisection (each lookup O(log n), however many there are)."""

    def __init__(self, text: str, line_offset: int):
        self.offset = line_offset
        odd = any(c in text for c in _ODD_BREAKS)
        self.newlines = [m.start() for m in re.finditer("\n", text)] if odd else None

    def position(self, mark: Any) -> Position:
        if mark is None:
            return (1 + self.offset, 1)
        if self.newlines is None:  # YAML's lines are the editor's lines
            return (mark.line + 1 + self.offset, mark.column + 1)
        before = bisect.bisect_left(self.newlines, mark.index)  # newlines before the mark
        line_start = self.newlines[before - 1] + 1 if before else 0
        return (before + 1 + self.offset, mark.index - line_start + 1)


def _loader_for(text: str) -> yaml.SafeLoader:
    """libyaml's parser where installed (several times faster); PyYAML's own where marks
    must count characters (odd line breaks) or libyaml is missing."""
    if _FAST_LOADER is not None and not any(c in text for c in _ODD_BREAKS):
        return _FAST_LOADER(text)  # type: ignore[no-any-return]
    return yaml.SafeLoader(text)


_NESTING_MARKS = "-:[{?"  # what starts a sequence or mapping: `- x`, `k: v`, `[`, `{`, `? k`


def _too_deep(text: str) -> Any:
    """Where the nesting first goes deeper than MAX_DEPTH, found by walking the parser's
    events in a loop: composing such a document would recurse once per level (in C for
    libyaml, deep enough to crash the process)."""
    if sum(text.count(c) for c in _NESTING_MARKS) <= MAX_DEPTH:
        return None  # every level needs one of these marks: this text cannot nest too deep
    loader = _loader_for(text)
    try:
        return _deep_event(loader)
    except yaml.MarkedYAMLError as exc:
        # newer libyaml stops at its own limit (1,000 levels) while it scans ahead, before
        # the events reach MAX_DEPTH; PyYAML's scanner has no limit and gives the right place
        if "maximum nesting depth" not in str(exc.problem) or type(loader) is yaml.SafeLoader:
            raise
    return _deep_event(yaml.SafeLoader(text))


def _deep_event(loader: yaml.SafeLoader) -> Any:
    depth = -1  # the document's own mapping is level 0, as the value builder counts
    try:
        while loader.check_event():
            event = loader.get_event()  # type: ignore[no-untyped-call]
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return event.start_mark
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    finally:
        loader.dispose()
    return None


def _nesting_allowed(text: str, path: str, diags: Diagnostics, lines: LineMap) -> bool:
    """False (with the reason in diags) when the text nests too deep or cannot be scanned."""
    try:
        deep = _too_deep(text)
    except yaml.MarkedYAMLError as exc:
        _report_syntax(exc, text, path, diags, lines)
        return False
    except yaml.YAMLError as exc:
        diags.error(path, 1 + lines.offset, 1, f"invalid YAML: {exc}", "check the YAML syntax")
        return False
    if deep is not None:
        line, col = lines.position(deep)
        diags.error(
            path,
            line,
            col,
            f"nesting deeper than {MAX_DEPTH} levels",
            "flatten the structure; dossier files need only a few levels",
        )
        return False
    return True


def load_yaml(text: str, path: str, diags: Diagnostics, line_offset: int = 0) -> YamlDoc | None:
    """Parse one YAML document. Problems go to diags; None when it cannot be read at all."""
    doc = YamlDoc(path, None)
    lines = LineMap(text, line_offset)
    if not _nesting_allowed(text, path, diags, lines):
        return None
    try:
        loader = _loader_for(text)  # PyYAML's reader refuses some characters right away
    except yaml.YAMLError as exc:
        diags.error(path, 1 + line_offset, 1, f"invalid YAML: {exc}", "check the YAML syntax")
        return None
    try:
        node = loader.get_single_node()
        if node is None:
            doc.value = None
            return doc
        builder = _Builder(loader, doc, lines)
        doc.value = builder.build(node, (), 0)
    except _Refused as exc:
        line, col = lines.position(exc.node.start_mark)
        diags.error(path, line, col, str(exc), exc.hint)
        return None
    except yaml.MarkedYAMLError as exc:
        _report_syntax(exc, text, path, diags, lines)
        return None
    except yaml.YAMLError as exc:
        diags.error(path, 1 + line_offset, 1, f"invalid YAML: {exc}", "check the YAML syntax")
        return None
    finally:
        loader.dispose()
    for key_node, key, first in builder.duplicates:
        line, col = builder.pos(key_node)
        diags.error(
            path, line, col, f"duplicate key '{key}'", f"'{key}' is first set on line {first[0]}"
        )
    return doc


def _report_syntax(
    exc: yaml.MarkedYAMLError, text: str, path: str, diags: Diagnostics, lines: LineMap
) -> None:
    mark = exc.problem_mark or exc.context_mark
    line, col = lines.position(mark)
    problem = exc.problem or "invalid YAML"
    if mark is not None and _mark_char(text, mark, lines) == "\t":
        problem = f"{problem} (a tab)"
    message = f"invalid YAML: {problem}"
    if exc.context:
        message += f" ({exc.context})"
    diags.error(path, line, col, message, _syntax_hint(problem))


def _mark_char(text: str, mark: Any, lines: LineMap) -> str:
    """The character at a mark: by its index where marks count characters (odd line
    breaks: PyYAML's own reader), else by YAML's line and column."""
    if lines.newlines is not None:
        return str(text[mark.index : mark.index + 1])
    return _char_at(text, mark.line, mark.column)


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n")
    row = lines[line] if 0 <= line < len(lines) else ""
    return row[column] if 0 <= column < len(row) else ""


def _syntax_hint(problem: str) -> str:
    if "\\t" in problem or "tab" in problem:
        return "YAML indents with spaces, not tabs"
    if "mapping values are not allowed" in problem:
        return "a value containing ': ' must be quoted, e.g. title: \"Q3: launch\""
    if "found undefined alias" in problem:
        return "an alias (*name) must refer to an anchor (&name) defined earlier"
    if "expected <block end>" in problem or "indentation" in problem:
        return "check the indentation: items of one list or mapping line up"
    return "check the YAML syntax near this line; quote values that contain ':' or '#'"
