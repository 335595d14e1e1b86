"""The command line (SPEC sections 3 and 4): commands, options, conventions, the JSON report.

Expected values are worked out by hand from the SPEC rules, never pasted from output.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from conftest import MINI_FRAMEWORK, REPO, Workspace

from dossier import __version__
from dossier.cli import cli

AS_OF = "2026-11-22"
ANSI = re.compile(r"\x1b\[")
STATUSES = {"demonstrated", "partial", "gap", "not required"}


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Nothing from the developer's shell leaks into a run."""
    for name in list(os.environ):
        if name.startswith("DOSSIER_"):
            monkeypatch.delenv(name)
    for name in ("SOURCE_DATE_EPOCH", "NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    yield


def run(*args: str, env: dict[str, str] | None = None, color: bool = False) -> Result:
    return CliRunner().invoke(cli, list(args), env=env, color=color, prog_name="dossier")


def no_crash(result: Result) -> None:
    """No traceback, and not the catch-all 'internal error' (a bug) either."""
    assert "Traceback" not in result.output
    assert "internal error" not in result.output
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), repr(result.exception)


def gaps_json(*args: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    result = run("gaps", *args, "--format", "json", env=env)
    assert result.exit_code == 0, result.output
    no_crash(result)
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    return data


def statuses(data: dict[str, Any]) -> dict[str, str]:
    return {c["id"]: c["status"] for c in data["competencies"]}


def simple(ws: Workspace) -> Workspace:
    """MINI_FRAMEWORK at staff: design demonstrated, delivery partial (1 piece) -> 75.0%."""
    ws.evidence("d1", date="2026-02-10", competencies=["design"])
    ws.evidence("d2", date="2026-07-15", competencies=["design"])
    ws.evidence("v1", date="2026-09-01", competencies=["delivery"])
    return ws


# -- a workspace whose report is worked out by hand ----------------------------------------
HAND_FRAMEWORK = (
    MINI_FRAMEWORK
    + """\
  - id: writing
    title: Technical writing
    expectations:
      staff:
        - {id: design-docs, text: Writes design docs others follow.}
  - id: mentoring
    title: Mentoring
    expectations:
      staff:
        - Mentors engineers.
"""
)
MENTORING_REASON = "Agreed with Jo on 2026-09-02: mentoring was assessed last cycle."


@pytest.fixture
def hand(ws: Workspace) -> Workspace:
    """Target staff, as of 2026-11-22, defaults (min_evidence 2, recent 12, periods 2, types 1).

    Competencies with expectations at staff, in framework order: design, delivery, writing,
    mentoring (people only has expectations at manager).

    - design: d1 (2026-02-10, project, names cross-team-design) and d2 (2026-07-15,
      feedback, visibility self), both without `level` so at the target level: 2 pieces,
      latest 4 months old, 2026-Q1 and 2026-Q3, 2 types -> demonstrated. d0 is at ic2,
      below staff: not counted. design.staff.2 is named by no counted evidence while d1
      names a design expectation -> unanswered. Open goal: late-design-goal.
    - delivery: v1 and v2 at level principal (after staff in the list: counted), dated
      2024-01-10 and 2024-02-20: 2 pieces but the latest is 33 whole months before
      2026-11-22 (2026-10-20 is 32 months on, 2026-11-20 is 33) and both fall in 2024-Q1
      -> partial. Its only goal is done -> unplanned.
    - writing: w1 is at ic1, below staff -> gap. Planned goal writing-goal (due on the
      as-of date itself, so not past due).
    - mentoring: in not_required -> "not required", left out of readiness.

    Readiness (self): (1 + 0.5 + 0) / 3 = 50.0. Overdue: late-design-goal only.
    Cycle 2027-03-01: 3 whole months after 2026-11-22 (2027-02-22 is 3 on, 2027-03-22 is
    past the cycle), inside lead_months 6 with competencies short -> a warning.
    """
    ws.write("content/framework.yaml", HAND_FRAMEWORK)
    ws.write_config(cycle="2027-03-01", not_required={"mentoring": MENTORING_REASON})
    ws.evidence(
        "d1",
        date="2026-02-10",
        competencies=["design"],
        expectations=["cross-team-design"],
        type="project",
    )
    ws.evidence(
        "d2",
        date="2026-07-15",
        competencies=["design"],
        type="feedback",
        quote="Ada's reviews are thorough.",
        **{"from": "Bo Chen (Staff Engineer)"},
        visibility="self",
    )
    ws.evidence("d0", date="2026-05-01", competencies=["design"], level="ic2", type="project")
    ws.evidence("v1", date="2024-01-10", competencies=["delivery"], level="principal")
    ws.evidence(
        "v2", date="2024-02-20", competencies=["delivery"], level="principal", type="metric"
    )
    ws.evidence("w1", date="2026-10-01", competencies=["writing"], level="ic1")
    ws.goal(
        "late-design-goal",
        due="2026-10-31",
        status="in-progress",
        competencies=["design"],
        metric="designs reviewed",
        success="three reviews",
    )
    ws.goal(
        "writing-goal",
        due=AS_OF,
        status="planned",
        competencies=["writing"],
        metric="docs",
        success="two design docs",
    )
    ws.goal(
        "delivery-done",
        due="2026-06-30",
        status="done",
        competencies=["delivery"],
        metric="projects",
        success="one shipped",
    )
    return ws


def test_hand_workspace_checks_clean(hand: Workspace) -> None:
    result = run("check", "-C", str(hand.root), "--strict")
    assert result.exit_code == 0, result.output
    no_crash(result)


def test_json_report_values(hand: Workspace) -> None:
    data = gaps_json("-C", str(hand.root), "--as-of", AS_OF)
    assert data["level"] == "staff"
    assert data["as_of"] == AS_OF
    assert isinstance(data["readiness"], (int, float))
    assert not isinstance(data["readiness"], bool)
    assert data["readiness"] == pytest.approx(50.0)

    comps = {c["id"]: c for c in data["competencies"]}
    assert [c["id"] for c in data["competencies"]] == ["design", "delivery", "writing", "mentoring"]
    for c in data["competencies"]:
        assert c["status"] in STATUSES
        assert isinstance(c["reasons"], list) and c["reasons"]
        assert all(isinstance(r, str) for r in c["reasons"])
        assert isinstance(c["evidence"], list)
        assert isinstance(c["goals"], list)

    assert comps["design"]["status"] == "demonstrated"
    assert sorted(comps["design"]["evidence"]) == ["d1", "d2"]
    assert comps["design"]["goals"] == ["late-design-goal"]

    delivery = comps["delivery"]
    assert delivery["status"] == "partial"
    assert sorted(delivery["evidence"]) == ["v1", "v2"]
    assert delivery["goals"] == []
    assert any("33 months" in r for r in delivery["reasons"]), delivery["reasons"]
    assert any("2024-Q1" in r for r in delivery["reasons"]), delivery["reasons"]
    assert not any("of 2 pieces" in r for r in delivery["reasons"]), delivery["reasons"]

    assert comps["writing"]["status"] == "gap"
    assert comps["writing"]["evidence"] == []
    assert comps["writing"]["goals"] == ["writing-goal"]

    assert comps["mentoring"]["status"] == "not required"
    assert any(MENTORING_REASON in r for r in comps["mentoring"]["reasons"])
    assert comps["mentoring"]["evidence"] == []
    assert comps["mentoring"]["goals"] == []

    assert data["unanswered_expectations"] == ["design.staff.2"]
    assert data["unplanned"] == ["delivery"]
    assert data["overdue_goals"] == ["late-design-goal"]
    timing = data["timing"]
    assert timing["cycle"] == "2027-03-01"
    assert timing["months_left"] == 3
    assert isinstance(timing["warning"], str) and timing["warning"].strip()


def test_json_partial_names_the_shortfall(ws: Workspace) -> None:
    """One piece in one quarter: '1 of 2 pieces' and 'all in 2026-Q3'."""
    simple(ws)
    data = gaps_json("-C", str(ws.root), "--as-of", AS_OF)
    delivery = next(c for c in data["competencies"] if c["id"] == "delivery")
    assert delivery["status"] == "partial"
    assert delivery["evidence"] == ["v1"]
    assert any("1 of 2 pieces" in r for r in delivery["reasons"]), delivery["reasons"]
    assert any("all in 2026-Q3" in r for r in delivery["reasons"]), delivery["reasons"]
    assert data["readiness"] == pytest.approx(75.0)
    assert data["unanswered_expectations"] == []
    assert data["unplanned"] == ["delivery"]
    assert data["overdue_goals"] == []


def test_json_timing_without_cycle_and_far_cycle(ws: Workspace) -> None:
    simple(ws)
    data = gaps_json("-C", str(ws.root), "--as-of", AS_OF)
    assert data["timing"]["cycle"] is None
    assert data["timing"]["months_left"] is None
    assert not data["timing"]["warning"]
    # 2026-11-22 -> 2028-01-01: 2027-12-22 is 13 months on, 2028-01-22 is past it.
    ws.write_config(cycle="2028-01-01")
    data = gaps_json("-C", str(ws.root), "--as-of", AS_OF)
    assert data["timing"] == {"cycle": "2028-01-01", "months_left": 13, "warning": None}


def test_readiness_rounds_to_one_decimal(hand: Workspace) -> None:
    """Audience manager does not see d2: design has 1 piece -> partial; (0.5+0.5+0)/3."""
    data = gaps_json("-C", str(hand.root), "--as-of", AS_OF, "--audience", "manager")
    assert statuses(data) == {
        "design": "partial",
        "delivery": "partial",
        "writing": "gap",
        "mentoring": "not required",
    }
    assert data["readiness"] == pytest.approx(33.3)
    design = next(c for c in data["competencies"] if c["id"] == "design")
    assert design["evidence"] == ["d1"]
    assert any("1 of 2 pieces" in r for r in design["reasons"])


# -- formats ----------------------------------------------------------------------------
def test_markdown_has_a_table_row_per_competency(hand: Workspace) -> None:
    result = run("gaps", "-C", str(hand.root), "--as-of", AS_OF, "--format", "markdown")
    assert result.exit_code == 0, result.output
    rows = [line for line in result.stdout.splitlines() if line.lstrip().startswith("|")]
    assert len(rows) >= 2 + 4  # header, separator, one per competency
    assert re.fullmatch(r"\|(\s*:?-{3,}:?\s*\|)+", rows[1].strip()), rows[1]
    expected = {
        "Technical design": "demonstrated",
        "Delivery": "partial",
        "Technical writing": "gap",
        "Mentoring": "not required",
    }
    for title, status in expected.items():
        matching = [r for r in rows if title in r and status in r]
        assert len(matching) == 1, (title, rows)
    assert ANSI.search(result.stdout) is None


def test_text_shows_each_title_and_status(hand: Workspace) -> None:
    result = run("gaps", "-C", str(hand.root), "--as-of", AS_OF, "--format", "text")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    for title, status in [
        ("Technical design", "demonstrated"),
        ("Delivery", "partial"),
        ("Technical writing", "gap"),
        ("Mentoring", "not required"),
    ]:
        assert any(title in line and status in line for line in lines), (title, result.stdout)
    assert "50.0" in result.stdout


def test_text_is_the_default_format(ws: Workspace) -> None:
    simple(ws)
    default = run("gaps", "-C", str(ws.root), "--as-of", AS_OF)
    text = run("gaps", "-C", str(ws.root), "--as-of", AS_OF, "--format", "text")
    assert default.exit_code == text.exit_code == 0
    assert default.stdout == text.stdout


def test_short_format_flag(ws: Workspace) -> None:
    simple(ws)
    result = run("gaps", "-C", str(ws.root), "--as-of", AS_OF, "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["level"] == "staff"


def test_unknown_format_is_a_usage_error(ws: Workspace) -> None:
    simple(ws)
    result = run("gaps", "-C", str(ws.root), "--as-of", AS_OF, "--format", "yaml")
    assert result.exit_code == 2
    assert "yaml" in result.stderr
    no_crash(result)


def test_format_from_environment(ws: Workspace) -> None:
    simple(ws)
    result = run("gaps", "-C", str(ws.root), "--as-of", AS_OF, env={"DOSSIER_GAPS_FORMAT": "json"})
    assert result.exit_code == 0, result.output
    assert result.stdout.lstrip().startswith("{"), "DOSSIER_GAPS_FORMAT=json was ignored"
    assert json.loads(result.stdout)["as_of"] == AS_OF


# -- --level ------------------------------------------------------------------------------
def test_level_option(hand: Workspace) -> None:
    """At manager: delivery and people have expectations there. v1, v2 are at principal,
    after manager in the list -> counted, still old and one quarter -> partial; people has
    no evidence -> gap. Readiness (0.5 + 0) / 2 = 25.0."""
    data = gaps_json("-C", str(hand.root), "--as-of", AS_OF, "--level", "manager")
    assert data["level"] == "manager"
    assert statuses(data) == {"delivery": "partial", "people": "gap"}
    assert data["readiness"] == pytest.approx(25.0)


def test_level_without_counted_evidence(hand: Workspace) -> None:
    """At principal only design has expectations; d1, d2 count at staff, below it -> gap."""
    data = gaps_json("-C", str(hand.root), "--as-of", AS_OF, "-l", "principal")
    assert data["level"] == "principal"
    assert statuses(data) == {"design": "gap"}
    assert data["competencies"][0]["evidence"] == []
    assert data["readiness"] == pytest.approx(0.0)


def test_unknown_level_is_a_usage_error_with_a_hint(ws: Workspace) -> None:
    simple(ws)
    result = run("gaps", "-C", str(ws.root), "--as-of", AS_OF, "--level", "staf")
    assert result.exit_code == 2
    assert "did you mean 'staff'" in result.stderr
    no_crash(result)


# -- --as-of, DOSSIER_AS_OF, SOURCE_DATE_EPOCH -----------------------------------------------
def epoch_of(day: str) -> str:
    moment = datetime.fromisoformat(day).replace(hour=12, tzinfo=timezone.utc)
    return str(int(moment.timestamp()))


@pytest.mark.parametrize("bad", ["2026-13-01", "2026-02-30", "22/11/2026", "yesterday"])
def test_bad_as_of_is_a_usage_error(ws: Workspace, bad: str) -> None:
    simple(ws)
    result = run("gaps", "-C", str(ws.root), "--as-of", bad)
    assert result.exit_code == 2
    assert "--as-of" in result.stderr
    no_crash(result)


def test_as_of_changes_the_judgement(ws: Workspace) -> None:
    """design d1 2026-02-10, d2 2026-07-15. As of 2027-08-01 the limit is 2026-08-01, so the
    latest (2026-07-15) is too old: 12 whole months (2027-07-15 is 12 on, 2027-08-15 past)."""
    simple(ws)
    now = gaps_json("-C", str(ws.root), "--as-of", AS_OF)
    later = gaps_json("-C", str(ws.root), "--as-of", "2027-08-01")
    assert statuses(now)["design"] == "demonstrated"
    assert statuses(later)["design"] == "partial"
    design = next(c for c in later["competencies"] if c["id"] == "design")
    assert any("12 months" in r for r in design["reasons"]), design["reasons"]
    assert later["as_of"] == "2027-08-01"


def test_as_of_from_environment(ws: Workspace) -> None:
    simple(ws)
    data = gaps_json("-C", str(ws.root), env={"DOSSIER_AS_OF": "2026-10-01"})
    assert data["as_of"] == "2026-10-01"


def test_source_date_epoch_is_now_without_as_of(ws: Workspace) -> None:
    simple(ws)
    data = gaps_json("-C", str(ws.root), env={"SOURCE_DATE_EPOCH": epoch_of("2026-11-22")})
    assert data["as_of"] == "2026-11-22"


def test_as_of_wins_over_source_date_epoch(ws: Workspace) -> None:
    simple(ws)
    env = {"SOURCE_DATE_EPOCH": epoch_of("2026-11-22")}
    assert gaps_json("-C", str(ws.root), "--as-of", "2026-01-05", env=env)["as_of"] == "2026-01-05"
    env["DOSSIER_AS_OF"] = "2026-03-07"
    assert gaps_json("-C", str(ws.root), env=env)["as_of"] == "2026-03-07"


@pytest.mark.parametrize("bad", ["yesterday", "12.5", "99999999999999999999"])
def test_invalid_source_date_epoch(ws: Workspace, bad: str) -> None:
    simple(ws)
    result = run("gaps", "-C", str(ws.root), env={"SOURCE_DATE_EPOCH": bad})
    assert result.exit_code == 1
    assert "SOURCE_DATE_EPOCH" in result.stderr
    no_crash(result)


# -- --audience --------------------------------------------------------------------------
def test_known_audience(hand: Workspace) -> None:
    """Default is self (everything): d2 (visibility self) counts."""
    default = gaps_json("-C", str(hand.root), "--as-of", AS_OF)
    explicit = gaps_json("-C", str(hand.root), "--as-of", AS_OF, "--audience", "self")
    assert default["competencies"] == explicit["competencies"]
    assert statuses(default)["design"] == "demonstrated"
    short = gaps_json("-C", str(hand.root), "--as-of", AS_OF, "-a", "manager")
    assert statuses(short)["design"] == "partial"


def test_unknown_audience_is_a_usage_error(ws: Workspace) -> None:
    simple(ws)
    result = run("gaps", "-C", str(ws.root), "--as-of", AS_OF, "--audience", "managr")
    assert result.exit_code == 2
    assert "did you mean 'manager'" in result.stderr
    no_crash(result)


# -- --fail-under ------------------------------------------------------------------------
def test_fail_under_below(ws: Workspace) -> None:
    simple(ws)  # 75.0
    result = run("gaps", "-C", str(ws.root), "--as-of", AS_OF, "--fail-under", "80")
    assert result.exit_code == 1
    assert "75.0" in result.stderr
    no_crash(result)


@pytest.mark.parametrize("pct", ["75", "75.0", "50", "0"])
def test_fail_under_at_or_above(ws: Workspace, pct: str) -> None:
    simple(ws)  # 75.0
    result = run("gaps", "-C", str(ws.root), "--as-of", AS_OF, "--fail-under", pct)
    assert result.exit_code == 0, result.output


def test_fail_under_compares_the_rounded_figure(hand: Workspace) -> None:
    """Audience manager: readiness 33.3 (one decimal)."""
    base = ("gaps", "-C", str(hand.root), "--as-of", AS_OF, "-a", "manager")
    assert run(*base, "--fail-under", "33.3").exit_code == 0
    below = run(*base, "--fail-under", "33.4")
    assert below.exit_code == 1
    assert "33.3" in below.stderr


def test_fail_under_with_json_still_prints_the_report(ws: Workspace) -> None:
    simple(ws)
    result = run(
        "gaps", "-C", str(ws.root), "--as-of", AS_OF, "--format", "json", "--fail-under", "90"
    )
    assert result.exit_code == 1
    assert json.loads(result.stdout)["readiness"] == pytest.approx(75.0)


@pytest.mark.parametrize("pct", ["101", "-1", "lots"])
def test_fail_under_out_of_range(ws: Workspace, pct: str) -> None:
    simple(ws)
    result = run("gaps", "-C", str(ws.root), "--as-of", AS_OF, "--fail-under", pct)
    assert result.exit_code == 2
    assert "--fail-under" in result.stderr
    no_crash(result)


# -- finding the workspace ----------------------------------------------------------------
def test_workspace_after_the_command(ws: Workspace) -> None:
    simple(ws)
    assert gaps_json("-C", str(ws.root), "--as-of", AS_OF)["level"] == "staff"
    result = run("check", "--workspace", str(ws.root))
    assert result.exit_code == 0, result.output


def test_workspace_before_the_command(ws: Workspace) -> None:
    simple(ws)
    result = run("-C", str(ws.root), "gaps", "--as-of", AS_OF, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["readiness"] == pytest.approx(75.0)
    result = run("--workspace", str(ws.root), "check")
    assert result.exit_code == 0, result.output


def test_workspace_from_environment(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    simple(ws)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    env = {"DOSSIER_WORKSPACE": str(ws.root)}
    data = gaps_json("--as-of", AS_OF, env=env)
    assert data["readiness"] == pytest.approx(75.0)
    assert run("check", env=env).exit_code == 0


def test_workspace_in_a_parent_folder(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    simple(ws)
    monkeypatch.chdir(ws.root / "content" / "evidence")
    assert gaps_json("--as-of", AS_OF)["readiness"] == pytest.approx(75.0)
    result = run("check")
    assert result.exit_code == 0, result.output


def test_no_workspace_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.chdir(empty)
    for args in (["check"], ["gaps", "--as-of", AS_OF]):
        result = run(*args)
        assert result.exit_code == 1, args
        assert "dossier init" in result.stderr
        no_crash(result)


@pytest.mark.parametrize("sub", ["empty", "missing"])
def test_no_workspace_at_the_given_folder(tmp_path: Path, sub: str) -> None:
    folder = tmp_path / sub
    if sub == "empty":
        folder.mkdir()
    for args in (["check", "-C", str(folder)], ["-C", str(folder), "gaps", "--as-of", AS_OF]):
        result = run(*args)
        assert result.exit_code == 1, (args, result.output)
        assert "dossier init" in result.output
        no_crash(result)


# -- check --------------------------------------------------------------------------------
def test_check_ok_prints_a_summary(ws: Workspace) -> None:
    simple(ws)
    result = run("check", "-C", str(ws.root))
    assert result.exit_code == 0, result.output
    assert result.output.strip()
    assert "error:" not in result.output
    assert "3 evidence" in result.output


def test_check_reports_every_problem(ws: Workspace) -> None:
    simple(ws)
    ws.evidence("bad-one", date="2026-03-01", competencies=["desgn"])
    ws.evidence("bad-two", date="2026-03-01", competencies=["delivery"], level="stafff")
    result = run("check", "-C", str(ws.root))
    assert result.exit_code == 1
    no_crash(result)
    out = result.output
    pattern = r"content/evidence/{}\.md:\d+:\d+: error: .*"
    assert re.search(pattern.format("bad-one"), out), out
    assert re.search(pattern.format("bad-two"), out), out
    assert "did you mean 'design'" in out
    assert "did you mean 'staff'" in out
    assert "hint:" in out


def test_gaps_refuses_a_workspace_with_errors(ws: Workspace) -> None:
    simple(ws)
    ws.evidence("bad-one", date="2026-03-01", competencies=["desgn"])
    result = run("gaps", "-C", str(ws.root), "--as-of", AS_OF, "--format", "json")
    assert result.exit_code == 1
    assert "bad-one" in result.output
    no_crash(result)


def test_check_strict_fails_on_warnings(ws: Workspace) -> None:
    simple(ws)
    ws.goal("no-deadline", status="planned", competencies=["delivery"])  # no due: a warning
    plain = run("check", "-C", str(ws.root))
    assert plain.exit_code == 0, plain.output
    assert "warning" in plain.output
    strict = run("check", "-C", str(ws.root), "--strict")
    assert strict.exit_code == 1
    assert "content/goals/no-deadline.md" in strict.output
    no_crash(strict)


def test_check_strict_passes_without_warnings(ws: Workspace) -> None:
    simple(ws)
    result = run("check", "-C", str(ws.root), "--strict")
    assert result.exit_code == 0, result.output


# -- broken workspaces never give a traceback ---------------------------------------------
def _bad_yaml(ws: Workspace) -> None:
    ws.write("dossier.yaml", "title: [unclosed\nperson: {name: Ada\n")


def _binary_evidence(ws: Workspace) -> None:
    ws.write("content/evidence/blob.md", bytes(range(256)) * 4)


def _latin1_evidence(ws: Workspace) -> None:
    ws.write("content/evidence/latin.md", "---\ntitle: Caf\xe9\n---\n".encode("latin-1"))


def _empty_config(ws: Workspace) -> None:
    ws.write("dossier.yaml", "")


def _list_config(ws: Workspace) -> None:
    ws.write("dossier.yaml", "- title: Case\n- current_level: ic2\n")


def _scalar_front_matter(ws: Workspace) -> None:
    ws.write("content/evidence/scalar.md", "---\njust a string\n---\nbody\n")


def _unclosed_front_matter(ws: Workspace) -> None:
    ws.write("content/evidence/open.md", "---\ntitle: x\ndate: 2026-01-01\nbody\n")


def _bad_date(ws: Workspace) -> None:
    ws.evidence("feb", date="2026-02-30", competencies=["design"])


def _framework_list(ws: Workspace) -> None:
    ws.write("content/framework.yaml", "- a\n- b\n")


def _missing_framework(ws: Workspace) -> None:
    (ws.root / "content" / "framework.yaml").unlink()


def _unknown_config_key(ws: Workspace) -> None:
    ws.write_config(titel="Case")


BROKEN = {
    "bad-yaml": _bad_yaml,
    "binary-evidence": _binary_evidence,
    "latin1-evidence": _latin1_evidence,
    "empty-config": _empty_config,
    "list-config": _list_config,
    "scalar-front-matter": _scalar_front_matter,
    "unclosed-front-matter": _unclosed_front_matter,
    "bad-date": _bad_date,
    "framework-list": _framework_list,
    "missing-framework": _missing_framework,
    "unknown-config-key": _unknown_config_key,
}


@pytest.mark.parametrize("name", sorted(BROKEN))
@pytest.mark.parametrize("command", ["check", "gaps"])
def test_broken_workspace_exits_1_without_traceback(ws: Workspace, name: str, command: str) -> None:
    simple(ws)
    BROKEN[name](ws)
    args = [command, "-C", str(ws.root)]
    if command == "gaps":
        args += ["--as-of", AS_OF]
    result = run(*args)
    assert result.exit_code == 1, result.output
    assert "error" in result.output
    no_crash(result)


@pytest.mark.parametrize("command", ["check", "gaps"])
def test_directory_named_like_evidence(ws: Workspace, command: str) -> None:
    """A folder `x.md/` is not a file: reported or skipped, never a crash."""
    simple(ws)
    (ws.root / "content" / "evidence" / "x.md").mkdir()
    (ws.root / "content" / "evidence" / "y.md").mkdir()
    (ws.root / "content" / "evidence" / "y.md" / "notes.txt").write_text("x", encoding="utf-8")
    args = [command, "-C", str(ws.root)]
    if command == "gaps":
        args += ["--as-of", AS_OF]
    result = run(*args)
    assert result.exit_code in (0, 1), result.output
    no_crash(result)


# -- colour ---------------------------------------------------------------------------------
def test_no_colour_when_not_a_terminal(hand: Workspace) -> None:
    result = run("gaps", "-C", str(hand.root), "--as-of", AS_OF)
    assert result.exit_code == 0
    assert ANSI.search(result.output) is None


def test_colour_on_a_terminal(hand: Workspace) -> None:
    result = run("gaps", "-C", str(hand.root), "--as-of", AS_OF, color=True)
    assert result.exit_code == 0
    assert ANSI.search(result.output) is not None


def test_no_colour_with_no_color(ws: Workspace) -> None:
    simple(ws)
    env = {"NO_COLOR": "1"}
    root = str(ws.root)
    outputs = [
        run("gaps", "-C", root, "--as-of", AS_OF, env=env, color=True),
        run("gaps", "-C", root, "--as-of", AS_OF, "--fail-under", "99", env=env, color=True),
        run("gaps", "-C", root, "--as-of", AS_OF, "-f", "markdown", env=env, color=True),
        run("check", "-C", root, env=env, color=True),
    ]
    ws.evidence("bad-one", date="2026-03-01", competencies=["desgn"])
    ws.goal("no-deadline", status="planned", competencies=["delivery"])
    outputs.append(run("check", "-C", root, env=env, color=True))
    outputs.append(run("gaps", "-C", root, "--as-of", AS_OF, env=env, color=True))
    outputs.append(run("check", "-C", str(ws.root / "nowhere"), env=env, color=True))
    for result in outputs:
        assert ANSI.search(result.output) is None, result.output


# -- --version and --help ------------------------------------------------------------------
@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version(flag: str) -> None:
    result = run(flag)
    assert result.exit_code == 0
    assert "dossier" in result.stdout
    assert __version__ in result.stdout


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_group_help_lists_every_command(flag: str) -> None:
    result = run(flag)
    assert result.exit_code == 0
    assert "Usage:" in result.stdout
    for name in cli.commands:
        assert re.search(rf"^\s+{re.escape(name)}\b", result.stdout, re.M), name


def test_no_arguments_shows_usage() -> None:
    result = run()
    assert result.exit_code in (0, 2)
    assert "Usage:" in result.output


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_command_help(name: str) -> None:
    result = run(name, "--help")
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.stdout
    command = cli.commands[name]
    for param in command.params:
        for opt in param.opts:
            if opt.startswith("--"):
                assert opt in result.stdout, (name, opt)


def test_expected_commands_and_options_exist() -> None:
    assert {"check", "gaps"} <= set(cli.commands)
    gaps_opts = {o for p in cli.commands["gaps"].params for o in p.opts}
    expected = {"--level", "--as-of", "--audience", "--format", "--fail-under", "-C"}
    assert expected <= gaps_opts
    assert {"--strict", "-C", "--workspace"} <= {
        o for p in cli.commands["check"].params for o in p.opts
    }


def test_unknown_command_is_a_usage_error() -> None:
    result = run("gapz")
    assert result.exit_code == 2
    assert "gaps" in result.stderr


# -- the example workspace at the repository root -----------------------------------------
def test_example_workspace_checks() -> None:
    result = run("check", "-C", str(REPO))
    assert result.exit_code == 0, result.output
    no_crash(result)


def test_example_workspace_gap_report() -> None:
    data = gaps_json("-C", str(REPO), "--as-of", AS_OF)
    assert data["as_of"] == AS_OF
    assert 0 < data["readiness"] < 100
    found = set(statuses(data).values())
    assert {"demonstrated", "partial", "gap"} <= found
    assert data["overdue_goals"]
