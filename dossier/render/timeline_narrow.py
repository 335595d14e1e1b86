"""The timeline drawn for a phone: each competency's name on a line of its own above its
row (rows wrap instead of a label column that scrolls away), the whole period in 320
units so nothing scrolls, the as-of and cycle marks labelled above the plot. Shown instead
of the wide chart on narrow screens; its text is 12 px or more at 320 px wide."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from dossier.dates import add_months
from dossier.render.charts import (
    TimelineDot,
    _axis,
    _clip,
    _dot,
    _svg,
    _text,
    timeline_desc,
    timeline_marks,
)

WIDTH = 320
ROW_H = 44  # a name (13 units) above a row of marks


def narrow_timeline_chart(
    rows: Sequence[str],
    dots: Sequence[TimelineDot],
    first: date,
    last: date,
    marks: Sequence[tuple[date, str]],
    chart_id: str = "timeline-chart-narrow",
) -> str:
    top = 20 + 15 * max(len(marks), 1)  # room for one label line per mark
    height = top + ROW_H * len(rows) + 30
    start, stop = first.replace(day=1), add_months(last.replace(day=1), 1)
    span = max((stop - start).days, 1)
    plot_w = WIDTH - 12  # a dot at either end stays whole

    def x_of(day: date) -> float:
        return 6 + plot_w * (day - start).days / span

    parts = [_axis(start, stop, x_of, top, height)]
    for i, row in enumerate(rows):
        y = top + i * ROW_H
        parts.append(_text(0, y + 14, _clip(row, 44), 13, weight="bold"))
        parts.append(
            f'<line x1="0" x2="{WIDTH}" y1="{y + 29}" y2="{y + 29}" '
            f'stroke="currentColor" stroke-opacity="0.15"/>'
        )
    for dot in dots:
        parts.append(_dot(dot, x_of, top + rows.index(dot.row) * ROW_H + 29))
    parts.append(timeline_marks(marks, start, stop, x_of, top, height - 26, WIDTH))
    return _svg(
        chart_id,
        WIDTH,
        height,
        "Evidence over time by competency",
        timeline_desc(dots, first, last, rows, marks),
        "".join(parts),
        False,
        links=True,
    )
