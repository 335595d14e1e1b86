"""Dates near the ends of the calendar (issue 20, item 8): years outside 1900 to 2200 are
a file:line error wherever a date is read, and a usage error for `--as-of`, instead of
"internal error: ValueError: year 10000 is out of range"."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from click.testing import CliRunner, Result
from conftest import Workspace
from test_serve import LiveServer, wait_for
from test_serve import start as start  # the fixture, for pytest to find here

from dossier.cli import cli

EDGES = ["9999-12-31", "0001-01-01", "2201-01-01", "1899-12-31"]
PIECE = "content/evidence/2026-05-01-piece.md"


def run(ws: Workspace, *args: str, as_of: str = "2026-06-01") -> Result:
    out = ws.root.parent / "out"
    command = ["build", "-C", str(ws.root), "--as-of", as_of, "-o", str(out), "--no-cache"]
    return CliRunner().invoke(cli, [*command, *args])


def piece(ws: Workspace, **fields: Any) -> None:
    fields.setdefault("date", "2026-05-01")
    ws.evidence("2026-05-01-piece", "Body.\n", competencies=["design"], **fields)


def line_of(ws: Workspace, rel: str, key: str) -> int:
    lines = (ws.root / rel).read_text("utf-8").split("\n")
    return next(i for i, line in enumerate(lines, 1) if line.lstrip(" -").startswith(f"{key}:"))


def assert_refused(result: Result, where: str, what: str) -> None:
    assert result.exit_code == 1, result.output
    assert "internal error" not in result.output and "Traceback" not in result.output
    assert where in result.output, result.output
    assert f"for '{what}' is out of range (years 1900 to 2200)" in result.output, result.output


@pytest.mark.parametrize("day", EDGES)
@pytest.mark.parametrize("field", ["date", "end"])
def test_evidence_dates_out_of_range_are_file_line_errors(
    ws: Workspace, field: str, day: str
) -> None:
    piece(ws, **{field: day})
    assert_refused(run(ws), f"{PIECE}:{line_of(ws, PIECE, field)}:", field)


@pytest.mark.parametrize("day", EDGES)
def test_goal_due_out_of_range_is_a_file_line_error(ws: Workspace, day: str) -> None:
    piece(ws)
    ws.goal("ship-it", "Plan.\n", due=day, competencies=["design"])
    rel = "content/goals/ship-it.md"
    assert_refused(run(ws), f"{rel}:{line_of(ws, rel, 'due')}:", "due")


@pytest.mark.parametrize("day", EDGES)
def test_config_dates_out_of_range_are_file_line_errors(ws: Workspace, day: str) -> None:
    piece(ws)
    ws.write_config(cycle=day, check_ins={"every_weeks": 4, "with": "Sam", "from": day})
    result = run(ws)
    assert_refused(result, f"dossier.yaml:{line_of(ws, 'dossier.yaml', 'cycle')}:", "cycle")
    assert_refused(result, f"dossier.yaml:{line_of(ws, 'dossier.yaml', 'from')}:", "from")


@pytest.mark.parametrize("day", EDGES)
@pytest.mark.parametrize("command", ["build", "gaps", "serve"])
def test_as_of_out_of_range_is_a_usage_error(ws: Workspace, day: str, command: str) -> None:
    piece(ws)
    result = CliRunner().invoke(cli, [command, "-C", str(ws.root), "--as-of", day])
    assert result.exit_code == 2, result.output
    assert "out of range (years 1900 to 2200)" in result.output, result.output


@pytest.mark.parametrize("day", ["1900-01-01", "2200-12-31"])
def test_the_first_and_last_day_in_range_build(ws: Workspace, day: str) -> None:
    piece(ws, date=day)
    ws.goal("ship-it", "Plan.\n", due=day, competencies=["design"])
    ws.write_config(cycle=day, check_ins={"every_weeks": 4, "with": "Sam", "from": day})
    result = run(ws, as_of=day)
    assert result.exit_code == 0, result.output


def test_source_date_epoch_out_of_range_is_an_error(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    piece(ws)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(400 * 365 * 86400))  # in 2369
    result = CliRunner().invoke(cli, ["build", "-C", str(ws.root), "-o", str(ws.root / "o")])
    assert result.exit_code == 1 and "out of range" in result.output, result.output


def test_serve_shows_the_error_and_still_answers_the_timeline(
    ws: Workspace, start: Callable[..., LiveServer]
) -> None:
    piece(ws)
    server = start(ws.root)
    assert server.get("/timeline.html").status == 200
    piece(ws, end="9999-12-31")
    wait_for(lambda: "out of range" in server.transcript(), "the error in the terminal")
    response = server.get("/timeline.html")
    assert response.status == 200 and b"</html>" in response.body


@pytest.mark.parametrize("moment", ["9999-12-31T23:30:00Z", "0001-01-01 10:00:00+02:00"])
def test_a_date_time_out_of_range_is_a_file_line_error(ws: Workspace, moment: str) -> None:
    """A date-time is read as the day written; that day is bounded like any date."""
    piece(ws, date=moment)
    assert_refused(run(ws), f"{PIECE}:{line_of(ws, PIECE, 'date')}:", "date")
