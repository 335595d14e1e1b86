"""What each reader is shown (SPEC sections 6 and 8): an audience's profile is the set of
sections of the author's working view it gets beyond the case itself. `self`, `manager`
and audiences ranked at or below `manager` get every section; wider ones (sponsors, the
public) get none, so they read the case, not the author's notes on its weaknesses.
`site.show` in dossier.yaml replaces an audience's default."""

from __future__ import annotations

from dataclasses import dataclass

from dossier.model.config import Config
from dossier.vocabulary import SHOW_SECTIONS

ALL_SECTIONS = frozenset(SHOW_SECTIONS)
WIDEST_WORKING_AUDIENCE = "manager"
# The sections that make the landing page the overview of where the case stands; an
# audience with none of them lands on the brief.
OVERVIEW_SECTIONS = frozenset({"status", "readiness", "gaps"})


@dataclass(frozen=True)
class Profile:
    audience: str
    sections: frozenset[str]

    def shows(self, section: str) -> bool:
        if section not in ALL_SECTIONS:
            raise ValueError(f"unknown section {section!r}")
        return section in self.sections

    @property
    def lands_on_brief(self) -> bool:
        """index.html is the brief: the reader gets the case, not where it stands."""
        return not self.sections & OVERVIEW_SECTIONS


def default_sections(config: Config, audience: str) -> frozenset[str]:
    """Every section for `self`, `manager` and any audience ranked at or below `manager`
    (without a `manager` audience: at or below `self`); none for wider ones."""
    widest = WIDEST_WORKING_AUDIENCE if WIDEST_WORKING_AUDIENCE in config.audiences else "self"
    return ALL_SECTIONS if config.rank(audience) <= config.rank(widest) else frozenset()


def profile_for(config: Config, audience: str) -> Profile:
    """The audience's profile: `site.show`'s list where it names the audience, else the
    default."""
    chosen = dict(config.site.show).get(audience)
    sections = frozenset(chosen) if chosen is not None else default_sections(config, audience)
    return Profile(audience, sections)
