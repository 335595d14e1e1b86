"""The career framework: levels (with tracks), competencies and their expectations."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from dossier.errors import Diagnostics, did_you_mean
from dossier.load.yamlsrc import YamlDoc
from dossier.model import scales as ladder
from dossier.model.fields import Fields
from dossier.model.ladder_keys import (
    COMPETENCY_TABLE,
    FILE_TABLE,
    GROUP_TABLE,
    LEVEL_TABLE,
    Key,
    keys_of,
    required_of,
)
from dossier.model.ladder_refs import Entry, read_ref, resolve_refs


@dataclass(frozen=True)
class Level:
    id: str
    title: str
    index: int  # position in the ladder, lowest first
    track: str | None = None
    description: str = ""
    meta: dict[str, Any] = field(default_factory=dict, compare=False)
    rank: float | None = None  # with ranks, levels compare by rank across tracks
    summary: str = ""
    points: int | None = None  # the points total this level requires


@dataclass(frozen=True)
class Group:
    id: str
    title: str
    description: str = ""
    meta: dict[str, Any] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Expectation:
    id: str
    text: str
    competency: str
    level: str  # where it is listed ('' for a step no level requires)
    step: str | None = None  # the step of a scale it stands for


@dataclass(frozen=True)
class Competency:
    id: str
    title: str
    group: str | None = None
    description: str = ""
    min_evidence: int | None = None
    own_expectations: dict[str, tuple[Expectation, ...]] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict, compare=False)
    cumulative: bool | None = None  # None: the file's setting
    scale: str | None = None  # judged by the steps of this scale
    steps: tuple[Expectation, ...] = ()  # one per step of the scale, lowest first


@dataclass(frozen=True)
class Framework:
    name: str
    levels: tuple[Level, ...]
    competencies: tuple[Competency, ...]
    groups: tuple[Group, ...] = ()
    cumulative: bool = False
    description: str = ""
    meta: dict[str, Any] = field(default_factory=dict, compare=False)
    source: str = ""
    scales: dict[str, tuple[str, ...]] = field(default_factory=dict)
    points: tuple[int, ...] = ()  # scoring: a scaled competency's worth per step, as totals

    # -- lookups ------------------------------------------------------------------------
    def level(self, level_id: str) -> Level:
        return next(level for level in self.levels if level.id == level_id)

    def competency(self, competency_id: str) -> Competency:
        return next(c for c in self.competencies if c.id == competency_id)

    @property
    def level_ids(self) -> list[str]:
        return [level.id for level in self.levels]

    @property
    def competency_ids(self) -> list[str]:
        return [c.id for c in self.competencies]

    @cached_property
    def expectations_by_id(self) -> dict[str, Expectation]:
        return self.all_expectations()

    def all_expectations(self) -> dict[str, Expectation]:
        return {
            e.id: e
            for c in self.competencies
            for e in c.steps or [e for items in c.own_expectations.values() for e in items]
        }

    # -- ladder order and tracks ----------------------------------------------------------
    def order(self, level_id: str) -> float:
        """Where a level stands: its rank where levels have ranks, else its list position."""
        level = self.level(level_id)
        return level.index if level.rank is None else level.rank

    def above(self, level_id: str, other_id: str) -> bool:
        """Higher on the ladder: by rank where levels have ranks, then by list order."""
        key = {lv.id: (self.order(lv.id), lv.index) for lv in self.levels}
        return key[level_id] > key[other_id]

    def track_of(self, current: str, target: str) -> str | None:
        """The author's track: the target's, else the current level's, else none."""
        return self.level(target).track or self.level(current).track

    def track_levels(self, track: str | None) -> list[Level]:
        """Levels of a track in order (trackless levels belong to every track)."""
        return [lv for lv in self.levels if track is None or lv.track in (None, track)]

    def next_level(self, level_id: str, track: str | None) -> Level | None:
        later = [lv for lv in self.track_levels(track) if lv.index > self.level(level_id).index]
        return later[0] if later else None

    def _shares_track(self, lower: Level, level: Level) -> bool:
        return lower.track is None or lower.track == level.track

    # -- expectations at a level ---------------------------------------------------------
    def _levels_applying(self, competency: Competency, level_id: str) -> list[Level]:
        """The level, and with `cumulative` (the competency's, else the file's) every lower
        level of its track: the levels whose entries apply at level_id."""
        level = self.level(level_id)
        if not (self.cumulative if competency.cumulative is None else competency.cumulative):
            return [level]
        return [
            lower
            for lower in self.levels[: level.index + 1]
            if lower is level or self._shares_track(lower, level)
        ]

    def expectations_at(self, competency: Competency, level_id: str) -> tuple[Expectation, ...]:
        """A level's expectations; with `cumulative`, also those of lower levels of its track
        (each once). On a scale: the one step required, the highest that applies."""
        found: dict[str, Expectation] = {}
        for lower in self._levels_applying(competency, level_id):
            found.update((e.id, e) for e in competency.own_expectations.get(lower.id, ()))
        if competency.scale and found:
            rank = {e.id: i for i, e in enumerate(competency.steps)}
            return (max(found.values(), key=lambda e: rank.get(e.id, -1)),)
        return tuple(found.values())

    def assessed_at(self, competency: Competency, level_id: str) -> bool:
        """Whether a level assesses the competency: the level (or, with `cumulative`, a lower
        one) lists it, even with an empty list (`[]`: nothing of its own)."""
        return any(
            lower.id in competency.own_expectations
            for lower in self._levels_applying(competency, level_id)
        )

    def competencies_at(self, level_id: str) -> list[Competency]:
        return [c for c in self.competencies if self.assessed_at(c, level_id)]


