"""evidence.html: every piece of evidence the audience may see, newest first, with what
the page's filter needs (SPEC section 5). Built from the audience's view only, so a
hidden piece, person or competency title never reaches the list or its filter."""

from __future__ import annotations

import re
from dataclasses import dataclass

from dossier.model.content import Evidence
from dossier.model.dossier import NOT_SHARED, Dossier
from dossier.vocabulary import EVIDENCE_TYPES

_ROLE = re.compile(r"\s*\(.*\)\s*$")  # "Sam Okafor (VP Product)" -> "Sam Okafor"


@dataclass(frozen=True)
class ListedPiece:
    evidence: Evidence
    competencies: str  # competency ids, space-separated (matched whole in the filter)
    people: str  # names, "|"-separated
    year: str
    words: str  # what the words filter searches, lowercased


@dataclass(frozen=True)
class Listing:
    pieces: tuple[ListedPiece, ...]  # newest first
    competencies: tuple[tuple[str, str], ...]  # (id, title) that some piece names
    types: tuple[str, ...]
    people: tuple[str, ...]
    years: tuple[str, ...]  # newest first


def people_of(evidence: Evidence) -> tuple[str, ...]:
    """Who a piece names: its stakeholders and who gave the feedback (without the role)."""
    names = [*evidence.stakeholders]
    if evidence.source and evidence.source != NOT_SHARED:
        names.append(_ROLE.sub("", evidence.source) or evidence.source)
    return tuple(dict.fromkeys(n.strip() for n in names if n.strip()))


def evidence_listing(view: Dossier) -> Listing:
    framework = view.framework
    newest = sorted(view.evidence, key=lambda e: (e.date, e.slug), reverse=True)
    pieces = []
    for e in newest:
        people = people_of(e)
        titles = [framework.competency(c).title for c in e.competencies]
        values = [str(v) for _, v in e.metrics]
        words = " ".join([e.title, e.impact, e.type, *titles, *people, *values])
        pieces.append(
            ListedPiece(
                e,
                " ".join(e.competencies),
                "|".join(people),
                str(e.date.year),
                " ".join(words.lower().split()),
            )
        )
    named = {c for e in view.evidence for c in e.competencies}
    return Listing(
        tuple(pieces),
        tuple((c.id, c.title) for c in framework.competencies if c.id in named),
        tuple(t for t in EVIDENCE_TYPES if any(e.type == t for e in view.evidence)),
        tuple(
            sorted({p for piece in pieces for p in piece.people.split("|") if p}, key=str.casefold)
        ),
        tuple(sorted({piece.year for piece in pieces}, reverse=True)),
    )
