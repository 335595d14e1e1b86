"""What one audience's site shows of time passing: the readiness history, the agenda of
the next check-in (what changed since the last one), and the pieces dated after as-of."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from dossier.load.then import statuses_on
from dossier.model.analysis import Report
from dossier.model.asof import later_summary
from dossier.model.changes import Changes, changes_since, last_check_in
from dossier.model.dossier import Dossier
from dossier.model.history import HistoryPoint, readiness_history, shows_history


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
    if not shows_history(view.config, view.audience):
        return OverTime(None, None, note)
    history = readiness_history(view, as_of, report.level, report.readiness, first_commits)
    check_ins = view.config.check_ins
    since = last_check_in(check_ins, as_of) if check_ins else None
    agenda = changes_with_git(view, report, since, first_commits) if since else None
    return OverTime(history, agenda, note)
