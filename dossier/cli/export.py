"""`dossier export`: the promotion packet, one document for one audience."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from dossier.cli.common import (
    as_of_option,
    cache_option,
    open_workspace,
    reporting,
    today_or_exit,
    use_colour,
    workspace_option,
)


@click.command(short_help="The promotion packet as one document (docx or Markdown).")
@workspace_option
@click.option("--audience", "-a", help="Who the packet is for (default: manager).")
@click.option(
    "--format",
    "-f",
    "output_format",
    type=click.Choice(["docx", "md"]),
    help="docx (Word, Google Docs, LibreOffice) or md (CommonMark for pandoc); "
    "default: from the file name, else docx.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The file to write (default: packet-<audience>.<format> in the current folder).",
)
@as_of_option
@click.option("--level", "-l", help="The level asked for (default: the target level).")
@click.option(
    "--template",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A .docx whose styles (and first page, up to its first section break) are used.",
)
@cache_option
@click.pass_context
def export(
    ctx: click.Context,
    workspace: Path | None,
    audience: str | None,
    output_format: str | None,
    output: Path | None,
    as_of: date | None,
    level: str | None,
    template: Path | None,
    no_cache: bool,
) -> None:
    """Write the promotion packet: the case as one document, in the order promotion
    committees read it (the ask; summary and business case; per competency its
    expectations, strongest evidence and feedback; the backfill; for self and manager
    also the gaps and the plan).

    It holds only what the audience may see, like its site, and the leak check reads the
    document's text before it is written. Only the named file is written, in one step.
    """
    chosen = choose_format(output, output_format, template)
    ws = open_workspace(ctx, workspace, no_cache)
    with reporting(ws):
        result = ws.export(
            audience,
            output,
            today_or_exit(as_of),
            level=level,
            output_format=chosen,
            template=template,
        )
    for warning in result.template_warnings:
        head, _, hint = warning.format().partition("\n")
        click.echo(click.style(head, fg="yellow"), err=True, color=use_colour())
        if hint:
            click.echo(hint, err=True)
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    click.echo(str(result.path))


def choose_format(output: Path | None, output_format: str | None, template: Path | None) -> str:
    """The format asked for, else the file name's, else docx; contradictions are usage
    errors."""
    from dossier.packet.export import format_for

    chosen = format_for(output, output_format)
    if chosen is None:
        raise click.BadParameter(
            f"the file name '{output}' says another format than --format {output_format}",
            param_hint="'--format'",
        )
    if template is not None and chosen != "docx":
        raise click.UsageError("--template applies to the docx format only")
    return chosen
