"""`{ref: ID}` in a level's list of expectations: the same expectation, expected again at
another level (a plateau: "nothing new beyond IC4"). Refs are resolved once every
competency is read, so a ref may name an expectation written further down the file."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Union

from dossier.errors import did_you_mean
from dossier.model.fields import Fields

if TYPE_CHECKING:
    from dossier.model.framework import Expectation

REF_HINT = "a ref names an expectation id of the same competency, e.g. {ref: code.ic4.1}"


@dataclass(frozen=True)
class PendingRef:
    target: str  # the expectation id named
    slot_id: str  # the id this entry's place would give a plain text: <competency>.<level>.<N>
    where: Fields  # the level's list
    index: int


Entry = Union["Expectation", PendingRef]


def read_ref(fields: Fields, i: int, slot_id: str) -> PendingRef | None:
    """A `{ref: ID}` entry at place i of a level's list."""
    entry = fields.sub(i, "a ref")
    entry.check_keys(("ref",), required=("ref",))
    target = entry.identifier("ref")
    return None if target is None else PendingRef(target, slot_id, fields, i)


def resolve_refs(
    entries: dict[str, dict[str, list[Entry]]],
) -> dict[str, dict[str, tuple[Expectation, ...]]]:
    """competency -> level -> entries, with each ref replaced by the expectation it names
    (refs in error are left out, each reported where it was written)."""
    known = {
        e.id: e
        for levels in entries.values()
        for items in levels.values()
        for e in items
        if not isinstance(e, PendingRef)
    }
    resolved: dict[str, dict[str, tuple[Expectation, ...]]] = {}
    for competency_id, levels in entries.items():
        resolved[competency_id] = {}
        for level_id, items in levels.items():
            found: list[Expectation] = []
            for item in items:
                if not isinstance(item, PendingRef):
                    found.append(item)
                    continue
                target = _target(item, competency_id, level_id, known, found)
                if target is not None:
                    found.append(target)
            resolved[competency_id][level_id] = tuple(found)
    return resolved


def _target(
    ref: PendingRef,
    competency_id: str,
    level_id: str,
    known: dict[str, Expectation],
    found: Sequence[Expectation],
) -> Expectation | None:
    """The expectation a ref names, or None (reported) when it cannot be used here."""
    at = (ref.index, "ref")
    if ref.target == ref.slot_id:
        ref.where.error(at, f"the ref '{ref.target}' names itself", REF_HINT)
        return None
    target = known.get(ref.target)
    if target is None:
        own = [x for x, e in known.items() if e.competency == competency_id]
        ref.where.error(
            at,
            f"unknown expectation '{ref.target}' in a ref{did_you_mean(ref.target, own)}",
            f"a ref names an expectation id of the same competency, e.g. {{ref: {own[0]}}}"
            if own
            else REF_HINT,
        )
        return None
    if target.competency != competency_id:
        ref.where.error(
            at,
            f"the ref '{ref.target}' names an expectation of competency '{target.competency}'",
            "a ref repeats an expectation of the same competency; evidence naming it counts "
            f"toward '{target.competency}' only",
        )
        return None
    if target.level == level_id or any(e.id == target.id for e in found):
        ref.where.error(
            at,
            f"'{ref.target}' is already expected at '{level_id}'",
            "remove the repeated entry",
        )
        return None
    return target