# -- parsing ------------------------------------------------------------------------------
def parse_framework(doc: YamlDoc, diags: Diagnostics) -> Framework | None:
    if not isinstance(doc.value, dict):
        diags.error(
            doc.path,
            1,
            1,
            "the framework must be a mapping with levels and competencies",
            "see the README for the framework format, or start from a built-in one",
        )
        return None
    top = Fields(doc, diags, what="the framework")
    top.check_keys(keys_of(FILE_TABLE), required=required_of(FILE_TABLE))
    scales = ladder.read_scales(top)
    scoring = ladder.read_scoring(top, scales)
    levels = _levels(top, scoring)
    groups = _groups(top)
    competencies = _competencies(top, levels, groups, scales)
    if not levels:
        return None
    return Framework(
        name=top.text("name") or "Career framework",
        levels=tuple(levels),
        competencies=tuple(competencies),
        groups=tuple(groups),
        cumulative=top.boolean("cumulative", False),
        description=top.text("description") or "",
        meta=top.mapping("meta") or {},
        source=doc.path,
        scales=scales,
        points=scoring or (),
    )


def _items(top: Fields, key: str, table: tuple[Key, ...], what: str) -> list[Fields]:
    """The mappings of a list, each checked for known keys and an id."""
    found: list[Fields] = []
    for i, item in enumerate(top.list_of(key)):
        if not isinstance(item, dict):
            top.error(
                (key, i),
                f"each entry of '{key}' must be a mapping",
                f"e.g. - {{id: example, title: Example {what}}}",
            )
            continue
        fields = top.sub(key).sub(i, f"a {what}")
        fields.check_keys(keys_of(table), required=required_of(table))
        found.append(fields)
    return found


def _unique_id(fields: Fields, seen: dict[str, int], what: str) -> str | None:
    item_id = fields.identifier("id")
    if item_id is None:
        return None
    if item_id in seen:
        fields.error(
            ("id",), f"duplicate {what} id '{item_id}'", f"first defined on line {seen[item_id]}"
        )
        return None
    clash = next((other for other in seen if other.casefold() == item_id.casefold()), None)
    if clash is not None:  # ids name site files: these two would be one file on macOS
        fields.error(
            ("id",),
            f"{what} id '{item_id}' differs from '{clash}' only in case",
            f"use one spelling; '{clash}' is defined on line {seen[clash]}",
        )
        return None
    seen[item_id] = fields.pos("id")[0]
    return item_id


def _levels(top: Fields, scoring: tuple[int, ...] | None) -> list[Level]:
    levels: list[Level] = []
    seen: dict[str, int] = {}
    ranked: list[ladder.RankedLevel] = []
    for fields in _items(top, "levels", LEVEL_TABLE, "level"):
        level_id = _unique_id(fields, seen, "level")
        if level_id is None:
            continue
        level = Level(
            level_id,
            fields.text("title") or level_id,
            len(levels),
            fields.identifier("track"),
            fields.text("description") or "",
            fields.mapping("meta") or {},
            rank=ladder.read_rank(fields),
            summary=fields.text("summary") or "",
            points=ladder.read_level_points(fields, scoring),
        )
        levels.append(level)
        ranked.append(ladder.RankedLevel(level_id, level.track, level.rank, fields))
    ladder.check_ranks(ranked)
    if not levels and top.data.get("levels") is not None:
        top.error(
            ("levels",), "the framework defines no levels", "e.g. levels: [{id: pm, title: PM}]"
        )
    return levels


