"""The command line. Thin: parse options, call the pipeline, print, map errors to exit codes.

Exit codes: 0 ok, 1 a user-facing failure (bad input, a failed check), 2 a usage error.
"""

from __future__ import annotations

import json
import os
import shlex
import sys
import traceback
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from dossier import __version__
from dossier.dates import parse_iso_date, resolve_today
from dossier.errors import Diagnostic, Diagnostics, did_you_mean, one_of
from dossier.model.content import EVIDENCE_TYPES as EVIDENCE_TYPE_CHOICES
from dossier.model.content import GOAL_STATUSES as GOAL_STATUS_CHOICES
from dossier.schema import SCHEMA_NAMES as SCHEMA_CHOICES

if TYPE_CHECKING:
    from dossier.scaffold import NewItem, Outcome, WorkspaceInfo
    from dossier.starter import InitPlan

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")


def iso_date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    """Option callback: a YYYY-MM-DD date (usage error otherwise)."""
    if value is None:
        return None
    parsed = parse_iso_date(value)
    if parsed is None:
        raise click.BadParameter(f"'{value}' is not a date; write YYYY-MM-DD, e.g. 2026-11-22")
    return parsed


class DossierGroup(click.Group):
    """Turns any unexpected failure into a one-line message instead of a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            raise click.Abort() from None
        except Exception as exc:
            if os.environ.get("DOSSIER_DEBUG"):
                traceback.print_exc()
            fail(
                f"internal error: {type(exc).__name__}: {exc}",
                "this is a bug in dossier; set DOSSIER_DEBUG=1 for details and report it",
            )

    # The order a newcomer meets them in, rather than alphabetical.
    COMMAND_ORDER = ("init", "new", "check", "gaps", "serve", "build", "schema")

    def list_commands(self, ctx: click.Context) -> list[str]:
        order = self.COMMAND_ORDER
        return sorted(
            super().list_commands(ctx),
            key=lambda name: (order.index(name) if name in order else len(order), name),
        )


def use_colour() -> bool | None:
    """Colour only on a terminal, never with NO_COLOR."""
    return False if os.environ.get("NO_COLOR") else None


def fail(message: str, hint: str = "") -> NoReturn:
    click.secho(f"error: {message}", fg="red", err=True, color=use_colour())
    if hint:
        click.echo(f"  hint: {hint}", err=True)
    sys.exit(1)


def workspace_option(func: F) -> F:
    return click.option(
        "-C",
        "--workspace",
        "workspace",
        type=click.Path(file_okay=False, path_type=Path),
        envvar="DOSSIER_WORKSPACE",
        default=None,
        help="Workspace folder (default: the nearest folder at or above here with dossier.yaml).",
    )(func)


def as_of_option(func: F) -> F:
    return click.option(
        "--as-of",
        callback=iso_date,
        metavar="YYYY-MM-DD",
        envvar="DOSSIER_AS_OF",
        help="Judge as of this date (default: SOURCE_DATE_EPOCH if set, else today).",
    )(func)


# -- finding and loading the workspace ------------------------------------------------------
def find_workspace(ctx: click.Context, workspace: Path | None) -> Path:
    from dossier.load.workspace import CONFIG_FILE, find_root

    chosen = workspace or ctx.find_root().params.get("workspace")
    if chosen is not None:
        if not (chosen / CONFIG_FILE).is_file():
            fail(f"no {CONFIG_FILE} in {chosen}", "run `dossier init` there to start a workspace")
        return Path(chosen).resolve()
    root = find_root(Path.cwd())
    if root is None:
        fail(
            f"no {CONFIG_FILE} here or in any parent folder",
            "run `dossier init` to start a workspace, or pass -C DIR",
        )
    return root


def display_prefix(root: Path) -> str:
    """How to write workspace paths so they open from the current folder."""
    try:
        rel = os.path.relpath(root, Path.cwd())
    except ValueError:
        return f"{root}{os.sep}"
    if rel == ".":
        return ""
    return f"{root}{os.sep}" if rel.startswith("..") else f"{rel}{os.sep}"


def print_diagnostics(items: list[Diagnostic], root: Path, err: bool = True) -> None:
    prefix = display_prefix(root)
    colour = use_colour()
    for item in sorted(set(items), key=lambda d: (d.path, d.line, d.col, d.message)):
        fg = "red" if item.severity.value == "error" else "yellow"
        head, _, hint = item.format(prefix).partition("\n")
        click.echo(click.style(head, fg=fg), err=err, color=colour)
        if hint:
            click.echo(hint, err=err, color=colour)


def summary(diags: Diagnostics) -> str:
    errors, warnings = len(diags.errors), len(diags.warnings)
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


def load_or_exit(root: Path, strict: bool = False) -> Any:
    """The validated Dossier; on errors (or warnings with strict) print them and exit 1."""
    from dossier.pipeline import load_dossier

    diags = Diagnostics()
    dossier = load_dossier(root, diags)
    print_diagnostics(diags.items, root)
    if dossier is None or (strict and diags.warnings):
        fail(
            f"the workspace has problems ({summary(diags)})",
            "fix the files above; `dossier check` lists every problem",
        )
    return dossier


def today_or_exit(as_of: date | None) -> date:
    try:
        return resolve_today(as_of)
    except ValueError as exc:
        fail(str(exc), "unset it, or pass --as-of YYYY-MM-DD")


def pick_audience(dossier: Any, audience: str | None, default: str) -> str:
    audiences = dossier.config.audiences
    chosen = audience or default
    if chosen not in audiences:
        raise click.BadParameter(
            f"unknown audience '{chosen}'{did_you_mean(chosen, audiences)}; "
            f"audiences: {', '.join(audiences)}",
            param_hint="'--audience'",
        )
    return str(chosen)


def pick_level(dossier: Any, level: str | None) -> str:
    levels = dossier.framework.level_ids
    chosen = level or dossier.config.target_level
    if chosen not in levels:
        raise click.BadParameter(
            f"unknown level '{chosen}'{did_you_mean(chosen, levels)}; levels: {one_of(levels)}",
            param_hint="'--level'",
        )
    return str(chosen)


# -- commands -------------------------------------------------------------------------------
HELP_EPILOG = """\b
Shell completion of commands, options and competency ids (Click's own):
  bash  add to ~/.bashrc:  eval "$(_DOSSIER_COMPLETE=bash_source dossier)"
  zsh   add to ~/.zshrc:   eval "$(_DOSSIER_COMPLETE=zsh_source dossier)"
  fish  _DOSSIER_COMPLETE=fish_source dossier > ~/.config/fish/completions/dossier.fish

\b
Environment: DOSSIER_WORKSPACE, DOSSIER_AS_OF and DOSSIER_<COMMAND>_<OPTION> set
options; SOURCE_DATE_EPOCH sets "now"; NO_COLOR turns colour off.
"""


@click.group(
    cls=DossierGroup,
    context_settings={"help_option_names": ["-h", "--help"], "auto_envvar_prefix": "DOSSIER"},
    epilog=HELP_EPILOG,
)
@click.version_option(__version__, "-V", "--version", prog_name="dossier")
@workspace_option
def cli(workspace: Path | None) -> None:
    """Build a promotion case from Markdown evidence kept in git.

    Evidence files (content/evidence/*.md) are measured against a career framework
    (levels, competencies, expectations) to give a gap report and a linked static site
    you can share with your manager and, with private parts removed, with a sponsor.

    \b
    Start your own:
      dossier init my-dossier --framework engineering --current senior
      cd my-dossier
      dossier new evidence "Led the API migration" -c delivery
      dossier serve     preview in the browser as you write
      dossier build     the site for your manager, in site/

    \b
    Along the way:
      dossier check     every problem in every file, as path:line:col
      dossier gaps      where you stand against the target level, and why

    Every command has --help. Exit codes: 0 ok, 1 a problem in your files, 2 a
    usage error.
    """


@cli.command()
@workspace_option
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.pass_context
def check(ctx: click.Context, workspace: Path | None, strict: bool) -> None:
    """Validate every file and print every problem as path:line:col.

    Exits 1 when there are errors (or, with --strict, warnings).
    """
    from dossier.pipeline import load_dossier

    root = find_workspace(ctx, workspace)
    diags = Diagnostics()
    dossier = load_dossier(root, diags)
    print_diagnostics(diags.items, root, err=False)
    if dossier is None or (strict and diags.warnings):
        click.echo(f"{summary(diags)}.", err=True)
        sys.exit(1)
    counts = (
        f"{len(dossier.evidence)} evidence, {len(dossier.goals)} goals, {len(dossier.pages)} pages"
    )
    click.echo(f"ok: {counts}; {summary(diags)}.", err=True)


@cli.command(short_help="The gap report: each competency's status and why.")
@workspace_option
@click.option("--level", "-l", help="Level to measure against (default: the target level).")
@as_of_option
@click.option(
    "--audience", "-a", help="Only what this audience may see (default: self, everything)."
)
@click.option(
    "--format",
    "-f",
    "output_format",
    envvar="DOSSIER_GAPS_FORMAT",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--fail-under",
    type=click.FloatRange(0, 100),
    metavar="PCT",
    help="Exit 1 when readiness is below PCT percent (for CI and pre-commit).",
)
@click.pass_context
def gaps(
    ctx: click.Context,
    workspace: Path | None,
    level: str | None,
    as_of: date | None,
    audience: str | None,
    output_format: str,
    fail_under: float | None,
) -> None:
    """The gap report: each competency's status and why, against the target level."""
    from dossier.model.analysis import analyse
    from dossier.report.data import report_data
    from dossier.report.text import format_markdown, format_text

    dossier = load_or_exit(find_workspace(ctx, workspace))
    view = dossier.for_audience(pick_audience(dossier, audience, "self"))
    report = analyse(view, today_or_exit(as_of), pick_level(dossier, level))
    if output_format == "json":
        click.echo(json.dumps(report_data(report, view), indent=2, ensure_ascii=False))
    elif output_format == "markdown":
        click.echo(format_markdown(report, view), nl=False)
    else:
        click.echo(format_text(report, view), color=use_colour())
    if fail_under is not None and report.readiness < fail_under:
        fail(
            f"readiness {report.readiness:.1f}% is under {fail_under:g}%",
            "close the gaps above, or lower --fail-under",
        )


@cli.command(short_help="Render the static site for one audience.")
@workspace_option
@click.option("--audience", "-a", help="Who the site is for (default: default_audience).")
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder (default: site/ in the workspace).",
)
@as_of_option
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.pass_context
def build(
    ctx: click.Context,
    workspace: Path | None,
    audience: str | None,
    output: Path | None,
    as_of: date | None,
    strict: bool,
) -> None:
    """Render the linked static site: overview, gaps, competencies, evidence, timeline,
    plan, framework, sponsor brief, plan.ics and dossier.json.

    The site is built aside and swapped in, so a failed build leaves the previous one
    exactly as it was.
    """
    from dossier.pipeline import build_site
    from dossier.write.output import OutputError

    root = find_workspace(ctx, workspace)
    dossier = load_or_exit(root, strict)
    chosen = pick_audience(dossier, audience, dossier.config.default_audience)
    out = (output or root / "site").resolve()
    diags = Diagnostics()
    try:
        result = build_site(dossier, out, chosen, today_or_exit(as_of), diags)
    except OutputError as exc:
        fail(str(exc), exc.hint)
    except OSError as exc:
        fail(
            f"cannot write the site: {exc.strerror or exc}",
            "check the output folder's permissions and free space; the previous site is unchanged",
        )
    print_diagnostics(diags.items, root)
    if result is None:
        fail("build failed; the previous site is unchanged", "fix the problems above")
    where = display_prefix(out).rstrip(os.sep) or "."
    click.echo(
        f"Built {result.files} files for the {chosen} audience in {where} "
        f"(readiness {result.report.readiness:.1f}% at {result.report.level}).",
        err=True,
    )


# -- authoring: init, new, schema -----------------------------------------------------------
def scaffold_call(func: Callable[[], T], root: Path | None = None) -> T:
    """Run an authoring step, mapping its failures to exit codes: a bad option is a usage
    error (2), anything else user-facing is 1. Diagnostic paths are relative to root."""
    from dossier.scaffold import BadOption, ScaffoldError

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
    from dossier.load.workspace import find_root
    from dossier.scaffold import ScaffoldError, read_workspace

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


@cli.command(short_help="Start a workspace with samples; overwrites nothing.")
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--framework",
    default="product-management",
    show_default=True,
    metavar="NAME|PATH",
    shell_complete=complete_builtin_frameworks,
    help="A built-in framework (product-management, engineering) or a framework file to copy.",
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
    from dossier.starter import (
        InitPlan,
        choose_framework,
        choose_levels,
        git_user_name,
        init_workspace,
    )

    root = directory or ctx.find_root().params.get("workspace") or Path(".")
    choice = scaffold_call(lambda: choose_framework(framework, Path.cwd()))
    levels = scaffold_call(lambda: choose_levels(choice.framework, choice.builtin, current, target))
    plan = InitPlan(choice, name or git_user_name() or "Your Name", *levels)
    today = today_or_exit(None)
    outcomes = scaffold_call(lambda: init_workspace(Path(root), plan, today))
    report_init(Path(root), plan, outcomes)


def report_init(root: Path, plan: InitPlan, outcomes: list[Outcome]) -> None:
    from dossier.starter import in_git_repository

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


@cli.group(short_help="Create an evidence or goal file and print its path.")
@workspace_option
def new(workspace: Path | None) -> None:
    """Create an evidence or goal file from a template and print its path.

    The file is named content/evidence/<date>-<title>.md (or content/goals/...), its
    front matter filled in and checked against the framework. Only the path goes to
    stdout, so you can open it at once:

    \b
      $EDITOR "$(dossier new evidence 'Led the pricing review' -c strategy)"
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
            help="The widest audience that may see it (default: manager).",
        ),
        click.argument("title"),
        click.pass_context,
    ]
    for decorator in reversed(decorators):
        func = decorator(func)
    return func


def create_new(ctx: click.Context, workspace: Path | None, item: NewItem) -> None:
    from dossier.scaffold import create_item, read_workspace

    chosen = workspace or next(
        (c.params["workspace"] for c in _contexts(ctx.parent) if c.params.get("workspace")), None
    )
    root = find_workspace(ctx, chosen)
    info = scaffold_call(lambda: read_workspace(root), root)
    rel = scaffold_call(lambda: create_item(root, item, info), root)
    click.echo(f"{display_prefix(root)}{rel}")
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
    evidence_type: str,
) -> None:
    """Create content/evidence/<date>-<title>.md and print its path."""
    from dossier.scaffold import NewItem

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
    create_new(ctx, workspace, item)


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
    due: date | None,
    status: str,
) -> None:
    """Create content/goals/<date>-<title>.md (a goal of the plan) and print its path."""
    from dossier.scaffold import NewItem

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
    create_new(ctx, workspace, item)


@cli.command(short_help="Print a JSON Schema, for editors.")
@click.argument("name", type=click.Choice(SCHEMA_CHOICES))
def schema(name: str) -> None:
    """Print the JSON Schema of a file kind: config (dossier.yaml), framework, or the
    front matter of evidence, goal and page files.

    `dossier init` puts copies in .dossier/schemas/ and points each file at its schema,
    so editors with YAML support complete keys and flag mistakes as you type.
    """
    from dossier.schema import schema_text

    click.echo(schema_text(name), nl=False)


def main() -> None:
    cli(prog_name="dossier")
