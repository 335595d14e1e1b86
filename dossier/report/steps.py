"""Steps and points in the gap report: the words and the data the JSON, text and Markdown
reports share. Reports of frameworks without scales or points show none of it."""

from __future__ import annotations

from typing import Any

from dossier.analysis.gaps import CompetencyStatus, LadderStep, Report
from dossier.analysis.points import PointsTotal, StepView

NOTHING_TO_ASSESS = "nothing to assess at this level"


def percent(readiness: float | None, empty: str = NOTHING_TO_ASSESS) -> str:
    """A readiness as people read it: '62.5%', or (`empty`) why there is none."""
    return empty if readiness is None else f"{readiness:.1f}%"


def points_words(points: PointsTotal) -> str:
    return f"{points.reached} of {points.required} points ({points.readiness:.1f}%)"


def step_words(steps: StepView) -> str:
    """'step specializes, requires masters' (what a competency's line says about its scale)."""
    reached = f"step {steps.reached}" if steps.reached else "no step reached"
    return f"{reached}, requires {steps.required}" if steps.required else reached


def next_step_words(status: CompetencyStatus) -> str | None:
    """'Technology: specializes -> evangelizes (+6 points)', or None at the top step."""
    steps = status.steps
    if steps is None or steps.next is None:
        return None
    adds = (
        f" (+{steps.adds} point{'' if steps.adds == 1 else 's'})" if steps.adds is not None else ""
    )
    return f"{status.title}: {steps.reached or 'no step'} -> {steps.next}{adds}"


def next_steps(report: Report) -> list[str]:
    found = (next_step_words(c) for c in report.competencies)
    return [words for words in found if words]


# -- JSON --------------------------------------------------------------------------------------
def steps_data(steps: StepView) -> dict[str, Any]:
    """What a scaled competency's entry adds: `step` (the highest reached, or null) and the
    rest of its place on the scale; points only where the framework has scoring."""
    data: dict[str, Any] = {
        "step": steps.reached,
        "scale": steps.scale,
        "required_step": steps.required,
        "next_step": steps.next,
    }
    if steps.worth is not None:
        data["points"] = steps.worth
        data["next_step_adds"] = steps.adds
    return data


def points_data(points: PointsTotal) -> dict[str, int]:
    return {"reached": points.reached, "required": points.required}


def ladder_data(step: LadderStep) -> dict[str, Any]:
    data: dict[str, Any] = {
        "level": step.level,
        "title": step.title,
        "readiness": step.readiness,
        "counts": dict(step.counts),
    }
    if step.points is not None:
        data["points"] = points_data(step.points)
    return data
