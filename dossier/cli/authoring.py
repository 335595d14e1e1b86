"""`dossier init`, `dossier new` and `dossier schema`: starting and growing a workspace."""

from __future__ import annotations

import os
import shlex
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from dossier.errors import one_of
from dossier.vocabulary import EVIDENCE_TYPES as EVIDENCE_TYPE_CHOICES
from dossier.vocabulary import GOAL_STATUSES as GOAL_STATUS_CHOICES
from dossier.vocabulary import SCHEMA_NAMES as SCHEMA_CHOICES

if TYPE_CHECKING:
    from dossier.authoring.scaffold import NewItem, Outcome, WorkspaceInfo
    from dossier.authoring.starter import InitPlan
from dossier.cli.common import (
    F,
    T,
    display_prefix,
    fail,
    find_workspace,
    iso_date,
    print_diagnostics,
    today_or_exit,
    workspace_option,
)
from dossier.cli.discover import complete_audience
from dossier.cli.edit import check_title, edit_option, open_in_editor


def scaffold_call(func: Callable[[], T], root: Path | None = None) -> T:
    """Run an authoring step, mapping its failures to exit codes: a bad option is a usage
    error (2), anything else user-facing is 1. Diagnostic paths are relative to root."""
    from dossier.authoring.scaffold import BadOption, ScaffoldError

    try:
        return func()
    except BadOption as exc:
        raise click.BadParameter(str(exc), param_hint=f"'{exc.option}'") from None
    except ScaffoldError as exc:
        print_diagnostics(list(exc.diagnostics), root or Path.cwd())
        fail(str(exc), exc.hint)
    except OSError as exc:
        fail(f"cannot write: {exc.strerror or exc}", "check the folder's permissions")


