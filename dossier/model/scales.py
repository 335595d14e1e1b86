"""Reading the ladder keys beyond the plain matrix (SPEC section 2): named proficiency
scales, points, level ranks and summaries, and competencies judged by steps."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from dossier.errors import did_you_mean
from dossier.model.fields import ID_PATTERN, Fields
from dossier.model.ladder_keys import SCORING_TABLE, keys_of, required_of

QUOTE_HINT = 'step names are text: quote a number, e.g. "1"'


@dataclass(frozen=True)
class StepExpectation:
    """What a step of a competency's scale asks for; its expectation id is
    `<competency>.<step>`."""

    id: str
    step: str
    text: str


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, bool):
        return "true/false"
    return "nothing" if value is None else "a number"


# -- the file: scales and scoring ---------------------------------------------------------
def read_scales(top: Fields) -> dict[str, tuple[str, ...]]:
    """`scales: {name: [step, ...]}`, each a list of distinct step names, lowest first."""
    found: dict[str, tuple[str, ...]] = {}
    for name, steps in (top.mapping("scales") or {}).items():
        where = top.sub("scales")
        if not isinstance(name, str) or not ID_PATTERN.fullmatch(name):
            where.error((name,), f"'{name}' is not a valid scale name", "e.g. proficiency")
            continue
        if not isinstance(steps, list) or not steps:
            where.error(
                (name,),
                f"the scale '{name}' must be a list of steps, lowest first",
                f"e.g. {name}: [adopts, specializes, evangelizes]",
            )
            continue
        found[name] = _steps(where.sub(name), steps)
    return found


def _steps(where: Fields, steps: list[Any]) -> tuple[str, ...]:
    names: list[str] = []
    lines: dict[str, int] = {}
    for i, step in enumerate(steps):
        if not isinstance(step, str):
            where.error((i,), f"step {step!r} must be text, found {_kind(step)}", QUOTE_HINT)
            continue
        if not ID_PATTERN.fullmatch(step):
            where.error(
                (i,),
                f"'{step}' is not a valid step name",
                "step names use letters, digits, '-', '_' and '.', e.g. specializes",
            )
            continue
        if step in lines:
            where.error(
                (i,),
                f"step '{step}' is repeated in the scale",
                f"each step appears once; first on line {lines[step]}",
            )
            continue
        lines[step] = where.pos(i)[0]
        names.append(step)
    return tuple(names)


def read_scoring(top: Fields, scales: dict[str, tuple[str, ...]]) -> tuple[int, ...] | None:
    """`scoring: {points: [...]}`: what a competency is worth at each step, as totals."""
    if top.data.get("scoring") is None:
        return None
    scoring = top.sub("scoring", "scoring")
    if top.mapping("scoring") is None:
        return None
    scoring.check_keys(keys_of(SCORING_TABLE), required=required_of(SCORING_TABLE))
    values = scoring.list_of("points")
    points: list[int] = []
    for i, value in enumerate(values):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            scoring.error(
                ("points", i),
                f"points must be whole numbers of 0 or more, found {value!r}",
                "e.g. points: [1, 3, 6, 12, 20]",
            )
            return None
        if points and value < points[-1]:
            scoring.error(
                ("points", i),
                f"points go down from {points[-1]} to {value}",
                "points are totals per step, lowest step first: each at least the one before",
            )
            return None
        points.append(value)
    for name, steps in scales.items():
        if values and len(points) < len(steps):
            scoring.error(
                ("points",),
                f"scoring gives {len(points)} points values, but the scale '{name}' "
                f"has {len(steps)} steps",
                "give one total per step of the longest scale, lowest step first",
            )
    return tuple(points)


# -- levels: rank, points ------------------------------------------------------------------
def read_rank(fields: Fields) -> float | None:
    value = fields.data.get("rank")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        fields.error(
            ("rank",),
            f"'rank' must be a number, found {value!r}",
            "e.g. rank: 5 (levels with ranks compare by rank across tracks)",
        )
        return None
    return value


def read_level_points(fields: Fields, scoring: tuple[int, ...] | None) -> int | None:
    if fields.data.get("points") is None:
        return None
    if scoring is None:
        fields.error(
            ("points",),
            "'points' on a level needs scoring at the top of the file",
            "add e.g. scoring: {points: [1, 3, 6, 12, 20]} (a total per step, lowest first)",
        )
        return None
    return fields.integer("points", 0, minimum=0, maximum=1_000_000)


@dataclass(frozen=True)
class RankedLevel:
    id: str
    track: str | None
    rank: float | None
    fields: Fields


def check_ranks(levels: list[RankedLevel]) -> None:
    """Ranks on every level or none; within a track, the list order and the ranks agree."""
    ranked = [lv for lv in levels if lv.rank is not None]
    if not ranked:
        return
    for level in levels:
        if level.fields.data.get("rank") is None:  # a rank that is not a number is reported
            level.fields.error(
                (),
                f"level '{level.id}' has no rank, but other levels have one",
                f"give every level a rank, or none; e.g. rank: {len(levels)}",
            )
    tracks: list[str | None] = [*sorted({lv.track for lv in levels if lv.track}), None]
    for track in tracks:
        on_track = [lv for lv in ranked if lv.track in (None, track)]
        for lower, level in pairwise(on_track):
            assert lower.rank is not None and level.rank is not None
            if level.rank < lower.rank:
                level.fields.error(
                    ("rank",),
                    f"level '{level.id}' (rank {level.rank:g}) is listed after "
                    f"'{lower.id}' (rank {lower.rank:g}) on the same track",
                    "levels are listed lowest first: move the level or fix its rank",
                )


# -- competencies judged by steps -------------------------------------------------------------
@dataclass(frozen=True)
class ScaledCompetency:
    scale: str
    steps: tuple[StepExpectation, ...]
    required: dict[str, str]  # level id -> the step it requires


def read_scaled(
    fields: Fields,
    competency_id: str,
    scales: dict[str, tuple[str, ...]],
    level_ids: list[str],
    seen: dict[str, int],
) -> ScaledCompetency:
    """The competency's scale, its step texts and the step each level requires; a scale
    named '' for a competency without `scale` (then `steps` is an error)."""
    name = fields.identifier("scale")
    if name is None:
        if fields.data.get("steps") is not None:
            fields.error(
                ("steps",), "'steps' needs a 'scale'", f"add scale: NAME ({_names(scales)})"
            )
        return ScaledCompetency("", (), {})
    if name not in scales:
        fields.error(
            ("scale",),
            f"unknown scale '{name}'{did_you_mean(name, scales)}",
            f"scales are defined at the top of the file under scales: ({_names(scales)})",
        )
        return ScaledCompetency(name, (), {})  # reported: judged on no step
    steps = scales[name]
    texts = _step_texts(fields, name, steps)
    made: list[StepExpectation] = []
    for step in steps:
        expectation_id = f"{competency_id}.{step}"
        if expectation_id in seen:
            fields.error(
                ("scale",),
                f"the step id '{expectation_id}' is also an expectation id",
                f"expectation ids are unique across the file; first used on line "
                f"{seen[expectation_id]}",
            )
            continue
        seen[expectation_id] = fields.pos("scale")[0]
        made.append(StepExpectation(expectation_id, step, texts.get(step) or step))
    required = _required_steps(fields, competency_id, name, steps, level_ids)
    return ScaledCompetency(name, tuple(made), required)


def _names(scales: dict[str, tuple[str, ...]]) -> str:
    return ", ".join(scales) or "none defined yet"


def _step_texts(fields: Fields, scale: str, steps: tuple[str, ...]) -> dict[str, str]:
    texts: dict[str, str] = {}
    given = fields.mapping("steps") or {}
    where = fields.sub("steps", "steps") if given else fields
    for step in given:
        if str(step) not in steps:
            line, col = fields.doc.key_at((*fields.at, "steps", step))
            fields.diags.error(
                fields.doc.path,
                line,
                col,
                f"step '{step}' is not in the scale '{scale}'{did_you_mean(str(step), steps)}",
                f"steps of '{scale}', lowest first: {', '.join(steps)}",
            )
            continue
        value = where.text(str(step)) if isinstance(step, str) else None
        if value:
            texts[str(step)] = value
    return texts


def _required_steps(
    fields: Fields, competency_id: str, scale: str, steps: tuple[str, ...], level_ids: list[str]
) -> dict[str, str]:
    required: dict[str, str] = {}
    given = fields.mapping("expectations") or {}
    where = fields.sub("expectations") if given else fields
    for level_id, step in given.items():
        if level_id not in level_ids:
            line, col = fields.doc.key_at((*fields.at, "expectations", level_id))
            fields.diags.error(
                fields.doc.path,
                line,
                col,
                f"unknown level '{level_id}' in the expectations of "
                f"'{competency_id}'{did_you_mean(str(level_id), level_ids)}",
                f"levels: {', '.join(level_ids)}",
            )
        elif not isinstance(step, str):
            where.error(
                (level_id,),
                f"'{competency_id}' is judged on the scale '{scale}': "
                f"a level names one step, found {_kind(step)}",
                f"e.g. {level_id}: {steps[0]}; {QUOTE_HINT}",
            )
        elif step not in steps:
            where.error(
                (level_id,),
                f"step '{step}' is not in the scale '{scale}'{did_you_mean(step, steps)}",
                f"steps of '{scale}', lowest first: {', '.join(steps)}",
            )
        else:
            required[level_id] = step
    return required


def optional_boolean(fields: Fields, key: str) -> bool | None:
    """true/false where given; None where the key is absent (the file's setting applies)."""
    if fields.data.get(key) is None:
        return None
    return fields.boolean(key, False)
