"""`dossier export`: the promotion packet, one document for one audience."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from dossier.cli.common import (
    as_of_option,
    cache_option,
    fail,
    find_workspace,
    load_or_exit,
    pick_audience,
    pick_level,
    print_diagnostics,
    today_or_exit,
    use_colour,
    workspace_option,
)
from dossier.errors import Diagnostic, Diagnostics, Severity

DEFAULT_AUDIENCE = "manager"


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
    from dossier.packet.export import export_packet, refused_output

    chosen = choose_format(output, output_format, template)
    root = find_workspace(ctx, workspace)
    dossier = load_or_exit(root, use_cache=not no_cache)
    fallback = DEFAULT_AUDIENCE if DEFAULT_AUDIENCE in dossier.config.audiences else None
    audience = pick_audience(dossier, audience, fallback or dossier.config.default_audience)
    level = pick_level(dossier, level)
    path = output or Path(f"packet-{audience}.{chosen}")
    refusal = refused_output(path, root)
    if refusal:
        fail(f"cannot write the packet: {refusal}", "pass -o FILE outside content/")
    diags = Diagnostics()
    exported = export_packet(
        dossier, audience, today_or_exit(as_of), level, chosen, template, diags
    )
    print_diagnostics(diags.items, root)
    if exported is None:
        fail(
            f"the {audience} packet was not written", "nothing hidden from an audience may reach it"
        )
    for message, hint in exported.template_problems:
        warn_about(template, message, hint)
    write_or_fail(path, exported.data)
    for note in exported.packet.notes:
        click.echo(f"note: {note}", err=True)
    click.echo(str(path))


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


def write_or_fail(path: Path, data: bytes) -> None:
    from dossier.packet.export import write_atomically

    try:
        write_atomically(path, data)
    except OSError as exc:
        fail(
            f"cannot write {path}: {exc.strerror or exc}", "check the folder exists and is writable"
        )


def warn_about(template: Path | None, message: str, hint: str) -> None:
    """A problem with the template, named by its path as the user gave it."""
    problem = Diagnostic(str(template), 0, 0, message, hint, Severity.WARNING)
    head, _, rest = problem.format().partition("\n")
    click.echo(click.style(head, fg="yellow"), err=True, color=use_colour())
    if rest:
        click.echo(rest, err=True)
