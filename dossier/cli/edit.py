"""What `dossier new` checks in its title, and `--edit`: opening the new file in the
user's editor ($VISUAL, else $EDITOR) through Click, so no shell trick is needed."""

from __future__ import annotations

from pathlib import Path

import click

from dossier.cli.common import fail


def check_title(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """A title needs a letter or digit: "" or "!!!" would name nothing (usage error)."""
    from dossier.model.content import has_word  # YAML and the model: not for --version

    if not has_word(value):
        raise click.BadParameter(
            f"{value!r} has no letter or digit; give the piece a title a reader can "
            "recognise, e.g. 'Led the payments API migration'",
            param_hint="'TITLE'",
        )
    return value


edit_option = click.option(
    "--edit",
    "edit",
    is_flag=True,
    help="Open the new file in your editor ($VISUAL, else $EDITOR) once it is written.",
)


def open_in_editor(path: Path) -> None:
    """Open the file in the user's editor and wait for it to close. The file is written
    already, so a missing or failing editor only costs the opening (exit 1 with a hint)."""
    try:
        click.edit(filename=str(path))
    except click.ClickException as exc:
        fail(
            f"could not open {path.name} in an editor: {exc.format_message()}",
            "set VISUAL or EDITOR (e.g. export EDITOR=nano); the file is written already",
        )
