"""What the framework and competency pages show of a ladder beyond the plain matrix (SPEC
section 2): level summaries and `meta` (Markdown allowed), each scale as a row of steps
(the step the target level requires marked, the step reached shaded), points reached and
required with a chart, and the ladder from the current level up (SPEC section 8)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from html import escape
from typing import Any

import jinja2
from markupsafe import Markup

from dossier.analysis.gaps import LadderStep, Report
from dossier.analysis.points import StepView, step_of, steps_at
from dossier.model.content import Evidence
from dossier.model.dossier import Dossier
from dossier.model.framework import Competency, Framework
from dossier.render.bodies import BodyRenderer
from dossier.render.points_chart import Band, points_chart
from dossier.report.steps import percent

Render = Callable[[str], Markup]


@dataclass(frozen=True)
class StepCell:
    name: str
    id: str  # the expectation id evidence names: <competency>.<step>
    text: str  # what the step asks for ('' when the framework gives no words)
    points: int | None  # what a competency at this step is worth (with scoring)
    reached: bool  # at or below the highest step reached: shaded
    highest: bool  # the highest step reached
    required: bool  # the step the target level requires
    levels: tuple[str, ...]  # titles of the levels that require this step


@dataclass(frozen=True)
class ScaleRow:
    competency: Competency
    view: StepView
    cells: tuple[StepCell, ...]


def add_filters(env: jinja2.Environment) -> None:
    env.filters["percent"] = percent
    env.globals["ladder_from"] = site_ladder


def markdown_renderer(bodies: BodyRenderer, page: str, source: str) -> Render:
    """Framework text (summaries, meta) as Markdown on `page`; links resolve as in bodies,
    so a link to something hidden from the audience shows as its words."""
    count = iter(range(1_000_000))

    def render(text: str) -> Markup:
        html = bodies.render(text, page, source, 4, f"fw{next(count)}-").html
        return Markup(html)

    return render


def meta_html(meta: dict[str, Any], render: Render) -> Markup:
    """A `meta:` mapping as a definition list: names as written (underscores as spaces),
    text as Markdown, lists as lists, mappings nested."""
    rows = "".join(
        f"<dt>{escape(str(name).replace('_', ' '))}</dt><dd>{_meta_value(value, render)}</dd>"
        for name, value in meta.items()
    )
    return Markup(f'<dl class="meta meta-notes">{rows}</dl>') if rows else Markup("")


def _meta_value(value: Any, render: Render) -> str:
    if isinstance(value, dict):
        return str(meta_html(value, render))
    if isinstance(value, list):
        items = "".join(f"<li>{_meta_value(item, render)}</li>" for item in value)
        return f"<ul>{items}</ul>"
    if isinstance(value, str):
        return str(render(value))
    return escape(
        "" if value is None else str(value).lower() if isinstance(value, bool) else str(value)
    )


def site_ladder(report: Report, framework: Framework, current: str) -> list[LadderStep]:
    """The ladder the site shows: the current level and above (the JSON keeps all)."""
    floor = framework.order(current)
    return [step for step in report.ladder if framework.order(step.level) >= floor]


def scale_rows(dossier: Dossier, target: str, as_of: date) -> list[ScaleRow]:
    """Every competency on a scale, its steps marked for the target level."""
    framework = dossier.framework
    views = steps_at(dossier, target, as_of)
    rows: list[ScaleRow] = []
    for competency in framework.competencies:
        view = views.get(competency.id)
        if view is None:
            continue
        reached = view.steps.index(view.reached) if view.reached else -1
        cells = tuple(
            StepCell(
                name=name,
                id=step.id,
                text=step.text if step.text != name else "",
                points=framework.points[i] if framework.points else None,
                reached=i <= reached,
                highest=i == reached,
                required=name == view.required,
                levels=_requiring(framework, competency, step.id),
            )
            for i, (name, step) in enumerate(zip(view.steps, competency.steps, strict=True))
        )
        rows.append(ScaleRow(competency, view, cells))
    return rows


def _requiring(framework: Framework, competency: Competency, step_id: str) -> tuple[str, ...]:
    return tuple(
        framework.level(level_id).title
        for level_id, items in competency.own_expectations.items()
        if any(x.id == step_id for x in items)
    )


def points_bands(report: Report, framework: Framework, current: str) -> list[Band]:
    """The levels of the site's ladder that require points, as chart marks."""
    return [
        Band(step.title, step.points.required, step.level == report.level)
        for step in site_ladder(report, framework, current)
        if step.points is not None
    ]


def points_svg(report: Report, framework: Framework, current: str) -> Markup:
    reached = [(c.title, c.steps.worth or 0) for c in report.competencies if c.steps]
    return Markup(points_chart(reached, points_bands(report, framework, current)))


class LadderPages:
    """The ladder views of one audience's site, worked out once and shared by its pages."""

    def __init__(self, dossier: Dossier, report: Report, bodies: BodyRenderer, as_of: date):
        self.dossier = dossier
        self.report = report
        self.bodies = bodies
        self.as_of = as_of

    @cached_property
    def scales(self) -> list[ScaleRow]:
        return scale_rows(self.dossier, self.dossier.config.target_level, self.as_of)

    def _text(self, page: str) -> dict[str, Any]:
        render = markdown_renderer(self.bodies, page, self.dossier.framework.source)
        return {"markdown": render, "meta_list": lambda meta: meta_html(meta, render)}

    def framework_values(self, page: str) -> dict[str, Any]:
        """What framework.html adds for ladders (all empty for a plain matrix)."""
        framework, report = self.dossier.framework, self.report
        current = self.dossier.config.current_level
        return {
            **self._text(page),
            "scales": self.scales,
            "points_chart": points_svg(report, framework, current) if report.points else None,
            "levels_described": any(
                lv.summary or lv.description or lv.meta for lv in framework.levels
            ),
        }

    def competency_values(self, competency: Competency, page: str) -> dict[str, Any]:
        found = [row for row in self.scales if row.competency.id == competency.id]
        return {
            **self._text(page),
            "scale": found[0] if found else None,
            "step_evidence": self._step_evidence(competency),
        }

    def _step_evidence(self, competency: Competency) -> dict[str, list[Evidence]]:
        """step id -> the evidence at that step or a higher one (it counts for both)."""
        ids = [x.id for x in competency.steps]
        found: dict[str, list[Evidence]] = {step_id: [] for step_id in ids}
        for evidence in self.dossier.evidence:
            highest = step_of(competency, evidence)
            for step_id in ids[: highest + 1]:
                found[step_id].append(evidence)
        return found
