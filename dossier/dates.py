"""Calendar arithmetic the analysis is defined in: calendar months and quarters."""

from __future__ import annotations

import calendar
import os
import re
from datetime import date, datetime, timezone
from functools import lru_cache

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# A YAML or ISO 8601 date-time (as Jekyll and Hugo front matter has): the day, then a
# time of day, then an optional zone, which does not move the day.
_DATE_TIME = re.compile(
    r"(\d{4}-\d{2}-\d{2})(?:[Tt]|[ \t]+)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
    r"(?:[ \t]*(?:Z|z|[+-]\d{1,2}(?::?\d{2})?))?"
)
# Years a promotion case can mean. Bounded so that every sum the analysis does on a date
# (months ahead, quarters, the history's month-ends) stays inside Python's calendar.
MIN_YEAR, MAX_YEAR = 1900, 2200
YEARS = f"years {MIN_YEAR} to {MAX_YEAR}"


def read_iso_date(text: str) -> tuple[date | None, str]:
    """A strict YYYY-MM-DD date within YEARS, or None and why not."""
    if not _ISO_DATE.fullmatch(text):
        return None, "not a date"
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None, "not a date"
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        return None, f"out of range ({YEARS})"
    return day, ""


def parse_iso_date(text: str) -> date | None:
    """A strict YYYY-MM-DD date within YEARS, or None."""
    return read_iso_date(text)[0]


def parse_day(text: str) -> date | None:
    """A YYYY-MM-DD date, or a date-time read as the day written (with or without a zone:
    2026-05-01T23:30:00-05:00 is 1 May, whatever the day is elsewhere); None otherwise."""
    return read_day(text)[0]


def read_day(text: str) -> tuple[date | None, str]:
    """parse_day, and why not when it is None."""
    found = _DATE_TIME.fullmatch(text.strip())
    return read_iso_date(found.group(1) if found else text)


def add_months(day: date, months: int) -> date:
    """Shift by calendar months, clamping to the month's last day (Mar 31 - 1 = Feb 28)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def whole_months_between(start: date, end: date) -> int:
    """Complete calendar months from start to end (negative when end is earlier)."""
    if end < start:
        return -whole_months_between(end, start)
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if add_months(start, months) > end:
        months -= 1
    return months


@lru_cache(maxsize=4096)
def quarter_of(day: date) -> str:
    """'2026-Q3'; asked for again and again while every claim is judged."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def month_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def last_months(as_of: date, count: int) -> list[str]:
    """The `count` calendar months ending with as_of's month, oldest first."""
    return [month_of(add_months(as_of.replace(day=1), -i)) for i in range(count - 1, -1, -1)]


def resolve_today(as_of: date | None) -> date:
    """'Now': --as-of where given, else SOURCE_DATE_EPOCH (UTC), else today."""
    if as_of is not None:
        return as_of
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return date.today()
    try:
        day = datetime.fromtimestamp(int(epoch), tz=timezone.utc).date()
    except (ValueError, OverflowError, OSError) as exc:
        raise ValueError(f"SOURCE_DATE_EPOCH={epoch!r} is not a Unix timestamp") from exc
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise ValueError(f"SOURCE_DATE_EPOCH={epoch!r} is {day}, out of range ({YEARS})")
    return day
