"""Publishing a reviewed draft: the `draft: true` line taken out (and, if asked,
competencies added and a visibility set), the file kept where it is, so its slug and its
links stay; refused, with the file untouched, when the result would not pass check."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from dossier.authoring.scaffold import (
    FOLDERS,
    NewItem,
    ScaffoldError,
    WorkspaceInfo,
    check_item,
    yaml_value,
)
from dossier.errors import Diagnostic, Diagnostics, one_of
from dossier.imports import frontlines
from dossier.load import workspace as disk
from dossier.load.source import decode, split_front_matter
from dossier.model.content import Evidence, parse_evidence, slugify
from dossier.model.references import check_framework_ids

MAX_DRAFT_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class Published:
    rel: str
    slug: str
    competencies: tuple[str, ...]
    visibility: str


def evidence_rel(root: Path, given: Path) -> str:
    """The workspace path of a draft given on the command line (relative to here, or to
    the workspace); ScaffoldError when it is no evidence file of this workspace."""
    for candidate in (given, root / given):
        path = candidate.absolute()
        if path.is_file():
            break
    else:
        raise ScaffoldError(f"{given}: no such file", "give the path `dossier import` printed")
    if not disk.inside(root, path):
        raise ScaffoldError(f"{given} is outside the workspace", "publish files of this workspace")
    rel = path.resolve().relative_to(root.resolve()).as_posix()
    if not (rel.startswith(f"{FOLDERS['evidence']}/") and rel.endswith(".md")):
        raise ScaffoldError(f"{rel} is not an evidence file", "drafts are in content/evidence/")
    return rel


def publish_draft(
    root: Path,
    rel: str,
    info: WorkspaceInfo,
    competencies: tuple[str, ...] = (),
    visibility: str | None = None,
) -> Published:
    """Publish the draft at rel; ScaffoldError (with diagnostics) when it is not a draft
    or would not pass check once published. BadOption for unknown ids."""
    # the options are checked as `dossier new` checks them (unknown ids: a usage error)
    check_item(NewItem("evidence", rel, date.min, competencies, visibility=visibility), info)
    path = root / rel
    text = _read(path, rel)
    draft = _parse(text, rel, info, Diagnostics())
    if draft is None or not draft.draft:
        raise ScaffoldError(f"{rel} is not a draft", "only files with `draft: true` are published")
    try:
        new = frontlines.remove_key(text, "draft")
        chosen = tuple(dict.fromkeys((*draft.competencies, *competencies)))
        if competencies:
            line = f"competencies: {yaml_value(list(chosen))}"
            new = frontlines.set_key(new, "competencies", line)
        if visibility:
            new = frontlines.set_key(new, "visibility", f"visibility: {visibility}")
    except frontlines.FrontMatterShape as exc:
        raise ScaffoldError(f"{rel}: {exc}", "remove the `draft: true` line by hand") from None
    diags = Diagnostics()
    published = _parse(new, rel, info, diags)
    if published is None or diags.errors:
        raise ScaffoldError(
            f"{rel} not published: it would not pass check",
            _fix_hint(diags.errors, info),
            tuple(diags.errors),
        )
    frontlines.replace_file(path, new)
    return Published(rel, published.slug, published.competencies, published.visibility)


def _read(path: Path, rel: str) -> str:
    try:
        data = path.read_bytes()[: MAX_DRAFT_BYTES + 1]
    except OSError as exc:
        raise ScaffoldError(f"cannot read {rel}: {exc.strerror or exc}") from None
    diags = Diagnostics()
    text = decode(data, rel, diags) if len(data) <= MAX_DRAFT_BYTES else None
    if text is None:
        raise ScaffoldError(f"{rel} cannot be read as a draft", "", tuple(diags.errors))
    return text


def _parse(text: str, rel: str, info: WorkspaceInfo, diags: Diagnostics) -> Evidence | None:
    document = split_front_matter(text, rel, diags)
    if document is None:
        return None
    slug = slugify(Path(rel).stem)
    evidence = parse_evidence(document, slug, diags, info.audiences, info.default_visibility)
    check_framework_ids(evidence, info.framework, diags)
    return evidence


def _fix_hint(errors: list[Diagnostic], info: WorkspaceInfo) -> str:
    if any("competenc" in d.message for d in errors):
        ids = one_of(info.framework.competency_ids)
        return f"add competencies: `dossier publish FILE -c ID` ({ids}), or edit the file"
    return "fix the problems above in the file, then publish again"
