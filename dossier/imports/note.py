"""`dossier note`: one line captured now, into today's notes draft
(content/evidence/<today>-notes.md), to tidy into evidence later. A note never goes into a
published piece: when today's file is no longer a draft, the next free one is used."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

from dossier.authoring.scaffold import (
    FOLDERS,
    BadOption,
    NewItem,
    ScaffoldError,
    WorkspaceInfo,
    check_item,
    create_file,
    field,
    front_matter,
    yaml_value,
)
from dossier.authoring.schema import workspace_schema_path
from dossier.errors import Diagnostics, one_of
from dossier.imports import frontlines
from dossier.imports.text import inline
from dossier.load import workspace as disk
from dossier.load.source import read_text, split_front_matter
from dossier.model.content import slugify
from dossier.vocabulary import EVIDENCE_TYPES

MAX_NOTE = 2000  # characters of one note
MAX_FILES_A_DAY = 100


@dataclass(frozen=True)
class Noted:
    rel: str
    created: bool  # a new draft was started


def now() -> datetime:
    """SOURCE_DATE_EPOCH (UTC) where set, else the local clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
        except (ValueError, OverflowError, OSError) as exc:
            raise ScaffoldError(f"SOURCE_DATE_EPOCH={epoch!r} is not a Unix timestamp") from exc
    return datetime.now()


def add_note(
    root: Path, info: WorkspaceInfo, text: str, competencies: tuple[str, ...], when: datetime
) -> Noted:
    """Append the note to today's draft (started if missing); its workspace path."""
    check_item(NewItem("evidence", text, when.date(), competencies), info)
    words = inline(text, MAX_NOTE)
    if not any(char.isalnum() for char in words):
        raise BadOption("TEXT", "the note has no words in it")
    line = f"- {when:%H:%M} {words}"
    taken = _slugs(root)
    day = when.date()
    for n in range(1, MAX_FILES_A_DAY + 1):
        stem = f"{day.isoformat()}-notes" + (f"-{n}" if n > 1 else "")
        rel = f"{FOLDERS['evidence']}/{stem}.md"
        if taken.get(slugify(stem), rel) != rel:
            continue  # another file has this slug
        path = root / rel
        if path.exists():
            if _is_draft(path, rel):
                _append(path, line, competencies)
                return Noted(rel, False)
            continue  # published: a note never goes into it
        outcome = create_file(root, rel, _new_draft(root, rel, day, line, competencies, info))
        if outcome.created:
            return Noted(rel, True)
    raise ScaffoldError(
        f"no free notes file for {day.isoformat()}", "publish or rename some of today's notes"
    )


def _slugs(root: Path) -> dict[str, str]:
    return {
        slugify(found.path.stem): found.rel
        for found in disk.walk_files(root, FOLDERS["evidence"], Diagnostics())
        if found.rel.endswith(".md")
    }


def _is_draft(path: Path, rel: str) -> bool:
    diags = Diagnostics()
    text = read_text(path, rel, diags)
    document = split_front_matter(text, rel, diags) if text is not None else None
    meta = document.meta.value if document is not None else None
    return isinstance(meta, dict) and meta.get("draft") is True


def _append(path: Path, line: str, competencies: tuple[str, ...]) -> None:
    text = path.read_text("utf-8")
    if competencies:
        document = split_front_matter(text, path.name, Diagnostics())
        meta = document.meta.value if document is not None else {}
        had = meta.get("competencies") if isinstance(meta, dict) else None
        have = [str(c) for c in had] if isinstance(had, list) else [str(had)] if had else []
        merged = list(dict.fromkeys([*have, *competencies]))
        # where the front matter cannot be edited, it is left: the note must not be lost
        with contextlib.suppress(frontlines.FrontMatterShape):
            text = frontlines.set_key(text, "competencies", f"competencies: {yaml_value(merged)}")
    if text and not text.endswith("\n"):
        text += "\n"
    frontlines.replace_file(path, f"{text}{line}\n")


def _new_draft(
    root: Path,
    rel: str,
    day: date,
    line: str,
    competencies: tuple[str, ...],
    info: WorkspaceInfo,
) -> str:
    schema = "evidence" if (root / workspace_schema_path("evidence")).is_file() else None
    ids = one_of(info.framework.competency_ids, 6)
    lines = [
        field("title", yaml_value(f"Notes of {day.day} {day:%B %Y}")),
        field("date", day.isoformat()),
        field("draft", "true", "reviewed? `dossier publish` this file"),
        field("competencies", yaml_value(list(competencies)), f"add ids: {ids}"),
        field("type", "other", " | ".join(EVIDENCE_TYPES)),
    ]
    return front_matter(schema, rel, lines) + line + "\n"
