"""What every command shares: options, finding the workspace, printing diagnostics,
and failing with a message instead of a traceback."""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from dossier.dates import read_iso_date, resolve_today
from dossier.errors import Diagnostic, Diagnostics, did_you_mean, one_of, printable

if TYPE_CHECKING:
    pass

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")


def iso_date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    """Option callback: a YYYY-MM-DD date (usage error otherwise)."""
    if value is None:
        return None
    parsed, problem = read_iso_date(value)
    if parsed is None and problem.startswith("out of range"):
        raise click.BadParameter(f"'{value}' is {problem}")
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

    # The order a newcomer meets them in, rather than alphabetical.
    COMMAND_ORDER = ("init", "new", "check", "gaps", "serve", "build", "schema")

    def list_commands(self, ctx: click.Context) -> list[str]:
        order = self.COMMAND_ORDER
        return sorted(
            super().list_commands(ctx),
            key=lambda name: (order.index(name) if name in order else len(order), name),
        )


def use_colour() -> bool | None:
    """Colour only on a terminal, never with NO_COLOR."""
    return False if os.environ.get("NO_COLOR") else None


def fail(message: str, hint: str = "") -> NoReturn:
    click.secho(f"error: {printable(message)}", fg="red", err=True, color=use_colour())
    if hint:
        click.echo(f"  hint: {printable(hint)}", err=True)
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


def load_cached(
    root: Path,
    diags: Diagnostics,
    use_cache: bool = True,
    save: bool = True,
    meanwhile: Any = None,
) -> Any:
    """The validated Dossier (or None), reusing the parse cache of the last run unless told
    not to, and (with `save`) keeping it up to date for the next; `save_cache(root)` later
    does that for a caller that must not write before its own work succeeded."""
    from dossier.pipeline import load_dossier

    if not use_cache:
        return load_dossier(root, diags, meanwhile=meanwhile)
    from dossier.load.cache import read_cache

    cache = read_cache(root)
    dossier = load_dossier(root, diags, cache, meanwhile)
    _pending_caches[root] = cache
    if save:
        save_cache(root)
    return dossier


_pending_caches: dict[Path, Any] = {}


def save_cache(root: Path) -> None:
    from dossier.write.cache import write_cache

    cache = _pending_caches.pop(root, None)
    if cache is not None:
        write_cache(root, cache)


def cache_option(func: F) -> F:
    return click.option(
        "--no-cache",
        "no_cache",
        is_flag=True,
        help="Parse every file again, ignoring and not updating the parse cache.",
    )(func)


def load_or_exit(
    root: Path,
    strict: bool = False,
    use_cache: bool = True,
    save: bool = True,
    meanwhile: Any = None,
) -> Any:
    """The validated Dossier; on errors (or warnings with strict) print them and exit 1.
    `meanwhile(config)` is done while the files are parsed."""
    diags = Diagnostics()
    dossier = load_cached(root, diags, use_cache, save, meanwhile)
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