def _groups(top: Fields) -> list[Group]:
    groups: list[Group] = []
    seen: dict[str, int] = {}
    for fields in _items(top, "groups", GROUP_TABLE, "group"):
        group_id = _unique_id(fields, seen, "group")
        if group_id is not None:
            title, description = fields.text("title") or group_id, fields.text("description")
            groups.append(Group(group_id, title, description or "", fields.mapping("meta") or {}))
    return groups


def _competencies(
    top: Fields, levels: list[Level], groups: list[Group], scales: dict[str, tuple[str, ...]]
) -> list[Competency]:
    competencies: list[Competency] = []
    entries: dict[str, dict[str, list[Entry]]] = {}
    seen: dict[str, int] = {}
    expectation_lines: dict[str, int] = {}
    level_ids = [lv.id for lv in levels]
    group_ids = [g.id for g in groups]
    for fields in _items(top, "competencies", COMPETENCY_TABLE, "competency"):
        competency_id = _unique_id(fields, seen, "competency")
        if competency_id is None:
            continue
        group = fields.identifier("group")
        if group is not None and group not in group_ids:
            fields.error(
                ("group",),
                f"unknown group '{group}'{did_you_mean(group, group_ids)}",
                "define it under groups: or remove the group",
            )
            group = None
        min_evidence = fields.integer("min_evidence", 0, minimum=1) or None
        scaled = ladder.read_scaled(fields, competency_id, scales, level_ids, expectation_lines)
        steps = {x.step: Expectation(x.id, x.text, competency_id, "", x.step) for x in scaled.steps}
        entries[competency_id] = (
            {lv: [replace(steps[step], level=lv)] for lv, step in scaled.required.items()}
            if scaled.scale
            else _expectations(fields, competency_id, level_ids, expectation_lines)
        )
        competencies.append(
            Competency(
                competency_id,
                fields.text("title") or competency_id,
                group,
                fields.text("description") or "",
                min_evidence,
                {},
                fields.mapping("meta") or {},
                cumulative=ladder.optional_boolean(fields, "cumulative"),
                scale=scaled.scale or None,
                steps=tuple(steps.values()),
            )
        )
    resolved = resolve_refs(entries)
    return [replace(c, own_expectations=resolved[c.id]) for c in competencies]


def _expectations(
    fields: Fields, competency_id: str, level_ids: list[str], seen: dict[str, int]
) -> dict[str, list[Entry]]:
    by_level = fields.mapping("expectations") or {}
    result: dict[str, list[Entry]] = {}
    for level_id, items in by_level.items():
        if level_id not in level_ids:
            line, col = fields.doc.key_at((*fields.at, "expectations", level_id))
            fields.diags.error(
                fields.doc.path,
                line,
                col,
                f"unknown level '{level_id}' in the expectations of "
                f"'{competency_id}'{did_you_mean(level_id, level_ids)}",
                f"levels: {', '.join(level_ids)}",
            )
            continue
        level_fields = fields.sub("expectations")
        if isinstance(items, str):
            items = [items]
        if not isinstance(items, list):
            level_fields.error(
                (level_id,),
                f"expectations for '{level_id}' must be a list",
                "write one `- expectation text` per line",
            )
            continue
        result[level_id] = list(
            e
            for i, item in enumerate(items)
            if (
                e := _expectation(
                    level_fields.sub(level_id), i, item, competency_id, level_id, seen
                )
            )
        )
    return result


def _expectation(
    fields: Fields, i: int, item: Any, competency_id: str, level_id: str, seen: dict[str, int]
) -> Entry | None:
    if isinstance(item, dict) and "ref" in item:
        return read_ref(fields, i, f"{competency_id}.{level_id}.{i + 1}")
    if isinstance(item, str) and item.strip():
        expectation_id, text = f"{competency_id}.{level_id}.{i + 1}", item.strip()
    elif isinstance(item, dict):
        entry = fields.sub(i, "an expectation")
        entry.check_keys(("id", "text"), required=("text",))
        text = entry.text("text") or ""
        expectation_id = entry.identifier("id") or f"{competency_id}.{level_id}.{i + 1}"
        if not text:
            return None
    else:
        fields.error(
            (i,),
            "an expectation must be text, {id, text} or {ref: ID}",
            "e.g. - Owns the strategy for one product area.",
        )
        return None
    if expectation_id in seen:
        fields.error(
            (i,),
            f"duplicate expectation id '{expectation_id}'",
            f"expectation ids are unique across the file; first used on line "
            f"{seen[expectation_id]}",
        )
        return None
    seen[expectation_id] = fields.pos(i)[0]
    return Expectation(expectation_id, text, competency_id, level_id)
