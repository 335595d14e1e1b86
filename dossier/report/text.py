"""The gap report for people: a terminal view and a Markdown view to paste into a doc."""

from __future__ import annotations

from collections.abc import Callable

import click

from dossier.analysis.gaps import DEMONSTRATED, GAP, NOT_REQUIRED, PARTIAL, LadderStep, Report
from dossier.model.dossier import Dossier
from dossier.report.steps import next_steps, percent, points_words, step_words

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


def ladder_shown(report: Report, dossier: Dossier) -> tuple[LadderStep, ...]:
    """The ladder a reader is shown: the current level and above (levels below it only
    confuse: "engineer 35.7% | senior 35.7% | staff 35.7%" for a Senior). JSON keeps all."""
    framework = dossier.framework
    floor = framework.level(dossier.config.current_level).index
    return tuple(s for s in report.ladder if framework.level(s.level).index >= floor)


def _headline(report: Report, dossier: Dossier) -> list[str]:
    config = dossier.config
    role = f", {config.person.role}" if config.person.role else ""
    lines = [
        f"{config.person.name}{role}: {config.current_level} -> {config.target_level}",
        f"Readiness at {report.level} ({report.level_title}): {percent(report.readiness)}"
        f"  (as of {report.as_of.isoformat()}, audience {report.audience})",
    ]
    if report.points is not None:
        lines.append(f"Points at {report.level}: {points_words(report.points)}")
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
        step = f"[{step_words(c.steps)}] " if c.steps else ""
        lines.append(f"  {label} {c.title:<{width}}  {step}{'; '.join(c.reasons)}")
    if not report.competencies:
        lines.append(f"  (no competency has expectations at {report.level})")
    if report.unanswered_expectations:
        lines += ["", style("Expectations not yet backed by evidence", bold=True)]
        lines += [f"  {x} [{comp}]: {text}" for x, comp, text in _expectation_lines(report)]
    sections = [
        ("Next steps", next_steps(report)),
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
    if ladder_shown(report, dossier):
        steps = " | ".join(
            f"{s.level} {percent(s.readiness)}" for s in ladder_shown(report, dossier)
        )
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
        f"{config.target_level}. Readiness at {report.level}: **{percent(report.readiness)}** "
        f"as of {report.as_of.isoformat()}.",
    ]
    if report.points is not None:
        lines.append(f"Points: {points_words(report.points)}.")
    if report.timing.cycle:
        lines.append(
            f"Promotion cycle {report.timing.cycle.isoformat()}, "
            f"{report.timing.months_left} months left."
        )
    if report.timing.warning:
        lines += ["", f"> **Warning:** {report.timing.warning}"]
    lines += ["", *_markdown_table(report)]
    sections = [
        (
            "Unanswered expectations",
            [f"`{x}` ({comp}): {text}" for x, comp, text in _expectation_lines(report)],
        ),
        ("Next steps", next_steps(report)),
        ("No plan yet", [f"`{c}`" for c in report.unplanned]),
        ("Overdue goals", [_goal_line(dossier, s) for s in report.overdue_goals]),
        ("People not named recently", list(report.people_not_seen)),
        (
            "Ladder",
            [
                f"{s.title} (`{s.level}`): {percent(s.readiness)}"
                for s in ladder_shown(report, dossier)
            ],
        ),
    ]
    for title, items in sections:
        if items:
            lines += ["", f"## {title}", "", *(f"- {item}" for item in items)]
    return "\n".join(lines) + "\n"


def _markdown_table(report: Report) -> list[str]:
    """The competency table; a Step column only where some competency is on a scale."""
    scaled = any(c.steps for c in report.competencies)
    head = "| Competency | Status | " + ("Step | " if scaled else "") + "Counted evidence | Why |"
    lines = [head, "| --- " * head.count(" | ") + "| --- |"]
    for c in report.competencies:
        step = (_cell(step_words(c.steps)) if c.steps else "") + " | " if scaled else ""
        lines.append(
            f"| {_cell(c.title)} | {c.status} | {step}{len(c.evidence)} | "
            f"{_cell('; '.join(c.reasons))} |"
        )
    return lines
