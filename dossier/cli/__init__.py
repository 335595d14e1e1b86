"""The command line. Thin: parse options, call the pipeline, print, map errors to exit codes.

Exit codes: 0 ok, 1 a user-facing failure (bad input, a failed check), 2 a usage error.
"""

from __future__ import annotations

from dossier.cli.app import cli
from dossier.cli.authoring import init, new, schema
from dossier.cli.discover import frameworks
from dossier.cli.export import export
from dossier.cli.imports import import_group, note, publish
from dossier.cli.keys import key
from dossier.cli.report import check, gaps
from dossier.cli.site import build, serve
from dossier.speed.lifeline import stop_on_sigterm

commands = (
    init,
    new,
    note,
    import_group,
    publish,
    check,
    gaps,
    serve,
    build,
    export,
    schema,
    key,
    frameworks,
)
for command in commands:
    cli.add_command(command)


def main() -> None:
    stop_on_sigterm()
    cli(prog_name="dossier")


__all__ = ["cli", "main"]
