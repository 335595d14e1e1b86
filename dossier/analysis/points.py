"""Competencies judged by the steps of a scale, and points (SPEC section 2, "Ladders beyond
the plain matrix"): the step each competency has reached, the step a level requires, points
reached and required, and the readiness of a level that uses them.

Evidence names a step like an expectation (`technology.masters`) and counts for that step
and every lower one. A competency's step reached is the highest step at which the usual
rules (`judge`) hold for its counted evidence at that step or above.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from dossier.analysis.gaps import (
    DEMONSTRATED,
    GAP,
    NOT_REQUIRED,
    PARTIAL,
    CompetencyStatus,
    ExpectationStatus,
    Rules,
    _Analyst,
    _by_type,
    _months,
    judge,
    plural,
    readiness,
)
from dossier.analysis.naming import EvidenceIndex
from dossier.model.content import Evidence
from dossier.model.dossier import Dossier
from dossier.model.framework import Competency, Expectation, Framework

Judged = tuple[str, tuple[str, ...], list[Evidence]]  # status, reasons, evidence counted


@dataclass(frozen=True)
class StepView:
    """Where a scaled competency stands on its scale at the level judged."""

    scale: str
    steps: tuple[str, ...]  # lowest first
    reached: str | None  # the highest step reached
    required: str | None  # the step the level requires, if it requires one
    next: str | None  # the step after the one reached (the first when none is)
    worth: int | None  # points the reached step is worth (None without scoring)
    adds: int | None  # points the next step would add (None without scoring or at the top)


@dataclass(frozen=True)
class PointsTotal:
    reached: int
    required: int
    readiness: float  # min(100, reached / required x 100), one decimal; 100 when required is 0


def judged_at(framework: Framework, level_id: str) -> list[Competency]:
    """The competencies a level's report lists, in framework order: those with expectations
    at the level and, at a level with points, every competency on a scale."""
    with_points = framework.level(level_id).points is not None
    return [
        c
        for c in framework.competencies
        if framework.assessed_at(c, level_id) or (with_points and c.scale)
    ]


def step_of(competency: Competency, evidence: Evidence) -> int:
    """The highest step of the competency's scale the evidence names (-1: none)."""
    ids = [x.id for x in competency.steps]
    return max((ids.index(x) for x in evidence.expectations if x in ids), default=-1)


def _reached(
    steps: dict[str, int], pieces: Sequence[Evidence], rules: Rules, analyst: _Analyst, count: int
) -> int:
    """The index of the highest step reached (-1: none)."""
    for k in reversed(range(count)):
        at = [e for e in pieces if steps[e.slug] >= k]
        if at and judge(at, rules, analyst.as_of)[0] == DEMONSTRATED:
            return k
    return -1


def scaled_status(analyst: _Analyst, competency: Competency, detail: bool) -> CompetencyStatus:
    """Status, reasons and step of a competency on a scale at the analyst's level."""
    index, level = analyst.index, analyst.level
    naming = index.naming.get(competency.id, [])
    floor = index.level_index[level]
    counted = [e for e in naming if index.evidence_level[e.slug] >= floor]
    below = [e for e in naming if index.evidence_level[e.slug] < floor]
    rules = Rules.for_competency(analyst.settings, competency)
    steps = {e.slug: step_of(competency, e) for e in counted}
    reached = _reached(steps, counted, rules, analyst, len(competency.steps))
    required = analyst.framework.expectations_at(competency, level)
    view = _view(analyst.framework, competency, reached, required)
    if required:
        floor_step = [x.id for x in competency.steps].index(required[0].id)
        status, reasons, pieces = _at_required(
            (required[0], floor_step), steps, counted, rules, analyst
        )
    else:
        status, reasons, pieces = _by_step_reached(
            competency.id, view, steps, counted, rules, analyst
        )
    if not counted and below:
        reasons = (
            f"no evidence at {level} or above; {plural(len(below), 'piece')} below it not counted",
        )
    not_required = analyst.dossier.config.not_required.get(competency.id)
    if not_required is not None:
        status, reasons = NOT_REQUIRED, (not_required,)
    slugs = tuple(e.slug for e in pieces)
    judged = tuple(
        ExpectationStatus(x.id, x.text, x.level, status, reasons, slugs) for x in required
    )
    return CompetencyStatus(
        id=competency.id,
        title=competency.title,
        group=competency.group,
        status=status,
        reasons=reasons,
        evidence=slugs,
        goals=tuple(index.open_goals.get(competency.id, ())),
        by_type=_by_type(pieces) if detail else (),
        months=_months(pieces, analyst.as_of) if detail else (),
        expectations=judged if detail else (),
        below_level=tuple(e.slug for e in below),
        steps=view,
    )


