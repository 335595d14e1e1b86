"""What one audience's site shows of time passing: the readiness history, the agenda of
the next check-in (what changed since the last one), and the pieces dated after as-of."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from dossier.analysis.changes import Changes, changes_since, last_check_in
from dossier.analysis.gaps import Report
from dossier.analysis.history import HistoryPoint, readiness_history, shows_history
from dossier.load import git
from dossier.load.then import statuses_on
from dossier.model.asof import later_summary
from dossier.model.dossier import Dossier


@dataclass(frozen=True)
class OverTime:
    history: tuple[HistoryPoint, ...] | None  # None: this audience does not see readiness
    agenda: Changes | None  # since the last check-in, for audiences that see readiness
    later: str  # "3 pieces dated after ... are not counted", or ""


def in_json(time: OverTime | None) -> tuple[HistoryPoint, ...] | None:
    """dossier.json's `history`, where shown (like `gaps --format json` without --since)."""
    return time.history if time else None


def changes_with_git(
    view: Dossier,
    report: Report,
    since: date,
    first_commits: Mapping[str, date] | None,
) -> Changes:
    """Changes since a day, asking git how the goals stood then where the workspace is in
    git (`first_commits` not None)."""
    goals_then = None
    if first_commits is not None:
        goals_then = statuses_on(view.root, since, [g.path for g in view.goals])
    return changes_since(view, report, since, first_commits, goals_then)


def over_time(
    view: Dossier,
    report: Report,
    first_commits: Mapping[str, date] | None,
) -> OverTime:
    """For the as-of view `view` and its report; `first_commits` where in git."""
    as_of = report.as_of
    note = later_summary(view, as_of)
    if not shows_history(view.config, view.audience) or report.readiness is None:
        return OverTime(None, None, note)  # nothing to assess: no readiness to follow
    history = readiness_history(view, as_of, report.level, report.readiness, first_commits)
    check_ins = view.config.check_ins
    since = last_check_in(check_ins, as_of) if check_ins else None
    agenda = changes_with_git(view, report, since, first_commits) if since else None
    return OverTime(history, agenda, note)


def first_commits_of(root: Path) -> dict[str, date] | None:
    """path -> first commit day where the workspace is in git, else None."""
    first = git.first_commit_dates(root)
    return first if first or git.git_dir(root) is not None else None


def report_over_time(
    view: Dossier, report: Report, since: date | None
) -> tuple[tuple[HistoryPoint, ...], Changes | None]:
    """What `dossier gaps` adds to its report: the readiness history, and with `since`
    what changed from then to the report's as-of."""
    if report.readiness is None:  # nothing to assess: no readiness to follow
        return (), None
    commits = first_commits_of(view.root)
    history = readiness_history(view, report.as_of, report.level, report.readiness, commits)
    changes = changes_with_git(view, report, since, commits) if since else None
    return history, changes
