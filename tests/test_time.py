"""Progress over time (SPEC sections 4, 5 and 8 "Time"): as-of as a point in time, the
readiness history, `gaps --since`, the check-in agenda, plan.ics and the workspace id.

Expected values are worked out from the rules and the scripted input, never pasted from
output.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import icalendar
import pytest
from click.testing import CliRunner, Result
from conftest import Workspace
from dateutil.rrule import rrulestr

from dossier.analysis import history
from dossier.analysis.changes import last_check_in
from dossier.analysis.history import history_days, readiness_history
from dossier.cli import cli
from dossier.model.asof import as_of_view
from dossier.model.config import CheckIns

AS_OF = "2026-11-22"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in list(os.environ):
        if name.startswith(("DOSSIER_", "GIT_")):
            monkeypatch.delenv(name)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    yield


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    result = CliRunner().invoke(cli, list(args), env=env, prog_name="dossier")
    assert "Traceback" not in result.output
    return result


def gaps_json(root: Path, *args: str) -> dict[str, Any]:
    result = run("gaps", "-C", str(root), "--format", "json", "--no-cache", *args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    return data


def case(ws: Workspace) -> None:
    """Evidence spread over 2025-2026 on two competencies, a goal, pieces linking ahead."""
    dated = [
        ("e1", "2025-06-10", ["design"], "project"),
        ("e2", "2025-10-02", ["delivery"], "project"),
        ("e3", "2026-01-20", ["design"], "feedback"),
        ("e4", "2026-04-11", ["delivery"], "metric"),
        ("e5", "2026-07-30", ["design", "delivery"], "project"),
        ("e6", "2026-10-05", ["delivery"], "project"),
    ]
    for slug, day, competencies, kind in dated:
        ws.evidence(slug, f"Worked on {slug}.\n", date=day, competencies=competencies, type=kind)
    ws.goal("g1", due="2026-05-01", competencies=["people"], status="planned")


# == as-of is a point in time =================================================================
@pytest.mark.parametrize("as_of", ["2025-12-31", "2026-02-15", "2026-06-30", "2026-08-01"])
def test_past_report_equals_the_workspace_without_later_evidence(
    ws: Workspace, tmp_path: Path, as_of: str
) -> None:
    case(ws)
    whole = gaps_json(ws.root, "--as-of", as_of)
    trimmed = tmp_path / "trimmed"
    shutil.copytree(ws.root, trimmed)
    removed = 0
    for path in sorted((trimmed / "content" / "evidence").glob("*.md")):
        if path.read_text().split("date: '", 1)[1][:10] > as_of:
            path.unlink()
            removed += 1
    assert removed
    alone = gaps_json(trimmed, "--as-of", as_of)
    assert whole.pop("dated_after_as_of") == removed
    assert alone.pop("dated_after_as_of") == 0
    assert whole == alone


def test_links_to_later_pieces_keep_their_words(ws: Workspace, tmp_path: Path) -> None:
    ws.evidence(
        "before",
        "See [the launch review](later.md) and [[later]].\n",
        date="2026-03-01",
        competencies=["design"],
    )
    ws.evidence(
        "later", "Done.\n", title="Launch review", date="2026-09-01", competencies=["design"]
    )
    out = tmp_path / "site"
    result = run("build", "-C", str(ws.root), "-o", str(out), "--as-of", "2026-06-01")
    assert result.exit_code == 0, result.output
    page = (out / "evidence" / "before.html").read_text()
    assert '<span class="later">the launch review</span>' in page
    assert '<span class="later">Launch review</span>' in page
    assert "later.html" not in page
    assert not (out / "evidence" / "later.html").exists()
    for name in ("index.html", "gaps.html"):
        assert "1 piece dated after 1 Jun 2026 is not counted" in (out / name).read_text()
    data = json.loads((out / "dossier.json").read_text())
    assert [e["slug"] for e in data["evidence"]] == ["before"]
    assert data["report"]["dated_after_as_of"] == 1


def test_evidence_after_the_real_today_is_a_check_warning(ws: Workspace) -> None:
    ws.evidence("typo", date="2062-03-01", competencies=["design"])
    epoch = str(int(datetime(2026, 3, 1, tzinfo=timezone.utc).timestamp()))
    result = run("check", "-C", str(ws.root), env={"SOURCE_DATE_EPOCH": epoch})
    assert result.exit_code == 0, result.output
    assert "content/evidence/typo.md:2:7: warning: evidence dated 2062-03-01" in result.output
    assert "after today (2026-03-01)" in result.output
    strict = run("check", "-C", str(ws.root), "--strict", env={"SOURCE_DATE_EPOCH": epoch})
    assert strict.exit_code == 1


# == history ==================================================================================
def test_history_days_are_eleven_month_ends_and_the_as_of_day() -> None:
    days = history_days(date(2026, 3, 31))
    assert len(days) == 12
    assert days[0] == date(2025, 4, 30) and days[1] == date(2025, 5, 31)
    assert days[10] == date(2026, 2, 28) and days[11] == date(2026, 3, 31)
    for day in days[:-1]:
        assert (day + timedelta(days=1)).day == 1


def test_history_equals_separate_as_of_runs(ws: Workspace) -> None:
    case(ws)
    data = gaps_json(ws.root, "--as-of", AS_OF)
    points = data["history"]
    assert [p["date"] for p in points] == [d.isoformat() for d in history_days(date(2026, 11, 22))]
    assert points[-1]["readiness"] == data["readiness"]
    for point in points:
        then = gaps_json(ws.root, "--as-of", point["date"])
        assert point["readiness"] == then["readiness"], point
        assert point["pieces"] == sum(1 for e in case_dates() if e <= point["date"])
        assert point["committed"] is None  # not in git
    assert len({p["readiness"] for p in points}) > 2  # the curve moves


def case_dates() -> list[str]:
    return ["2025-06-10", "2025-10-02", "2026-01-20", "2026-04-11", "2026-07-30", "2026-10-05"]


def days_judged(monkeypatch: pytest.MonkeyPatch) -> list[date]:
    """The days whose readiness is worked out (not remembered) from now on, in order."""
    judged: list[date] = []
    real = history.readiness_on

    def counting(view: Any, day: date, level: str, *index: Any) -> float:
        judged.append(day)
        return real(view, day, level, *index)

    monkeypatch.setattr(history, "readiness_on", counting)
    return judged


def test_history_remembers_past_months(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only months whose evidence changed are judged again."""
    case(ws)
    history._remembered.clear()
    judged = days_judged(monkeypatch)
    as_of = date(2026, 11, 22)
    view = as_of_view(ws.dossier(), as_of)
    first = readiness_history(view, as_of, "staff", 50.0)
    assert len(judged) == 11
    judged.clear()
    assert readiness_history(view, as_of, "staff", 50.0) == first
    assert judged == []
    ws.evidence("e5", "Changed.\n", date="2026-07-30", competencies=["design"], type="project")
    readiness_history(as_of_view(ws.dossier(), as_of), as_of, "staff", 50.0)
    assert judged == [d for d in history_days(as_of)[:-1] if d >= date(2026, 7, 30)]


