"""`dossier gaps --since DATE|last-check-in`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

import click

from dossier.dates import parse_iso_date, read_iso_date
from dossier.vocabulary import LAST_CHECK_IN

F = TypeVar("F", bound=Callable[..., Any])


def _since_value(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A YYYY-MM-DD date or `last-check-in` (usage error otherwise)."""
    if value is None or value == LAST_CHECK_IN or parse_iso_date(value) is not None:
        return value
    if read_iso_date(value)[1].startswith("out of range"):
        raise click.BadParameter(f"'{value}' is {read_iso_date(value)[1]}")
    raise click.BadParameter(
        f"'{value}' is neither a date nor {LAST_CHECK_IN}; write YYYY-MM-DD, e.g. 2026-09-01"
    )


def since_option(func: F) -> F:
    return click.option(
        "--since",
        callback=_since_value,
        metavar="YYYY-MM-DD|last-check-in",
        help="Also list what changed since then: new evidence, statuses that moved, "
        "readiness then and now, goals due or closed, quiet weeks.",
    )(func)


def since_day(value: str | None, as_of: date) -> date | str | None:
    """The --since value for the library: a day before as-of (usage error otherwise), or
    `last-check-in`, which the library resolves from check_ins."""
    if value is None or value == LAST_CHECK_IN:
        return value
    day = parse_iso_date(value)
    assert day is not None  # checked by the option
    if day >= as_of:
        raise click.BadParameter(
            f"{day.isoformat()} is not before the as-of day {as_of.isoformat()}",
            param_hint="'--since'",
        )
    return day
