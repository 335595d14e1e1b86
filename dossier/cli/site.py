"""`dossier build`: the static site."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from dossier.cli.common import (
    as_of_option,
    cache_option,
    display_prefix,
    fail,
    find_workspace,
    load_or_exit,
    pick_audience,
    print_diagnostics,
    save_cache,
    today_or_exit,
    use_colour,
    workspace_option,
)
from dossier.errors import Diagnostics, printable

AUDIENCE_NOTES = {
    "self": "PRIVATE, do not share: everything, private notes included",
    "manager": "for your manager",
    "sponsor": "for sponsors: safe to send as a link",
    "public": "public: anyone may read it",
}
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
@click.option("--audience", "-a", help="Who the site is for (default: default_audience).")
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
    no_cache: bool,
) -> None:
    """Render the linked static site: overview, gaps, competencies, evidence, timeline,
    plan, framework, sponsor brief, plan.ics and dossier.json.

    Each audience's site holds only what that audience may see; a leak check scans every
    file afterwards. The site is built aside and swapped in, so a failed build leaves the
    previous one exactly as it was.
    """
    from dossier.load.cache import read_pages
    from dossier.pipeline import build_site, compile_theme
    from dossier.write.cache import write_pages
    from dossier.write.output import OutputError

    if all_audiences and audience:
        raise click.UsageError("use either --audience or --all-audiences, not both")
    root = find_workspace(ctx, workspace)
    templates = compile_theme(root, keep_compiled=not no_cache)  # while files are parsed
    dossier = load_or_exit(root, strict, not no_cache, save=False, meanwhile=templates)
    chosen = (
        list(dossier.config.audiences)
        if all_audiences
        else [pick_audience(dossier, audience, dossier.config.default_audience)]
    )
    out = (output or root / "site").resolve()
    diags = Diagnostics()
    pages = {a: read_pages(root, a) for a in chosen} if not no_cache else None
    when, bar = today_or_exit(as_of), ProgressBar("Rendering")
    try:
        results = build_site(dossier, out, chosen, when, diags, bar, pages, strict)
    except OutputError as exc:
        fail(str(exc), exc.hint)
    except OSError as exc:
        fail(
            f"cannot write the site: {exc.strerror or exc}",
            "check the output folder's permissions and free space; the previous site is unchanged",
        )
    print_diagnostics(diags.items, root)
    if results is None:
        fail("build failed; the previous site is unchanged", "fix the problems above")
    save_cache(root)  # only once the site is written: a refused build writes nothing
    if not no_cache:
        for result in results:
            write_pages(root, result.audience, result.page_cache)
    for result in results:
        where = printable(display_prefix(result.out).rstrip(os.sep), name=True) or "."
        note = AUDIENCE_NOTES.get(result.audience, f"for {result.audience}")
        click.echo(
            f"Built {result.files} files for the {result.audience} audience in {where} "
            f"({note}; readiness {result.report.readiness:.1f}% at {result.report.level}).",
            err=True,
        )


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
@click.option("--audience", "-a", default="self", show_default=True, help="Whose view to preview.")
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
    from dossier.load.workspace import BUILTIN_PREFIX
    from dossier.serve.app import ServeError, ServeOptions
    from dossier.serve.app import serve as run

    root = find_workspace(ctx, workspace)
    dossier = load_or_exit(root)
    chosen = pick_audience(dossier, audience, "self")
    framework = dossier.config.framework
    options = ServeOptions(
        root,
        host,
        port,
        chosen,
        as_of,
        open_browser,
        "" if framework.startswith(BUILTIN_PREFIX) else framework,
        allow_hosts,
    )
    today_or_exit(as_of)
    try:
        run(options, lambda: today_or_exit(as_of), say)
    except ServeError as exc:
        fail(str(exc), exc.hint)
    except KeyboardInterrupt:
        click.echo("\nStopped.", err=True)
