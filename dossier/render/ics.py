"""plan.ics: goal due dates and the check-in cadence as an iCalendar (RFC 5545) file."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from dossier.model.config import CheckIns
from dossier.model.content import Goal

PRODID = "-//dossier//promotion plan//EN"


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    pieces: list[str] = []
    current = b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > (75 if not pieces else 74):
            pieces.append(current.decode("utf-8"))
            current = b""
        current += encoded
    pieces.append(current.decode("utf-8"))
    return "\r\n ".join(pieces)


def _day(day: date) -> str:
    return day.strftime("%Y%m%d")


def _event(
    uid: str, stamp: date, start: date, summary: str, description: str, extra: Sequence[str] = ()
) -> list[str]:
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{_day(stamp)}T000000Z",
        f"DTSTART;VALUE=DATE:{_day(start)}",
        f"DTEND;VALUE=DATE:{_day(start + timedelta(days=1))}",
        f"SUMMARY:{_escape(summary)}",
        *([f"DESCRIPTION:{_escape(description)}"] if description else []),
        *extra,
        "END:VEVENT",
    ]


def _goal_description(goal: Goal) -> str:
    parts = [f"Status: {goal.status}"]
    if goal.metric:
        parts.append(f"Metric: {goal.metric}")
    if goal.success:
        parts.append(f"Success: {goal.success}")
    if goal.competencies:
        parts.append(f"Closes: {', '.join(goal.competencies)}")
    return "\n".join(parts)


def plan_calendar(
    goals: Sequence[Goal], check_ins: CheckIns | None, cycle: date | None, as_of: date, name: str
) -> bytes:
    """The calendar, deterministic for a given as-of date (used as DTSTAMP)."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_escape(name)}",
    ]
    for goal in goals:
        if goal.due is not None:
            lines += _event(
                f"goal-{goal.slug}@dossier",
                as_of,
                goal.due,
                f"Goal due: {goal.title}",
                _goal_description(goal),
            )
    if check_ins is not None:
        start = check_ins.start or as_of
        rule = f"RRULE:FREQ=WEEKLY;INTERVAL={check_ins.every_weeks}"
        if cycle is not None and cycle >= start:
            rule += f";UNTIL={_day(cycle)}"
        who = f" with {check_ins.with_}" if check_ins.with_ else ""
        lines += _event(
            "check-in@dossier",
            as_of,
            start,
            f"Promotion case check-in{who}",
            "Review evidence, gaps and the plan.",
            [rule],
        )
    if cycle is not None:
        lines += _event("cycle@dossier", as_of, cycle, "Promotion cycle decision", "")
    lines.append("END:VCALENDAR")
    return ("\r\n".join(_fold(line) for line in lines) + "\r\n").encode("utf-8")
