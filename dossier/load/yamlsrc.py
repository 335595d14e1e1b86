"""Safe YAML with line marks: plain values plus where each value and key was written.

PyYAML's composer gives us nodes with marks; we build plain Python values from them
ourselves so that no object is ever constructed from a tag, duplicate keys are caught,
alias bombs and deep nesting are bounded, and every value keeps its position.
"""

from __future__ import annotations

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


class _Refused(Exception):
    def __init__(self, node: Node, message: str, hint: str):
        super().__init__(message)
        self.node = node
        self.hint = hint


class _Builder:
    def __init__(self, loader: yaml.SafeLoader, doc: YamlDoc, line_offset: int):
        self.loader = loader
        self.doc = doc
        self.line_offset = line_offset
        self.count = 0
        self.duplicates: list[tuple[Node, str, Position]] = []

    def pos(self, node: Node) -> Position:
        mark = node.start_mark
        return (mark.line + 1 + self.line_offset, mark.column + 1)

    def build(self, node: Node, key_path: KeyPath, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _Refused(
                node,
                f"document expands to more than {MAX_NODES:,} values",
                "this looks like an alias bomb; write the values out instead of nesting aliases",
            )
        if depth > MAX_DEPTH:
            raise _Refused(
                node,
                f"nesting deeper than {MAX_DEPTH} levels",
                "flatten the structure; dossier files need only a few levels",
            )
        self.doc.marks.setdefault(key_path, self.pos(node))
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
            for key, value in self.mapping(item, key_path, depth).items():
                result.setdefault(key, value)

    def scalar(self, node: ScalarNode) -> Any:
        if node.tag == _TIMESTAMP:
            return str(node.value)  # dates are parsed by the field that expects one
        if node.tag not in _PLAIN_TAGS:
            raise _unsupported_tag(node)
        try:
            return self.loader.construct_object(node)
        except (ValueError, OverflowError) as exc:
            raise _Refused(node, f"invalid value {node.value[:40]!r}: {exc}", "quote it") from exc


def _unsupported_tag(node: Node) -> _Refused:
    return _Refused(
        node,
        f"unsupported YAML tag '{node.tag.replace(_TAG, '!!')}'",
        "dossier reads plain YAML only (text, numbers, lists, mappings); remove the tag",
    )


_FAST_LOADER = getattr(yaml, "CSafeLoader", None)
MAX_FAST_BRACKETS = 2_000  # the C parser recurses in C: deep flow nesting goes the slow way


def _loader_for(text: str) -> yaml.SafeLoader:
    """libyaml's parser where installed (several times faster), unless the text could
    nest deeply enough to exhaust the C stack; PyYAML's own parser otherwise."""
    if _FAST_LOADER is not None and text.count("[") + text.count("{") < MAX_FAST_BRACKETS:
        return _FAST_LOADER(text)  # type: ignore[no-any-return]
    return yaml.SafeLoader(text)


def load_yaml(text: str, path: str, diags: Diagnostics, line_offset: int = 0) -> YamlDoc | None:
    """Parse one YAML document. Problems go to diags; None when it cannot be read at all."""
    doc = YamlDoc(path, None)
    loader = _loader_for(text)
    try:
        node = loader.get_single_node()
        if node is None:
            doc.value = None
            return doc
        builder = _Builder(loader, doc, line_offset)
        doc.value = builder.build(node, (), 0)
    except _Refused as exc:
        line, col = _Builder(loader, doc, line_offset).pos(exc.node)
        diags.error(path, line, col, str(exc), exc.hint)
        return None
    except yaml.MarkedYAMLError as exc:
        _report_syntax(exc, text, path, diags, line_offset)
        return None
    except yaml.YAMLError as exc:
        diags.error(path, 1 + line_offset, 1, f"invalid YAML: {exc}", "check the YAML syntax")
        return None
    except RecursionError:
        diags.error(path, 1 + line_offset, 1, "YAML nested too deeply", "flatten the structure")
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
    exc: yaml.MarkedYAMLError, text: str, path: str, diags: Diagnostics, offset: int
) -> None:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1 + offset, mark.column + 1) if mark else (1 + offset, 1)
    problem = exc.problem or "invalid YAML"
    if mark is not None and _char_at(text, mark.line, mark.column) == "\t":
        problem = f"{problem} (a tab)"
    message = f"invalid YAML: {problem}"
    if exc.context:
        message += f" ({exc.context})"
    diags.error(path, line, col, message, _syntax_hint(problem))


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
