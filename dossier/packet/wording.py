"""The packet's own words (headings, labels), shared by both document writers, and the
order of its major parts."""

from __future__ import annotations

from dossier.packet.content import Packet
from dossier.packet.summary import AUDIENCE_WORDS, FACT_LABELS, GOAL_LABELS

ASK = "The ask"
SUMMARY = "Summary"
BUSINESS_CASE = "Business case"
COMPETENCIES = "Competencies"
BACKFILL = "Backfill"
GAPS = "Gaps"
PLAN = "Plan"

STRONGEST = "Strongest evidence"
FEEDBACK = "Feedback"
EVIDENCE_COLUMNS = ("Evidence", "Date", "Impact", "Metrics")
STATUS_COLUMNS = ("Competency", "Status", "Why")
STATUSES = "Status per competency"
READINESS = "Readiness"
UNANSWERED = "Expectations no evidence answers yet"
UNPLANNED = "Short of demonstrated, with no plan yet"
OVERDUE = "Overdue goals"
ACTIONS = "Actions"
NO_EVIDENCE = "No evidence for this competency is shared here yet."
PRIVATE = "Private: do not share. This copy holds the author's private notes."


def expected_at(level_title: str) -> str:
    return f"Expected at {level_title}"


def subtitle(packet: Packet) -> str:
    return f"Promotion packet, {packet.as_of.day} {packet.as_of:%B %Y}"


def competencies_intro(packet: Packet) -> str:
    return (
        f"For each competency expected at {packet.level_title}: what is expected, the "
        "strongest evidence (up to three pieces, chosen for the level they reach, how many "
        "competencies they support, their stated impact and metrics, and how recent they "
        "are) and feedback in the words of those who gave it."
    )


def shown_pieces(shown: int, counted: int) -> str:
    return f"The strongest {shown} of the {counted} pieces counted." if counted > shown else ""


def major_parts(packet: Packet) -> list[str]:
    """The document's outline at the top level, in the committee's order."""
    parts = [ASK, SUMMARY]
    parts += [BUSINESS_CASE] if packet.business_case else []
    parts += [COMPETENCIES]
    parts += [BACKFILL] if packet.backfill else []
    parts += [GAPS] if packet.gaps is not None else []
    parts += [PLAN] if packet.plan is not None else []
    return parts


def packet_words() -> str:
    """Every fixed word the packet may print: text that is no sign of a leak when a
    hidden item's title happens to match it."""
    fixed = (
        *(ASK, SUMMARY, BUSINESS_CASE, COMPETENCIES, BACKFILL, GAPS, PLAN),
        *(STRONGEST, FEEDBACK, *EVIDENCE_COLUMNS, *STATUS_COLUMNS, STATUSES, READINESS),
        *(UNANSWERED, UNPLANNED, OVERDUE, ACTIONS, NO_EVIDENCE, PRIVATE),
        *FACT_LABELS,
        *GOAL_LABELS,
        *AUDIENCE_WORDS.values(),
        "Promotion packet",
    )
    return "\n".join(fixed)
