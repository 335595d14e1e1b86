"""What a competency page shows: its expectations and evidence; for a reader shown
statuses, its status, reasons and months strip; the feedback quoted, each quote only the
words of the person who gave it (dossier.render.quotes)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from dossier.render import charts, context
from dossier.render.quotes import split_feedback

if TYPE_CHECKING:
    from dossier.render.site import SiteRenderer


def competency_values(renderer: SiteRenderer, competency_id: str, page: str) -> dict[str, Any]:
    """The competency page's template values."""
    view = renderer.dossier
    config = view.config
    competency = renderer.framework.competency(competency_id)
    status = renderer.statuses.get(competency_id)
    next_level = renderer.framework.next_level(config.target_level, view.track)
    levels = [config.current_level, config.target_level]
    if next_level is not None:
        levels.append(next_level.id)
    strip = ""
    if status is not None and renderer.profile.shows("status"):
        strip = charts.consistency_strip(status, f"strip-{competency_id}")
    feedback = [  # only the quote is shown here: `quote:` needs no body rendered
        split_feedback(e, "" if e.quote else str(renderer.body(e, page, 3, f"{e.slug}-")))
        for e in context.feedback_for(view, competency_id)
    ]
    return {
        "competency": competency,
        "status": status,
        "levels": levels,
        "strip": Markup(strip),
        "feedback": [f for f in feedback if f.quote],
        "naming": {e.slug: e for e in view.evidence if competency_id in e.competencies},
        **renderer.ladders.competency_values(competency, page),
    }
