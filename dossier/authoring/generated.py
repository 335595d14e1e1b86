"""JSON Schemas generated from the declared settings (dossier/model/options.py): each
key's type, bounds, default and help text come from the one declaration the validator
reads too, so the schema an editor uses cannot drift from `dossier check`."""

from __future__ import annotations

from typing import Any

from dossier.model.config import DEFAULT_AUDIENCES, Config
from dossier.model.identity import ID_PATTERN as WORKSPACE_ID
from dossier.model.options import Option, options
from dossier.vocabulary import SHOW_SECTIONS

ID_PATTERN = "^[A-Za-z0-9][A-Za-z0-9_.-]*$"
NOT_BLANK = "\\S"
FILE_NAME = "^(?!\\.{1,2}$)(?!\\.dossier-site$)[^/\\\\]+$"

DEFINITIONS: dict[str, Any] = {
    "text": {"type": ["string", "number", "null"]},
    "id": {"anyOf": [{"type": "string", "pattern": ID_PATTERN}, {"type": "integer", "minimum": 0}]},
    "optionalId": {
        "anyOf": [
            {"type": "string", "pattern": ID_PATTERN},
            {"type": "integer", "minimum": 0},
            {"type": "null"},
        ]
    },
    "optionalDate": {
        "type": ["string", "null"],
        "format": "date",
        "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
    },
    "audience": {
        "description": "One of the audiences, narrowest to widest: "
        + ", ".join(DEFAULT_AUDIENCES)
        + ".",
        "enum": [*DEFAULT_AUDIENCES, None],
    },
}


def _ref(name: str) -> dict[str, Any]:
    return {"allOf": [{"$ref": f"#/definitions/{name}"}]}


def _nullable(kind: str, required: bool) -> str | list[str]:
    return kind if required else [kind, "null"]


def _audiences() -> dict[str, Any]:
    listed = {
        "type": "array",
        "minItems": 1,
        "uniqueItems": True,
        "items": {"type": ["string", "number"]},
        "contains": {"const": "self"},
    }
    return {"anyOf": [{"type": "null"}, {"const": "self"}, listed]}


def _value(declared: Option) -> dict[str, Any]:
    """The schema of one declared value (without its description)."""
    kind, required = declared.kind, declared.required
    if kind == "text":
        if required:
            return {"type": ["string", "number"], "minLength": 1, "pattern": NOT_BLANK}
        return _ref("text")
    if kind in ("id", "date", "audience"):
        name = {"id": "id" if required else "optionalId", "date": "optionalDate"}
        return _ref(name.get(kind, kind))
    if kind == "integer":
        low = declared.minimum if declared.minimum is not None else 0
        high = declared.maximum if declared.maximum is not None else 10_000
        return {"type": _nullable("integer", required), "minimum": low, "maximum": high}
    if kind == "boolean":
        return {"type": _nullable("boolean", required)}
    if kind == "reasons":
        text = {"type": "string", "pattern": NOT_BLANK}
        return {"type": ["object", "null"], "additionalProperties": text}
    if kind == "audiences":
        return _audiences()
    if kind == "text_list":
        item: dict[str, Any] = {"type": "string", "minLength": 1}
        return {"type": ["string", "array", "null"], "minLength": 1, "items": item}
    if kind == "names":  # in a folder: no path, not `.` or `..`, not dossier's own marker
        name = {"type": "string", "pattern": FILE_NAME}
        return {"anyOf": [{"type": "null"}, name, {"type": "array", "items": name}]}
    if kind == "workspace_id":
        return {"type": ["string", "null"], "pattern": f"^{WORKSPACE_ID.pattern}$"}
    if kind == "urls":  # one address, or one per audience
        per_audience = {
            "type": "object",
            "propertyNames": {"enum": list(DEFAULT_AUDIENCES)},
            "additionalProperties": {"type": "string", "minLength": 1},
        }
        return {"anyOf": [_ref("text"), per_audience]}
    if kind == "show":  # audience -> the sections it gets
        sections = {"type": "array", "uniqueItems": True, "items": {"enum": list(SHOW_SECTIONS)}}
        one = {"enum": list(SHOW_SECTIONS)}
        return {
            "type": ["object", "null"],
            "propertyNames": {"enum": list(DEFAULT_AUDIENCES)},
            "additionalProperties": {"anyOf": [{"type": "null"}, one, sections]},
        }
    assert declared.table is not None, declared.key
    table = table_schema(declared.table)
    if kind == "table":
        table["type"] = _nullable("object", required)
        return table
    return {"type": ["array", "null"], "items": table}


def table_schema(table: type) -> dict[str, Any]:
    """An object schema of a declared dataclass: its keys, no others, the required ones."""
    declared = list(options(table).values())
    properties = {o.key: {"description": o.help, **_value(o)} for o in declared}
    schema: dict[str, Any] = {"type": "object", "additionalProperties": False}
    required = [o.key for o in declared if o.required]
    if required:
        schema["required"] = required
    schema["properties"] = properties
    return schema


def config_schema() -> dict[str, Any]:
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "dossier.yaml",
        "description": "The settings of a dossier workspace: who, which levels, the cycle, "
        "audiences and site options. Unknown keys are errors.",
        **table_schema(Config),
        "definitions": DEFINITIONS,
    }


GENERATED = {"config": config_schema}
