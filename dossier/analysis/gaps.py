"""The gap analysis (SPEC section 4): pure functions from a Dossier view to a Report."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from dossier.analysis.naming import EvidenceIndex
from dossier.dates import add_months, last_months, quarter_of, whole_months_between
from dossier.model.config import AnalysisSettings
from dossier.model.content import Evidence, Goal
from dossier.model.dossier import Dossier
from dossier.model.framework import Competency, Expectation
from dossier.vocabulary import EVIDENCE_TYPES

if TYPE_CHECKING:  # steps and points are worked out by dossier.analysis.points
    from dossier.analysis.points import PointsTotal, StepView

DEMONSTRATED = "demonstrated"
PARTIAL = "partial"
GAP = "gap"
NOT_REQUIRED = "not required"
STATUSES = (DEMONSTRATED, PARTIAL, GAP, NOT_REQUIRED)
SCORES = {DEMONSTRATED: Fraction(1), PARTIAL: Fraction(1, 2), GAP: Fraction(0)}
CONSISTENCY_MONTHS = 12


@dataclass(frozen=True)
class Rules:
    """The thresholds one status is judged by."""

    min_evidence: int
    recent_months: int
    min_periods: int
    min_types: int

    @classmethod
    def for_competency(cls, settings: AnalysisSettings, competency: Competency) -> Rules:
        return cls(
            competency.min_evidence or settings.min_evidence,
            settings.recent_months,
            settings.min_periods,
            settings.min_types,
        )


@dataclass(frozen=True)
class ExpectationStatus:
    id: str
    text: str
    level: str
    status: str
    reasons: tuple[str, ...]
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class CompetencyStatus:
    id: str
    title: str
    group: str | None
    status: str
    reasons: tuple[str, ...]
    evidence: tuple[str, ...]  # slugs of counted evidence, oldest first
    goals: tuple[str, ...]  # slugs of planned / in-progress goals naming it
    by_type: tuple[tuple[str, int], ...]  # counted evidence per type, in type order
    months: tuple[tuple[str, bool], ...]  # the last 12 months: does evidence cover it?
    expectations: tuple[ExpectationStatus, ...]
    below_level: tuple[str, ...]  # evidence naming it below the level: not counted
    steps: StepView | None = None  # for a competency on a scale

    @property
    def feedback(self) -> int:
        return dict(self.by_type).get("feedback", 0)

    @property
    def short(self) -> bool:
        """Short of demonstrated, and required."""
        return self.status in (PARTIAL, GAP)


@dataclass(frozen=True)
class Timing:
    cycle: date | None
    months_left: int | None
    warning: str | None


@dataclass(frozen=True)
class LadderStep:
    level: str
    title: str
    readiness: float | None  # None: nothing to assess at this level
    counts: tuple[tuple[str, int], ...]  # competencies per status
    points: PointsTotal | None = None


@dataclass(frozen=True)
class Report:
    level: str
    level_title: str
    as_of: date
    audience: str
    readiness: float | None  # None: nothing to assess at this level, or not shown
    competencies: tuple[CompetencyStatus, ...]
    unanswered_expectations: tuple[str, ...]
    unplanned: tuple[str, ...]
    overdue_goals: tuple[str, ...]
    people_not_seen: tuple[str, ...]
    timing: Timing
    ladder: tuple[LadderStep, ...]
    points: PointsTotal | None = None  # at a level with points

    def competency(self, competency_id: str) -> CompetencyStatus:
        return next(c for c in self.competencies if c.id == competency_id)

    @property
    def counts(self) -> dict[str, int]:
        found = Counter(c.status for c in self.competencies)
        return {status: found.get(status, 0) for status in STATUSES}


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


# -- judging one set of evidence --------------------------------------------------------
def judge(pieces: Sequence[Evidence], rules: Rules, as_of: date) -> tuple[str, tuple[str, ...]]:
    """Status and the reasons in words, for the evidence counted toward one claim."""
    if not pieces:
        return GAP, ("no evidence",)
    count, latest = len(pieces), max(e.latest for e in pieces)
    quarters = sorted({quarter_of(e.date) for e in pieces})
    types = sorted({e.type for e in pieces})
    shortfalls: list[str] = []
    if count < rules.min_evidence:
        shortfalls.append(f"{count} of {rules.min_evidence} pieces")
    if latest < add_months(as_of, -rules.recent_months):
        age = whole_months_between(latest, as_of)
        shortfalls.append(
            f"latest is {plural(age, 'month')} old (over the {rules.recent_months}-month limit)"
        )
    if len(quarters) < rules.min_periods:
        spread = f"all in {quarters[0]}" if len(quarters) == 1 else f"only {len(quarters)} quarters"
        shortfalls.append(f"{spread} ({rules.min_periods} quarters needed)")
    if len(types) < rules.min_types:
        kinds = plural(len(types), "type")
        shortfalls.append(f"{kinds} of evidence ({', '.join(types)}); {rules.min_types} needed")
    if shortfalls:
        return PARTIAL, tuple(shortfalls)
    return DEMONSTRATED, (
        f"{count} pieces ({rules.min_evidence} needed)",
        f"latest {latest.isoformat()}",
        f"spans {len(quarters)} quarters ({quarters[0]} to {quarters[-1]})",
        f"{len(types)} type{'s' if len(types) > 1 else ''}: {', '.join(types)}",
    )


# -- one competency ----------------------------------------------------------------------
class _Analyst:
    """Shared context of one analysis: the view, the level and the date."""

    def __init__(self, dossier: Dossier, level: str, as_of: date, index: EvidenceIndex):
        self.dossier = dossier
        self.framework = dossier.framework
        self.level = level
        self.as_of = as_of
        self.settings = dossier.config.analysis
        self.index = index

    def competency(self, competency: Competency, detail: bool = True) -> CompetencyStatus:
        """Status and reasons; with detail, also expectations, months and types."""
        if competency.scale:
            from dossier.analysis.points import scaled_status

            return scaled_status(self, competency, detail)
        naming = self.index.naming.get(competency.id, [])
        floor = self.index.level_index[self.level]
        counted = [e for e in naming if self.index.evidence_level[e.slug] >= floor]
        below = [e for e in naming if self.index.evidence_level[e.slug] < floor]
        rules = Rules.for_competency(self.settings, competency)
        reason = self.dossier.config.not_required.get(competency.id)
        reasons: tuple[str, ...]
        if reason is not None:
            status, reasons = NOT_REQUIRED, (reason,)
        else:
            status, reasons = judge(counted, rules, self.as_of)
            if not counted and below:
                title = self.framework.level(self.level).title
                reasons = (
                    f"no evidence at {title} or above ({plural(len(below), 'piece')} "
                    "below it, not counted)",
                )
        expectations = self.framework.expectations_at(competency, self.level) if detail else ()
        return CompetencyStatus(
            id=competency.id,
            title=competency.title,
            group=competency.group,
            status=status,
            reasons=reasons,
            evidence=tuple(e.slug for e in counted),
            goals=tuple(self.index.open_goals.get(competency.id, ())),
            by_type=_by_type(counted) if detail else (),
            months=_months(counted, self.as_of) if detail else (),
            expectations=tuple(self.expectation(x, counted, rules) for x in expectations),
            below_level=tuple(e.slug for e in below),
        )

    def expectation(
        self, expectation: Expectation, counted: Sequence[Evidence], rules: Rules
    ) -> ExpectationStatus:
        pieces = [e for e in counted if expectation.id in e.expectations]
        status, reasons = judge(pieces, rules, self.as_of)
        return ExpectationStatus(
            expectation.id,
            expectation.text,
            expectation.level,
            status,
            reasons,
            tuple(e.slug for e in pieces),
        )


def _by_type(pieces: Sequence[Evidence]) -> tuple[tuple[str, int], ...]:
    found = Counter(e.type for e in pieces)
    return tuple((t, found[t]) for t in EVIDENCE_TYPES if found[t])


def _month_number(day: date) -> int:
    return day.year * 12 + day.month - 1


def _months(pieces: Sequence[Evidence], as_of: date) -> tuple[tuple[str, bool], ...]:
    """For each of the last 12 months, whether some evidence's date..end covers it."""
    window = last_months(as_of, CONSISTENCY_MONTHS)
    last = _month_number(as_of)
    first = last - len(window) + 1
    covered: set[int] = set()
    for e in pieces:
        covered.update(
            range(max(_month_number(e.date), first), min(_month_number(e.latest), last) + 1)
        )
    return tuple((month, first + i in covered) for i, month in enumerate(window))


