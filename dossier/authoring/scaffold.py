"""Authoring: `dossier new` adds an evidence or goal file from a template.

Also holds what `dossier init` (dossier/starter.py) shares with it: creating files
without ever overwriting one, and writing front matter that `dossier check` accepts.
Like `write/`, this writes to disk, but only user-owned source files, never the site.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from dossier.authoring.schema import modeline, workspace_schema_path
from dossier.dates import add_months
from dossier.errors import Diagnostic, Diagnostics, did_you_mean, one_of
from dossier.load import workspace as disk
from dossier.model.config import DEFAULT_AUDIENCES, DEFAULT_FRAMEWORK
from dossier.model.content import slugify
from dossier.model.framework import Framework, parse_framework
from dossier.vocabulary import EVIDENCE_TYPES, GOAL_STATUSES

MAX_SLUG = 60  # long titles make unwieldy file names; the title itself is kept whole
FOLDERS = {"evidence": "content/evidence", "goal": "content/goals"}


class ScaffoldError(Exception):
    """A user-facing failure (exit 1), with a hint and any diagnostics behind it."""

    def __init__(self, message: str, hint: str = "", diagnostics: tuple[Diagnostic, ...] = ()):
        super().__init__(message)
        self.hint = hint
        self.diagnostics = diagnostics


class BadOption(Exception):
    """A bad value for one command-line option (a usage error, exit 2)."""

    def __init__(self, option: str, message: str):
        super().__init__(message)
        self.option = option


# -- creating files -------------------------------------------------------------------------
@dataclass(frozen=True)
class Outcome:
    """What happened to one file: created, or skipped and why."""

    rel: str
    created: bool
    note: str = ""


def create_file(root: Path, rel: str, text: str) -> Outcome:
    """Write a new file; an existing one (even a dangling symlink) is left alone."""
    path = root / rel
    if not disk.inside(root, path.parent):
        return Outcome(rel, False, "its folder leads outside the workspace")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        return Outcome(rel, False, "a file is in the way of its folder")
    try:
        # "x" refuses to open an existing path, so nothing is ever overwritten.
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        return Outcome(rel, False, "exists")
    return Outcome(rel, True)


# -- front matter ---------------------------------------------------------------------------
def yaml_value(value: str | list[str]) -> str:
    """A YAML value for one line: plain where that reads back the same, quoted where plain
    text would read as something else (a date, a number, yes/no, text with ': ')."""
    if isinstance(value, list):
        dumped = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10**6)
        return dumped.strip()
    dumped = yaml.safe_dump({"v": one_line(value)}, allow_unicode=True, width=10**6)
    return dumped.strip().removeprefix("v:").strip()


def field(key: str, value: str, comment: str = "", off: bool = False) -> str:
    """One front matter line; `off` writes it commented out, as an example to enable."""
    text = f"{'# ' if off else ''}{key}: {value}"
    return f"{text:<32}  # {comment}" if comment else text


def front_matter(schema: str | None, rel: str, lines: list[str]) -> str:
    """'---', the schema comment for editors (when the workspace has the schemas), the
    fields, '---'."""
    head = [modeline(schema, rel)] if schema else []
    return "\n".join(["---", *head, *lines, "---", ""])


def one_line(text: str) -> str:
    return " ".join(text.split())


def short_slug(title: str, fallback: str) -> str:
    slug = slugify(title)
    if len(slug) > MAX_SLUG:
        cut = slug[:MAX_SLUG]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else cut
    return slug.strip("-") or fallback


def new_file_path(kind: str, day: date, title: str) -> str:
    return f"{FOLDERS[kind]}/{day.isoformat()}-{short_slug(title, kind)}.md"


# -- the workspace as `new` needs it --------------------------------------------------------
@dataclass(frozen=True)
class WorkspaceInfo:
    framework: Framework
    audiences: tuple[str, ...] = DEFAULT_AUDIENCES
    default_visibility: str = "manager"
    target_level: str | None = None


def read_workspace(root: Path) -> WorkspaceInfo:
    """The framework and settings; other problems in the workspace don't stop `new`."""
    from dossier.build.load import load_config, load_framework

    diags = Diagnostics()
    config = load_config(root, diags)
    if config is not None:
        framework = load_framework(root, config, diags)
    else:
        # dossier.yaml is broken: the framework at its usual place still gives the ids.
        doc = (
            disk.read_yaml_file(root, DEFAULT_FRAMEWORK, diags)
            if (root / DEFAULT_FRAMEWORK).is_file()
            else None
        )
        framework = None if doc is None else parse_framework(doc, diags)
    if framework is None:
        raise ScaffoldError(
            "cannot read the workspace's framework",
            "fix the problems above; `dossier new` checks ids against the framework",
            tuple(diags.errors),
        )
    if config is None:
        return WorkspaceInfo(framework)
    target = config.target_level if config.target_level in framework.level_ids else None
    return WorkspaceInfo(framework, config.audiences, config.default_visibility, target)


# -- a new evidence or goal file ------------------------------------------------------------
@dataclass(frozen=True)
class NewItem:
    """What the command line says about the file to create."""

    kind: str  # evidence | goal
    title: str
    day: date
    competencies: tuple[str, ...] = ()
    expectations: tuple[str, ...] = ()
    level: str | None = None
    visibility: str | None = None
    type: str = "project"  # evidence only
    due: date | None = None  # goals only
    status: str = "planned"  # goals only


