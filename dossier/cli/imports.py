"""`dossier import git`, `dossier import prs`, `dossier note` and `dossier publish`:
evidence that comes in by itself, as drafts, and publishing a draft once reviewed."""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from dossier.cli.authoring import _contexts, id_completer, scaffold_call
from dossier.cli.common import (
    as_of_option,
    display_prefix,
    fail,
    find_workspace,
    iso_date,
    today_or_exit,
    use_colour,
    workspace_option,
)

if TYPE_CHECKING:
    from dossier.imports.drafts import Target, Written
    from dossier.imports.gitwork import RepoWork

REVIEW_HINT = (
    "review them: `dossier serve` lists them under To review, `dossier check` counts them, "
    "`dossier publish FILE` publishes one"
)


def _root(ctx: click.Context, workspace: Path | None) -> Path:
    chosen = workspace or next(
        (c.params["workspace"] for c in _contexts(ctx.parent) if c.params.get("workspace")), None
    )
    return find_workspace(ctx, chosen)


def dry_run_option(func: click.decorators.FC) -> click.decorators.FC:
    return click.option(
        "--dry-run", "-n", is_flag=True, help="Show what would be written; write nothing."
    )(func)


@click.group("import", short_help="Draft evidence from git history or a pull request export.")
def import_group() -> None:
    """Draft evidence from what you did: your commits and merged pull requests.

    Drafts (`draft: true`) count nowhere and are shown only to you, on the overview's
    "To review" list, until you review them and run `dossier publish FILE`. Nothing is
    imported twice (each draft names its `source`), a draft you delete is not brought
    back (.dossier/imported.txt remembers), and no file is ever overwritten.
    """


@import_group.command("git")
@click.argument("repositories", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--author",
    "authors",
    multiple=True,
    metavar="EMAIL",
    help="Your address in the commits; repeat for several (default: each repository's "
    "`git config user.email`). .mailmap is honoured.",
)
@click.option("--since", callback=iso_date, metavar="YYYY-MM-DD", help="The first day to import.")
@click.option("--until", callback=iso_date, metavar="YYYY-MM-DD", help="The last day to import.")
@as_of_option
@dry_run_option
@workspace_option
@click.pass_context
def import_git(
    ctx: click.Context,
    repositories: tuple[Path, ...],
    authors: tuple[str, ...],
    since: date | None,
    until: date | None,
    as_of: date | None,
    dry_run: bool,
    workspace: Path | None,
) -> None:
    """Draft evidence from your work in local git REPOSITORIES (default: `sources: {git:
    [...]}` in dossier.yaml, else the repository here): one draft per merged pull request
    (a merge bringing in a commit of yours, or a squash merge whose subject ends in
    `(#123)`), and one per repository and ISO week for your other commits, once the week
    is over. Only the first-parent history of HEAD is read; nothing leaves the machine.

    By default it starts from the week of the newest piece imported before, or six months
    back the first time; --as-of (or SOURCE_DATE_EPOCH) sets "today".
    """
    from dossier.imports.drafts import Target
    from dossier.imports.gitlog import GitProblem
    from dossier.imports.gitwork import Window, repository_work

    root = _root(ctx, workspace)
    target = scaffold_call(lambda: Target.open(root), root)
    today = today_or_exit(as_of)
    folders = _repository_folders(root, repositories)
    first, last = since or target.default_since(today), until or today
    if first > last:
        raise click.BadParameter(f"--since {first} is after --until {last}", param_hint="'--since'")
    window = Window.make(first, last, today)
    who = ", ".join(authors) if authors else "each repository's user.email"
    click.echo(f"Importing work by {who} from {first} to {last}{' (dry run)' * dry_run}.")
    failed, written = 0, 0
    for folder in folders:
        try:
            work = repository_work(folder, authors, window, target)
        except GitProblem as problem:
            failed += 1
            _problem(str(problem), problem.hint)
            continue
        written += _report_repository(root, target, work, dry_run)
    _finish(written, dry_run, nothing_read=failed == len(folders))


def _repository_folders(root: Path, given: Sequence[Path]) -> list[Path]:
    """The repositories named, else those in dossier.yaml (relative to the workspace),
    else the one here."""
    if given:
        return [Path(os.path.expanduser(p)) for p in given]
    from dossier.build.load import load_config
    from dossier.errors import Diagnostics

    config = load_config(root, Diagnostics())
    configured = config.sources.git if config is not None else ()
    if configured:
        return [root / os.path.expanduser(p) for p in configured]
    return [Path.cwd()]


def _problem(message: str, hint: str = "") -> None:
    click.secho(f"error: {message}", fg="red", err=True, color=use_colour())
    if hint:
        click.echo(f"  hint: {hint}", err=True)


def _report_repository(root: Path, target: Target, work: RepoWork, dry_run: bool) -> int:
    """Write one repository's drafts and say what was written and skipped; how many."""
    from dossier.imports.drafts import write_drafts

    results = write_drafts(target, work.drafts, dry_run)
    click.echo(f"{work.repo.name} ({work.repo.path}):")
    written = _report_written(root, results, dry_run)
    if work.already:
        click.echo(f"  skipped  {work.already} imported before (by source)")
    if work.unfinished:
        plural = "s" * (work.unfinished != 1)
        click.echo(f"  skipped  {work.unfinished} commit{plural} in weeks not over yet")
    if not results and not work.already and not work.unfinished:
        click.echo("  nothing in these dates")
    return written


