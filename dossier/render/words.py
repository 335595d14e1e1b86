"""How dates and reasons read on a page: dates are never split across lines (no break
inside "1 Mar 2027", "2026-12-31" or "2026-Q3"), whatever the width of the column."""

from __future__ import annotations

import re
from datetime import date

import jinja2
from markupsafe import Markup, escape

NBSP = "\u00a0"
_DATE_LIKE = re.compile(r"\b\d{4}-(?:\d{2}-\d{2}|\d{2}|Q[1-4])\b")


def long_date(day: date | None) -> str:
    return day.strftime(f"%-d{NBSP}%b{NBSP}%Y") if day else ""


def month_year(day: date | None) -> str:
    return day.strftime(f"%b{NBSP}%Y") if day else ""


def unbroken_dates(text: object) -> Markup:
    """Text with each ISO date, month or quarter kept on one line."""
    escaped = str(escape(text))
    return Markup(_DATE_LIKE.sub(lambda m: f'<span class="nowrap">{m.group(0)}</span>', escaped))


def add_filters(env: jinja2.Environment) -> None:
    env.filters["longdate"] = long_date
    env.filters["month"] = month_year
    env.filters["dates"] = unbroken_dates
