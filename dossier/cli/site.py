"""`dossier build` and `dossier serve`: the static site, and its live preview."""

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
    open_workspace,
    reporting,
    today_or_exit,
    use_colour,
    workspace_option,
)
from dossier.cli.discover import complete_audience

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
    if all_audiences and audience:
        raise click.UsageError("use either --audience or --all-audiences, not both")
    ws = open_workspace(ctx, workspace, no_cache)
    with reporting(ws):
        results = ws.build(
            audience,
            output,
            today_or_exit(as_of),
            all_audiences=all_audiences,
            strict=strict,
            progress=ProgressBar("Rendering"),
        )
    say_built(results)


def say_built(results: list[Any]) -> None:
    for result in results:
        where = display_prefix(result.out).rstrip(os.sep) or "."
        note = AUDIENCE_NOTES.get(result.audience, f"for {result.audience}")
        report = result.report
        standing = (
            f"readiness {report.readiness:.1f}%" if report.assessable else "nothing to assess"
        )
        click.echo(
            f"Built {result.files} files for the {result.audience} audience in {where} "
            f"({note}; {standing} at {report.level}).",
            err=True,
        )


SAY_COLOURS = {"ok": "green", "error": "red", "warning": "yellow", "info": None}


def say(message: str, kind: str) -> None:
    click.secho(
        message,
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
    port: int,
    audience: str,
    open_browser: bool,
    as_of: date | None,
) -> None:
    """Build the site, serve it over HTTP, and rebuild and reload open tabs whenever a
    file in the workspace changes.

    Build errors show in the browser over the last good build, and in the terminal,
    until the file is fixed. Serves only the dossier, on 127.0.0.1 unless told
    otherwise. Stop with Ctrl-C.
    """
    from dossier.serve.app import ServeError

    ws = open_workspace(ctx, workspace)
    today_or_exit(as_of)
    try:
        with reporting(ws):
            ws.preview(host, port, audience, as_of, open_browser=open_browser, say=say)
    except ServeError as exc:
        fail(str(exc), exc.hint)
    except KeyboardInterrupt:
        click.echo("\nStopped.", err=True)
