"""What the brief shows (SPEC sections 5 and 8), bounded so that it prints on at most two
pages whatever the workspace holds: the ask, the top pieces, one line per competency (its
title, its number of pieces and its strongest piece; its status only for a reader shown
statuses), then the first section of the business case and of the backfill, each with a
link to the rest. Long titles and impacts are clipped where the brief shows them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from dossier.analysis.case import Case
from dossier.analysis.gaps import DEMONSTRATED, CompetencyStatus, Report
from dossier.model.content import Evidence, Page
from dossier.model.dossier import Dossier
from dossier.model.profile import Profile
from dossier.render.excerpt import clip, first_section

BUSINESS_CASE_PAGE, BACKFILL_PAGE = "why-now", "backfill"
# The words left to the business case and the backfill together, shared 3:2; each
# competency line that also says why it falls short takes a printed line (about 12 words)
# of them, so that the brief keeps to two pages whatever the statuses
EXCERPT_WORDS, WORDS_PER_REASON = 200, 12
MAX_LINES = 12  # competency lines; more are counted and left to the framework page

# How long a piece of text may run on the brief, in characters
TITLE_CHARS, IMPACT_CHARS, LINE_TITLE_CHARS, REASON_CHARS, NAME_CHARS = 110, 170, 70, 90, 60
LEVEL_CHARS = 60


@dataclass(frozen=True)
class BriefLine:
    id: str
    title: str
    pieces: int
    strongest: Evidence | None
    status: CompetencyStatus | None  # None: the reader is not shown statuses
    why: str = ""  # why it falls short of demonstrated, for a reader shown statuses


@dataclass(frozen=True)
class BriefSection:
    page: Page
    html: Markup
    cut: bool  # the page holds more: "continued on" it


def brief_lines(view: Dossier, report: Report, case: Case, profile: Profile) -> list[BriefLine]:
    """One line per competency the report holds for this reader, in its order."""
    by_slug = {e.slug: e for e in view.evidence}
    lines = []
    for status in report.competencies:
        line = case.line(status.id)
        pieces = line.pieces if line else len(status.evidence)
        strongest = by_slug.get(line.strongest or "") if line else None
        shown = status if profile.shows("status") else None
        why = ""
        if shown is not None and shown.status != DEMONSTRATED:
            why = clip("; ".join(shown.reasons), REASON_CHARS)
        lines.append(BriefLine(status.id, status.title, pieces, strongest, shown, why))
    return lines


def brief_section(
    view: Dossier, slug: str, words: int, body: Callable[[Page], Markup]
) -> BriefSection | None:
    page = next((p for p in view.pages if p.slug == slug), None)
    if page is None:
        return None
    excerpt = first_section(str(body(page)), words)
    return BriefSection(page, Markup(excerpt.html), excerpt.cut)


def brief_values(
    view: Dossier, report: Report, case: Case, profile: Profile, body: Callable[[Page], Markup]
) -> dict[str, Any]:
    """The brief template's values; `body` renders a page's body for the brief."""
    by_slug = {e.slug: e for e in view.evidence}
    lines = brief_lines(view, report, case, profile)
    shown = lines[:MAX_LINES]
    words = EXCERPT_WORDS - WORDS_PER_REASON * sum(1 for line in shown if line.why)
    return {
        "strongest": [by_slug[slug] for slug in case.strongest if slug in by_slug],
        "lines": shown,
        "more_lines": max(len(lines) - MAX_LINES, 0),
        "why_now": brief_section(view, BUSINESS_CASE_PAGE, words * 3 // 5, body),
        "backfill": brief_section(view, BACKFILL_PAGE, words * 2 // 5, body),
        "sponsors": [p for p in view.people if p.relation == "sponsor"][:4],
        "limits": {
            "title": TITLE_CHARS,
            "impact": IMPACT_CHARS,
            "line": LINE_TITLE_CHARS,
            "name": NAME_CHARS,
            "level": LEVEL_CHARS,
        },
    }
