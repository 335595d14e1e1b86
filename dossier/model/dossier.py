"""The validated, immutable dossier, and the view of it one audience may see."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from dossier.model.config import Config, Person
from dossier.model.content import Evidence, Goal, Page
from dossier.model.framework import Framework


@dataclass(frozen=True)
class Dossier:
    root: Path
    config: Config
    framework: Framework
    evidence: tuple[Evidence, ...]  # oldest first, then by slug
    goals: tuple[Goal, ...]  # by due date, then slug
    pages: tuple[Page, ...]  # by order, then title
    people: tuple[Person, ...]
    attachments: tuple[str, ...]  # 'files/<name>' as evidence links them
    audience: str = "self"

    def sees(self, visibility: str, audience: str | None = None) -> bool:
        """An audience sees an item whose visibility is the audience itself or wider."""
        who = audience or self.audience
        return self.config.rank(visibility) >= self.config.rank(who)

    def for_audience(self, audience: str) -> Dossier:
        """What `audience` may see, as if nothing else existed."""
        return replace(
            self,
            evidence=tuple(e for e in self.evidence if self.sees(e.visibility, audience)),
            goals=tuple(g for g in self.goals if self.sees(g.visibility, audience)),
            pages=tuple(p for p in self.pages if self.sees(p.visibility, audience)),
            people=tuple(p for p in self.people if self.sees(p.visibility, audience)),
            audience=audience,
        )

    @property
    def track(self) -> str | None:
        return self.framework.track_of(self.config.current_level, self.config.target_level)
