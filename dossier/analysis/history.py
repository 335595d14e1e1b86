"""Readiness over time: the value at the end of each of the last 11 months and on the
as-of day, each judged as of that day from the evidence dated by then.

A past month-end's value depends only on the evidence dated on or before it (and on the
framework and the rules), so it is remembered under a fingerprint of exactly that: editing
a recent piece recomputes the recent months only.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from dossier.analysis.gaps import assess_level
from dossier.analysis.naming import EvidenceIndex
from dossier.analysis.points import level_readiness
from dossier.dates import add_months
from dossier.model.content import Evidence
from dossier.model.dossier import Dossier

HISTORY_POINTS = 12
_REMEMBERED_LIMIT = 4096
_remembered: dict[str, float] = {}  # fingerprint of a month's inputs -> readiness


@dataclass(frozen=True)
class HistoryPoint:
    day: date
    readiness: float
    pieces: int  # evidence dated on or before `day`
    committed: bool | None  # all of it committed to git by `day`; None outside git


def history_days(as_of: date) -> list[date]:
    """The ends of the 11 months before as-of's month, then the as-of day itself."""
    first_of_month = as_of.replace(day=1)
    ends = [add_months(first_of_month, 1 - i) - timedelta(days=1) for i in range(11, 0, -1)]
    return [*ends, as_of]


def _piece_print(evidence: Evidence) -> bytes:
    """What of a piece the readiness depends on."""
    fields = (
        evidence.slug,
        evidence.date,
        evidence.end,
        evidence.level,
        evidence.type,
        evidence.competencies,
        evidence.expectations,
    )
    return repr(fields).encode()


def _rules_print(view: Dossier, level: str) -> bytes:
    config = view.config
    rules = (level, config.target_level, config.analysis, sorted(config.not_required.items()))
    return repr((rules, view.framework)).encode()


def readiness_on(view: Dossier, day: date, level: str, index: EvidenceIndex | None = None) -> float:
    """Readiness as `dossier gaps --as-of day` reports it for this view (points included);
    0.0 where the level has nothing to assess, which has no history to show. `index`, the
    view's own, saves building it again for each day."""
    earlier = (index or EvidenceIndex(view)).dated_by(day)
    statuses = assess_level(view, level, day, earlier, detail=False)
    figure, _ = level_readiness(view.framework, level, statuses)
    return figure or 0.0


def readiness_history(
    view: Dossier,
    as_of: date,
    level: str,
    now: float,
    first_commits: Mapping[str, date] | None = None,
) -> tuple[HistoryPoint, ...]:
    """One point per day of `history_days`; the last one is `now`, the report's readiness.
    `first_commits` (path -> first commit day) where the workspace is in git."""
    days = history_days(as_of)
    running = hashlib.sha256(_rules_print(view, level))
    pieces = sorted(view.evidence, key=lambda e: (e.date, e.slug))
    points: list[HistoryPoint] = []
    index = cache(lambda: EvidenceIndex(view))  # built at the first day not remembered
    taken, newest_commit, uncommitted = 0, date.min, False
    for day in days:
        while taken < len(pieces) and pieces[taken].date <= day:
            piece = pieces[taken]
            running.update(_piece_print(piece))
            if first_commits is not None:
                first = first_commits.get(piece.path)
                uncommitted = uncommitted or first is None
                newest_commit = max(newest_commit, first or date.min)
            taken += 1
        committed = None if first_commits is None else not uncommitted and newest_commit <= day
        if day == as_of:
            value = now
        else:
            value = _remembered_readiness(view, day, level, running.hexdigest(), index)
        points.append(HistoryPoint(day, value, taken, committed))
    return tuple(points)


def remembered() -> dict[str, float]:
    """The past days' readiness worked out so far, by the fingerprint of their inputs (the
    speed layer keeps them between runs: a key can only match the same inputs)."""
    return dict(_remembered)


def remember(values: object) -> None:
    """Take back what `remembered` gave in an earlier run (anything else is ignored)."""
    if isinstance(values, dict) and len(values) <= _REMEMBERED_LIMIT:
        _remembered.update(
            (k, float(v))
            for k, v in values.items()
            if isinstance(k, str) and isinstance(v, (int, float)) and not isinstance(v, bool)
        )


def _remembered_readiness(
    view: Dossier, day: date, level: str, inputs: str, index: Callable[[], EvidenceIndex]
) -> float:
    """Readiness on a past day, remembered under the fingerprint of what it depends on."""
    key = f"{day.isoformat()}:{inputs}"
    found = _remembered.get(key)
    if found is None:
        found = readiness_on(view, day, level, index())
        if len(_remembered) >= _REMEMBERED_LIMIT:
            _remembered.clear()
        _remembered[key] = found
    return found
