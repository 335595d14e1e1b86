"""JSON Schemas generated from the declarations the validator reads too: the settings of
dossier.yaml (dossier/model/options.py: each key's type, bounds, default and help text)
and the front matter of evidence, goals and pages (dossier/model/front.py), so the
schema an editor uses cannot drift from `dossier check`."""

from __future__ import annotations

from typing import Any

from dossier.model.config import DEFAULT_AUDIENCES, Config
from dossier.model.front import EVIDENCE_FRONT, GOAL_FRONT, PAGE_FRONT, Key
from dossier.model.identity import ID_PATTERN as WORKSPACE_ID
from dossier.model.options import Option, options
from dossier.vocabulary import EVIDENCE_TYPES, GOAL_STATUSES, SHOW_SECTIONS

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


def ref(name: str) -> dict[str, Any]:
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
        return ref("text")
    if kind in ("id", "date", "audience"):
        name = {"id": "id" if required else "optionalId", "date": "optionalDate"}
        return ref(name.get(kind, kind))
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
        return {"anyOf": [ref("text"), per_audience]}
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


# -- front matter ------------------------------------------------------------------------
_DAY = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
# YAML reads a date-time too; dossier keeps its day.
_DATE_TIME = (
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?"
    "([ \t]*(Z|z|[+-][0-9]{1,2}(:?[0-9]{2})?))?$"
)
_DAY_FORMS: list[dict[str, Any]] = [
    {"type": "string", "format": "date", "pattern": _DAY},
    {
        "type": "string",
        "pattern": _DATE_TIME,
        "description": "A date-time is read as its day, as written.",
    },
]
FRONT_DEFINITIONS: dict[str, Any] = {
    "text": DEFINITIONS["text"],
    "date": {"anyOf": _DAY_FORMS},
    "optionalDate": {"anyOf": [*_DAY_FORMS, {"type": "null"}]},
    "optionalId": DEFINITIONS["optionalId"],
    "textList": {
        "description": "A list of short texts; a single text is taken as a list of one.",
        "type": ["string", "integer", "array", "null"],
        "items": {"type": ["string", "number"]},
    },
    "audience": {
        "description": "One of the audiences in dossier.yaml, narrowest to widest: "
        + ", ".join(DEFAULT_AUDIENCES)
        + ".",
        "enum": [*DEFAULT_AUDIENCES, None],
    },
    "links": {
        "type": ["array", "null"],
        "items": {
            "anyOf": [
                {"type": "string", "pattern": NOT_BLANK},
                {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["url"],
                    "properties": {
                        "title": {"type": ["string", "number", "null"]},
                        "url": {"type": ["string", "number"]},
                    },
                },
            ]
        },
    },
}
_ID_FORM = {"type": "string", "pattern": ID_PATTERN}
_FRONT_VALUES: dict[str, dict[str, Any]] = {
    "title": {"type": ["string", "number"]},
    "day": ref("date"),
    "date": ref("optionalDate"),
    "ids": {"type": ["string", "array"], "pattern": ID_PATTERN, "items": _ID_FORM},
    "id": ref("optionalId"),
    "text": ref("text"),
    "text_list": ref("textList"),
    "evidence_type": {"enum": [*EVIDENCE_TYPES, None]},
    "goal_status": {"enum": [*GOAL_STATUSES, None]},
    "metrics": {
        "type": ["object", "null"],
        "additionalProperties": {"type": ["string", "number", "boolean"]},
    },
    "links": ref("links"),
    "audience": ref("audience"),
    "flag": {"type": ["boolean", "null"]},
    "sources": {"type": ["string", "array", "null"], "items": {"type": "string"}},
    "order": {"type": ["integer", "null"], "minimum": -10_000, "maximum": 10_000},
}
# Rules across keys: evidence names a competency unless it is a draft; a quote is feedback's.
_EVIDENCE_RULES = [
    {
        "if": {"not": {"properties": {"draft": {"const": True}}, "required": ["draft"]}},
        "then": {"required": ["competencies"], "properties": {"competencies": {"minItems": 1}}},
    },
    {
        "if": {"required": ["quote"], "properties": {"quote": {"not": {"type": "null"}}}},
        "then": {"required": ["type"], "properties": {"type": {"const": "feedback"}}},
    },
]
_CHECKED_IDS = (
    " `dossier check` also checks that competency, expectation and level ids exist in the "
    "framework."
)


def front_schema(
    what: str, description: str, declared: tuple[Key, ...], rules: list[Any] | None = None
) -> dict[str, Any]:
    """The schema of one kind of document's front matter, with the definitions it uses."""
    properties = {k.key: {"description": k.help, **_FRONT_VALUES[k.kind]} for k in declared}
    schema: dict[str, Any] = {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": f"dossier {what} front matter",
        "description": description,
        "type": "object",
        "additionalProperties": False,
        "required": [k.key for k in declared if k.required],
        "properties": properties,
    }
    if rules:
        schema["allOf"] = rules
    used = _referenced(properties)
    schema["definitions"] = {n: d for n, d in FRONT_DEFINITIONS.items() if n in used}
    return schema


def _referenced(value: Any) -> set[str]:
    """Names of the definitions a schema refers to."""
    if isinstance(value, dict):
        found = {value["$ref"].rsplit("/", 1)[1]} if "$ref" in value else set()
        return found.union(*(_referenced(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(_referenced(v) for v in value))
    return set()


def evidence_schema() -> dict[str, Any]:
    where = "The YAML between the --- lines at the top of content/evidence/*.md."
    return front_schema("evidence", where + _CHECKED_IDS, EVIDENCE_FRONT, _EVIDENCE_RULES)


def goal_schema() -> dict[str, Any]:
    where = (
        "The YAML between the --- lines at the top of content/goals/*.md: one goal of the "
        "plan that closes a gap."
    )
    return front_schema("goal", where + _CHECKED_IDS, GOAL_FRONT)


def page_schema() -> dict[str, Any]:
    where = (
        "The YAML between the --- lines at the top of content/pages/*.md, e.g. why-now.md "
        "(the business case) or backfill.md (who fills your seat)."
    )
    return front_schema("page", where, PAGE_FRONT)
