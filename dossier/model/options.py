"""Settings declared once: each key of a settings file is a field of a frozen dataclass,
with its type, default, bounds and help text in the field's `option(...)`. From that one
declaration come the allowed and required keys (unknown keys are errors with a
did-you-mean), the typed reading of plain values, and the JSON Schema editors use."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, TypeVar

from dossier.model.fields import Fields

T = TypeVar("T")

# What a value is: plain kinds are read here; the others by the reader of the table.
PLAIN = ("text", "id", "date", "integer", "boolean", "audience")
KINDS = (
    *PLAIN,
    "table",
    "tables",
    "audiences",
    "reasons",
    "text_list",
    "names",  # file names (not paths), one or a list
    "urls",
    "workspace_id",
    "show",
)


@dataclass(frozen=True)
class Option:
    key: str  # as written in the file
    help: str
    kind: str
    default: Any = None
    required: bool = False  # must be present (and not empty)
    minimum: int | None = None
    maximum: int | None = None
    table: type | None = None  # for "table" and "tables": the dataclass of each mapping


def option(
    default: Any = None,
    help: str = "",
    *,
    kind: str = "text",
    key: str = "",
    required: bool = False,
    minimum: int | None = None,
    maximum: int | None = None,
    table: type | None = None,
) -> Any:
    """A dataclass field that is also a key of the file (`key`: its name there, when the
    field's own name cannot be it, e.g. `with` or `from`)."""
    assert kind in KINDS, kind
    meta = {"option": Option(key, help, kind, default, required, minimum, maximum, table)}
    if isinstance(default, (list, dict, set)):
        raise TypeError("mutable defaults: use a tuple or None")
    return dataclasses.field(default=default, metadata=meta)


def options(table: type) -> dict[str, Option]:
    """The table's options by field name, in declaration order, each with its key."""
    found: dict[str, Option] = {}
    for f in dataclasses.fields(table):
        declared = f.metadata.get("option")
        if isinstance(declared, Option):
            found[f.name] = dataclasses.replace(declared, key=declared.key or f.name)
    return found


def keys_of(table: type) -> tuple[str, ...]:
    return tuple(o.key for o in options(table).values())


def required_of(table: type) -> tuple[str, ...]:
    return tuple(o.key for o in options(table).values() if o.required)


def check_keys(fields: Fields, table: type) -> None:
    """Unknown keys (with a did-you-mean) and missing required ones, as declared."""
    fields.check_keys(keys_of(table), required=required_of(table))


def read_plain(fields: Fields, declared: Option, audiences: tuple[str, ...] = ()) -> Any:
    """A plain value as declared: its type checked where written, its default otherwise."""
    key, default = declared.key, declared.default
    if declared.kind == "text":
        return fields.text(key) or default
    if declared.kind == "id":
        return fields.identifier(key) or default
    if declared.kind == "date":
        return fields.date(key)
    if declared.kind == "integer":
        low = declared.minimum if declared.minimum is not None else 0
        high = declared.maximum if declared.maximum is not None else 10_000
        return fields.integer(key, default, minimum=low, maximum=high)
    if declared.kind == "boolean":
        return fields.boolean(key, default)
    if declared.kind == "audience":
        return fields.choice(key, audiences, default) or default
    raise ValueError(f"'{key}' is not a plain option")


def read_table(
    fields: Fields,
    table: type[T],
    audiences: tuple[str, ...] = (),
    **values: Any,
) -> T:
    """The dataclass `table` from a mapping: plain options read as declared, the others
    (and any plain one the caller reads its own way) given in `values`."""
    for name, declared in options(table).items():
        if name not in values and declared.kind in PLAIN:
            values[name] = read_plain(fields, declared, audiences)
    return table(**values)
