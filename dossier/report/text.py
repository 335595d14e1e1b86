"""The gap report for people: a terminal view and a Markdown view to paste into a doc."""

from __future__ import annotations

from collections.abc import Callable

import click

from dossier.analysis.gaps import DEMONSTRATED, GAP, NOT_REQUIRED, PARTIAL, Report
from dossier.model.dossier import Dossier

STATUS_COLOURS = {DEMONSTRATED: "green", PARTIAL: "yellow", GAP: "red", NOT_REQUIRED: "blue"}
Style = Callable[..., str]


def _goal_line(dossier: Dossier, slug: str) -> str:
    goal = next(g for g in dossier.goals if g.slug == slug)
    due = goal.due.isoformat() if goal.due else "no due date"
    return f"{goal.title} ({slug}; due {due}, {goal.status})"


def _expectation_lines(report: Report) -> list[tuple[str, str, str]]:
    """(id, competency, text) of each unanswered expectation."""
    texts = {x.id: (c.id, x.text) for c in report.competencies for x in c.expectations}
    return [(x, *texts[x]) for x in report.unanswered_expectations]


def _headline(report: Report, dossier: Dossier) -> list[str]:
    config = dossier.config
    role = f", {config.person.role}" if config.person.role else ""
    lines = [
        f"{config.person.name}{role}: {config.current_level} -> {config.target_level}",
        f"Readiness at {report.level} ({report.level_title}): {report.readiness:.1f}%"
        f"  (as of {report.as_of.isoformat()}, audience {report.audience})",
    ]
    if report.timing.cycle:
        lines.append(
            f"Promotion cycle {report.timing.cycle.isoformat()}: "
            f"{report.timing.months_left} months left"
        )
    return lines


def format_text(report: Report, dossier: Dossier, style: Style = click.style) -> str:
    lines = [style(dossier.config.title, bold=True), *_headline(report, dossier)]
    if report.timing.warning:
        lines.append(style(f"warning: {report.timing.warning}", fg="yellow"))
    lines += ["", style("Competencies", bold=True)]
    width = max((len(c.title) for c in report.competencies), default=10)
    for c in report.competencies:
        label = style(f"{c.status:<13}", fg=STATUS_COLOURS[c.status])
        lines.append(f"  {label} {c.title:<{width}}  {'; '.join(c.reasons)}")
    if not report.competencies:
        lines.append(f"  (no competency has expectations at {report.level})")
    if report.unanswered_expectations:
        lines += ["", style("Expectations no counted evidence names", bold=True)]
        lines += [f"  {x} [{comp}]: {text}" for x, comp, text in _expectation_lines(report)]
    sections = [
        ("No plan yet (short of demonstrated, no open goal)", list(report.unplanned)),
        ("Overdue goals", [_goal_line(dossier, s) for s in report.overdue_goals]),
        (
            f"Not named by evidence in {dossier.config.analysis.recent_months} months",
            list(report.people_not_seen),
        ),
    ]
    for title, items in sections:
        if items:
            lines += ["", style(title, bold=True), *(f"  {item}" for item in items)]
    if report.ladder:
        steps = " | ".join(f"{s.level} {s.readiness:.1f}%" for s in report.ladder)
        lines += ["", style("Ladder", bold=True), f"  {steps}"]
    return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def format_markdown(report: Report, dossier: Dossier) -> str:
    config = dossier.config
    lines = [
        f"# Gap report: {report.level_title}",
        "",
        f"**{config.person.name}** ({config.person.role or 'author'}): {config.current_level} -> "
        f"{config.target_level}. Readiness at {report.level}: **{report.readiness:.1f}%** "
        f"as of {report.as_of.isoformat()}.",
    ]
    if report.timing.cycle:
        lines.append(
            f"Promotion cycle {report.timing.cycle.isoformat()}, "
            f"{report.timing.months_left} months left."
        )
    if report.timing.warning:
        lines += ["", f"> **Warning:** {report.timing.warning}"]
    lines += ["", "| Competency | Status | Counted evidence | Why |", "| --- | --- | --- | --- |"]
    lines += [
        f"| {_cell(c.title)} | {c.status} | {len(c.evidence)} | {_cell('; '.join(c.reasons))} |"
        for c in report.competencies
    ]
    sections = [
        (
            "Unanswered expectations",
            [f"`{x}` ({comp}): {text}" for x, comp, text in _expectation_lines(report)],
        ),
        ("No plan yet", [f"`{c}`" for c in report.unplanned]),
        ("Overdue goals", [_goal_line(dossier, s) for s in report.overdue_goals]),
        ("People not named recently", list(report.people_not_seen)),
        ("Ladder", [f"{s.title} (`{s.level}`): {s.readiness:.1f}%" for s in report.ladder]),
    ]
    for title, items in sections:
        if items:
            lines += ["", f"## {title}", "", *(f"- {item}" for item in items)]
    return "\n".join(lines) + "\n"
