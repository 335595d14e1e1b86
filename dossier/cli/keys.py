"""`dossier key show`: the key a sealed site is sealed with, for a second machine or a
publishing workflow (DOSSIER_SEAL_KEY there)."""

from __future__ import annotations

from pathlib import Path

import click

from dossier.cli.common import display_prefix, open_workspace, reporting, workspace_option


@click.group(short_help="The keys of sealed sites.")
def key() -> None:
    """The keys sealed sites are encrypted with: one per workspace and audience, kept in
    your config folder ($XDG_CONFIG_HOME/dossier, else ~/.config/dossier), never in the
    workspace or the site."""


@key.command(short_help="Print the key of an audience's sealed site.")
@workspace_option
@click.option("--audience", "-a", help="Whose sealed site (default: default_audience).")
@click.pass_context
def show(ctx: click.Context, workspace: Path | None, audience: str | None) -> None:
    """Print the key of an audience's sealed site (the part after #k= in its link).

    Anyone with the key can read that site: set it as DOSSIER_SEAL_KEY on another
    machine or in a publishing workflow to seal the same site there.
    """
    ws = open_workspace(ctx, workspace)
    with reporting(ws):
        text, path = ws.seal_key(audience)
    click.echo(f"kept in {display_prefix(path.parent)}{path.name}", err=True)
    click.echo(text)
