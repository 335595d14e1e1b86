"""Who names what: each competency's evidence (directly or through one of its expectations)
and open goals, worked out once per analysis and shared by every level judged."""

from __future__ import annotations

import copy
from datetime import date

from dossier.model.content import Evidence, Goal
from dossier.model.dossier import Dossier


class EvidenceIndex:
    """Each competency's evidence, oldest first, and open goals; each piece's level."""

    def __init__(self, dossier: Dossier):
        framework = dossier.framework
        owner = {e.id: e.competency for e in framework.expectations_by_id.values()}
        self.level_index = {level.id: framework.order(level.id) for level in framework.levels}
        target = dossier.config.target_level
        self.evidence_level = {
            e.slug: self.level_index[e.level or target] for e in dossier.evidence
        }
        self.naming: dict[str, list[Evidence]] = {}
        for evidence in dossier.evidence:  # dossier order: oldest first
            for competency in _named(evidence, owner):
                self.naming.setdefault(competency, []).append(evidence)
        self.open_goals: dict[str, list[str]] = {}
        for goal in dossier.goals:
            if goal.is_open:
                for competency in _named(goal, owner):
                    self.open_goals.setdefault(competency, []).append(goal.slug)

    def dated_by(self, day: date) -> EvidenceIndex:
        """The index as built from the evidence dated on or before `day` only (the
        readiness history judges a dozen past days without reading every piece again)."""
        earlier = copy.copy(self)
        earlier.naming = {}
        for competency, pieces in self.naming.items():
            kept = [e for e in pieces if e.date <= day]
            if kept:
                earlier.naming[competency] = kept
        return earlier


def _named(item: Evidence | Goal, owner: dict[str, str]) -> list[str]:
    """Competencies an item names, directly or through one of their expectations."""
    found = dict.fromkeys(item.competencies)
    found.update(dict.fromkeys(owner[x] for x in item.expectations if x in owner))
    return list(found)
