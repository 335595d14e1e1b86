"""`dossier build` and `dossier serve`: the static site, and its live preview."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from dossier.cli.common import (
    as_of_option,
    cache_option,
    display_prefix,
    fail,
    open_workspace,
    reporting,
    today_or_exit,
    use_colour,
    workspace_option,
)
from dossier.cli.discover import complete_audience
from dossier.errors import printable
from dossier.seal.options import SealOptions, SealUsageError, check_options

if TYPE_CHECKING:
    from dossier.build.site import BuildResult

AUDIENCE_NOTES = {
    "self": "PRIVATE, do not share: everything, private notes included",
    "manager": "for your manager",
    "sponsor": "for sponsors; to send it as a link, seal it: --seal",
    "public": "public: anyone may read it",
}
SHORT_PASSPHRASE = 12  # characters; shorter ones are warned about
PROGRESS_THRESHOLD = 200  # pages; smaller builds finish before a bar is worth drawing


class ProgressBar:
    """A progress bar on a terminal for long builds; silent otherwise."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.bar: Any = None
        self.shown = 0

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            if total < PROGRESS_THRESHOLD or not sys.stderr.isatty():
                return
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.shown)
        self.shown = done
        if done == total:
            self.bar.__exit__(None, None, None)
            self.bar, self.shown = None, 0


@click.command(short_help="Render the static site for one audience (or all).")
@workspace_option
@click.option(
    "--audience",
    "-a",
    shell_complete=complete_audience,
    help="Who the site is for (default: default_audience).",
)
@click.option(
    "--all-audiences",
    is_flag=True,
    help="One site per audience, in site/<audience>/.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder (default: site/ in the workspace).",
)
@as_of_option
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option(
    "--seal",
    is_flag=True,
    help="Encrypt every file, for a link that is safe on any host (printed last).",
)
@click.option(
    "--new-key",
    is_flag=True,
    help="With --seal: a new key; every link sent before stops working.",
)
@click.option(
    "--passphrase",
    "ask_passphrase",
    is_flag=True,
    help="With --seal: readers type a passphrase instead (asked here; or DOSSIER_PASSPHRASE).",
)
@click.option(
    "--single-file",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE.html",
    help="The whole site as one HTML file, to attach to an email.",
)
@cache_option
@click.pass_context
def build(
    ctx: click.Context,
    workspace: Path | None,
    audience: str | None,
    all_audiences: bool,
    output: Path | None,
    as_of: date | None,
    strict: bool,
    seal: bool,
    new_key: bool,
    ask_passphrase: bool,
    single_file: Path | None,
    no_cache: bool,
) -> None:
    """Render the linked static site: overview, gaps, competencies, evidence, timeline,
    plan, framework, sponsor brief, plan.ics and dossier.json.

    Each audience's site holds only what that audience may see; a leak check scans every
    file afterwards. The site is built aside and swapped in, so a failed build leaves the
    previous one exactly as it was.

    With --seal every file is encrypted (AES-256-GCM) and opens in the reader's browser
    with the key in the link printed last; the key is kept in your config folder and
    reused, DOSSIER_SEAL_KEY supplies one, `dossier key show` prints it.
    """
    if all_audiences and audience:
        raise click.UsageError("use either --audience or --all-audiences, not both")
    if single_file is not None and output is not None:
        raise click.UsageError(
            "--single-file writes one file; -o/--output is for a folder\n"
            "  hint: drop -o to write the one file, or --single-file to build a folder"
        )
    options = seal_options(seal, new_key, ask_passphrase, single_file, all_audiences, audience)
    ws = open_workspace(ctx, workspace, no_cache)
    with reporting(ws):
        results = ws.build(
            audience,
            output,
            today_or_exit(as_of),
            all_audiences=all_audiences,
            strict=strict,
            progress=ProgressBar("Rendering"),
            seal=options,
            single_file=single_file,
        )
    for result in results:
        tell_built(result, options, single_file is not None)