def complete_builtin_frameworks(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[str]:
    from dossier.load.workspace import builtin_frameworks

    return [name for name in builtin_frameworks() if name.startswith(incomplete)]


def _completion_info(ctx: click.Context) -> WorkspaceInfo | None:
    """The workspace's framework for completing ids; None when it cannot be read."""
    from dossier.authoring.scaffold import ScaffoldError, read_workspace
    from dossier.load.workspace import find_root

    chosen = next(
        (c.params["workspace"] for c in _contexts(ctx) if c.params.get("workspace")), None
    )
    root = Path(chosen) if chosen else find_root(Path.cwd())
    try:
        return read_workspace(root) if root else None
    except (ScaffoldError, OSError):
        return None


def _contexts(ctx: click.Context | None) -> list[click.Context]:
    found = []
    while ctx is not None:
        found.append(ctx)
        ctx = ctx.parent
    return found


def id_completer(kind: str) -> Callable[[click.Context, click.Parameter, str], list[str]]:
    """Shell completion of competency, expectation or level ids from the framework."""

    def complete(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
        info = _completion_info(ctx)
        if info is None:
            return []
        framework = info.framework
        ids = {
            "competency": framework.competency_ids,
            "expectation": sorted(framework.all_expectations()),
            "level": framework.level_ids,
        }[kind]
        return [i for i in ids if i.startswith(incomplete)]

    return complete


@click.command(short_help="Start a workspace with samples; overwrites nothing.")
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--framework",
    default="product-management",
    show_default=True,
    metavar="NAME|PATH",
    shell_complete=complete_builtin_frameworks,
    help="A built-in framework (product-management, engineering, engineering-points), a "
    "framework file to copy, or `list` to list the built-in ones.",
)
@click.option("--name", help="Your name (default: git config user.name).")
@click.option(
    "--current",
    metavar="LEVEL",
    help="Your level now (default: senior-pm or senior for the built-in frameworks).",
)
@click.option(
    "--target",
    metavar="LEVEL",
    help="The level you work toward (default: the next level on your track).",
)
@click.pass_context
def init(
    ctx: click.Context,
    directory: Path | None,
    framework: str,
    name: str | None,
    current: str | None,
    target: str | None,
) -> None:
    """Start a workspace in DIRECTORY (default: here): dossier.yaml, a copy of the
    framework to make your own, sample evidence and goal, why-now and backfill pages,
    .gitignore and JSON Schemas for your editor.

    Never overwrites a file: whatever exists is skipped and listed.
    """
    from dossier.authoring.starter import (
        InitPlan,
        choose_framework,
        choose_levels,
        git_user_name,
        init_workspace,
    )
    from dossier.cli.discover import LIST_WORD, print_frameworks

    if framework == LIST_WORD:
        print_frameworks()
        return
    root = directory or ctx.find_root().params.get("workspace") or Path(".")
    choice = scaffold_call(lambda: choose_framework(framework, Path.cwd()))
    levels = scaffold_call(lambda: choose_levels(choice.framework, choice.builtin, current, target))
    plan = InitPlan(choice, name or git_user_name() or "Your Name", *levels)
    today = today_or_exit(None)
    outcomes = scaffold_call(lambda: init_workspace(Path(root), plan, today))
    report_init(Path(root), plan, outcomes)


def report_init(root: Path, plan: InitPlan, outcomes: list[Outcome]) -> None:
    from dossier.authoring.starter import in_git_repository

    framework = plan.choice.framework
    levels = f"{framework.level(plan.current).title} -> {framework.level(plan.target).title}"
    where = display_prefix(root.resolve()).rstrip(os.sep) or "."
    # The plan describes the workspace only when its dossier.yaml is the one just written.
    fresh = outcomes[0].created
    about = f"{framework.name}, {levels}" if fresh else "its dossier.yaml is kept as it is"
    click.echo(f"Dossier workspace in {where}: {about}.")
    for outcome in outcomes:
        if outcome.created:
            click.echo(f"  created  {outcome.rel}")
        else:
            click.echo(f"  skipped  {outcome.rel} ({outcome.note})")
    if not any(outcome.created for outcome in outcomes):
        click.echo("Nothing to create: every file is there already.")
    steps = [] if where == "." else [f"cd {shlex.quote(where)}"]
    if not in_git_repository(root.resolve()):
        steps.append('git init && git add -A && git commit -m "Start my dossier"')
    example = (framework.competencies_at(plan.target) or framework.competencies)[0].id
    steps += [
        "edit dossier.yaml (cycle date, people) and agree content/framework.yaml with your manager",
        f'dossier new evidence "What you did" -c {example if fresh else "ID"}    # prints its path',
        "dossier serve        # preview as you write",
        "dossier check        # every problem in every file",
        "dossier build        # the site for your manager, in site/",
    ]
    click.echo("\nNext steps:")
    for step in steps:
        click.echo(f"  {step}")


@click.group(short_help="Create an evidence or goal file and print its path.")
@workspace_option
def new(workspace: Path | None) -> None:
    """Create an evidence or goal file from a template and print its path.

    The file is named content/evidence/<date>-<title>.md (or content/goals/...), its
    front matter filled in and checked against the framework. Only the path goes to
    stdout; --edit opens the file in your editor ($VISUAL, else $EDITOR):

    \b
      dossier new evidence --edit 'Led the pricing review' -c strategy
    """


def item_options(func: F) -> F:
    """Options that evidence and goals share."""
    decorators: list[Callable[[Any], Any]] = [
        workspace_option,
        click.option(
            "-c",
            "--competency",
            "competencies",
            multiple=True,
            metavar="ID",
            shell_complete=id_completer("competency"),
            help="A competency id from the framework; repeat for several.",
        ),
        click.option(
            "-e",
            "--expectation",
            "expectations",
            multiple=True,
            metavar="ID",
            shell_complete=id_completer("expectation"),
            help="An expectation id from the framework; repeat for several.",
        ),
        click.option(
            "--date",
            "day",
            callback=iso_date,
            metavar="YYYY-MM-DD",
            help="Its date, also the start of the file name (default: today).",
        ),
        click.option(
            "--level",
            "-l",
            metavar="LEVEL",
            shell_complete=id_completer("level"),
            help="The level it is at (default: the target level).",
        ),
        click.option(
            "--visibility",
            metavar="AUDIENCE",
            shell_complete=complete_audience,
            help="The widest audience that may see it (default: manager).",
        ),
        edit_option,
        click.argument("title", callback=check_title),
        click.pass_context,
    ]
    for decorator in reversed(decorators):
        func = decorator(func)
    return func


def create_new(ctx: click.Context, workspace: Path | None, item: NewItem, edit: bool) -> None:
    from dossier.authoring.scaffold import create_item, read_workspace

    chosen = workspace or next(
        (c.params["workspace"] for c in _contexts(ctx.parent) if c.params.get("workspace")), None
    )
    root = find_workspace(ctx, chosen)
    info = scaffold_call(lambda: read_workspace(root), root)
    rel = scaffold_call(lambda: create_item(root, item, info), root)
    click.echo(f"{display_prefix(root)}{rel}")
    if edit:
        open_in_editor(root / rel)
    if not item.competencies and item.kind == "evidence":
        click.echo(
            "note: evidence needs at least one competency; add its id to competencies: "
            f"({one_of(info.framework.competency_ids)})",
            err=True,
        )


@new.command("evidence")
@item_options
@click.option(
    "--type",
    "-t",
    "evidence_type",
    type=click.Choice(EVIDENCE_TYPE_CHOICES),
    default="project",
    show_default=True,
    help="What kind of evidence it is.",
)
def new_evidence(
    ctx: click.Context,
    title: str,
    workspace: Path | None,
    competencies: tuple[str, ...],
    expectations: tuple[str, ...],
    day: date | None,
    level: str | None,
    visibility: str | None,
    edit: bool,
    evidence_type: str,
) -> None:
    """Create content/evidence/<date>-<title>.md and print its path."""
    from dossier.authoring.scaffold import NewItem

    item = NewItem(
        "evidence",
        title,
        day or today_or_exit(None),
        competencies,
        expectations,
        level,
        visibility,
        type=evidence_type,
    )
    create_new(ctx, workspace, item, edit)


@new.command("goal")
@item_options
@click.option(
    "--due",
    callback=iso_date,
    metavar="YYYY-MM-DD",
    help="The deadline (default: three months after --date).",
)
@click.option(
    "--status",
    type=click.Choice(GOAL_STATUS_CHOICES),
    default="planned",
    show_default=True,
    help="Where the goal stands.",
)
def new_goal(
    ctx: click.Context,
    title: str,
    workspace: Path | None,
    competencies: tuple[str, ...],
    expectations: tuple[str, ...],
    day: date | None,
    level: str | None,
    visibility: str | None,
    edit: bool,
    due: date | None,
    status: str,
) -> None:
    """Create content/goals/<date>-<title>.md (a goal of the plan) and print its path."""
    from dossier.authoring.scaffold import NewItem

    item = NewItem(
        "goal",
        title,
        day or today_or_exit(None),
        competencies,
        expectations,
        level,
        visibility,
        due=due,
        status=status,
    )
    create_new(ctx, workspace, item, edit)


@click.command(short_help="Print a JSON Schema, for editors.")
@click.argument("name", type=click.Choice(SCHEMA_CHOICES))
def schema(name: str) -> None:
    """Print the JSON Schema of a file kind: config (dossier.yaml), framework, or the
    front matter of evidence, goal and page files.

    `dossier init` puts copies in .dossier/schemas/ and points each file at its schema,
    so editors with YAML support complete keys and flag mistakes as you type.
    """
    from dossier.authoring.schema import schema_text

    click.echo(schema_text(name), nl=False)
