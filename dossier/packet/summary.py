"""The packet's short parts as plain data: the ask, the generated summary (when there is
no pages/summary.md), and, for the audiences that get them, the gaps and the plan."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from dossier.analysis.gaps import NOT_REQUIRED, Report, plural
from dossier.model.dossier import Dossier
from dossier.packet import sections as part
from dossier.packet.blocks import Block, ListItem, Paragraph, plain
from dossier.report.steps import NOTHING_TO_ASSESS

AUDIENCE_WORDS = {
    "self": "the author only (private: do not share)",
    "manager": "the manager",
    "sponsor": "sponsors",
    "public": "anyone",
}
Facts = tuple[tuple[str, str], ...]  # (label, value) lines
CANDIDATE, CURRENT, PROPOSED, CYCLE, SPONSORS, PREPARED = FACT_LABELS = (
    "Candidate",
    "Current level",
    "Proposed level",
    "Promotion cycle",
    "Sponsors",
    "Prepared",
)
DUE, STATUS, CLOSES, METRIC, SUCCESS = GOAL_LABELS = (
    "Due",
    "Status",
    "Closes",
    "Metric",
    "Success",
)


@dataclass(frozen=True)
class Ask:
    sentence: str
    facts: Facts


@dataclass(frozen=True)
class Gaps:
    readiness: str  # "" when the audience is not shown it
    statuses: tuple[tuple[str, str, str], ...]  # (competency, status, reasons)
    unanswered: tuple[str, ...]  # expectations no counted evidence names
    unplanned: tuple[str, ...]  # competencies short of demonstrated with no open goal
    overdue: tuple[str, ...]  # goals past their due date
    timing: tuple[str, ...]


@dataclass(frozen=True)
class PlanGoal:
    title: str
    facts: Facts
    actions: tuple[str, ...]


def competencies(count: int) -> str:
    return f"{count} competenc{'y' if count == 1 else 'ies'}"


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def ask_of(view: Dossier, report: Report) -> Ask:
    config = view.config
    current = view.framework.level(config.current_level).title
    cycle = f" in the cycle of {long_date(config.cycle)}" if config.cycle else ""
    sentence = (
        f"{config.person.name} asks to be promoted from {current} to {report.level_title}{cycle}."
    )
    person = config.person.name + (f", {config.person.role}" if config.person.role else "")
    facts = [
        ("Candidate", person),
        ("Current level", current),
        ("Proposed level", report.level_title),
    ]
    if config.cycle:
        facts.append(("Promotion cycle", long_date(config.cycle)))
    sponsors = [
        p.name + (f" ({p.role})" if p.role else "") for p in view.people if p.relation == "sponsor"
    ]
    if sponsors:
        facts.append((SPONSORS, ", ".join(sponsors)))
    audience = AUDIENCE_WORDS.get(view.audience, view.audience)
    facts.append((PREPARED, f"{long_date(report.as_of)}, for {audience}"))
    return Ask(sentence, tuple(facts))


def summary_of(
    view: Dossier, report: Report, rows: Sequence[tuple[str, int, int, str]]
) -> tuple[Block, ...]:
    """From the ask and the pieces per competency: (title, pieces, feedback, strongest)."""
    counted = {s for c in report.competencies if c.status != NOT_REQUIRED for s in c.evidence}
    dates = sorted(e.date for e in view.evidence if e.slug in counted)
    span = f", from {dates[0]:%B %Y} to {dates[-1]:%B %Y}," if dates else ""
    blocks: list[Block] = [
        Paragraph(
            plain(
                f"The case rests on {plural(len(counted), 'piece')} of evidence{span} against "
                f"the {competencies(len(rows))} "
                f"expected at {report.level_title}:"
            )
        ),
    ]
    for number, (title, pieces, feedback, best) in enumerate(rows, 1):
        line = f"{title}: {plural(pieces, 'piece')}" if pieces else f"{title}: no pieces yet"
        if feedback:
            line += f" ({feedback} of them feedback)" if pieces > 1 else " (feedback)"
        if best:
            line += f"; strongest: {best}"
        blocks.append(ListItem(plain(line), 0, False, number, 1))
    return tuple(blocks)


def gaps_of(view: Dossier, report: Report, sections: frozenset[str]) -> Gaps:
    required = [c for c in report.competencies if c.status != NOT_REQUIRED]
    counts = report.counts
    readiness = (
        f"{report.readiness:.1f}% against {competencies(len(required))}: "
        f"{counts['demonstrated']} demonstrated, {counts['partial']} partial, {counts['gap']} gap"
        if report.readiness is not None
        else NOTHING_TO_ASSESS
    )
    expectations = view.framework.expectations_by_id
    titles = {c.id: c.title for c in report.competencies}
    goals = {g.slug: g for g in view.goals}
    timing: list[str] = []
    if report.timing.cycle is not None:
        left = report.timing.months_left
        timing.append(
            f"Promotion cycle {long_date(report.timing.cycle)}: {plural(left or 0, 'month')} left"
        )
    if report.timing.warning:
        timing.append(report.timing.warning[0].upper() + report.timing.warning[1:] + ".")
    return Gaps(
        readiness=readiness if part.READINESS in sections else "",
        statuses=tuple((c.title, c.status, "; ".join(c.reasons)) for c in report.competencies)
        if part.STATUS in sections
        else (),
        unanswered=tuple(
            f"{titles.get(expectations[x].competency, '')}: {expectations[x].text}"
            for x in report.unanswered_expectations
            if x in expectations
        ),
        unplanned=tuple(titles[c] for c in report.unplanned if c in titles),
        overdue=tuple(
            f"{goal.title} (due {long_date(goal.due)})"
            for goal in (goals[g] for g in report.overdue_goals if g in goals)
            if goal.due is not None
        ),
        timing=tuple(timing) if part.TIMING in sections else (),
    )


def plan_of(view: Dossier) -> tuple[PlanGoal, ...]:
    """Goals by due date, dropped ones left out."""
    titles = {c.id: c.title for c in view.framework.competencies}
    owner = {x.id: x.competency for x in view.framework.expectations_by_id.values()}
    found: list[PlanGoal] = []
    for goal in view.goals:
        if goal.status == "dropped":
            continue
        closes = dict.fromkeys(
            [*goal.competencies, *(owner[x] for x in goal.expectations if x in owner)]
        )
        facts = [
            ("Due", long_date(goal.due) if goal.due else "no date set"),
            ("Status", goal.status),
        ]
        if closes:
            facts.append(("Closes", ", ".join(titles.get(c, c) for c in closes)))
        facts += [
            (label, value)
            for label, value in (("Metric", goal.metric), ("Success", goal.success))
            if value
        ]
        found.append(PlanGoal(goal.title, tuple(facts), goal.actions))
    return tuple(found)