def check_item(item: NewItem, info: WorkspaceInfo) -> None:
    """Every id must exist, so the new file passes `dossier check` from the start."""
    framework = info.framework
    _known("--competency", "competency", item.competencies, framework.competency_ids)
    _known("--expectation", "expectation", item.expectations, list(framework.all_expectations()))
    if item.level is not None:
        _known("--level", "level", (item.level,), framework.level_ids)
    if item.visibility is not None:
        _known("--visibility", "audience", (item.visibility,), info.audiences)


def _known(option: str, what: str, values: tuple[str, ...], known: Sequence[str]) -> None:
    for value in values:
        if value not in known:
            raise BadOption(
                option,
                f"unknown {what} '{value}'{did_you_mean(value, known)}; known: {one_of(known)}",
            )


def create_item(root: Path, item: NewItem, info: WorkspaceInfo) -> str:
    """Create the file; its workspace-relative path. Never overwrites."""
    check_item(item, info)
    rel = new_file_path(item.kind, item.day, item.title)
    _refuse_slug_clash(root, rel)
    schema = item.kind if (root / workspace_schema_path(item.kind)).is_file() else None
    render = evidence_text if item.kind == "evidence" else goal_text
    outcome = create_file(root, rel, render(item, info, rel, schema))
    if not outcome.created:
        raise ScaffoldError(
            f"{rel} not created: {outcome.note}",
            "dossier new never overwrites a file; pick another title or --date",
        )
    return rel


def _refuse_slug_clash(root: Path, rel: str) -> None:
    """Slugs are unique within a kind, across subfolders too."""
    folder, stem = rel.rsplit("/", 1)
    slug = slugify(stem.removesuffix(".md"))
    base = root / folder
    for path in sorted(base.rglob("*.md")) if base.is_dir() else []:
        if slugify(path.stem) == slug:
            found = path.relative_to(root).as_posix()
            clash = "already exists" if found == rel else f"not created: {found} has its slug"
            raise ScaffoldError(
                f"{rel} {clash}",
                "dossier new never overwrites a file; pick another title or --date",
            )


def _example_expectation(item: NewItem, info: WorkspaceInfo) -> str | None:
    """An expectation id to show in the commented-out example line."""
    framework, level = info.framework, item.level or info.target_level
    if level is None:
        return None
    for competency_id in item.competencies:
        expectations = framework.expectations_at(framework.competency(competency_id), level)
        if expectations:
            return expectations[0].id
    return None


def _shared_lines(item: NewItem, info: WorkspaceInfo, competencies_note: str) -> list[str]:
    example = _example_expectation(item, info)
    lines = [field("competencies", yaml_value(list(item.competencies)), competencies_note)]
    if item.expectations:
        lines.append(field("expectations", yaml_value(list(item.expectations))))
    elif example:
        lines.append(field("expectations", f"[{example}]", "specific expectations", off=True))
    if item.level:
        lines.append(field("level", item.level))
    elif info.target_level:
        lines.append(field("level", info.target_level, "default: your target level", off=True))
    return lines


def evidence_text(item: NewItem, info: WorkspaceInfo, rel: str, schema: str | None) -> str:
    visibility = item.visibility or info.default_visibility
    lines = [
        field("title", yaml_value(one_line(item.title))),
        field("date", item.day.isoformat()),
        field("end", add_months(item.day, 1).isoformat(), "for work that spans time", off=True),
        *_shared_lines(item, info, "required: competency ids from the framework"),
        field("type", item.type, " | ".join(EVIDENCE_TYPES)),
    ]
    if item.type == "feedback":
        lines.append(field("from", '""', "who said it, e.g. Sam Okafor (VP Product)"))
    lines += [
        field("impact", '""', "one line: what changed, with a number"),
        field("metrics", '{activation: "+9%"}', "named results", off=True),
        field("stakeholders", "[Sam Okafor]", "who saw or shared the work", off=True),
        field("links", '[{title: Review, url: "https://example.com/doc"}]', off=True),
        field("visibility", visibility, "the widest audience that may see it"),
    ]
    return front_matter(schema, rel, lines) + EVIDENCE_BODY


def goal_text(item: NewItem, info: WorkspaceInfo, rel: str, schema: str | None) -> str:
    visibility = item.visibility or info.default_visibility
    due = item.due or add_months(item.day, 3)
    lines = [
        field("title", yaml_value(one_line(item.title))),
        field("date", item.day.isoformat(), "when the goal was set"),
        field("due", due.isoformat(), "the deadline"),
        field("status", item.status, " | ".join(GOAL_STATUSES)),
        *_shared_lines(item, info, "the gaps it closes"),
        field("metric", '""', "how progress is measured"),
        field("success", '""', "what done looks like, agreed with your manager"),
        field("visibility", visibility, "the widest audience that may see it"),
    ]
    return front_matter(schema, rel, lines) + GOAL_BODY


EVIDENCE_BODY = """\
The situation: what was at stake, and for whom.

What I did: my own part (decisions, writing, the people I brought along), not the team's.

What changed: the result, with numbers and dates where I have them, and who noticed.

::: private
Notes only I see: what I would do differently, who to thank.
:::
"""

GOAL_BODY = """\
Why this goal: the gap it closes, as agreed with my manager.

Actions:

- [ ] The first step, with a date
- [ ] Record the outcome as evidence (`dossier new evidence`)
"""
