"""The record of what `dossier import` has brought in: `.dossier/imported.txt`, committed
with the workspace. A draft its author deleted is not brought back, because its sources
stay here; the newest date here is where the next import starts by default.

One line per source: the date of the draft it went into, then its key (a commit sha or a
pull-request URL, the same on every clone of a repository, wherever it is checked out).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from dossier.dates import parse_iso_date

LEDGER_FILE = ".dossier/imported.txt"
HEADER = """\
# What `dossier import` has brought in, so it never brings anything in twice: one line per
# commit or pull request, with the date of the draft made from it. A draft you delete is
# not made again while its line is here. Keep this file in git with the workspace.
"""
_HEX = frozenset("0123456789abcdef")


def source_key(source: str) -> str:
    """What identifies a source on any machine: a commit's sha (not the repository's
    name or path), a pull request's URL without case, trailing '/' or fragment."""
    text = source.strip()
    if text.startswith("git:") and "@" in text:
        sha = text.rpartition("@")[2].lower()
        if len(sha) >= 7 and set(sha) <= _HEX:
            return sha
    if text.startswith(("https://", "http://")):
        try:
            parts = urlsplit(text)
        except ValueError:
            return text
        path = parts.path.rstrip("/")
        return urlunsplit((parts.scheme, parts.netloc, path, parts.query, "")).casefold()
    return text


@dataclass
class Ledger:
    path: Path
    dates: dict[str, date] = field(default_factory=dict)  # key -> date of its draft
    added: list[tuple[date, str]] = field(default_factory=list)

    @classmethod
    def read(cls, root: Path) -> Ledger:
        """The ledger of the workspace at root (empty when there is none; lines it cannot
        read are skipped, so a hand edit never stops an import)."""
        ledger = cls(root / LEDGER_FILE)
        try:
            text = ledger.path.read_text("utf-8", "replace")
        except OSError:
            return ledger
        for line in text.splitlines():
            day_text, _, key = line.strip().partition(" ")
            day = parse_iso_date(day_text)
            if day is not None and key.strip():
                ledger.dates[key.strip()] = day
        return ledger

    def knows(self, key: str) -> bool:
        return key in self.dates

    def newest(self) -> date | None:
        return max(self.dates.values(), default=None)

    def record(self, keys: Iterable[str], day: date) -> None:
        for key in keys:
            if key not in self.dates:
                self.dates[key] = day
                self.added.append((day, key))

    def save(self) -> None:
        """Append what was recorded since it was read (the file is only ever added to)."""
        if not self.added:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fresh = not self.path.exists()
        lines = "".join(f"{day.isoformat()} {key}\n" for day, key in self.added)
        with self.path.open("a", encoding="utf-8", newline="\n") as handle:
            if fresh:
                handle.write(HEADER)
            elif not _ends_with_newline(self.path):
                handle.write("\n")
            handle.write(lines)
        self.added = []


def _ends_with_newline(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            handle.seek(0, os.SEEK_END)
            if handle.tell() == 0:
                return True
            handle.seek(-1, os.SEEK_END)
            return handle.read(1) == b"\n"
    except OSError:
        return True
