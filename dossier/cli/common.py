"""What every command shares: options, finding the workspace, printing diagnostics,
and failing with a message instead of a traceback."""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from dossier.dates import read_iso_date, resolve_today
from dossier.errors import Diagnostic, printable

if TYPE_CHECKING:
    from dossier.api import Workspace

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
    COMMAND_ORDER = (
        "init",
        "new",
        "check",
        "gaps",
        "serve",
        "build",
        "export",
        "note",
        "import",
        "publish",
        "schema",
        "frameworks",
    )

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


def summary(items: Sequence[Diagnostic]) -> str:
    errors = sum(1 for d in items if d.severity.value == "error")
    warnings = len(items) - errors
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


def open_workspace(ctx: click.Context, workspace: Path | None, no_cache: bool = False) -> Workspace:
    """The library's Workspace for this command (found as every command finds it)."""
    from dossier.api import Workspace

    return Workspace(find_workspace(ctx, workspace), cache=not no_cache)


@contextmanager
def reporting(ws: Workspace) -> Iterator[None]:
    """Run a library call the way every command does: its warnings printed, its problems
    printed and turned into exit 1, an unknown name into a usage error (exit 2)."""
    from dossier.api import UnknownName, WorkspaceError
    from dossier.seal.options import SealError, SealUsageError
    from dossier.write.output import OutputError

    try:
        yield
    except SealUsageError as exc:
        raise click.UsageError(f"{exc}\n  hint: {exc.hint}") from None
    except SealError as exc:
        fail(str(exc), exc.hint)
    except WorkspaceError as exc:
        print_diagnostics(list(exc.diagnostics), ws.root)
        fail(str(exc), exc.hint)
    except UnknownName as exc:
        raise click.BadParameter(str(exc), param_hint=f"'--{exc.kind}'") from None
    except OutputError as exc:
        fail(str(exc), exc.hint)
    except OSError as exc:
        fail(
            f"cannot write the site: {exc.strerror or exc}",
            "check the output folder's permissions and free space; the previous site is unchanged",
        )
    print_diagnostics(list(ws.diagnostics), ws.root)


def cache_option(func: F) -> F:
    return click.option(
        "--no-cache",
        "no_cache",
        is_flag=True,
        help="Parse every file again, ignoring and not updating the parse cache.",
    )(func)


def today_or_exit(as_of: date | None) -> date:
    try:
        return resolve_today(as_of)
    except ValueError as exc:
        fail(str(exc), "unset it, or pass --as-of YYYY-MM-DD")


# -- commands -------------------------------------------------------------------------------
