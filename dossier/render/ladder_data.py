"""The framework in dossier.json: the plain matrix as before, and the ladder keys (ranks,
summaries, points, scales, steps, `meta`) only where the framework uses them."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from dossier.model.framework import Competency, Framework, Group, Level


def framework_data(framework: Framework) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": framework.name,
        "cumulative": framework.cumulative,
        "levels": [_level(lv) for lv in framework.levels],
        "competencies": [_competency(c) for c in framework.competencies],
    }
    if framework.scales:
        data["scales"] = {name: list(steps) for name, steps in framework.scales.items()}
    if framework.points:
        data["scoring"] = {"points": list(framework.points)}
    if framework.meta:
        data["meta"] = plain(framework.meta)
    return data


def _level(level: Level) -> dict[str, Any]:
    data: dict[str, Any] = {"id": level.id, "title": level.title, "track": level.track}
    optional = {
        "rank": level.rank,
        "points": level.points,
        "summary": level.summary or None,
        "meta": plain(level.meta) if level.meta else None,
    }
    return data | {key: value for key, value in optional.items() if value is not None}


def _competency(competency: Competency) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": competency.id,
        "title": competency.title,
        "group": competency.group,
        "description": competency.description,
        "expectations": {
            level: [{"id": e.id, "text": e.text} for e in items]
            for level, items in competency.own_expectations.items()
        },
    }
    if competency.scale:
        data["scale"] = competency.scale
        data["steps"] = [{"id": x.id, "step": x.step, "text": x.text} for x in competency.steps]
    if competency.cumulative is not None:
        data["cumulative"] = competency.cumulative
    if competency.meta:
        data["meta"] = plain(competency.meta)
    return data


def plain(value: Any) -> Any:
    """Free-form `meta` as JSON holds it: names as text, numbers that JSON cannot write
    (.inf, .nan) as text."""
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return value


def meta_texts(framework: Framework) -> Iterator[str]:
    """Every word of `meta` in the framework (the file's, the levels', groups' and
    competencies'), as the site shows it."""
    yield from _leaves(framework.meta)
    owners: list[Level | Group | Competency] = [*framework.levels, *framework.groups]
    for owner in [*owners, *framework.competencies]:
        yield from _leaves(owner.meta)


def _leaves(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _leaves(item)
    elif isinstance(value, list):
        for item in value:
            yield from _leaves(item)
    elif value is not None:
        yield str(value)
