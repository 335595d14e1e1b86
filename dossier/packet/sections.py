"""Which parts of the case an audience's packet holds beyond the case itself."""

from __future__ import annotations

from dossier.model.config import Config

# The author's working view of the case, named as `site.show` names them (SPEC section 8).
STATUS = "status"  # each competency's status and its reasons
READINESS = "readiness"
GAPS = "gaps"  # unanswered expectations, competencies with no plan, overdue goals
PLAN = "plan"
TIMING = "timing"
WORKING_SECTIONS = frozenset({STATUS, READINESS, GAPS, PLAN, TIMING})

WIDEST_WORKING_AUDIENCE = "manager"


def packet_sections(config: Config, audience: str) -> frozenset[str]:
    """The working sections `audience` gets: all of them for `self`, `manager` and any
    audience ranked at or below `manager`; none for wider audiences (sponsors, the
    public), who get the case without the author's notes on its weaknesses."""
    if audience == "self":
        return WORKING_SECTIONS
    widest = WIDEST_WORKING_AUDIENCE if WIDEST_WORKING_AUDIENCE in config.audiences else "self"
    if config.rank(audience) <= config.rank(widest):
        return WORKING_SECTIONS
    return frozenset()
