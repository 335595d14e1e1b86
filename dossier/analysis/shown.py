"""The view and report one audience's pages are made from, stripped of what its profile
leaves out (SPEC section 8): the renderer, its templates and dossier.json never hold a
status, a readiness figure, a gap or a goal the reader is not to be shown, so a theme
template copied from an older version cannot print one."""

from __future__ import annotations

from dataclasses import replace

from dossier.analysis.gaps import (
    NOT_REQUIRED,
    CompetencyStatus,
    ExpectationStatus,
    LadderStep,
    Report,
)
from dossier.analysis.points import StepView
from dossier.model.dossier import Dossier
from dossier.model.profile import Profile


def shown_view(view: Dossier, profile: Profile) -> Dossier:
    """Without `plan`: no goals and no check-in cadence; without `status`, no reasons for
    competencies agreed as not required; without `meta`, the framework without its
    `meta:` notes; without `points`, without what each step is worth."""
    if not profile.shows("plan"):
        view = replace(view, goals=(), config=replace(view.config, check_ins=None))
    if not profile.shows("status"):
        view = replace(view, config=replace(view.config, not_required={}))
    framework = view.framework
    if not profile.shows("meta"):
        framework = replace(
            framework,
            meta={},
            levels=tuple(replace(level, meta={}) for level in framework.levels),
            groups=tuple(replace(group, meta={}) for group in framework.groups),
            competencies=tuple(replace(c, meta={}) for c in framework.competencies),
        )
    if not profile.shows("points"):
        framework = replace(framework, points=())
    return view if framework is view.framework else replace(view, framework=framework)


def shown_steps(steps: StepView | None, profile: Profile) -> StepView | None:
    """A scaled competency's standing: the step reached and the next one with `status`,
    what they are worth with `points`; the step the level requires always."""
    if steps is None:
        return None
    if not profile.shows("points"):
        steps = replace(steps, worth=None, adds=None)
    if not profile.shows("status"):
        steps = replace(steps, reached=None, next=None, worth=None, adds=None)
    return steps


def _expectation(status: ExpectationStatus) -> ExpectationStatus:
    return replace(status, status="", reasons=())


def _competency(status: CompetencyStatus, profile: Profile) -> CompetencyStatus:
    status = replace(status, steps=shown_steps(status.steps, profile))
    if not profile.shows("plan"):
        status = replace(status, goals=())
    if not profile.shows("gaps"):  # an expectation no evidence answers is a gap
        status = replace(status, expectations=tuple(x for x in status.expectations if x.evidence))
    if profile.shows("status"):
        return status
    return replace(
        status,
        status="",
        reasons=(),
        months=(),
        expectations=tuple(_expectation(x) for x in status.expectations),
    )


def shown_report(report: Report, profile: Profile) -> Report:
    """The report as the profile shows it. Without `status`, competencies agreed as not
    required are left out (they are not argued in the case) and the rest keep their
    evidence without a status, reasons or the months strip."""
    competencies = report.competencies
    if not profile.shows("status"):
        competencies = tuple(c for c in competencies if c.status != NOT_REQUIRED)
    timing = report.timing
    if not profile.shows("timing"):
        timing = replace(timing, months_left=None, warning=None)
    gaps = profile.shows("gaps")
    return replace(
        report,
        readiness=report.readiness if profile.shows("readiness") else None,
        competencies=tuple(_competency(c, profile) for c in competencies),
        unanswered_expectations=report.unanswered_expectations if gaps else (),
        unplanned=report.unplanned if gaps else (),
        people_not_seen=report.people_not_seen if gaps else (),
        overdue_goals=report.overdue_goals if profile.shows("plan") else (),
        timing=timing,
        ladder=tuple(_ladder_step(step, profile) for step in report.ladder)
        if profile.shows("ladder")
        else (),
        points=report.points if profile.shows("points") else None,
    )


def _ladder_step(step: LadderStep, profile: Profile) -> LadderStep:
    return step if profile.shows("points") else replace(step, points=None)
