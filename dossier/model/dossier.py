"""The validated, immutable dossier, and the view of it one audience may see."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

from dossier.markup import Reference, could_hold_private, markdown_for, strip_private
from dossier.model.config import Config, Person
from dossier.model.content import Evidence, Goal, Item, Page
from dossier.model.framework import Framework
from dossier.model.names import NameFinder
from dossier.prepared import Prepared

ItemT = TypeVar("ItemT", Evidence, Goal)

NOT_SHARED = "not shared"


AnyItemT = TypeVar("AnyItemT", Evidence, Goal, Page)


def _without_private(item: AnyItemT, allow_html: bool, known: dict[str, str]) -> AnyItemT:
    """The item with its `::: private` blocks removed from the body (lines kept blank, so
    line numbers still match the file); `known` holds texts stripped at load."""
    text = known.get(item.path)
    if text is None:
        if not could_hold_private(item.body):
            return item
        text = strip_private(markdown_for(allow_html), item.body)
    return replace(item, body=text) if text != item.body else item


def _without_people(item: ItemT, hidden: NameFinder) -> ItemT:
    """The item with hidden people taken out of its stakeholders (and `from`): entries
    that hold a hidden person's whole name, however it is encoded."""
    if not hidden:
        return item
    kept = tuple(s for s in item.stakeholders if not hidden.names_someone(s))
    if isinstance(item, Evidence) and hidden.names_someone(item.source):
        return replace(item, stakeholders=kept, source=NOT_SHARED)
    return replace(item, stakeholders=kept) if kept != item.stakeholders else item


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
    references: dict[str, tuple[Reference, ...]] = field(default_factory=dict, compare=False)
    bodies: dict[str, tuple[Prepared, Prepared | None]] = field(
        default_factory=dict, compare=False
    )  # path -> the body parsed at load, and its version without private blocks
    public_texts: dict[str, str] = field(default_factory=dict, compare=False)
    private_lines: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)
    # path -> fingerprints of the file (without its body, whole): pages made from the
    # same fingerprints and settings are the same pages
    keys: dict[str, tuple[str, str]] = field(default_factory=dict, compare=False)
    audience: str = "self"

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
        html = config.site.allow_html

        def shown(item: ItemT) -> ItemT:
            if not private:
                item = _without_private(item, html, self.public_texts)
            return _without_people(item, hidden)

        return replace(
            self,
            config=config,
            evidence=tuple(shown(e) for e in self.evidence if self.sees(e.visibility, audience)),
            goals=tuple(shown(g) for g in self.goals if self.sees(g.visibility, audience)),
            pages=tuple(
                p if private else _without_private(p, html, self.public_texts)
                for p in self.pages
                if self.sees(p.visibility, audience)
            ),
            people=people,
            audience=audience,
        )

    def prepared(self, item: Item) -> Prepared | None:
        """An item's body as parsed at load, in the version this audience sees."""
        found = self.bodies.get(item.path)
        if found is None:
            return None
        full, public = found
        return full if self.audience == "self" or public is None else public

    @property
    def track(self) -> str | None:
        return self.framework.track_of(self.config.current_level, self.config.target_level)
