"""Site files built from the whole view: the timeline chart and dossier.json."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

from markupsafe import Markup

from dossier.analysis.gaps import STATUSES, Report
from dossier.dates import add_months
from dossier.model.content import Evidence, Link
from dossier.model.dossier import NOT_SHARED, Dossier
from dossier.render import charts, urls
from dossier.render.bodies import BodyRenderer
from dossier.render.ladder_data import framework_data
from dossier.render.timeline_narrow import narrow_timeline_chart


def timeline_svg(
    dossier: Dossier,
    report: Report,
    as_of: date,
    page: str,
    standalone: bool = False,
    narrow: bool = False,
) -> str:
    """Evidence by competency over time, from the first piece (or 12 months back) to the
    later of today and the cycle date, with both marked; `narrow`: drawn for a phone."""
    framework = dossier.framework
    statuses = {c.id: c.status for c in report.competencies}
    rows = [c.title for c in framework.competencies]
    dots = [
        charts.TimelineDot(
            framework.competency(cid).title,
            e.date,
            e.latest,
            e.title,
            urls.relative(page, urls.evidence_page(e.slug)),
            statuses.get(cid, "other"),
        )
        for e in dossier.evidence
        for cid in e.competencies
    ]
    first = min([add_months(as_of, -12), *(e.date for e in dossier.evidence)])
    cycle = dossier.config.cycle
    last = max([as_of, *([cycle] if cycle else []), *(e.latest for e in dossier.evidence)])
    marks = [(as_of, "as of")] + ([(cycle, "cycle")] if cycle else [])
    if narrow:
        return narrow_timeline_chart(rows, dots, first, last, marks)
    return charts.timeline_chart(rows, dots, first, last, marks, standalone=standalone)


def timeline_values(dossier: Dossier, report: Report, as_of: date) -> dict[str, Any]:
    """What timeline.html shows: the chart drawn wide and drawn for a phone, the evidence
    by month (newest first), the statuses the legend explains."""
    by_month: dict[str, list[Evidence]] = {}
    for e in reversed(dossier.evidence):
        by_month.setdefault(e.date.strftime("%B %Y"), []).append(e)
    return {
        "chart": Markup(timeline_svg(dossier, report, as_of, urls.TIMELINE)),
        "chart_narrow": Markup(timeline_svg(dossier, report, as_of, urls.TIMELINE, narrow=True)),
        "by_month": by_month,
        "shown_statuses": sorted({s.status for s in report.competencies}, key=STATUSES.index),
    }


def _link(link: Link, source: str, bodies: BodyRenderer) -> dict[str, str | None]:
    href = bodies.href(link.url, urls.DATA, source)
    return {"title": link.title, "url": href} if href else {"title": NOT_SHARED, "url": None}


EntryMemo = Callable[[Evidence, Callable[[], bytes]], bytes]  # (piece, make its entry)


def dossier_json(
    dossier: Dossier, report: dict[str, Any], bodies: BodyRenderer, memo: EntryMemo | None = None
) -> tuple[bytes, ...]:
    """The report beside the framework and the evidence, goals and pages this audience
    sees, as JSON in pieces, each holding whole JSON values. The evidence, most of it, is
    encoded a piece of evidence at a time: the bodies of 10,000 held at once, then as one
    string, would take several times the memory of the file. `memo` may give an entry
    made before instead of making it again."""
    payload = _payload(dossier, report, bodies)
    head, tail = _dumps(payload).split(f"[{_dumps(_EVIDENCE)}]")
    parts = [head.encode(), b"["]
    for i, item in enumerate(dossier.evidence):

        def make(item: Evidence = item) -> bytes:
            return _dumps(_evidence_entry(item, bodies, dossier)).encode()

        parts.append((b"," if i else b"") + (memo(item, make) if memo else make()))
    parts += [b"]", tail.encode(), b"\n"]
    return tuple(parts)


_EVIDENCE = "\0evidence\0"  # where the evidence goes (no file holds a NUL)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _html(
    dossier: Dossier, bodies: BodyRenderer, item: Any, page: str, top: int = 2, prefix: str = ""
) -> str:
    """A body as rendered on the item's own page (so it is not rendered twice)."""
    prepared = dossier.prepared(item)
    return bodies.render(item.body, page, item.path, top, prefix, prepared).html


def _evidence_entry(e: Evidence, bodies: BodyRenderer, dossier: Dossier) -> dict[str, Any]:
    return {
        "slug": e.slug,
        "title": e.title,
        "date": e.date.isoformat(),
        "end": e.end.isoformat() if e.end else None,
        "competencies": list(e.competencies),
        "level": e.level,
        "expectations": list(e.expectations),
        "type": e.type,
        "impact": e.impact,
        "metrics": dict(e.metrics),
        "stakeholders": list(e.stakeholders),
        "from": e.source or None,
        "links": [_link(k, e.path, bodies) for k in e.links],
        "visibility": e.visibility,
        "source": list(e.sources),  # empty for audiences wider than manager
        "url": urls.evidence_page(e.slug),
        "html": _html(dossier, bodies, e, urls.evidence_page(e.slug)),
    }


def _payload(dossier: Dossier, report: dict[str, Any], bodies: BodyRenderer) -> dict[str, Any]:
    """Everything in dossier.json, the evidence left as a placeholder."""
    framework = dossier.framework
    config = dossier.config

    return {
        "generator": "dossier",
        "title": config.title,
        "audience": dossier.audience,
        "report": report,
        "framework": framework_data(framework),
        "evidence": [_EVIDENCE],
        "goals": [
            {
                "slug": g.slug,
                "title": g.title,
                "due": g.due.isoformat() if g.due else None,
                "status": g.status,
                "metric": g.metric,
                "success": g.success,
                "competencies": list(g.competencies),
                "expectations": list(g.expectations),
                "visibility": g.visibility,
                "html": _html(dossier, bodies, g, urls.PLAN, 3, f"goal-{g.slug}-"),
            }
            for g in dossier.goals
        ],
        "pages": [
            {
                "slug": p.slug,
                "title": p.title,
                "visibility": p.visibility,
                "url": urls.page_page(p.slug),
                "html": _html(dossier, bodies, p, urls.page_page(p.slug)),
            }
            for p in dossier.pages
        ],
        "people": [
            {"name": p.name, "role": p.role, "relation": p.relation} for p in dossier.people
        ],
    }