def seal_options(
    seal: bool,
    new_key: bool,
    ask_passphrase: bool,
    single_file: Path | None,
    all_audiences: bool,
    audience: str | None,
) -> SealOptions | None:
    """The sealing asked for, refused before anything is loaded or prompted for."""
    if not seal and (new_key or ask_passphrase):
        raise click.UsageError("--new-key and --passphrase only apply with --seal")
    given_passphrase = os.environ.get("DOSSIER_PASSPHRASE") or None
    wanted = seal and (ask_passphrase or given_passphrase is not None)
    options = (
        SealOptions("" if wanted else None, new_key, os.environ.get("DOSSIER_SEAL_KEY") or None)
        if seal
        else None
    )
    with usage_errors():
        check_options(options, single_file is not None, all_audiences, audience)
    if options is None or not wanted:
        return options
    passphrase = given_passphrase or click.prompt(
        "Passphrase", hide_input=True, confirmation_prompt=True, err=True
    )
    if len(passphrase) < SHORT_PASSPHRASE:
        click.secho(
            f"warning: a passphrase under {SHORT_PASSPHRASE} characters can be guessed by "
            "whoever holds the files; several words make a strong one",
            fg="yellow",
            err=True,
            color=use_colour(),
        )
    return replace(options, passphrase=passphrase)


@contextmanager
def usage_errors() -> Iterator[None]:
    try:
        yield
    except SealUsageError as exc:
        raise click.UsageError(f"{exc}\n  hint: {exc.hint}") from None


def tell_built(result: BuildResult, options: SealOptions | None, single: bool) -> None:
    """What was built, then for a sealed folder the link to send, as the last line."""
    where = printable(display_prefix(result.out).rstrip(os.sep), name=True) or "."
    note = AUDIENCE_NOTES.get(result.audience, f"for {result.audience}")
    if options is not None:
        note = f"for {result.audience}"
    level, figure = result.report.level, result.report.readiness
    readiness = (
        f"nothing to assess at {level}" if figure is None else f"readiness {figure:.1f}% at {level}"
    )
    if single:
        sealed = (
            ", sealed with a passphrase (send the passphrase separately, not in the same message)"
            if options is not None
            else ""
        )
        click.echo(f"Wrote the {result.audience} audience's site as one file{sealed}:", err=True)
        click.echo(where)
        return
    kind = "sealed files" if options is not None else "files"
    click.echo(
        f"Built {result.files} {kind} for the {result.audience} audience in {where} "
        f"({note}; {readiness}).",
        err=True,
    )
    if options is None:
        return
    if options.passphrase is not None:
        click.echo("Send this link, and send the passphrase separately:", err=True)
    else:
        click.echo(
            "Send this link: whoever has it can read the site (the key is after #k=); "
            "--new-key makes every earlier link stop working.",
            err=True,
        )
    click.echo(result.link)


SAY_COLOURS = {"ok": "green", "error": "red", "warning": "yellow", "info": None}


def say(message: str, kind: str) -> None:
    click.secho(
        printable(message),
        fg=SAY_COLOURS.get(kind),
        bold=kind == "warning",
        err=kind != "info",
        color=use_colour(),
    )


@click.command(short_help="Live preview: build, serve, rebuild and reload as you save.")
@workspace_option
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; anything but loopback shares your dossier.",
)
@click.option(
    "--allow-host",
    "allow_hosts",
    multiple=True,
    metavar="NAME",
    help="Also answer requests made to this host name (repeatable); others get 403.",
)
@click.option(
    "--port",
    "-p",
    default=8000,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port to listen on (0 picks a free one).",
)
@click.option(
    "--audience",
    "-a",
    default="self",
    show_default=True,
    shell_complete=complete_audience,
    help="Whose view to preview.",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the preview in a browser.")
@as_of_option
@click.pass_context
def serve(
    ctx: click.Context,
    workspace: Path | None,
    host: str,
    allow_hosts: tuple[str, ...],
    port: int,
    audience: str,
    open_browser: bool,
    as_of: date | None,
) -> None:
    """Build the site, serve it over HTTP, and rebuild and reload open tabs whenever a
    file in the workspace changes.

    Build errors show in the browser over the last good build, and in the terminal,
    until the file is fixed. Serves only the dossier, on 127.0.0.1 unless told
    otherwise, and only to requests naming this machine (DNS rebinding is refused).
    Stop with Ctrl-C.
    """
    from dossier.serve.app import ServeError

    ws = open_workspace(ctx, workspace)
    today_or_exit(as_of)
    try:
        with reporting(ws):
            ws.preview(
                host,
                port,
                audience,
                as_of,
                open_browser=open_browser,
                say=say,
                allow_hosts=allow_hosts,
            )
    except ServeError as exc:
        fail(str(exc), exc.hint)
    except KeyboardInterrupt:
        click.echo("\nStopped.", err=True)