def _view(
    framework: Framework,
    competency: Competency,
    reached: int,
    required: tuple[Expectation, ...],
) -> StepView:
    names = tuple(x.step or x.id for x in competency.steps)
    scoring = framework.points
    worth = (scoring[reached] if reached >= 0 else 0) if scoring else None
    following = reached + 1 if reached + 1 < len(names) else None
    adds = None
    if scoring and following is not None and worth is not None:
        adds = scoring[following] - worth
    return StepView(
        scale=competency.scale or "",
        steps=names,
        reached=names[reached] if reached >= 0 else None,
        required=required[0].step if required else None,
        next=names[following] if following is not None else None,
        worth=worth,
        adds=adds,
    )


def _at_required(
    required: tuple[Expectation, int],
    steps: dict[str, int],
    counted: list[Evidence],
    rules: Rules,
    analyst: _Analyst,
) -> Judged:
    """The usual rules, applied to the evidence at the required step or above."""
    step, floor = required
    pieces = [e for e in counted if steps[e.slug] >= floor]
    status, reasons = judge(pieces, rules, analyst.as_of)
    if not pieces and counted:
        lower = sum(1 for e in counted if 0 <= steps[e.slug] < floor)
        none = len(counted) - lower
        parts = [plural(lower, "piece") + " at a lower step"] if lower else []
        parts += [plural(none, "piece") + " naming no step"] if none else []
        reasons = (f"no evidence at the step '{step.step}' or above; {', '.join(parts)}",)
    return status, reasons, pieces


def _by_step_reached(
    competency_id: str,
    view: StepView,
    steps: dict[str, int],
    counted: list[Evidence],
    rules: Rules,
    analyst: _Analyst,
) -> Judged:
    """At a level with points and no step required: demonstrated once a step is reached,
    partial with counted evidence but no step reached, gap with none."""
    if view.reached is not None:
        worth = f" ({plural(view.worth, 'point')})" if view.worth is not None else ""
        return DEMONSTRATED, (f"reached the step '{view.reached}'{worth}",), counted
    if not counted:
        return GAP, ("no evidence",), counted
    first = view.steps[0] if view.steps else ""
    at_a_step = [e for e in counted if steps[e.slug] >= 0]
    if not at_a_step:
        named = f"{competency_id}.{first}"
        return PARTIAL, (f"no piece names a step of its scale (e.g. {named})",), counted
    _, shortfalls = judge(at_a_step, rules, analyst.as_of)
    return PARTIAL, (f"short of the step '{first}': {shortfalls[0]}", *shortfalls[1:]), counted


# -- a level's readiness ---------------------------------------------------------------------
def points_total(
    framework: Framework, level_id: str, statuses: Sequence[CompetencyStatus]
) -> PointsTotal | None:
    required = framework.level(level_id).points
    if required is None:
        return None
    reached = sum(s.steps.worth or 0 for s in statuses if s.steps is not None)
    if required == 0:
        return PointsTotal(reached, required, 100.0)
    exact = min(Fraction(100), Fraction(reached * 100, required))
    rounded = Decimal(exact.numerator) / Decimal(exact.denominator)
    return PointsTotal(
        reached, required, float(rounded.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
    )


def level_readiness(
    framework: Framework, level_id: str, statuses: Sequence[CompetencyStatus]
) -> tuple[float | None, PointsTotal | None]:
    """A level's readiness and its points: the mean over the competencies with expectations
    there, the points figure at a level with points, the lower of the two where both apply;
    None when the level has nothing to assess."""
    points = points_total(framework, level_id, statuses)
    assessed = {c.id for c in framework.competencies_at(level_id)}
    by_expectations = [s for s in statuses if s.id in assessed]
    if points is None:
        return (readiness(by_expectations) if by_expectations else None), None
    scored = [s for s in by_expectations if s.status != NOT_REQUIRED]
    return min([points.readiness, *([readiness(scored)] if scored else [])]), points


def steps_at(dossier: Dossier, level_id: str, as_of: date) -> dict[str, StepView]:
    """Every scaled competency's place on its scale at a level, whether or not the level's
    report lists it (the site shows each scale whole)."""
    analyst = _Analyst(dossier, level_id, as_of, EvidenceIndex(dossier))
    scaled = [c for c in dossier.framework.competencies if c.scale]
    found = {c.id: scaled_status(analyst, c, False).steps for c in scaled}
    return {cid: view for cid, view in found.items() if view is not None}
