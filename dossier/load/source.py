"""Reading user files from disk: size limits, UTF-8, newlines, front matter."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dossier.errors import Diagnostics
from dossier.load.yamlsrc import YamlDoc, load_yaml

MAX_FILE_BYTES = 4 * 1024 * 1024  # one evidence file; a promotion case is prose, not data
MAX_FRONT_MATTER_CHARS = 256 * 1024
_BOM = b"\xef\xbb\xbf"
_FENCE = "---"


@dataclass(frozen=True)
class Document:
    """A Markdown file split into its front matter and its body."""

    path: str
    meta: YamlDoc
    body: str
    body_line: int  # file line (1-based) where the body starts


def read_text(file: Path, rel: str, diags: Diagnostics) -> str | None:
    """The file as text with newlines normalised, or None (and a diagnostic)."""
    data = read_bytes(file, rel, diags)
    return None if data is None else decode(data, rel, diags)


def read_bytes(file: Path, rel: str, diags: Diagnostics) -> bytes | None:
    """The file's bytes, or None (and a diagnostic) when missing, unreadable or too big."""
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            limit = MAX_FILE_BYTES // (1024 * 1024)
            diags.error(
                rel,
                0,
                0,
                f"file is {size:,} bytes, over the {limit} MB limit",
                "split it, or move large material to content/files/ and link it",
            )
            return None
        data = file.read_bytes()
    except FileNotFoundError:
        diags.error(rel, 0, 0, "file disappeared while it was being read", "run the command again")
        return None
    except OSError as exc:
        diags.error(rel, 0, 0, f"cannot read file: {exc.strerror or exc}", "check its permissions")
        return None
    return data


def decode(data: bytes, rel: str, diags: Diagnostics) -> str | None:
    data = data.removeprefix(_BOM)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        col = len(data[line_start : exc.start].decode("utf-8", "replace")) + 1
        diags.error(
            rel,
            line,
            col,
            f"not UTF-8: byte 0x{data[exc.start]:02x} cannot be decoded",
            "save the file as UTF-8 (most editors offer 'Save with encoding')",
        )
        return None
    nul = text.find("\0")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        col = nul - (text.rfind("\n", 0, nul) + 1) + 1
        diags.error(rel, line, col, "file contains a NUL byte", "this looks like a binary file")
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_front_matter(text: str, rel: str, diags: Diagnostics) -> Document | None:
    """Split '---' YAML '---' from the Markdown body; None (and a diagnostic) on failure."""
    lines = text.split("\n")
    if lines[0].rstrip() != _FENCE:
        _report_missing_opening(lines, rel, diags)
        return None
    closing = next((i for i in range(1, len(lines)) if lines[i].rstrip() in (_FENCE, "...")), 0)
    if not closing:
        diags.error(
            rel,
            1,
            1,
            "front matter opened on line 1 is never closed",
            "did you forget the closing ---? End the fields with a line holding only ---",
        )
        return None
    yaml_text = "\n".join(lines[1:closing])
    if len(yaml_text) > MAX_FRONT_MATTER_CHARS:
        diags.error(
            rel,
            2,
            1,
            f"front matter is over {MAX_FRONT_MATTER_CHARS // 1024} KB",
            "keep fields short; long text belongs in the Markdown body",
        )
        return None
    meta = load_yaml(yaml_text, rel, diags, line_offset=1)
    if meta is None:
        return None
    if not isinstance(meta.value, dict):
        found = "nothing" if meta.value is None else type(meta.value).__name__
        diags.error(
            rel,
            2 if meta.value is not None else 1,
            1,
            f"front matter must be a mapping of fields, found {found}",
            "write one `field: value` per line between the --- lines",
        )
        return None
    return Document(rel, meta, "\n".join(lines[closing + 1 :]), closing + 2)


def _report_missing_opening(lines: list[str], rel: str, diags: Diagnostics) -> None:
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is not None and lines[first].strip() == _FENCE:
        diags.error(
            rel,
            first + 1,
            1,
            "front matter must start on the first line",
            "remove the blank lines before the opening ---",
        )
    elif first is not None and lines[first].strip() == "+++":
        diags.error(
            rel,
            first + 1,
            1,
            "TOML front matter (+++) is not supported",
            "use YAML between --- lines",
        )
    else:
        diags.error(
            rel,
            1,
            1,
            "no front matter",
            "start the file with a line '---', the fields (title, date, ...), then '---'",
        )
