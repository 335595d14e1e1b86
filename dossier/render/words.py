"""How dates and reasons read on a page: dates are never split across lines (no break
inside "1 Mar 2027", "2026-12-31" or "2026-Q3"), whatever the width of the column."""

from __future__ import annotations

from datetime import date

import jinja2
from markupsafe import Markup, escape

from dossier.markdown.nobreak import wrap_dates

NBSP = "\u00a0"


def long_date(day: date | None) -> str:
    return day.strftime(f"%-d{NBSP}%b{NBSP}%Y") if day else ""


def month_year(day: date | None) -> str:
    return day.strftime(f"%b{NBSP}%Y") if day else ""


def unbroken_dates(text: object) -> Markup:
    """Text with each ISO date, month or quarter kept on one line."""
    return Markup(wrap_dates(str(escape(text))))


def add_filters(env: jinja2.Environment) -> None:
    env.filters["longdate"] = long_date
    env.filters["month"] = month_year
    env.filters["dates"] = unbroken_dates
