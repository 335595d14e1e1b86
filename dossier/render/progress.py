"""The readiness history as a small inline SVG line chart (no JavaScript): one point per
month-end and the as-of day, with the values in its <desc> and in each point's <title>."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from dossier.analysis.history import HistoryPoint
from dossier.analysis.overtime import OverTime
from dossier.render import urls
from dossier.render.charts import _svg, _text

LINE = "#1d4ed8"


def _label(point: HistoryPoint, last: bool) -> str:
    return point.day.strftime("%-d %b %Y") if last else point.day.strftime("%b %Y")


def _describe(points: Sequence[HistoryPoint]) -> str:
    months = ", ".join(f"{_label(p, False)} {p.readiness:.1f}%" for p in points[:-1])
    last = points[-1]
    text = (
        f"Readiness at the end of each month: {months}; "
        f"{last.readiness:.1f}% on {_label(last, True)}."
    )
    later = [_label(p, False) for p in points[:-1] if p.committed is False]
    if later:
        text += (
            " Hollow points (" + ", ".join(later) + ") count evidence committed to git only "
            "after that day: a reconstruction, not what the case showed then."
        )
    return text


def _point(x: float, y: float, point: HistoryPoint, last: bool) -> str:
    paint = (
        f'fill="none" stroke="{LINE}" stroke-width="2" class="history-hollow"'
        if point.committed is False
        else f'fill="{LINE}" class="history-dot"'
    )
    tip = f"{_label(point, last)}: {point.readiness:.1f}% ({point.pieces} pieces)"
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" {paint}><title>{tip}</title></circle>'


def history_chart(
    points: Sequence[HistoryPoint], chart_id: str = "history-chart", standalone: bool = False
) -> str:
    """Readiness (0-100%) over the points, oldest first; the last one is the as-of day.
    320 wide: on a phone it is drawn at its own size, so its text is never under 12 px."""
    width, height, left, top, bottom = 320, 170, 40, 16, 36
    plot_w, plot_h = width - left - 14, height - top - bottom
    step = plot_w / max(len(points) - 1, 1)

    def y_of(value: float) -> float:
        return top + plot_h * (1 - value / 100)

    parts = []
    for value in (0, 50, 100):
        y = y_of(value)
        parts.append(
            f'<line x1="{left}" x2="{width - 6}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="currentColor" stroke-opacity="0.2"/>'
        )
        parts.append(_text(left - 6, y + 4, f"{value}%", 12, anchor="end"))
    xy = [(left + i * step, y_of(p.readiness)) for i, p in enumerate(points)]
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in xy)
    parts.append(
        f'<polyline points="{line}" fill="none" stroke="{LINE}" stroke-width="2" '
        f'class="history-line"/>'
    )
    year = None  # of the last month labelled
    for i, (point, (x, y)) in enumerate(zip(points, xy, strict=True)):
        last = i == len(points) - 1
        parts.append(_point(x, y, point, last))
        if (len(points) - 1 - i) % 2:
            continue  # every other month is labelled, back from "now", so labels never touch
        month = "now" if last else point.day.strftime("%b")
        parts.append(_text(x, height - 21, month, 12, anchor="middle"))
        if point.day.year != year and not last:
            parts.append(_text(x, height - 6, str(point.day.year), 12, anchor="middle"))
        year = point.day.year
    x, y = xy[-1]
    parts.append(_text(x - 6, max(y - 8, 10), f"{points[-1].readiness:.1f}%", 12, "end", "bold"))
    title = "Readiness over the last 12 months"
    return _svg(chart_id, width, height, title, _describe(points), "".join(parts), standalone)


def history_svg(time: OverTime | None) -> str:
    """The inline chart for a page, or '' for an audience that does not see readiness."""
    return history_chart(time.history) if time and time.history else ""


def history_files(time: OverTime | None) -> Iterator[tuple[str, Callable[[], bytes]]]:
    """charts/history.svg, for an audience that sees readiness."""
    if time and time.history:
        points = time.history
        yield urls.chart_file("history"), lambda: history_chart(points, standalone=True).encode()
