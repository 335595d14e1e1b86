"""plan.ics: goal due dates, the check-in series and the cycle date as an iCalendar
(RFC 5545) file, written by the icalendar library.

UIDs carry the workspace id, so two people's calendars never replace each other's
events, and stay the same from build to build; DTSTAMP is the as-of day, so the same
input gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta, timezone

import icalendar

from dossier.model.config import CheckIns
from dossier.model.content import Goal
from dossier.model.dossier import Dossier
from dossier.model.identity import identity

PRODID = "-//dossier//promotion plan//EN"
CLOSED = ("done", "dropped")


def _goal_description(goal: Goal) -> str:
    parts = [f"Status: {goal.status}"]
    if goal.metric:
        parts.append(f"Metric: {goal.metric}")
    if goal.success:
        parts.append(f"Success: {goal.success}")
    if goal.competencies:
        parts.append(f"Closes: {', '.join(goal.competencies)}")
    return "\n".join(parts)


def _all_day(uid: str, stamp: date, day: date, summary: str, description: str) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", datetime(stamp.year, stamp.month, stamp.day, tzinfo=timezone.utc))
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    if description:
        event.add("description", description)
    return event


def _check_in_series(
    check_ins: CheckIns, start: date, cycle: date | None, uid: str, stamp: date
) -> icalendar.Event:
    """Every `every_weeks` weeks from `check_ins.from`, until the cycle date when set."""
    who = f" with {check_ins.with_}" if check_ins.with_ else ""
    event = _all_day(
        uid, stamp, start, f"Promotion case check-in{who}", "Review evidence, gaps and the plan."
    )
    rule: dict[str, object] = {"freq": "weekly", "interval": check_ins.every_weeks}
    if cycle is not None and cycle >= start:
        rule["until"] = cycle
    event.add("rrule", rule)
    return event


def plan_calendar(
    goals: Sequence[Goal],
    check_ins: CheckIns | None,
    cycle: date | None,
    as_of: date,
    name: str,
    workspace: str,
) -> bytes:
    """The calendar of one audience's plan; done and dropped goals are left out."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for goal in goals:
        if goal.due is not None and goal.status not in CLOSED:
            uid = f"goal-{goal.slug}.{workspace}@dossier"
            summary = f"Goal due: {goal.title}"
            calendar.add_component(_all_day(uid, as_of, goal.due, summary, _goal_description(goal)))
    if check_ins is not None and check_ins.start is not None:
        uid = f"check-ins.{workspace}@dossier"
        calendar.add_component(_check_in_series(check_ins, check_ins.start, cycle, uid, as_of))
    if cycle is not None:
        uid = f"cycle.{workspace}@dossier"
        calendar.add_component(_all_day(uid, as_of, cycle, "Promotion cycle decision", ""))
    return bytes(calendar.to_ical())


def calendar_for(view: Dossier, as_of: date) -> bytes:
    """plan.ics of an audience's view."""
    config = view.config
    workspace = identity(view.root, config.id, config.person.name, config.title)
    return plan_calendar(view.goals, config.check_ins, config.cycle, as_of, config.title, workspace)
