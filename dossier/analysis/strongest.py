"""The strongest evidence: one rule for the sponsor brief and the packet.

Only pieces counted toward the level judged (at that level or above) take part. They are
ranked by, in this order:

1. the level reached: a piece at a level above the one judged outranks one at it;
2. breadth: the number of the level's competencies it counts toward;
3. a stated `impact`;
4. `metrics`;
5. work before testimony (`feedback` is quoted in its own words elsewhere);
6. recency: the later of `date` and `end`, newest first;
7. the slug, so that equal pieces always come in the same order.

Picking the top N, no one type may take more than half of the places (rounded up) while
pieces of other types are left: a first pass takes pieces in rank order up to that share
per type, a second fills the places left in rank order. The result is in rank order.
"""

from __future__ import annotations

from collections.abc import Sequence

from dossier.analysis.gaps import Report
from dossier.model.content import Evidence
from dossier.model.dossier import Dossier

RankKey = tuple[int, int, bool, bool, bool, int, str]


def _rank_key(evidence: Evidence, level_index: int, breadth: int) -> RankKey:
    return (
        -level_index,
        -breadth,
        not evidence.impact,
        not evidence.metrics,
        evidence.type == "feedback",
        -evidence.latest.toordinal(),
        evidence.slug,
    )


def rank_evidence(pieces: Sequence[Evidence], dossier: Dossier, report: Report) -> list[Evidence]:
    """`pieces` from strongest to weakest by the rule above; pieces the report does not
    count toward any competency are left out."""
    breadth: dict[str, int] = {}
    for status in report.competencies:
        for slug in status.evidence:
            breadth[slug] = breadth.get(slug, 0) + 1
    levels = {level.id: level.index for level in dossier.framework.levels}
    target = dossier.config.target_level
    counted = [e for e in pieces if e.slug in breadth]
    return sorted(
        counted, key=lambda e: _rank_key(e, levels.get(e.level or target, 0), breadth[e.slug])
    )


def pick_varied(ranked: Sequence[Evidence], limit: int) -> list[Evidence]:
    """The top `limit` of ranked pieces, no type over half of the places while others
    are left, in rank order."""
    share = (limit + 1) // 2
    chosen: set[str] = set()
    per_type: dict[str, int] = {}
    for evidence in ranked:
        if len(chosen) == limit:
            break
        if per_type.get(evidence.type, 0) < share:
            per_type[evidence.type] = per_type.get(evidence.type, 0) + 1
            chosen.add(evidence.slug)
    for evidence in ranked:
        if len(chosen) >= limit:
            break
        chosen.add(evidence.slug)
    return [e for e in ranked if e.slug in chosen]


def strongest_evidence(
    dossier: Dossier, report: Report, limit: int = 5, competency: str | None = None
) -> list[Evidence]:
    """The strongest pieces of the case (or of one competency's counted evidence)."""
    if competency is None:
        pieces: Sequence[Evidence] = dossier.evidence
    else:
        counted = set(report.competency(competency).evidence)
        pieces = [e for e in dossier.evidence if e.slug in counted]
    return pick_varied(rank_evidence(pieces, dossier, report), limit)