def _report_written(root: Path, results: list[Written], dry_run: bool) -> int:
    prefix = display_prefix(root)
    for result in results:
        if result.rel is None:
            click.echo(f"  skipped  {result.draft.what}: {result.note}")
        else:
            verb = "would create" if dry_run else "created"
            click.echo(f"  {verb}  {prefix}{result.rel}  ({result.draft.what})")
    return sum(1 for r in results if r.rel is not None)


def _finish(written: int, dry_run: bool, nothing_read: bool) -> None:
    if nothing_read:
        fail("nothing could be imported", "see the errors above")
    drafts = f"{written} draft{'s' * (written != 1)}"
    if dry_run:
        click.echo(f"Would write {drafts}; nothing was written (dry run).")
    elif written:
        click.echo(f"Wrote {drafts}; {REVIEW_HINT}.")
    else:
        click.echo("Nothing new to import.")


@import_group.command("prs")
@click.argument("export", type=click.Path(path_type=Path, dir_okay=False))
@dry_run_option
@workspace_option
@click.pass_context
def import_prs(ctx: click.Context, export: Path, dry_run: bool, workspace: Path | None) -> None:
    """Draft evidence from EXPORT, a JSON file of your merged pull requests, one draft
    each, its URL kept as a link and as its source:

    \b
      gh pr list --author @me --state merged --limit 1000 \\
        --json number,title,url,mergedAt,body,additions,deletions > prs.json
      glab mr list --author=@me --merged --output json > prs.json
    """
    from dossier.errors import Diagnostics
    from dossier.imports.drafts import Target
    from dossier.imports.prs import read_export

    root = _root(ctx, workspace)
    target = scaffold_call(lambda: Target.open(root), root)
    diags = Diagnostics()
    found = read_export(export, str(export), target, diags)
    for item in diags.sorted():
        head, _, hint = item.format().partition("\n")
        click.secho(head, fg="red", err=True, color=use_colour())
        if hint:
            click.echo(hint, err=True)
    if found is None:
        fail(f"nothing imported from {export}", "see the error above")
    fresh = [d for d in found.drafts if not any(target.is_known(k) for k in d.keys)]
    from dossier.imports.drafts import write_drafts

    results = write_drafts(target, fresh, dry_run)
    click.echo(f"{export} ({found.kind} export, {len(found.drafts)} merged):")
    written = _report_written(root, results, dry_run)
    if len(found.drafts) > len(fresh):
        click.echo(f"  skipped  {len(found.drafts) - len(fresh)} imported before (by URL)")
    if found.not_merged:
        click.echo(f"  skipped  {found.not_merged} not merged")
    _finish(written, dry_run, nothing_read=bool(diags.errors) and not found.drafts)


@click.command(short_help="Capture one line now, into today's notes draft.")
@click.argument("text", nargs=-1, required=True)
@click.option(
    "-c",
    "--competency",
    "competencies",
    multiple=True,
    metavar="ID",
    shell_complete=id_completer("competency"),
    help="A competency id it is about; repeat for several.",
)
@workspace_option
@click.pass_context
def note(
    ctx: click.Context, text: tuple[str, ...], competencies: tuple[str, ...], workspace: Path | None
) -> None:
    """Append TEXT, with the time, to today's notes draft
    (content/evidence/<today>-notes.md, started if missing) and print its path. The note
    is written as plain words (Markdown in it is shown as typed). A published notes file
    is never added to: the next free one is started instead.

    \b
      dossier note "Sam said the migration plan unblocked the payments team" -c delivery
    """
    from dossier.authoring.scaffold import read_workspace
    from dossier.imports.note import add_note, now

    root = _root(ctx, workspace)
    info = scaffold_call(lambda: read_workspace(root), root)
    when = scaffold_call(now)
    noted = scaffold_call(lambda: add_note(root, info, " ".join(text), competencies, when), root)
    click.echo(f"{display_prefix(root)}{noted.rel}")


@click.command(short_help="Publish reviewed drafts: their `draft: true` line goes.")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-c",
    "--competency",
    "competencies",
    multiple=True,
    metavar="ID",
    shell_complete=id_completer("competency"),
    help="Add a competency id; repeat for several.",
)
@click.option("--visibility", metavar="AUDIENCE", help="Set the widest audience that may see it.")
@workspace_option
@click.pass_context
def publish(
    ctx: click.Context,
    files: tuple[Path, ...],
    competencies: tuple[str, ...],
    visibility: str | None,
    workspace: Path | None,
) -> None:
    """Publish reviewed drafts: take out their `draft: true` line (the same as deleting it
    by hand), adding competencies with -c and a visibility where given. Each file stays
    where it is, so its slug and every link to it are kept. A draft that would not pass
    `dossier check` once published (no competency yet, say) is left as it is.
    """
    from dossier.authoring.scaffold import read_workspace
    from dossier.imports.publish import evidence_rel, publish_draft

    root = _root(ctx, workspace)
    info = scaffold_call(lambda: read_workspace(root), root)
    prefix = display_prefix(root)
    for given in files:
        rel = scaffold_call(functools.partial(evidence_rel, root, given), root)
        done = scaffold_call(
            functools.partial(publish_draft, root, rel, info, competencies, visibility), root
        )
        shown = ", ".join(done.competencies)
        click.echo(f"published {prefix}{done.rel} (slug {done.slug}; {shown}; {done.visibility})")
