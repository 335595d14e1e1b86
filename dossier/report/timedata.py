"""Progress over time as plain data (`history` and `changes` in the JSON report and
dossier.json), and in words for the terminal and Markdown."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dossier.analysis.changes import Changes
from dossier.analysis.history import HistoryPoint
from dossier.model.dossier import Dossier


def history_data(points: Sequence[HistoryPoint]) -> list[dict[str, Any]]:
    return [
        {
            "date": p.day.isoformat(),
            "readiness": p.readiness,
            "pieces": p.pieces,
            "committed": p.committed,
        }
        for p in points
    ]


def changes_data(changes: Changes) -> dict[str, Any]:
    def listed(values: Sequence[str] | None) -> list[str] | None:
        return None if values is None else list(values)

    return {
        "since": changes.since.isoformat(),
        "as_of": changes.as_of.isoformat(),
        "new_evidence": list(changes.new_evidence),
        "recorded_since": listed(changes.recorded_since),
        "moved": [
            {"id": m.id, "title": m.title, "from": m.before, "to": m.after} for m in changes.moved
        ],
        "readiness": {"then": changes.readiness_then, "now": changes.readiness_now},
        "goals_due": list(changes.goals_due),
        "goals_closed": listed(changes.goals_closed),
        "quiet_weeks": [monday.isoformat() for monday in changes.quiet_weeks],
    }


def history_line(points: Sequence[HistoryPoint]) -> str:
    """'Dec 2025 20.0% · Jan 2026 25.0% · ... · 22 Nov 2026 45.8%'."""
    shown = [f"{p.day.strftime('%b %Y')} {p.readiness:.1f}%" for p in points[:-1]]
    last = points[-1]
    shown.append(f"{last.day.strftime('%-d %b %Y')} {last.readiness:.1f}%")
    return " · ".join(shown)


def _titles(view: Dossier, slugs: Sequence[str]) -> list[str]:
    titles = {e.slug: e.title for e in view.evidence}
    titles.update({g.slug: g.title for g in view.goals})
    return [f"{titles.get(slug, slug)} ({slug})" for slug in slugs]


def changes_sections(changes: Changes, view: Dossier) -> list[tuple[str, list[str]]]:
    """(heading, lines) of each part of the changes, empty parts included."""
    since = changes.since.isoformat()
    sections = [
        (f"New evidence dated after {since}", _titles(view, changes.new_evidence)),
        (
            f"Recorded since {since}, dated earlier",
            _titles(view, changes.recorded_since or ()),
        ),
        ("Status moved", [f"{m.title}: {m.before} -> {m.after}" for m in changes.moved]),
        ("Goals that came due", _titles(view, changes.goals_due)),
        ("Goals closed", _titles(view, changes.goals_closed or ())),
        ("Quiet weeks (no evidence)", [f"week of {m.isoformat()}" for m in changes.quiet_weeks]),
    ]
    return sections


def changes_headline(changes: Changes) -> str:
    return (
        f"Since {changes.since.isoformat()}: readiness {changes.readiness_then:.1f}% -> "
        f"{changes.readiness_now:.1f}%"
    )


def changes_text(changes: Changes, view: Dossier) -> list[str]:
    lines = ["", changes_headline(changes)]
    for heading, items in changes_sections(changes, view):
        if items:
            lines += [f"  {heading}:", *(f"    {item}" for item in items)]
    return lines


def changes_markdown(changes: Changes, view: Dossier) -> list[str]:
    lines = ["", f"## {changes_headline(changes)}"]
    for heading, items in changes_sections(changes, view):
        if items:
            lines += ["", f"### {heading}", "", *(f"- {item}" for item in items)]
    return lines


def over_time_text(history: Sequence[HistoryPoint], changes: Changes | None, view: Dossier) -> str:
    """What the terminal report adds: the history in one line, then the changes."""
    lines = [f"Readiness over 12 months: {history_line(history)}"] if history else []
    lines += changes_text(changes, view) if changes else []
    return "\n".join(["", *lines]) if lines else ""


def over_time_markdown(
    history: Sequence[HistoryPoint], changes: Changes | None, view: Dossier
) -> str:
    lines = [f"Readiness over 12 months: {history_line(history)}"] if history else []
    lines += changes_markdown(changes, view) if changes else []
    return "\n".join(["", *lines]) + "\n" if lines else ""
