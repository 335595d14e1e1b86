"""JSON Schemas of the files a user writes, generated from the declarations `dossier check`
reads (the keys of dossier.yaml, of front matter and of the framework).

Editors (through yaml-language-server) use them to complete and flag keys as you type;
`dossier check` stays the authority. The schemas know no framework, so they cannot tell
whether a competency id exists, and they assume the default audience names.
"""

from __future__ import annotations

import json
import posixpath
from typing import Any

from dossier.authoring.generated import config_schema, evidence_schema, goal_schema, page_schema
from dossier.authoring.ladder_schema import framework_schema
from dossier.vocabulary import SCHEMA_NAMES as SCHEMA_NAMES

WORKSPACE_SCHEMA_DIR = ".dossier/schemas"  # where `dossier init` puts copies for editors
_MODELINE = "# yaml-language-server: $schema="


SCHEMAS = {
    "config": config_schema,
    "framework": framework_schema,
    "evidence": evidence_schema,
    "goal": goal_schema,
    "page": page_schema,
}


def file_name(name: str) -> str:
    return f"{name}.schema.json"


def schema_text(name: str) -> str:
    """The schema as JSON text."""
    return json.dumps(SCHEMAS[name](), indent=2, ensure_ascii=False) + "\n"


def load_schema(name: str) -> dict[str, Any]:
    data = json.loads(schema_text(name))
    assert isinstance(data, dict)
    return data


def workspace_schema_path(name: str) -> str:
    """Workspace-relative path of the schema's copy, '/' separated."""
    return f"{WORKSPACE_SCHEMA_DIR}/{file_name(name)}"


def modeline(name: str, file_rel: str) -> str:
    """The comment that points an editor at the schema, relative to the file at file_rel
    (workspace-relative), so it keeps working wherever the workspace is cloned."""
    folder = posixpath.dirname(file_rel) or "."
    return _MODELINE + posixpath.relpath(workspace_schema_path(name), folder)


def has_modeline(text: str) -> bool:
    return _MODELINE in text[:4096]
