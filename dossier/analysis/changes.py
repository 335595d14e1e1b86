"""What changed between a past day and as-of (`dossier gaps --since`, and the agenda of
the next check-in): new evidence, statuses that moved, readiness then and now, goals that
came due or were closed, and quiet weeks."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from dossier.analysis.gaps import Report, assess_level
from dossier.analysis.points import level_readiness
from dossier.model.asof import as_of_view
from dossier.model.config import CheckIns
from dossier.model.content import Evidence
from dossier.model.dossier import Dossier
from dossier.vocabulary import LAST_CHECK_IN as LAST_CHECK_IN
from dossier.vocabulary import OPEN_GOAL_STATUSES

CLOSED_GOAL_STATUSES = ("done", "dropped")


@dataclass(frozen=True)
class StatusMove:
    id: str
    title: str
    before: str
    after: str


@dataclass(frozen=True)
class Changes:
    since: date
    as_of: date
    new_evidence: tuple[str, ...]  # slugs dated after `since`, oldest first
    recorded_since: tuple[str, ...] | None  # git: first committed after `since`, dated before
    moved: tuple[StatusMove, ...]
    readiness_then: float
    readiness_now: float
    goals_due: tuple[str, ...]  # due after `since`, on or before as-of
    goals_closed: tuple[str, ...] | None  # git: open (or not written) then, done or dropped now
    quiet_weeks: tuple[date, ...]  # Mondays of whole weeks in the span without evidence

    @property
    def any(self) -> bool:
        return bool(
            self.new_evidence
            or self.recorded_since
            or self.moved
            or self.readiness_then != self.readiness_now
            or self.goals_due
            or self.goals_closed
        )


def last_check_in(check_ins: CheckIns, as_of: date) -> date | None:
    """The latest scheduled check-in strictly before as-of (None: none yet)."""
    start = check_ins.start
    if start is None or start >= as_of:
        return None
    step = 7 * check_ins.every_weeks
    held = ((as_of - start).days - 1) // step  # occurrences after the first, before as-of
    return start + timedelta(days=held * step)


def quiet_weeks(view: Dossier, since: date, as_of: date) -> tuple[date, ...]:
    """Mondays of the whole Monday-to-Sunday weeks after `since`, up to as-of, that no
    evidence's date..end touches."""
    monday = since + timedelta(days=7 - since.weekday())  # the first Monday after since
    spans = [(e.date, e.latest) for e in view.evidence if e.latest >= monday]
    weeks: list[date] = []
    while monday + timedelta(days=6) <= as_of:
        sunday = monday + timedelta(days=6)
        if not any(start <= sunday and end >= monday for start, end in spans):
            weeks.append(monday)
        monday += timedelta(weeks=1)
    return tuple(weeks)


def _recorded_on(evidence: Evidence, first_commits: Mapping[str, date]) -> date:
    """When a piece was recorded: its first commit; a piece imported from a commit or a
    pull request counts as recorded when that work was done, if earlier."""
    first = first_commits.get(evidence.path, date.min)
    return min(first, evidence.latest) if evidence.imported and first != date.min else first


def changes_since(
    view: Dossier,
    report: Report,
    since: date,
    first_commits: Mapping[str, date] | None = None,
    goals_then: Mapping[str, str] | None = None,
) -> Changes:
    """Changes from `since` to the report's as-of, for the as-of view the report is of.
    `first_commits` (path -> first commit day) and `goals_then` (path -> status on `since`)
    come from git; without them the parts that need git are None."""
    as_of = report.as_of
    then_view = as_of_view(view, since)
    then = {c.id: c for c in assess_level(then_view, report.level, since, detail=False)}
    moved = tuple(
        StatusMove(c.id, c.title, then[c.id].status, c.status)
        for c in report.competencies
        if c.id in then and then[c.id].status != c.status
    )
    recorded = None
    if first_commits is not None:
        recorded = tuple(
            e.slug
            for e in view.evidence
            if e.date <= since and since < _recorded_on(e, first_commits) <= as_of
        )
    closed = None
    if goals_then is not None:
        closed = tuple(
            g.slug
            for g in view.goals
            if g.status in CLOSED_GOAL_STATUSES
            and goals_then.get(g.path, OPEN_GOAL_STATUSES[0]) not in CLOSED_GOAL_STATUSES
        )
    return Changes(
        since=since,
        as_of=as_of,
        new_evidence=tuple(e.slug for e in view.evidence if since < e.date <= as_of),
        recorded_since=recorded,
        moved=moved,
        # points count as in the report; a level with nothing to assess has no changes
        readiness_then=level_readiness(view.framework, report.level, tuple(then.values()))[0]
        or 0.0,
        readiness_now=report.readiness or 0.0,
        goals_due=tuple(g.slug for g in view.goals if g.due and since < g.due <= as_of),
        goals_closed=closed,
        quiet_weeks=quiet_weeks(view, since, as_of),
    )
