"""The case as the brief states it (SPEC sections 5 and 8): the strongest pieces overall,
and per competency at the level its number of pieces and its strongest piece. Worked out
from the audience's whole report with the one strongest-evidence rule the packet uses, so
the brief and the packet name the same pieces."""

from __future__ import annotations

from dataclasses import dataclass

from dossier.analysis.gaps import Report
from dossier.analysis.strongest import strongest_evidence
from dossier.model.dossier import Dossier

STRONGEST_PIECES = 3  # the brief's top pieces: the ask and these fit a phone's first screen


@dataclass(frozen=True)
class CaseLine:
    id: str
    title: str
    pieces: int  # counted toward it at the level
    strongest: str | None  # the slug of its strongest piece


@dataclass(frozen=True)
class Case:
    strongest: tuple[str, ...]  # slugs, strongest first
    lines: tuple[CaseLine, ...]  # one per competency judged at the level, in report order

    def line(self, competency_id: str) -> CaseLine | None:
        return next((line for line in self.lines if line.id == competency_id), None)


def case_of(view: Dossier, report: Report, limit: int = STRONGEST_PIECES) -> Case:
    """The strongest pieces of the view and each competency's line, from its report."""
    lines = []
    for status in report.competencies:
        best = strongest_evidence(view, report, 1, competency=status.id)
        lines.append(
            CaseLine(status.id, status.title, len(status.evidence), best[0].slug if best else None)
        )
    strongest = tuple(e.slug for e in strongest_evidence(view, report, limit))
    return Case(strongest, tuple(lines))
