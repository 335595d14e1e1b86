"""Pull and merge requests from an export, as drafts: the JSON of `gh pr list --json
number,title,url,mergedAt,body,additions,deletions` or of `glab mr list --merged
--output json`, told apart by their keys. Each item's problems are reported at the line
where the item starts."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from dossier.dates import parse_iso_date
from dossier.errors import Diagnostics
from dossier.imports.drafts import Draft, Target
from dossier.imports.text import (
    guess_competencies,
    has_word_character,
    inline,
    literal_block,
    one_line,
)

MAX_EXPORT_BYTES = 64 * 1024 * 1024
EXPORT_HINT = (
    "export with: gh pr list --author @me --state merged --limit 1000 --json "
    "number,title,url,mergedAt,body,additions,deletions > prs.json"
)
# the keys of each kind of export: (number, title, url, merged at, description)
GITHUB = ("number", "title", "url", "mergedAt", "body")
GITLAB = ("iid", "title", "web_url", "merged_at", "description")


@dataclass(frozen=True)
class Item:
    value: Any
    line: int
    col: int


@dataclass
class Export:
    """What a file held: the drafts, and items left out on purpose (not merged)."""

    drafts: list[Draft]
    not_merged: int = 0
    kind: str = "gh"


def read_export(path: Path, shown: str, target: Target, diags: Diagnostics) -> Export | None:
    """The drafts of an export file; None (and diagnostics at `shown`, the path as the
    user gave it) when it is not an export of pull requests at all."""
    text = _read(path, shown, diags)
    if text is None:
        return None
    items = _array_items(text, shown, diags)
    if items is None:
        return None
    objects = [i for i in items if isinstance(i.value, dict)]
    keys = GITLAB if any("web_url" in i.value or "iid" in i.value for i in objects) else GITHUB
    export = Export([], kind="glab" if keys is GITLAB else "gh")
    for item in items:
        draft = _draft(item, keys, shown, target, diags, export)
        if draft is not None:
            export.drafts.append(draft)
    return export


def _read(path: Path, shown: str, diags: Diagnostics) -> str | None:
    try:
        if path.stat().st_size > MAX_EXPORT_BYTES:
            diags.error(shown, 0, 0, "the export is over 64 MB", "export fewer with --limit")
            return None
        data = path.read_bytes()
    except OSError as exc:
        diags.error(shown, 0, 0, f"cannot read the export: {exc.strerror or exc}", EXPORT_HINT)
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        diags.error(shown, line, col, "not UTF-8 text, so not a JSON export", EXPORT_HINT)
        return None


def _array_items(text: str, shown: str, diags: Diagnostics) -> list[Item] | None:
    """The elements of the top-level JSON array, each with where it starts."""
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        diags.error(shown, exc.lineno, exc.colno, f"not valid JSON: {exc.msg}", EXPORT_HINT)
        return None
    except RecursionError:
        diags.error(shown, 0, 0, "the JSON is nested too deeply", EXPORT_HINT)
        return None
    start = len(text) - len(text.lstrip())
    if not text.startswith("[", start):
        line, col = _position(text, start)
        diags.error(shown, line, col, "expected a list of pull requests", EXPORT_HINT)
        return None
    return list(_elements(text, start + 1))


def _elements(text: str, index: int) -> Iterator[Item]:
    decoder = json.JSONDecoder()
    while True:
        index = _skip(text, index, ",")
        if index >= len(text) or text[index] == "]":
            return
        value, end = decoder.raw_decode(text, index)
        yield Item(value, *_position(text, index))
        index = end


def _skip(text: str, index: int, also: str) -> int:
    while index < len(text) and (text[index].isspace() or text[index] in also):
        index += 1
    return index


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _draft(
    item: Item,
    keys: tuple[str, ...],
    shown: str,
    target: Target,
    diags: Diagnostics,
    export: Export,
) -> Draft | None:
    number_key, title_key, url_key, merged_key, body_key = keys
    value = item.value

    def refuse(message: str) -> None:
        hint = f"each item needs {', '.join(keys[:4])}; {EXPORT_HINT}"
        diags.error(shown, item.line, item.col, message, hint)

    if not isinstance(value, dict):
        refuse("an item of the list is not a pull request (a JSON object)")
        return None
    number, url = value.get(number_key), value.get(url_key)
    if not isinstance(number, int) or isinstance(number, bool):
        refuse(f"'{number_key}' is missing or not a number")
        return None
    if not isinstance(url, str) or not _web_address(url):
        refuse(f"pull request #{number}: '{url_key}' is missing or not a web address")
        return None
    merged = _merge_day(value.get(merged_key))
    if merged is None:
        export.not_merged += 1
        return None
    title = value.get(title_key)
    title = one_line(title) if isinstance(title, str) else ""
    title = title if has_word_character(title) else f"Pull request #{number}"
    return _make(value, number, url, merged, title, value.get(body_key), target)


def _web_address(url: str) -> bool:
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme in ("https", "http") and bool(parts.hostname) and " " not in url.strip()


def _merge_day(value: Any) -> date | None:
    """The day a pull request was merged as written (None: not merged; gh writes the
    year 1 for that)."""
    if not isinstance(value, str):
        return None
    day = parse_iso_date(value.strip()[:10])
    return day if day is not None and day.year > 1970 else None


def _make(
    value: dict[str, Any],
    number: int,
    url: str,
    merged: date,
    title: str,
    description: Any,
    target: Target,
) -> Draft:
    url = url.strip()
    place = urlsplit(url).path.strip("/").split("/-/")[0].split("/pull/")[0]
    lines = [f"Pull request #{number} in {inline(place)}, merged on {merged.day} {merged:%b %Y}."]
    added, deleted = value.get("additions"), value.get("deletions")
    if isinstance(added, int) and isinstance(deleted, int):
        lines += ["", f"+{added} -{deleted} lines."]
    if isinstance(description, str) and description.strip():
        lines += ["", "Its description:", "", literal_block(description)]
    sources = [url]
    sha = _merge_sha(value)
    if sha:
        sources.insert(0, f"git:{place.rsplit('/', 1)[-1] or 'repository'}@{sha}")
    texts = [title, description if isinstance(description, str) else ""]
    return Draft(
        name=title,
        title=title,
        day=merged,
        body="\n".join(lines),
        sources=tuple(sources),
        what=f"{place} #{number}",
        competencies=guess_competencies(target.info.framework, texts),
        links=((f"Pull request #{number}", url),),
    )


def _merge_sha(value: dict[str, Any]) -> str | None:
    """The merge commit, where the export has it (gh `mergeCommit`, GitLab's shas), so a
    `dossier import git` of the same repository knows it is imported."""
    found = value.get("mergeCommit")
    candidates = [
        found.get("oid") if isinstance(found, dict) else None,
        value.get("merge_commit_sha"),
        value.get("squash_commit_sha"),
    ]
    for sha in candidates:
        if isinstance(sha, str) and re.fullmatch(r"[0-9a-f]{40}([0-9a-f]{24})?", sha):
            return sha
    return None
