"""`dossier gaps --since DATE|last-check-in` and the history the gap report carries."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

import click

from dossier.cli.common import fail
from dossier.dates import parse_iso_date
from dossier.load import git
from dossier.model.analysis import Report
from dossier.model.changes import Changes, last_check_in
from dossier.model.dossier import Dossier
from dossier.model.history import HistoryPoint, readiness_history
from dossier.model.overtime import changes_with_git

F = TypeVar("F", bound=Callable[..., Any])
LAST_CHECK_IN = "last-check-in"


def _since_value(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A YYYY-MM-DD date or `last-check-in` (usage error otherwise)."""
    if value is None or value == LAST_CHECK_IN or parse_iso_date(value) is not None:
        return value
    raise click.BadParameter(
        f"'{value}' is neither a date nor {LAST_CHECK_IN}; write YYYY-MM-DD, e.g. 2026-09-01"
    )


def since_option(func: F) -> F:
    return click.option(
        "--since",
        callback=_since_value,
        metavar="YYYY-MM-DD|last-check-in",
        help="Also list what changed since then: new evidence, statuses that moved, "
        "readiness then and now, goals due or closed, quiet weeks.",
    )(func)


def since_day(value: str, view: Dossier, as_of: date) -> date:
    """The day --since names; a failure (exit 1) when there is none before as-of."""
    if value == LAST_CHECK_IN:
        check_ins = view.config.check_ins
        if check_ins is None:
            fail(
                "--since last-check-in needs check_ins in dossier.yaml",
                "add `check_ins: {every_weeks: 4, with: ..., from: YYYY-MM-DD}`, "
                "or pass --since YYYY-MM-DD",
            )
        found = last_check_in(check_ins, as_of)
        if found is None:
            fail(
                f"no check-in is scheduled before {as_of.isoformat()}",
                "the series starts at check_ins.from; pass --since YYYY-MM-DD meanwhile",
            )
        return found
    day = parse_iso_date(value)
    assert day is not None  # checked by the option
    if day >= as_of:
        raise click.BadParameter(
            f"{day.isoformat()} is not before the as-of day {as_of.isoformat()}",
            param_hint="'--since'",
        )
    return day


def over_time_report(
    view: Dossier, report: Report, since: str | None
) -> tuple[tuple[HistoryPoint, ...], Changes | None]:
    """The report's readiness history, and the changes since `since` when asked."""
    first = git.first_commit_dates(view.root)
    commits = first if first or git.git_dir(view.root) is not None else None
    history = readiness_history(view, report.as_of, report.level, report.readiness, commits)
    if since is None:
        return history, None
    day = since_day(since, view, report.as_of)
    return history, changes_with_git(view, report, day, commits)
