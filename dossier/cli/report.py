"""`dossier check` and `dossier gaps`: validation and the gap report in the terminal."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from dossier.cli.discover import complete_audience, complete_level
from dossier.errors import Diagnostics

if TYPE_CHECKING:
    pass
from dossier.cli.common import (
    as_of_option,
    cache_option,
    fail,
    find_workspace,
    load_cached,
    load_or_exit,
    pick_audience,
    pick_level,
    print_diagnostics,
    summary,
    today_or_exit,
    use_colour,
    workspace_option,
)


@click.command()
@workspace_option
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@cache_option
@click.pass_context
def check(ctx: click.Context, workspace: Path | None, strict: bool, no_cache: bool) -> None:
    """Validate every file and print every problem as path:line:col.

    Exits 1 when there are errors (or, with --strict, warnings).
    """
    root = find_workspace(ctx, workspace)
    from dossier.load.agreed import check_agreed_revision

    diags = Diagnostics()
    dossier = load_cached(root, diags, not no_cache)
    if dossier is not None:
        check_agreed_revision(root, dossier.config, diags)
    print_diagnostics(diags.items, root, err=False)
    if dossier is None or (strict and diags.warnings):
        click.echo(f"{summary(diags)}.", err=True)
        sys.exit(1)
    counts = (
        f"{len(dossier.evidence)} evidence, {len(dossier.goals)} goals, {len(dossier.pages)} pages"
    )
    click.echo(f"ok: {counts}; {summary(diags)}.", err=True)


@click.command(short_help="The gap report: each competency's status and why.")
@workspace_option
@click.option(
    "--level",
    "-l",
    shell_complete=complete_level,
    help="Level to measure against (default: the target level).",
)
@as_of_option
@click.option(
    "--audience",
    "-a",
    shell_complete=complete_audience,
    help="Only what this audience may see (default: self, everything).",
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
@cache_option
@click.pass_context
def gaps(
    ctx: click.Context,
    workspace: Path | None,
    level: str | None,
    as_of: date | None,
    audience: str | None,
    output_format: str,
    fail_under: float | None,
    no_cache: bool,
) -> None:
    """The gap report: each competency's status and why, against the target level."""
    from dossier.model.analysis import analyse
    from dossier.report.data import report_data
    from dossier.report.text import format_markdown, format_text

    def options(dossier: Any) -> tuple[str, str]:
        return pick_audience(dossier, audience, "self"), pick_level(dossier, level)

    dossier = load_or_exit(find_workspace(ctx, workspace), use_cache=not no_cache, usage=options)
    chosen_audience, chosen_level = options(dossier)
    view = dossier.for_audience(chosen_audience)
    report = analyse(view, today_or_exit(as_of), chosen_level)
    if output_format == "json":
        click.echo(json.dumps(report_data(report, view), indent=2, ensure_ascii=False))
    elif output_format == "markdown":
        click.echo(format_markdown(report, view), nl=False)
    else:
        click.echo(format_text(report, view), color=use_colour())
    if fail_under is not None and not report.assessable:
        fail(
            f"nothing to assess at {report.level}: no competency has expectations there "
            "(or every one is not required), so readiness cannot be measured",
            "add expectations for this level to the framework, or measure another --level",
        )
    if fail_under is not None and report.readiness < fail_under:
        fail(
            f"readiness {report.readiness:.1f}% is under {fail_under:g}%",
            "close the gaps above, or lower --fail-under",
        )
