"""The command line. Thin: parse options, call the pipeline, print, map errors to exit codes.

Exit codes: 0 ok, 1 a user-facing failure (bad input, a failed check), 2 a usage error.
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from dossier import __version__
from dossier.dates import parse_iso_date, resolve_today
from dossier.errors import Diagnostic, Diagnostics, did_you_mean, one_of

F = TypeVar("F", bound=Callable[..., Any])


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
@click.group(
    cls=DossierGroup,
    context_settings={"help_option_names": ["-h", "--help"], "auto_envvar_prefix": "DOSSIER"},
)
@click.version_option(__version__, "-V", "--version", prog_name="dossier")
@workspace_option
def cli(workspace: Path | None) -> None:
    """Build a promotion case from Markdown evidence kept in git.

    Evidence files (content/evidence/*.md) are measured against a career framework
    (levels, competencies, expectations) to give a gap report and a linked static site
    you can share with your manager and, with private parts removed, with a sponsor.

    \b
    Start:   dossier check              validate every file
             dossier gaps               where you stand against the target level
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


@cli.command()
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


@cli.command()
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


def main() -> None:
    cli(prog_name="dossier")
