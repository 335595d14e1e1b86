"""`dossier build`: the static site."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from dossier.errors import Diagnostics

if TYPE_CHECKING:
    pass
from dossier.cli.common import (
    as_of_option,
    display_prefix,
    fail,
    find_workspace,
    load_or_exit,
    pick_audience,
    print_diagnostics,
    today_or_exit,
    workspace_option,
)


@click.command(short_help="Render the static site for one audience.")
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
