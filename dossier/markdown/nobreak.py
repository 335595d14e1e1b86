"""Dates kept on one line: a narrow column (a phone, a table cell) must not break
"2026-12-31" after "2026-", so ISO dates, months and quarters in text are wrapped in a
span that the stylesheet keeps whole."""

from __future__ import annotations

import re

_DATE_LIKE = re.compile(r"\b\d{4}-(?:\d{2}-\d{2}|\d{2}|Q[1-4])\b")


def _in_span(found: re.Match[str]) -> str:
    return f'<span class="nowrap">{found.group(0)}</span>'


def wrap_dates(escaped: str) -> str:
    """Escaped text (HTML) with each ISO date, month or quarter in a span.nowrap."""
    # Most text has no hyphen, so no date: it is called on every piece of text of a body.
    return _DATE_LIKE.sub(_in_span, escaped) if "-" in escaped else escaped