# -- the whole report --------------------------------------------------------------------
def readiness(statuses: Sequence[CompetencyStatus]) -> float:
    """Mean score (1, 0.5, 0) of required competencies, in percent, one decimal, half up."""
    scored = [SCORES[c.status] for c in statuses if c.status in SCORES]
    if not scored:
        return 0.0
    exact = Decimal((sum(scored) * 100).numerator) / Decimal((sum(scored) * 100).denominator)
    mean = exact / len(scored)
    return float(mean.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def assess_level(
    dossier: Dossier,
    level: str,
    as_of: date,
    index: EvidenceIndex | None = None,
    detail: bool = True,
) -> tuple[CompetencyStatus, ...]:
    """Every competency with expectations at `level` (and on a scale, at a level with
    points), judged."""
    from dossier.analysis.points import judged_at

    analyst = _Analyst(dossier, level, as_of, index or EvidenceIndex(dossier))
    return tuple(analyst.competency(c, detail) for c in judged_at(dossier.framework, level))


def unanswered(statuses: Sequence[CompetencyStatus], dossier: Dossier) -> tuple[str, ...]:
    """Expectations no counted evidence names, where the competency's evidence names some."""
    by_slug = {e.slug: e for e in dossier.evidence}
    missing: list[str] = []
    for status in statuses:
        if status.status == NOT_REQUIRED:
            continue
        own = {x.id for x in status.expectations}
        if any(own.intersection(by_slug[s].expectations) for s in status.evidence):
            missing.extend(x.id for x in status.expectations if not x.evidence)
    return tuple(missing)


def overdue(goals: Sequence[Goal], as_of: date) -> tuple[str, ...]:
    late = [g for g in goals if g.due and g.due < as_of and g.status not in ("done", "dropped")]
    return tuple(g.slug for g in sorted(late, key=lambda g: (g.due or as_of, g.slug)))


def people_not_seen(dossier: Dossier, as_of: date) -> tuple[str, ...]:
    """People from dossier.yaml whom no recent evidence names (stakeholders or `from`)."""
    cutoff = add_months(as_of, -dossier.config.analysis.recent_months)
    recent = [e for e in dossier.evidence if e.latest >= cutoff]
    seen = {s.casefold() for e in recent for s in e.stakeholders}
    sources = [e.source.casefold() for e in recent if e.source]
    return tuple(
        p.name
        for p in dossier.people
        if p.name.casefold() not in seen and not any(p.name.casefold() in s for s in sources)
    )


def timing(dossier: Dossier, statuses: Sequence[CompetencyStatus], as_of: date) -> Timing:
    cycle = dossier.config.cycle
    if cycle is None:
        return Timing(None, None, None)
    months_left = whole_months_between(as_of, cycle)
    short = [c.title for c in statuses if c.short]
    lead = dossier.config.analysis.lead_months
    warning = None
    if cycle < as_of:
        warning = f"the cycle date {cycle.isoformat()} has passed; set the next one in dossier.yaml"
    elif cycle < add_months(as_of, lead) and short:
        warning = (
            f"the promotion cycle is {plural(months_left, 'month')} away, less than the "
            f"{lead} months a case needs to close its gaps, and {len(short)} "
            f"competenc{'ies are' if len(short) > 1 else 'y is'} not yet demonstrated: "
            f"{', '.join(short)}"
        )
    return Timing(cycle, months_left, warning)


def ladder(
    dossier: Dossier,
    as_of: date,
    index: EvidenceIndex | None = None,
    known: dict[str, tuple[CompetencyStatus, ...]] | None = None,
) -> tuple[LadderStep, ...]:
    """Readiness at every level of the author's track, judged by the same rules."""
    from dossier.analysis.points import level_readiness

    index = index or EvidenceIndex(dossier)
    steps: list[LadderStep] = []
    for level in dossier.framework.track_levels(dossier.track):
        statuses = (known or {}).get(level.id) or assess_level(
            dossier, level.id, as_of, index, detail=False
        )
        found = Counter(c.status for c in statuses)
        figure, points = level_readiness(dossier.framework, level.id, statuses)
        counts = tuple((s, found.get(s, 0)) for s in STATUSES)
        steps.append(LadderStep(level.id, level.title, figure, counts, points))
    return tuple(steps)


def analyse(dossier: Dossier, as_of: date, level: str | None = None) -> Report:
    """The gap report for `level` (default: the target level) as of a date."""
    from dossier.analysis.points import level_readiness

    level = level or dossier.config.target_level
    index = EvidenceIndex(dossier)
    statuses = assess_level(dossier, level, as_of, index)
    figure, points = level_readiness(dossier.framework, level, statuses)
    return Report(
        level=level,
        level_title=dossier.framework.level(level).title,
        as_of=as_of,
        audience=dossier.audience,
        readiness=figure,
        competencies=statuses,
        unanswered_expectations=unanswered(statuses, dossier),
        unplanned=tuple(c.id for c in statuses if c.short and not c.goals),
        overdue_goals=overdue(dossier.goals, as_of),
        people_not_seen=people_not_seen(dossier, as_of),
        timing=timing(dossier, statuses, as_of),
        ladder=ladder(dossier, as_of, index, {level: statuses}),
        points=points,
    )
