"""The validated, immutable dossier, and the view of it one audience may see."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

from dossier.markdown.markup import Reference
from dossier.markdown.prepared import Prepared
from dossier.model.config import Config, Person
from dossier.model.content import Evidence, Goal, Item, Page
from dossier.model.documents import ParsedFile
from dossier.model.framework import Framework
from dossier.model.names import NameFinder

ItemT = TypeVar("ItemT", Evidence, Goal)

NOT_SHARED = "not shared"
HIDDEN_SOURCE = "a colleague"  # `from` of feedback, when the person is hidden from the reader


AnyItemT = TypeVar("AnyItemT", Evidence, Goal, Page)


def _without_private(item: AnyItemT, parsed: Mapping[str, ParsedFile]) -> AnyItemT:
    """The item with its `::: private` blocks removed from the body (lines kept blank, so
    line numbers still match the file), as stripped when the file was parsed."""
    found = parsed.get(item.path)
    if found is None or found.public_text is None:
        return item
    return replace(item, body=found.public_text)


def _without_people(item: ItemT, hidden: NameFinder) -> ItemT:
    """The item with hidden people taken out of its stakeholders (and `from`): entries
    that hold a hidden person's whole name, however it is encoded."""
    if not hidden:
        return item
    kept = tuple(s for s in item.stakeholders if not hidden.names_someone(s))
    if isinstance(item, Evidence) and hidden.names_someone(item.source):
        return replace(item, stakeholders=kept, source=HIDDEN_SOURCE)
    return replace(item, stakeholders=kept) if kept != item.stakeholders else item


def _sources_audience(config: Config) -> str:
    """The widest audience shown where evidence was imported from (`source`): manager,
    or only the author where there is no manager audience."""
    return "manager" if "manager" in config.audiences else "self"


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
    # workspace path -> the file as parsed at load (bodies, private lines, fingerprints)
    parsed: Mapping[str, ParsedFile] = field(default_factory=dict, compare=False)
    audience: str = "self"
    # evidence marked `draft: true`, kept apart from `evidence` so that no analysis, page
    # or count sees it; only the `self` view keeps them, for its "to review" list
    drafts: tuple[Evidence, ...] = ()
    # evidence dated after the as-of day: it does not exist for this view (model/asof.py)
    later: tuple[Evidence, ...] = ()

    def sees(self, visibility: str, audience: str | None = None) -> bool:
        """An audience sees an item whose visibility is the audience itself or wider."""
        who = audience or self.audience
        return self.config.rank(visibility) >= self.config.rank(who)

    def for_audience(self, audience: str) -> Dossier:
        """What `audience` may see, as if nothing else existed: hidden items dropped,
        people hidden from it removed from the fields that name them, and (for anyone but
        `self`) private blocks taken out of every body."""
        people = tuple(p for p in self.people if self.sees(p.visibility, audience))
        hidden = NameFinder(
            [p.name for p in self.people if p not in people],
            [self.config.person.name, *(p.name for p in people)],
        )
        config = replace(self.config, people=people)
        if hidden and config.check_ins and hidden.names_someone(config.check_ins.with_):
            config = replace(config, check_ins=replace(config.check_ins, with_=""))
        private = audience == "self"
        sources_shown = self.config.rank(audience) <= self.config.rank(_sources_audience(config))

        def shown(item: ItemT) -> ItemT:
            if not private:
                item = _without_private(item, self.parsed)
            if isinstance(item, Evidence) and item.sources and not sources_shown:
                item = replace(item, sources=())
            return _without_people(item, hidden)

        return replace(
            self,
            config=config,
            evidence=tuple(shown(e) for e in self.evidence if self.sees(e.visibility, audience)),
            goals=tuple(shown(g) for g in self.goals if self.sees(g.visibility, audience)),
            pages=tuple(
                p if private else _without_private(p, self.parsed)
                for p in self.pages
                if self.sees(p.visibility, audience)
            ),
            people=people,
            audience=audience,
            drafts=tuple(shown(d) for d in self.drafts) if private else (),
        )

    def prepared(self, item: Item) -> Prepared | None:
        """An item's body as parsed at load, in the version this audience sees."""
        found = self.parsed.get(item.path)
        if found is None or found.body is None:
            return None
        if self.audience == "self" or found.public_body is None:
            return found.body
        return found.public_body

    def references(self, item: Item) -> tuple[Reference, ...]:
        """What the item's body links, in the version this audience sees."""
        prepared = self.prepared(item)
        return prepared.references if prepared else ()

    @property
    def track(self) -> str | None:
        return self.framework.track_of(self.config.current_level, self.config.target_level)
