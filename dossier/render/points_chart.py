"""Points reached against points required, as inline SVG (no script, a <title> and a <desc>
that say it in words): one row per level of the ladder that asks for points, its bar filled
with the points reached (a segment per competency) up to a mark at the total it needs.
Narrow enough for a phone, like the status chart."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dossier.render.charts import _clip, _svg, _text

WIDTH = 320  # fits a phone at full size
ROW = 46
BAR = 12


@dataclass(frozen=True)
class Band:
    title: str
    points: int
    target: bool  # the level the report is judged at


def points_chart(
    reached: Sequence[tuple[str, int]],  # (competency title, points its step is worth)
    bands: Sequence[Band],
    chart_id: str = "points-chart",
    standalone: bool = False,
) -> str:
    worth = [(title, points) for title, points in reached if points]
    total = sum(points for _, points in worth)
    scale = WIDTH / max([total, *(b.points for b in bands), 1])
    rows = [_row(i * ROW, band, worth, total, scale) for i, band in enumerate(bands)]
    height = ROW * len(bands) + 22
    caption = _text(0, height - 4, "bar: points reached; mark: points needed", 12)
    return _svg(
        chart_id,
        WIDTH,
        height,
        "Points reached and required",
        _desc(worth, bands, total),
        "".join(rows) + caption,
        standalone,
    )


def _row(y: int, band: Band, worth: Sequence[tuple[str, int]], total: int, scale: float) -> str:
    weight = "bold" if band.target else "normal"
    label = f"{band.title} (target)" if band.target else band.title
    parts = [
        _text(0, y + 16, _clip(label, 30), 13, weight=weight),
        _text(WIDTH, y + 16, f"{total} of {band.points}", 12, anchor="end", weight="bold"),
        f'<rect x="0" y="{y + 24}" width="{WIDTH}" height="{BAR}" rx="3" '
        f'fill="currentColor" fill-opacity="0.1"/>',
    ]
    x = 0.0
    for title, points in worth:
        width = points * scale
        parts.append(  # a hair of space between segments tells the competencies apart
            f'<rect x="{x:.1f}" y="{y + 24}" width="{max(width - 1.5, 1):.1f}" height="{BAR}" '
            f'fill="#1f7a3a" class="fill-demonstrated"><title>{_clip(title, 60)}: '
            f"{points}</title></rect>"
        )
        x += width
    tick = min(band.points * scale, WIDTH - 1)
    parts.append(
        f'<line x1="{tick:.1f}" x2="{tick:.1f}" y1="{y + 21}" y2="{y + 24 + BAR + 3}" '
        f'stroke="currentColor" stroke-width="2" stroke-dasharray="3 2"/>'
    )
    return "".join(parts)


def _desc(worth: Sequence[tuple[str, int]], bands: Sequence[Band], total: int) -> str:
    parts = [f"{total} points reached."]
    if worth:
        parts.append("By competency: " + ", ".join(f"{t} {p}" for t, p in worth) + ".")
    if bands:
        needed = ", ".join(f"{b.title}{' (target)' if b.target else ''} {b.points}" for b in bands)
        parts.append(f"Points each level needs: {needed}.")
    return " ".join(parts)
