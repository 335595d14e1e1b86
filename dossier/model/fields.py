"""Typed reading of YAML mappings, reporting each bad field where it was written."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from dossier.dates import YEARS, read_day
from dossier.errors import Diagnostics, did_you_mean, one_of
from dossier.load.yamlsrc import KeyPath, Position, YamlDoc

ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
Scalar = str | int | float | bool


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    return "text"


class Fields:
    """One mapping inside a YAML document, read field by field."""

    def __init__(self, doc: YamlDoc, diags: Diagnostics, at: KeyPath = (), what: str = ""):
        self.doc = doc
        self.diags = diags
        self.at = at
        self.what = what
        value = doc.value
        for key in at:
            value = value[key]
        self.data: dict[str, Any] = value if isinstance(value, dict) else {}

    # -- positions and reporting ------------------------------------------------------
    def pos(self, *key: str | int) -> Position:
        return self.doc.at((*self.at, *key))

    def error(self, key: tuple[str | int, ...], message: str, hint: str = "") -> None:
        line, col = self.pos(*key)
        self.diags.error(self.doc.path, line, col, message, hint)

    def warning(self, key: tuple[str | int, ...], message: str, hint: str = "") -> None:
        line, col = self.pos(*key)
        self.diags.warning(self.doc.path, line, col, message, hint)

    def check_keys(self, allowed: Iterable[str], required: Iterable[str] = ()) -> None:
        """Unknown keys are errors with a did-you-mean; missing required ones too."""
        allowed = list(allowed)
        for key in self.data:
            if key not in allowed:
                line, col = self.doc.key_at((*self.at, key))
                where = f" in {self.what}" if self.what else ""
                self.diags.error(
                    self.doc.path,
                    line,
                    col,
                    f"unknown key '{key}'{where}{did_you_mean(key, allowed)}",
                    f"allowed keys: {', '.join(allowed)}",
                )
        for key in required:
            if self.data.get(key) is None:
                where = f" in {self.what}" if self.what else ""
                self.error((), f"missing required field '{key}'{where}", f"add `{key}: ...`")

    def sub(self, key: str | int, what: str = "") -> Fields:
        return Fields(self.doc, self.diags, (*self.at, key), what or str(key))

    # -- typed values -------------------------------------------------------------------
    def text(self, key: str, default: str | None = None) -> str | None:
        value = self.data.get(key)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.error(
                (key,),
                f"'{key}' must be text, found {_kind(value)}",
                'quote the value, e.g. key: "text"',
            )
            return default
        return str(value).strip()

    def identifier(
        self, key: str, value: Any = None, path: tuple[str | int, ...] = ()
    ) -> str | None:
        """An id: letters, digits, '-', '_' and '.', starting with a letter or digit."""
        if value is None:
            value = self.data.get(key)
            path = (key,)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            self.error(path, f"'{key}' must be an id, found {_kind(value)}", "e.g. strategy")
            return None
        text = str(value)
        if not ID_PATTERN.fullmatch(text):
            self.error(
                path,
                f"'{text}' is not a valid id",
                "ids use letters, digits, '-', '_' and '.', e.g. multi-team-strategy",
            )
            return None
        return text

    def integer(self, key: str, default: int, minimum: int = 0, maximum: int = 10_000) -> int:
        value = self.data.get(key)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(
                (key,),
                f"'{key}' must be a whole number, found {_kind(value)}",
                f"e.g. {key}: {default}",
            )
            return default
        if not minimum <= value <= maximum:
            self.error(
                (key,),
                f"'{key}' must be between {minimum} and {maximum}, found {value}",
                f"e.g. {key}: {default}",
            )
            return default
        return value

    def boolean(self, key: str, default: bool) -> bool:
        value = self.data.get(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.error((key,), f"'{key}' must be true or false, found {_kind(value)}", "")
            return default
        return value

    def date(self, key: str) -> date | None:
        value = self.data.get(key)
        if value is None:
            return None
        parsed, problem = read_day(value) if isinstance(value, str) else (None, "")
        if parsed is None and problem.startswith("out of range"):
            self.error(
                (key,), f"date {value} for '{key}' is {problem}", f"dates fall in the {YEARS}"
            )
        elif parsed is None:
            shown = value if isinstance(value, (str, int, float)) else _kind(value)
            self.error(
                (key,),
                f"invalid date '{shown}' for '{key}'",
                "dates are written YYYY-MM-DD (a time after it is allowed), e.g. 2026-03-14",
            )
        return parsed

    def choice(self, key: str, choices: Iterable[str], default: str | None) -> str | None:
        choices = list(choices)
        value = self.text(key)
        if value is None:
            return default
        if value not in choices:
            self.error(
                (key,),
                f"unknown {key} '{value}'{did_you_mean(value, choices)}",
                f"{key} is one of: {', '.join(choices)}",
            )
            return default
        return value

    def text_list(self, key: str) -> tuple[str, ...]:
        """A list of short texts; a single text is taken as a list of one."""
        value = self.data.get(key)
        if value is None:
            return ()
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            return (str(value).strip(),)
        if not isinstance(value, list):
            self.error(
                (key,),
                f"'{key}' must be a list, found {_kind(value)}",
                f"e.g. {key}: [first, second]",
            )
            return ()
        items: list[str] = []
        for i, item in enumerate(value):
            if isinstance(item, bool) or not isinstance(item, (str, int, float)):
                self.error((key, i), f"items of '{key}' must be text, found {_kind(item)}", "")
                continue
            items.append(str(item).strip())
        return tuple(items)

    def mapping(self, key: str) -> dict[str, Any] | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.error(
                (key,),
                f"'{key}' must be a mapping, found {_kind(value)}",
                f"write `{key}:` then indented `name: value` lines",
            )
            return None
        return value

    def list_of(self, key: str) -> list[Any]:
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(
                (key,),
                f"'{key}' must be a list, found {_kind(value)}",
                f"write `{key}:` then one `- item` per line",
            )
            return []
        return value

    def scalar_map(self, key: str) -> tuple[tuple[str, Scalar], ...]:
        """A flat mapping of names to text or numbers (metrics)."""
        value = self.mapping(key)
        if not value:
            return ()
        pairs: list[tuple[str, Scalar]] = []
        for name, item in value.items():
            if item is None or not isinstance(item, (str, int, float, bool)):
                self.error(
                    (key, name),
                    f"'{key}.{name}' must be text or a number, found {_kind(item)}",
                    'e.g. activation: "+9%"',
                )
                continue
            pairs.append((name, item))
        return tuple(pairs)

    def choices_hint(self, choices: Iterable[str]) -> str:
        return one_of(choices)
