"""Finding your way: `dossier frameworks` (also `init --framework list`) and shell
completion of the values an option takes from the workspace (levels, audiences)."""

from __future__ import annotations

from pathlib import Path

import click

LIST_WORD = "list"  # `dossier init --framework list` lists instead of starting a workspace


def builtin_lines() -> list[str]:
    """One line per built-in framework: its name, the ladder's name and its levels, and the
    levels `init` starts from."""
    from dossier.authoring.starter import BUILTIN_LEVELS, choose_framework
    from dossier.load.workspace import builtin_frameworks

    lines: list[str] = []
    names = builtin_frameworks()
    width = max((len(n) for n in names), default=10)
    for name in names:
        framework = choose_framework(name, Path.cwd()).framework
        levels = ", ".join(level.id for level in framework.levels)
        start = BUILTIN_LEVELS.get(name)
        begins = f"; init starts at {start[0]} -> {start[1]}" if start else ""
        lines.append(f"  {name:<{width}}  {framework.name}")
        lines.append(f"  {'':<{width}}  levels: {levels}{begins}")
    return lines


def print_frameworks() -> None:
    click.echo("Built-in frameworks (dossier init --framework NAME):")
    for line in builtin_lines():
        click.echo(line)
    click.echo("Or a framework file of your own: dossier init --framework path/to/ladder.yaml")


@click.command(short_help="List the built-in frameworks `init` can start from.")
def frameworks() -> None:
    """List the built-in career frameworks, their levels and where `dossier init` starts.

    Start from one with `dossier init --framework NAME`, or copy your company's ladder
    with `dossier init --framework path/to/ladder.yaml`.
    """
    print_frameworks()


# -- completion -------------------------------------------------------------------------------
def _config_audiences(ctx: click.Context) -> tuple[str, ...]:
    """The workspace's audiences for completion (the defaults when it cannot be read)."""
    from dossier.build.load import load_config
    from dossier.errors import Diagnostics
    from dossier.load.workspace import find_root
    from dossier.model.config import DEFAULT_AUDIENCES

    chosen = None
    while ctx is not None and chosen is None:
        chosen = ctx.params.get("workspace")
        ctx = ctx.parent  # type: ignore[assignment]
    root = Path(chosen) if chosen else find_root(Path.cwd())
    try:
        config = load_config(root, Diagnostics()) if root else None
    except OSError:
        config = None
    return config.audiences if config is not None else DEFAULT_AUDIENCES


def complete_audience(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    return [a for a in _config_audiences(ctx) if a.startswith(incomplete)]


def complete_level(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    from dossier.cli.authoring import id_completer

    return id_completer("level")(ctx, param, incomplete)
