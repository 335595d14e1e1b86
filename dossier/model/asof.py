"""As-of is a point in time: evidence dated after it does not exist for the report or the
site. Goals are kept as written (their status has no history)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from dossier.errors import Diagnostics
from dossier.model.dossier import Dossier


def as_of_view(view: Dossier, as_of: date) -> Dossier:
    """The view as it stood on `as_of`: pieces dated later move to `later`, which pages
    summarise in one line and whose links render as their words."""
    later = tuple(e for e in view.evidence if e.date > as_of)
    if not later:
        return view
    kept = tuple(e for e in view.evidence if e.date <= as_of)
    return replace(view, evidence=kept, later=(*view.later, *later))


def later_summary(view: Dossier, as_of: date) -> str:
    """'3 pieces dated after 22 Nov 2026 are not counted', or '' when there are none."""
    count = len(view.later)
    if not count:
        return ""
    pieces = "1 piece dated after" if count == 1 else f"{count} pieces dated after"
    verb = "is" if count == 1 else "are"
    return f"{pieces} {as_of.strftime('%-d %b %Y')} {verb} not counted"


def warn_future_evidence(dossier: Dossier, today: date, diags: Diagnostics) -> None:
    """Evidence dated after the real today is most likely a typo in its date."""
    for evidence in dossier.evidence:
        if evidence.date > today:
            line, col = evidence.doc.at(("date",))
            diags.warning(
                evidence.path,
                line,
                col,
                f"evidence dated {evidence.date.isoformat()}, after today "
                f"({today.isoformat()}): it counts only from that day on",
                "check the year of `date:`; a piece about planned work belongs in a goal",
            )
