"""Charts as inline SVG strings: no JavaScript, no requests, readable by screen readers
(each chart carries a <title> and a <desc> that says in words what it shows)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

from dossier.analysis.gaps import (
    DEMONSTRATED,
    GAP,
    NOT_REQUIRED,
    PARTIAL,
    CompetencyStatus,
)
from dossier.dates import add_months, month_of

STATUS_FILL = {DEMONSTRATED: "#1f7a3a", PARTIAL: "#b35c00", GAP: "#c0262d", NOT_REQUIRED: "#6b7280"}
FONT = "font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif\""
Link = Callable[[str], str]


def _svg(
    chart_id: str,
    width: int,
    height: int,
    title: str,
    desc: str,
    body: str,
    standalone: bool,
    links: bool = False,
) -> str:
    """A chart; role img, or group when it holds links (an image can't contain controls)."""
    xmlns = ' xmlns="http://www.w3.org/2000/svg"' if standalone else ""
    role = "group" if links else "img"
    return (
        f'<svg{xmlns} class="chart" role="{role}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" aria-labelledby="{chart_id}-t {chart_id}-d" {FONT}>'
        f'<title id="{chart_id}-t">{escape(title)}</title>'
        f'<desc id="{chart_id}-d">{escape(desc)}</desc>{body}</svg>'
    )


def _text(
    x: float,
    y: float,
    text: str,
    size: int = 13,
    anchor: str = "start",
    weight: str = "normal",
    fill: str = "currentColor",
) -> str:
    return (
        f'<text x="{x:g}" y="{y:g}" font-size="{size}" text-anchor="{anchor}" '
        f'font-weight="{weight}" fill="{fill}">{escape(text)}</text>'
    )


def css_class(status: str) -> str:
    """Class that lets a page's stylesheet recolour a status fill (e.g. for dark mode)."""
    return "fill-" + status.replace(" ", "-")


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


# -- status per competency --------------------------------------------------------------
def status_chart(
    statuses: Sequence[CompetencyStatus],
    min_evidence: dict[str, int],
    chart_id: str = "status-chart",
    standalone: bool = False,
) -> str:
    """One row per competency: its name, then a bar of counted evidence with a dashed mark
    at the number of pieces needed and the status beside it. Drawn at its own size on a
    phone (320 wide), so its text is never under 12 px."""
    width, bar_w, row_h, bar_h = 320, 176, 44, 12
    height = row_h * len(statuses) + 22
    scale_max = max([*(len(s.evidence) for s in statuses), *min_evidence.values(), 1])
    rows: list[str] = []
    for i, s in enumerate(statuses):
        y = i * row_h
        needed = min_evidence.get(s.id, 1)
        filled = bar_w * min(len(s.evidence), scale_max) / scale_max
        tick = min(bar_w * needed / scale_max, bar_w - 1)
        bar_y = y + 22
        rows.append(
            _text(0, y + 15, _clip(s.title, 44))
            + _text(bar_w + 8, bar_y + 11, _count_label(s, needed), 12, weight="bold")
            + f'<rect x="0" y="{bar_y}" width="{bar_w}" height="{bar_h}" rx="3" '
            f'fill="currentColor" fill-opacity="0.1"/>'
            + (
                f'<rect x="0" y="{bar_y}" width="{filled:.1f}" height="{bar_h}" rx="3" '
                f'fill="{STATUS_FILL[s.status]}" class="{css_class(s.status)}"/>'
                if filled
                else ""
            )
            + f'<line x1="{tick:.1f}" x2="{tick:.1f}" y1="{bar_y - 3}" y2="{bar_y + bar_h + 3}" '
            f'stroke="currentColor" stroke-width="2" stroke-dasharray="3 2"/>'
        )
    caption = _text(0, height - 4, "bar: counted evidence; dashed: pieces needed", 12)
    desc = "; ".join(
        f"{s.title}: {s.status}"
        + (
            ""
            if s.status == NOT_REQUIRED
            else f", {len(s.evidence)} of {min_evidence.get(s.id, 1)} pieces needed"
        )
        for s in statuses
    )
    return _svg(
        chart_id, width, height, "Status per competency", desc, "".join(rows) + caption, standalone
    )


def _count_label(status: CompetencyStatus, needed: int) -> str:
    if status.status == NOT_REQUIRED:
        return status.status
    return f"{status.status} \u00b7 {len(status.evidence)}/{needed}"


# -- consistency strip -------------------------------------------------------------------
def consistency_strip(status: CompetencyStatus, chart_id: str, standalone: bool = False) -> str:
    """Twelve squares, one per month (oldest first): filled when evidence covers it."""
    size, gap = 16, 4
    width, height = len(status.months) * (size + gap), size + 20
    fill = STATUS_FILL[status.status]
    cells = []
    for i, (month, held) in enumerate(status.months):
        x = i * (size + gap)
        paint = (
            f'fill="{fill}" class="{css_class(status.status)}"'
            if held
            else 'fill="none" stroke="currentColor" stroke-opacity="0.45"'
        )
        cells.append(
            f'<rect x="{x + 0.5}" y="0.5" width="{size - 1}" height="{size - 1}" '
            f'rx="2" {paint}><title>{month}: {"evidence" if held else "none"}</title></rect>'
        )
    first, last = status.months[0][0], status.months[-1][0]
    cells.append(_text(0, height - 2, first, 12))
    cells.append(_text(width - gap, height - 2, last, 12, anchor="end"))
    covered = [m for m, h in status.months if h]
    desc = f"Evidence in {len(covered)} of the last {len(status.months)} months" + (
        f": {', '.join(covered)}" if covered else ""
    )
    return _svg(
        chart_id,
        width,
        height,
        f"{status.title}: consistency over 12 months",
        desc,
        "".join(cells),
        standalone,
    )


# -- timeline ----------------------------------------------------------------------------
@dataclass(frozen=True)
class TimelineDot:
    row: str  # competency title
    start: date
    end: date
    title: str
    href: str
    status: str


def timeline_chart(
    rows: Sequence[str],
    dots: Sequence[TimelineDot],
    first: date,
    last: date,
    marks: Sequence[tuple[date, str]],
    chart_id: str = "timeline-chart",
    standalone: bool = False,
) -> str:
    """Evidence over time, one row per competency (its name to the left), with dated marks
    (as of, the cycle). Drawn at its own size on a wide screen: text stays 12 px or more."""
    longest = max((len(row) for row in rows), default=10)
    label_w = min(max(120, int(longest * 7.4) + 16), 280)
    plot_w, row_h, top = 600, 28, 48
    # room after the plot for a mark's label, so each label starts at its own line
    width, height = label_w + plot_w + 130, top + row_h * len(rows) + 30
    start, stop = first.replace(day=1), add_months(last.replace(day=1), 2)
    span = max((stop - start).days, 1)

    def x_of(day: date) -> float:
        return label_w + plot_w * (day - start).days / span

    parts = [_axis(start, stop, x_of, top, height)]
    for i, row in enumerate(rows):
        y = top + i * row_h + row_h / 2
        parts.append(_text(0, y + 4, _clip(row, (label_w - 12) // 7)))
        parts.append(
            f'<line x1="{label_w}" x2="{label_w + plot_w}" y1="{y}" y2="{y}" '
            f'stroke="currentColor" stroke-opacity="0.15"/>'
        )
    for dot in dots:
        parts.append(_dot(dot, x_of, top + rows.index(dot.row) * row_h + row_h / 2))
    parts.append(timeline_marks(marks, start, stop, x_of, top, height - 26, width))
    return _svg(
        chart_id,
        width,
        height,
        "Evidence over time by competency",
        timeline_desc(dots, first, last, rows, marks),
        "".join(parts),
        standalone,
        links=True,
    )


def timeline_desc(
    dots: Sequence[TimelineDot],
    first: date,
    last: date,
    rows: Sequence[str],
    marks: Sequence[tuple[date, str]],
) -> str:
    return (
        f"{len(dots)} placements of evidence from {first.isoformat()} to {last.isoformat()}"
        f" across {len(rows)} competencies; marked: "
        + ", ".join(f"{label} {day.isoformat()}" for day, label in marks)
    )


def timeline_marks(
    marks: Sequence[tuple[date, str]],
    start: date,
    stop: date,
    x_of: Callable[[date], float],
    top: int,
    bottom: float,
    width: float,
) -> str:
    """Dashed lines at the marked dates, each labelled above the plot on a line of its own
    (so close marks never collide), the label kept inside the chart."""
    parts = []
    shown = [(day, label) for day, label in marks if start <= day <= stop]
    for index, (day, label) in enumerate(shown):
        x = x_of(day)
        label_y = top - 8 - 15 * (len(shown) - 1 - index)
        text = f"{label} {day.isoformat()}"
        fits_after = x + 4 + len(text) * 7.2 <= width
        parts.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{label_y + 3}" y2="{bottom}" '
            f'stroke="currentColor" stroke-width="2" stroke-dasharray="5 3"/>'
        )
        anchor, nudge = ("start", 4) if fits_after else ("end", -4)
        parts.append(_text(x + nudge, label_y, text, 12, anchor=anchor, weight="bold"))
    return "".join(parts)


def _axis(start: date, stop: date, x_of: Callable[[date], float], top: int, height: int) -> str:
    parts = []
    month = start
    while month <= stop:
        if month.month in (1, 4, 7, 10):
            x = x_of(month)
            label = month_of(month) if month.month == 1 else f"Q{(month.month - 1) // 3 + 1}"
            parts.append(
                f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top}" y2="{height - 26}" '
                f'stroke="currentColor" stroke-opacity="0.2"/>'
            )
            parts.append(_text(x, height - 10, label, 12, anchor="middle"))
        month = add_months(month, 1)
    return "".join(parts)


def _dot(dot: TimelineDot, x_of: Callable[[date], float], y: float) -> str:
    x1, x2 = x_of(dot.start), x_of(dot.end)
    fill = STATUS_FILL.get(dot.status, "#1d4ed8")
    shape = (
        (
            f'<rect x="{x1:.1f}" y="{y - 5}" width="{max(x2 - x1, 10):.1f}" height="10" rx="5" '
            f'fill="{fill}" class="{css_class(dot.status)}" fill-opacity="0.85"/>'
        )
        if x2 - x1 > 10
        else (
            f'<circle cx="{x1:.1f}" cy="{y}" r="6" fill="{fill}" class="{css_class(dot.status)}" '
            'stroke="white" stroke-width="1.5"/>'
        )
    )
    label = escape(f"{dot.title} ({dot.start.isoformat()})")
    return f'<a href="{escape(dot.href)}" aria-label="{label}"><title>{label}</title>{shape}</a>'
