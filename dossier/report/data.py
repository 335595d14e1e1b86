"""The report as plain data: what `gaps --format json` prints and dossier.json holds."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dossier.analysis.changes import Changes
from dossier.analysis.gaps import CompetencyStatus, ExpectationStatus, Report
from dossier.analysis.history import HistoryPoint
from dossier.model.dossier import Dossier
from dossier.report.steps import ladder_data, points_data, steps_data
from dossier.report.timedata import changes_data, history_data


def report_data(
    report: Report,
    dossier: Dossier,
    history: Sequence[HistoryPoint] | None = None,
    changes: Changes | None = None,
) -> dict[str, Any]:
    """`history` where the audience sees it; `changes` for `gaps --since`."""
    data = _report_data(report, dossier)
    data["dated_after_as_of"] = len(dossier.later)
    if history is not None:
        data["history"] = history_data(history)
    if changes is not None:
        data["changes"] = changes_data(changes)
    return data


def _report_data(report: Report, dossier: Dossier) -> dict[str, Any]:
    config = dossier.config
    data = {
        "person": {"name": config.person.name, "role": config.person.role},
        "current_level": config.current_level,
        "target_level": config.target_level,
        "level": report.level,
        "level_title": report.level_title,
        "as_of": report.as_of.isoformat(),
        "audience": report.audience,
        "readiness": report.readiness,
        "counts": report.counts,
        "competencies": [_competency(c) for c in report.competencies],
        "unanswered_expectations": list(report.unanswered_expectations),
        "unplanned": list(report.unplanned),
        "overdue_goals": list(report.overdue_goals),
        "people_not_seen": list(report.people_not_seen),
        "timing": {
            "cycle": report.timing.cycle.isoformat() if report.timing.cycle else None,
            "months_left": report.timing.months_left,
            "warning": report.timing.warning,
        },
        "ladder": [ladder_data(s) for s in report.ladder],
    }
    if report.points is not None:
        data["points"] = points_data(report.points)
    return data


def _competency(status: CompetencyStatus) -> dict[str, Any]:
    data = {
        "id": status.id,
        "title": status.title,
        "group": status.group,
        "status": status.status,
        "reasons": list(status.reasons),
        "evidence": list(status.evidence),
        "goals": list(status.goals),
        "by_type": dict(status.by_type),
        "feedback": status.feedback,
        "months": {month: held for month, held in status.months},
        "below_level": list(status.below_level),
        "expectations": [_expectation(x) for x in status.expectations],
    }
    return data if status.steps is None else {**data, **steps_data(status.steps)}


def _expectation(status: ExpectationStatus) -> dict[str, Any]:
    return {
        "id": status.id,
        "text": status.text,
        "level": status.level,
        "status": status.status,
        "reasons": list(status.reasons),
        "evidence": list(status.evidence),
    }