def test_past_months_are_remembered_between_runs(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build keeps the past months' readiness with its cache: the next process judges
    only the months an edit touched, and still draws the same history."""
    case(ws)
    out = ws.root / "site"
    history._remembered.clear()
    first = run("-C", str(ws.root), "build", "--as-of", AS_OF, "-o", str(out))
    assert first.exit_code == 0, first.output
    drawn = (out / "dossier.json").read_text("utf-8")
    history._remembered.clear()  # as in a new process: only the cache remembers
    judged = days_judged(monkeypatch)
    again = run("-C", str(ws.root), "build", "--as-of", AS_OF, "-o", str(out))
    assert again.exit_code == 0, again.output
    assert judged == []
    assert (out / "dossier.json").read_text("utf-8") == drawn
    ws.evidence("e5", "Changed.\n", date="2026-07-30", competencies=["design"], type="project")
    history._remembered.clear()
    edited = run("-C", str(ws.root), "build", "--as-of", AS_OF, "-o", str(out))
    assert edited.exit_code == 0, edited.output
    assert judged == [d for d in history_days(date(2026, 11, 22))[:-1] if d >= date(2026, 7, 30)]


def test_history_says_whether_evidence_was_committed_then(ws: Workspace) -> None:
    case(ws)
    git = Git(ws.root)
    git.commit("2026-05-03", "everything so far")
    points = gaps_json(ws.root, "--as-of", AS_OF)["history"]
    committed = {p["date"]: p["committed"] for p in points}
    assert committed["2026-04-30"] is False  # its evidence was first committed in May
    assert committed["2026-05-31"] is True
    assert committed[AS_OF] is True


# == gaps --since ==============================================================================
class Git:
    def __init__(self, root: Path):
        self.root = root
        self.git("init", "-q", "-b", "main")
        self.git("config", "user.email", "ada@example.com")
        self.git("config", "user.name", "Ada")

    def git(self, *args: str, day: str | None = None) -> None:
        env = {**os.environ}
        if day:
            env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{day}T12:00:00"
        subprocess.run(["git", *args], cwd=self.root, env=env, check=True, capture_output=True)

    def commit(self, day: str, message: str) -> None:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message, day=day)


def scripted(ws: Workspace) -> None:
    """A sequence of edits, each committed on its day; --since is 2026-02-01 (a Sunday)."""
    git = Git(ws.root)
    ws.evidence("a", date="2025-11-05", competencies=["design"])
    ws.goal("g1", due="2026-03-01", competencies=["people"], status="planned")
    ws.goal("g2", due="2026-06-01", competencies=["people"], status="planned")
    git.commit("2026-01-10", "start")
    ws.evidence("b", date="2026-02-08", competencies=["design"])  # design: partial -> demonstrated
    git.commit("2026-02-10", "b")
    ws.evidence("c", date="2025-12-01", competencies=["delivery"])  # written late
    git.commit("2026-02-20", "c, recorded late")
    ws.goal("g1", due="2026-03-01", competencies=["people"], status="done")
    git.commit("2026-02-25", "g1 done")
    ws.evidence("d", date="2026-04-01", competencies=["delivery"])  # after as-of
    git.commit("2026-04-02", "d")


def test_since_lists_exactly_the_scripted_changes(ws: Workspace) -> None:
    scripted(ws)
    data = gaps_json(ws.root, "--as-of", "2026-03-15", "--since", "2026-02-01")
    changes = data["changes"]
    assert changes["since"] == "2026-02-01" and changes["as_of"] == "2026-03-15"
    assert changes["new_evidence"] == ["b"]
    assert changes["recorded_since"] == ["c"]
    assert changes["moved"] == [
        {"id": "design", "title": "Technical design", "from": "partial", "to": "demonstrated"}
    ]
    assert changes["readiness"]["now"] == data["readiness"]
    then = gaps_json(ws.root, "--as-of", "2026-02-01")["readiness"]
    assert changes["readiness"]["then"] == then < data["readiness"]
    assert changes["goals_due"] == ["g1"]
    assert changes["goals_closed"] == ["g1"]
    mondays = ["2026-02-09", "2026-02-16", "2026-02-23", "2026-03-02", "2026-03-09"]
    assert changes["quiet_weeks"] == mondays


def test_since_in_text_and_markdown(ws: Workspace) -> None:
    scripted(ws)
    args = ("gaps", "-C", str(ws.root), "--as-of", "2026-03-15", "--since", "2026-02-01")
    text = run(*args).output
    assert "Since 2026-02-01: readiness" in text
    assert "Technical design: partial -> demonstrated" in text
    assert "Recorded since 2026-02-01, dated earlier:\n    c (c)" in text
    markdown = run(*args, "--format", "markdown").output
    assert "### Goals closed\n\n- g1 (g1)" in markdown
    assert "- week of 2026-02-09" in markdown


def test_since_without_git_leaves_git_parts_unknown(ws: Workspace) -> None:
    case(ws)
    changes = gaps_json(ws.root, "--as-of", AS_OF, "--since", "2026-06-30")["changes"]
    assert changes["new_evidence"] == ["e5", "e6"]
    assert changes["recorded_since"] is None and changes["goals_closed"] is None


def test_last_check_in_is_strictly_before_as_of() -> None:
    series = CheckIns(every_weeks=2, with_="Jo", start=date(2026, 1, 5))
    assert last_check_in(series, date(2026, 3, 15)) == date(2026, 3, 2)
    assert last_check_in(series, date(2026, 3, 2)) == date(2026, 2, 16)
    assert last_check_in(series, date(2026, 1, 6)) == date(2026, 1, 5)
    assert last_check_in(series, date(2026, 1, 5)) is None


def test_since_last_check_in(ws: Workspace) -> None:
    case(ws)
    ws.write_config(check_ins={"every_weeks": 4, "with": "Jo", "from": "2026-01-05"})
    data = gaps_json(ws.root, "--as-of", AS_OF, "--since", "last-check-in")
    assert data["changes"]["since"] == "2026-11-09"  # 2026-01-05 + 11 * 28 days
    early = run("gaps", "-C", str(ws.root), "--as-of", "2026-01-05", "--since", "last-check-in")
    assert early.exit_code == 1 and "no check-in is scheduled before 2026-01-05" in early.output


@pytest.mark.parametrize("value", ["yesterday", "2026-13-01"])
def test_since_bad_value_is_a_usage_error(ws: Workspace, value: str) -> None:
    result = run("gaps", "-C", str(ws.root), "--since", value)
    assert result.exit_code == 2


def test_since_not_before_as_of_is_a_usage_error(ws: Workspace) -> None:
    result = run("gaps", "-C", str(ws.root), "--as-of", AS_OF, "--since", AS_OF)
    assert result.exit_code == 2 and "not before the as-of day" in result.output


def test_check_ins_without_from_is_an_error_with_the_line_to_add(ws: Workspace) -> None:
    ws.write_config(check_ins={"every_weeks": 3, "with": "Jo"})
    result = run("check", "-C", str(ws.root))
    assert result.exit_code == 1
    assert "dossier.yaml:" in result.output and "check_ins has no `from`" in result.output
    assert "check_ins: {every_weeks: 3, with: Jo, from: YYYY-MM-DD}" in result.output


# == the site: agenda, chart, who sees them ====================================================
def build(root: Path, out: Path, audience: str, as_of: str = AS_OF) -> Path:
    result = run("build", "-C", str(root), "-o", str(out), "-a", audience, "--as-of", as_of)
    assert result.exit_code == 0, result.output
    return out


def test_gaps_page_has_the_agenda_and_the_chart(ws: Workspace, tmp_path: Path) -> None:
    case(ws)
    ws.write_config(check_ins={"every_weeks": 4, "with": "Jo", "from": "2026-01-05"})
    site = build(ws.root, tmp_path / "m", "manager", "2026-10-10")
    gaps = (site / "gaps.html").read_text().replace("\u00a0", " ")
    assert "Since the last check-in (14 Sep 2026)" in gaps  # 2026-01-05 + 9 * 28 days
    assert "evidence/e6.html" in gaps.split('id="since-check-in"')[1].split("</section>")[0]
    for page in ("index.html", "gaps.html"):
        text = (site / page).read_text()
        assert '<svg class="chart" role="img"' in text and "Readiness over time" in text
    chart = (site / "charts" / "history.svg").read_text()
    assert "<title" in chart and "Readiness at the end of each month" in chart
    data = json.loads((site / "dossier.json").read_text())
    expected = gaps_json(ws.root, "--as-of", "2026-10-10", "--audience", "manager")["history"]
    assert data["report"]["history"] == expected
    assert "changes" not in data["report"]  # as gaps without --since


def test_history_only_for_audiences_that_see_readiness(ws: Workspace, tmp_path: Path) -> None:
    case(ws)
    ws.write_config(check_ins={"every_weeks": 4, "from": "2026-01-05"})
    site = build(ws.root, tmp_path / "s", "sponsor")
    assert not (site / "charts" / "history.svg").exists()
    assert not (site / "gaps.html").exists()
    for page in ("index.html", "timeline.html"):  # index.html: the sponsor's brief
        text = (site / page).read_text()
        assert "Readiness over time" not in text and "since-check-in" not in text
    report = json.loads((site / "dossier.json").read_text())["report"]
    assert "history" not in report and "changes" not in report


def test_hidden_evidence_stays_out_of_history_and_agenda(ws: Workspace, tmp_path: Path) -> None:
    """Canary: a self-only piece in the agenda's window reaches no manager output."""
    case(ws)
    ws.write_config(check_ins={"every_weeks": 4, "from": "2026-01-05"})
    ws.evidence(
        "canary-secret-launch",
        "Private canary sentence about the reorg.\n",
        title="Canary secret launch",
        date="2026-11-10",
        competencies=["design"],
        visibility="self",
    )
    site = build(ws.root, tmp_path / "m", "manager")
    for path in site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for canary in (b"canary-secret-launch", b"Canary secret launch", b"canary sentence"):
                assert canary not in data, (path, canary)
    points = json.loads((site / "dossier.json").read_text())["report"]["history"]
    assert points[-1]["pieces"] == 6
    own = build(ws.root, tmp_path / "self", "self")
    assert "Canary secret launch" in (own / "gaps.html").read_text()  # in the self agenda


# == plan.ics ==================================================================================
def calendar_case(ws: Workspace, workspace_id: str | None = None) -> None:
    case(ws)
    if workspace_id:
        ws.write_config(id=workspace_id)
    ws.write_config(
        cycle="2027-03-01", check_ins={"every_weeks": 3, "with": "Jo", "from": "2026-09-07"}
    )
    ws.goal("open-one", due="2026-12-01", status="in-progress", competencies=["design"])
    ws.goal("finished", due="2026-12-02", status="done", competencies=["design"])
    ws.goal("abandoned", due="2026-12-03", status="dropped", competencies=["design"])


def events(site: Path) -> list[Any]:
    calendar = icalendar.Calendar.from_ical((site / "plan.ics").read_bytes())
    return list(calendar.walk("VEVENT"))


def test_plan_ics_parses_and_holds_the_plan(ws: Workspace, tmp_path: Path) -> None:
    calendar_case(ws, "ws-one-0001")
    found = events(build(ws.root, tmp_path / "a", "manager"))
    summaries = sorted(str(e["SUMMARY"]) for e in found)
    assert summaries == [
        "Goal due: g1",
        "Goal due: open one",
        "Promotion case check-in with Jo",
        "Promotion cycle decision",
    ]
    cycle = next(e for e in found if str(e["SUMMARY"]) == "Promotion cycle decision")
    assert cycle.decoded("DTSTART") == date(2027, 3, 1)  # all day: a date, not a time
    series = next(e for e in found if "RRULE" in e)
    start = series.decoded("DTSTART")
    assert start == date(2026, 9, 7)
    rule = rrulestr(series["RRULE"].to_ical().decode(), dtstart=datetime(2026, 9, 7))
    occurrences = [d.date() for d in rule]
    assert occurrences[:3] == [date(2026, 9, 7), date(2026, 9, 28), date(2026, 10, 19)]
    assert occurrences[-1] <= date(2027, 3, 1) < occurrences[-1] + timedelta(weeks=3)
    uids = [str(e["UID"]) for e in found]
    assert len(set(uids)) == len(uids) and all("ws-one-0001" in uid for uid in uids)
    assert all(e.decoded("DTSTAMP") == datetime(2026, 11, 22, tzinfo=timezone.utc) for e in found)


def test_plan_ics_uids_differ_between_workspaces_and_stay_put(tmp_path: Path) -> None:
    first, second = Workspace(tmp_path / "one"), Workspace(tmp_path / "two")
    calendar_case(first)
    calendar_case(second)
    second.write_config(person={"name": "Bea", "role": "Senior Engineer"})
    one = build(first.root, tmp_path / "s1", "manager")
    two = build(second.root, tmp_path / "s2", "manager")
    uids_one = {str(e["UID"]) for e in events(one)}
    assert not uids_one & {str(e["UID"]) for e in events(two)}
    again = build(first.root, tmp_path / "s3", "manager")
    assert (one / "plan.ics").read_bytes() == (again / "plan.ics").read_bytes()
    moved = tmp_path / "moved"
    shutil.copytree(first.root, moved)
    assert {str(e["UID"]) for e in events(build(moved, tmp_path / "s4", "manager"))} == uids_one


def test_init_writes_a_workspace_id(tmp_path: Path) -> None:
    for name in ("a", "b"):
        result = run("init", str(tmp_path / name), "--name", "Ada")
        assert result.exit_code == 0, result.output
    ids = [(tmp_path / n / "dossier.yaml").read_text().split('id: "')[1][:16] for n in "ab"]
    assert ids[0] != ids[1]
    assert run("check", "-C", str(tmp_path / "a")).exit_code == 0


@pytest.mark.parametrize("value", ["short", 12345678, "has space in it"])
def test_bad_workspace_id_is_an_error(ws: Workspace, value: object) -> None:
    ws.write_config(id=value)
    result = run("check", "-C", str(ws.root))
    assert result.exit_code == 1 and "invalid workspace id" in result.output


def test_a_hidden_later_piece_stays_hidden(ws: Workspace, tmp_path: Path) -> None:
    """Only pieces the audience may see are 'later': a hidden one is still not shared
    (the link keeps its words, unlinked, like any link to what the reader may not see)."""
    ws.evidence(
        "before", "See [the offsite](offsite.md).\n", date="2026-03-01", competencies=["design"]
    )
    ws.evidence(
        "offsite",
        title="Canary private offsite",
        date="2026-09-01",
        competencies=["design"],
        visibility="self",
    )
    site = build(ws.root, tmp_path / "m", "manager", "2026-06-01")
    page = (site / "evidence" / "before.html").read_text()
    assert "See the offsite." in page and "offsite.html" not in page
    for path in site.rglob("*"):
        if path.is_file():
            assert b"Canary private offsite" not in path.read_bytes(), path
    assert "dated after" not in (site / "index.html").read_text()


def test_the_command_line_starts_without_the_analysis() -> None:
    """`--since` is declared without importing the analysis: `dossier --version` and
    `--help` stay fast, and so is a title's check (no YAML reader loaded)."""
    code = "import sys, dossier.cli; print({'dossier.analysis.gaps', 'yaml'} & set(sys.modules))"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "set()"


def test_the_packet_is_as_of_too(ws: Workspace, tmp_path: Path) -> None:
    """The packet agrees with the site: evidence dated after as-of is not in it."""
    case(ws)
    ws.evidence(
        "e7",
        "Later work.\n",
        title="Unmistakable later launch",
        date="2026-09-01",
        competencies=["design"],
        type="project",
    )
    out = tmp_path / "packet.md"
    args = ("export", "-C", str(ws.root), "-a", "self", "-o", str(out), "--as-of")
    assert run(*args, "2026-08-01").exit_code == 0
    assert "Unmistakable later launch" not in out.read_text()
    assert run(*args, "2026-11-22").exit_code == 0
    assert "Unmistakable later launch" in out.read_text()
