"""The framework's JSON Schema, generated from its declared keys (model/ladder_keys.py):
each table's keys, the required ones and their help text come from the declaration the
validator reads, so the schema an editor uses cannot drift from `dossier check`."""

from __future__ import annotations

from typing import Any

from dossier.authoring.generated import DEFINITIONS as SHARED
from dossier.authoring.generated import ID_PATTERN, NOT_BLANK, ref
from dossier.model.front import Key
from dossier.model.ladder_keys import (
    COMPETENCY_TABLE,
    FILE_TABLE,
    GROUP_TABLE,
    LEVEL_TABLE,
    SCORING_TABLE,
)

DEFINITIONS: dict[str, Any] = {
    **{name: SHARED[name] for name in ("text", "id", "optionalId")},
    "meta": {
        "description": "Free-form notes (scope, skills, examples); not checked.",
        "type": ["object", "null"],
    },
    "expectation": {
        "anyOf": [
            {"type": "string", "pattern": NOT_BLANK},
            {
                "type": "object",
                "additionalProperties": False,
                "required": ["text"],
                "properties": {
                    "id": {
                        "description": "An id unique across the file (default: "
                        "<competency>.<level>.<N>).",
                        **ref("optionalId"),
                    },
                    "text": {
                        "description": "What is expected.",
                        "type": ["string", "number"],
                        "minLength": 1,
                        "pattern": NOT_BLANK,
                    },
                },
            },
            {
                "type": "object",
                "additionalProperties": False,
                "required": ["ref"],
                "properties": {
                    "ref": {
                        "description": "The same expectation, expected at this level too "
                        "(an id of the same competency).",
                        **ref("id"),
                    }
                },
            },
        ]
    },
    "step": {
        "description": 'A step name: text, e.g. adopts or "1".',
        "type": "string",
        "pattern": ID_PATTERN,
    },
}
_NAMED = {"pattern": ID_PATTERN}


def _table(declared: tuple[Key, ...], kind: str | list[str] = "object") -> dict[str, Any]:
    """An object of the declared keys and no others."""
    schema: dict[str, Any] = {"type": kind, "additionalProperties": False}
    required = [k.key for k in declared if k.required]
    if required:
        schema["required"] = required
    schema["properties"] = {k.key: _described(k) for k in declared}
    return schema


def _described(declared: Key) -> dict[str, Any]:
    value = _value(declared.kind)
    return {"description": declared.help, **value} if declared.help else value


def _value(kind: str) -> dict[str, Any]:
    simple: dict[str, dict[str, Any]] = {
        "text": ref("text"),
        "id": ref("id"),
        "optional_id": ref("optionalId"),
        "meta": {"$ref": "#/definitions/meta"},
        "flag": {"type": ["boolean", "null"]},
        "rank": {"type": ["number", "null"]},
        "level_points": {"type": ["integer", "null"], "minimum": 0, "maximum": 1_000_000},
        "min_evidence": {"type": ["integer", "null"], "minimum": 1, "maximum": 10_000},
        "step_points": {
            "type": "array",
            "minItems": 1,
            "items": {"type": "integer", "minimum": 0},
        },
    }
    if kind in simple:
        return simple[kind]
    if kind == "levels":
        return {"type": "array", "minItems": 1, "items": _table(LEVEL_TABLE)}
    if kind == "groups":
        return {"type": ["array", "null"], "items": _table(GROUP_TABLE)}
    if kind == "competencies":
        return {"type": "array", "items": _table(COMPETENCY_TABLE)}
    if kind == "expectations":  # level id -> a step, or a list of expectations
        listed = {"type": "array", "items": {"$ref": "#/definitions/expectation"}}
        one_step = {"type": "string", "pattern": NOT_BLANK}
        return {"type": ["object", "null"], "additionalProperties": {"anyOf": [one_step, listed]}}
    if kind == "steps":
        return {
            "type": ["object", "null"],
            "propertyNames": _NAMED,
            "additionalProperties": {"$ref": "#/definitions/text"},
        }
    if kind == "scales":
        steps = {
            "type": "array",
            "minItems": 1,
            "uniqueItems": True,
            "items": {"$ref": "#/definitions/step"},
        }
        return {"type": ["object", "null"], "propertyNames": _NAMED, "additionalProperties": steps}
    if kind == "scoring":
        return _table(SCORING_TABLE, ["object", "null"])
    raise ValueError(f"no schema for the kind '{kind}'")


def _levels_with(key: str, value: dict[str, Any]) -> dict[str, Any]:
    """'Some level has `key`' as a condition on the file."""
    has = {"type": "object", "required": [key], "properties": {key: value}}
    return {"properties": {"levels": {"contains": has}}, "required": ["levels"]}


# Rules across tables: points on a level need scoring; a rank on one level needs one on all.
_RULES = [
    {
        "if": _levels_with("points", {"type": "integer"}),
        "then": {"required": ["scoring"], "properties": {"scoring": {"type": "object"}}},
    },
    {
        "if": _levels_with("rank", {"type": "number"}),
        "then": {
            "properties": {
                "levels": {
                    "items": {"required": ["rank"], "properties": {"rank": {"type": "number"}}}
                }
            }
        },
    },
]


def framework_schema() -> dict[str, Any]:
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "dossier career framework",
        "description": "A career framework: levels (lowest first, optionally on tracks), "
        "competencies and what each level expects of them. Unknown keys are errors; use "
        "meta: for free-form notes.",
        **_table(FILE_TABLE),
        "allOf": _RULES,
        "definitions": DEFINITIONS,
    }
