"""`dossier check` and `dossier gaps`: validation and the gap report in the terminal."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import click

from dossier.cli.common import (
    as_of_option,
    cache_option,
    display_prefix,
    fail,
    open_workspace,
    print_diagnostics,
    reporting,
    summary,
    today_or_exit,
    use_colour,
    workspace_option,
)
from dossier.cli.discover import complete_audience, complete_level
from dossier.cli.since import since_day, since_option


@click.command()
@workspace_option
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@cache_option
@click.pass_context
def check(ctx: click.Context, workspace: Path | None, strict: bool, no_cache: bool) -> None:
    """Validate every file and print every problem as path:line:col.

    Exits 1 when there are errors (or, with --strict, warnings).
    """
    ws = open_workspace(ctx, workspace, no_cache)
    result = ws.check()
    print_diagnostics(list(result.diagnostics), ws.root, err=False)
    if not result.ok(strict):
        click.echo(f"{summary(result.diagnostics)}.", err=True)
        sys.exit(1)
    pieces = f"{result.evidence} evidence, {result.goals} goals, {result.pages} pages"
    click.echo(f"ok: {pieces}; {summary(result.diagnostics)}.", err=True)
    if result.drafts:
        from dossier.imports.review import drafts_summary

        summary_text = drafts_summary(result.drafts, result.competency_ids, display_prefix(ws.root))
        click.echo(summary_text, err=True)


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
@since_option
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
    since: str | None,
    no_cache: bool,
) -> None:
    """The gap report: each competency's status and why, against the target level.

    With --since, also what changed since that day (or the last scheduled check-in)."""
    ws = open_workspace(ctx, workspace, no_cache)
    day = today_or_exit(as_of)
    with reporting(ws):
        gaps = ws.gaps(level, day, audience or "self", since_day(since, day))
    if output_format == "json":
        click.echo(json.dumps(gaps.data(), indent=2, ensure_ascii=False))
    elif output_format == "markdown":
        click.echo(gaps.markdown(), nl=False)
    else:
        click.echo(gaps.text(), color=use_colour())
    if fail_under is None:
        return
    if gaps.readiness is None:
        fail(
            f"nothing to assess at {gaps.level}: no competency has expectations there "
            "and it requires no points, so readiness has no value",
            "measure against another level with --level, or add expectations for it",
        )
    if gaps.readiness < fail_under:
        fail(
            f"readiness {gaps.readiness:.1f}% is under {fail_under:g}%",
            "close the gaps above, or lower --fail-under",
        )
