"""Diagnostics: every problem found in the user's files, with where and what to do."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum

# Characters a terminal acts on instead of showing (escape sequences, bell, carriage
# return...) and the bidi controls that reorder what follows: shown escaped, e.g. \x1b.
_UNSHOWN = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_UNSHOWN_IN_NAMES = re.compile(f"{_UNSHOWN.pattern}|\n")


def printable(text: str, name: bool = False) -> str:
    """Text safe to print to a terminal: control characters escaped (a file name's line
    breaks too; a message keeps its own)."""
    pattern = _UNSHOWN_IN_NAMES if name else _UNSHOWN
    return pattern.sub(lambda m: repr(m.group())[1:-1], text)


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem in one file. `path` is workspace-relative with forward slashes."""

    path: str
    line: int
    col: int
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR

    def format(self, prefix: str = "") -> str:
        where = printable(f"{prefix}{self.path}", name=True)
        if self.line:
            where += f":{self.line}:{max(self.col, 1)}"
        text = f"{where}: {self.severity.value}: {printable(self.message)}"
        if self.hint:
            text += f"\n  hint: {printable(self.hint)}"
        return text


@dataclass
class Diagnostics:
    """Collects problems so one run reports all of them."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, path: str, line: int, col: int, message: str, hint: str = "") -> None:
        self.items.append(Diagnostic(path, line, col, message, hint, Severity.ERROR))

    def warning(self, path: str, line: int, col: int, message: str, hint: str = "") -> None:
        self.items.append(Diagnostic(path, line, col, message, hint, Severity.WARNING))

    def extend(self, other: Iterable[Diagnostic]) -> None:
        self.items.extend(other)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.WARNING]

    def sorted(self) -> list[Diagnostic]:
        return sorted(set(self.items), key=lambda d: (d.path, d.line, d.col, d.message))


class DossierError(Exception):
    """A user-facing failure that stops a command; carries its diagnostics."""

    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__("\n".join(d.format() for d in diagnostics))
        self.diagnostics = diagnostics


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for the closest choice, or '' when nothing is close."""
    import difflib  # only when something is wrong

    options = sorted(set(choices))
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if not close:
        lowered = {c.lower(): c for c in options}
        close = [lowered[word.lower()]] if word.lower() in lowered else []
    return f" (did you mean '{close[0]}'?)" if close else ""


def one_of(choices: Iterable[str], limit: int = 12) -> str:
    """A short human list of the valid choices, for hints."""
    options = sorted(set(choices))
    shown = ", ".join(options[:limit])
    if len(options) > limit:
        shown += f", ... ({len(options)} in all)"
    return shown or "(none defined)"
