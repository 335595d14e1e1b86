"""Editing one key of a file's front matter in place, line by line, so that everything
else the author wrote (comments, order, quoting, the body) stays byte for byte."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

FENCE = "---"


class FrontMatterShape(Exception):
    """The front matter is not laid out so that a line can be changed safely."""


def _span(lines: list[str]) -> tuple[int, int]:
    """The indexes of the opening and closing '---' lines."""
    if not lines or lines[0].rstrip() != FENCE:
        raise FrontMatterShape("the file does not start with '---'")
    for i in range(1, len(lines)):
        if lines[i].rstrip() in (FENCE, "..."):
            return 0, i
    raise FrontMatterShape("the front matter has no closing '---'")


def _key_lines(lines: list[str], key: str) -> tuple[int, int] | None:
    """The lines [start, end) of a top-level key and what continues it (indented lines
    and '- ' items of a block list), or None when the key is not there."""
    _, close = _span(lines)
    pattern = re.compile(rf"{re.escape(key)}\s*:(\s|$)")
    for i in range(1, close):
        if pattern.match(lines[i]):
            end = i + 1
            while end < close and (lines[end][:1] in (" ", "\t") or lines[end].startswith("- ")):
                end += 1
            return i, end
    return None


def has_key(text: str, key: str) -> bool:
    return _key_lines(text.split("\n"), key) is not None


def remove_key(text: str, key: str) -> str:
    lines = text.split("\n")
    found = _key_lines(lines, key)
    if found is None:
        return text
    return "\n".join(lines[: found[0]] + lines[found[1] :])


def set_key(text: str, key: str, line: str) -> str:
    """`line` (a whole `key: value` line) in place of the key's lines, or, where the key
    is not there, just before the closing '---'."""
    lines = text.split("\n")
    found = _key_lines(lines, key)
    if found is None:
        close = _span(lines)[1]
        return "\n".join([*lines[:close], line, *lines[close:]])
    return "\n".join([*lines[: found[0]], line, *lines[found[1] :]])


def replace_file(path: Path, text: str) -> None:
    """Write the new text beside the file and move it into place in one step, so the file
    is always either the old text or the new, with its permissions kept."""
    folder = path.parent
    mode = path.stat().st_mode & 0o7777
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
