"""The workspace's identity: calendar UIDs hang on it, so two people's calendars never
overwrite each other's events and a clone, a move or CI keeps the same ones.

`dossier init` writes a random `id:`; a workspace without one gets a hash of its
repository's root commit and the person's name (no git: the name and the title).
"""

from __future__ import annotations

import hashlib
import re
import secrets
from pathlib import Path

from dossier.load import git
from dossier.model.fields import Fields

ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{7,63}")
WORKSPACE_ID_HELP = (
    "The workspace's own id, written by `dossier init`: calendar UIDs and seal keys derive "
    "from it, so a clone, a move or CI keeps them. Without it: a hash of the repository's "
    "first commit and your name."
)


def new_workspace_id() -> str:
    return secrets.token_hex(8)


def workspace_id(top: Fields) -> str | None:
    """The `id:` of dossier.yaml, checked: 8 to 64 letters, digits, '-' or '_'."""
    value = top.data.get("id")
    if value is None:
        return None
    if isinstance(value, str) and ID_PATTERN.fullmatch(value):
        return value
    top.error(
        ("id",),
        f"invalid workspace id {value!r}: 8 to 64 letters, digits, '-' or '_'",
        'write it in quotes, e.g. id: "8f3a2c1d9b7e6054"; calendar UIDs derive from it',
    )
    return None


def identity(root: Path, given: str | None, person: str, title: str) -> str:
    """The workspace id: `given` (dossier.yaml's id) or a hash standing in for it."""
    if given:
        return given
    first = git.root_commits(root)
    basis = f"git:{first}\0{person}" if first else f"name:{person}\0{title}"
    return hashlib.sha256(basis.encode()).hexdigest()[:16]
