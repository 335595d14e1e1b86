"""The ladder keys one rule at a time (SPEC section 2, "Ladders beyond the plain matrix";
section 4 for `step` and `points`; section 8, "Ladder and empty levels"): each bad use is an
error at its file and line with a hint (and a did-you-mean where a name is close), each
rule measured on a small workspace whose numbers are worked out in the comments.

AS_OF 2026-06-15 and the default analysis settings (2 pieces in 2 quarters) throughout.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import Workspace, dedent
from test_ladders import LADDERS

from dossier.cli import cli
from dossier.errors import Diagnostic

AS_OF = date(2026, 6, 15)

SCALED = dedent(
    """
    name: Scaled
    scales:
      proficiency: [adopts, specializes, evangelizes, masters]
    levels:
      - {id: d5, title: Developer 5, track: dev, rank: 5}
      - {id: d6, title: Developer 6, track: dev, rank: 6}
      - {id: tl5, title: Tech Lead 5, track: lead, rank: 5}
      - {id: tl6, title: Tech Lead 6, track: lead, rank: 6}
    competencies:
      - id: technology
        scale: proficiency
        steps: {adopts: Uses the tools., masters: Teaches the tools.}
        expectations: {d5: specializes, tl5: specializes, tl6: evangelizes}
      - id: lead
        expectations:
          tl5: [Runs planning.]
          tl6:
            - {ref: lead.tl5.1}
    """
)


def framework_errors(ws: Workspace, text: str) -> list[Diagnostic]:
    ws.write("content/framework.yaml", text)
    _, diags = ws.load()
    return [d for d in diags.errors if d.path == "content/framework.yaml"]


def one_error(ws: Workspace, text: str, line: int, *words: str) -> Diagnostic:
    """The single framework error: on `line`, holding every word, with a hint."""
    errors = framework_errors(ws, text)
    assert len(errors) == 1, [e.format() for e in errors]
    error = errors[0]
    assert error.line == line, error.format()
    for word in words:
        assert word in error.message + error.hint, error.format()
    assert error.hint
    return error


def scaled(ws: Workspace, target: str = "tl6", current: str = "d5") -> None:
    ws.write("content/framework.yaml", SCALED)
    ws.write_config(current_level=current, target_level=target)


def ev(ws: Workspace, slug: str, day: str, *names: str, **fields: Any) -> None:
    """Evidence naming expectation/step ids; its competencies are their first parts."""
    competencies = sorted({n.split(".")[0] for n in names}) or ["technology"]
    ws.evidence(slug, date=day, competencies=competencies, expectations=list(names), **fields)


# -- errors, each where it was written ---------------------------------------------------
def test_a_ref_to_an_unknown_id_says_which_was_meant(ws: Workspace) -> None:
    text = SCALED.replace("{ref: lead.tl5.1}", "{ref: lead.tl5.2}")
    error = one_error(ws, text, 18, "unknown expectation 'lead.tl5.2'")
    assert "did you mean 'lead.tl5.1'" in error.message


def test_a_ref_to_itself_is_an_error(ws: Workspace) -> None:
    one_error(ws, SCALED.replace("{ref: lead.tl5.1}", "{ref: lead.tl6.1}"), 18, "names itself")


def test_a_ref_repeating_an_expectation_of_its_own_level_is_an_error(ws: Workspace) -> None:
    text = SCALED.replace("tl5: [Runs planning.]", "tl5: [Runs planning., {ref: lead.tl5.1}]")
    one_error(ws, text, 16, "already expected at 'tl5'")


def test_a_ref_to_another_competency_is_an_error(ws: Workspace) -> None:
    text = SCALED.replace("{ref: lead.tl5.1}", "{ref: technology.adopts}")
    # steps are not listed expectations: to a ref, technology.adopts does not exist
    one_error(ws, text, 18, "unknown expectation 'technology.adopts'")
    other = SCALED + "  - id: craft\n    expectations: {d5: [Writes code.]}\n"
    other = other.replace("{ref: lead.tl5.1}", "{ref: craft.d5.1}")
    one_error(ws, other, 18, "competency 'craft'", "same competency")


def test_a_ref_with_other_keys_is_an_error(ws: Workspace) -> None:
    text = SCALED.replace("{ref: lead.tl5.1}", "{ref: lead.tl5.1, text: Again.}")
    one_error(ws, text, 18, "unknown key 'text' in a ref")


def test_a_step_not_in_the_scale_says_which_was_meant(ws: Workspace) -> None:
    text = SCALED.replace("tl6: evangelizes}", "tl6: evangelises}")
    error = one_error(ws, text, 13, "step 'evangelises' is not in the scale 'proficiency'")
    assert "did you mean 'evangelizes'" in error.message
    assert "adopts, specializes, evangelizes, masters" in error.hint


def test_a_step_text_for_a_step_not_in_the_scale(ws: Workspace) -> None:
    text = SCALED.replace("masters: Teaches the tools.", "mastery: Teaches the tools.")
    error = one_error(ws, text, 12, "step 'mastery' is not in the scale")
    assert "did you mean 'masters'" in error.message


def test_an_unknown_scale_says_which_was_meant(ws: Workspace) -> None:
    error = one_error(ws, SCALED.replace("scale: proficiency", "scale: proficency"), 11)
    assert "unknown scale 'proficency' (did you mean 'proficiency'?)" in error.message


def test_steps_without_a_scale(ws: Workspace) -> None:
    one_error(ws, SCALED.replace("    scale: proficiency\n", ""), 11, "'steps' needs a 'scale'")


def test_a_scaled_competency_names_one_step_per_level(ws: Workspace) -> None:
    text = SCALED.replace("tl6: evangelizes}", "tl6: [evangelizes]}")
    one_error(ws, text, 13, "a level names one step, found a list")


def test_points_on_a_level_without_scoring(ws: Workspace) -> None:
    text = SCALED.replace("rank: 6}", "rank: 6, points: 30}", 1)
    one_error(ws, text, 6, "'points' on a level needs scoring", "scoring: {points:")


def test_a_scale_with_a_repeated_step(ws: Workspace) -> None:
    text = SCALED.replace("evangelizes, masters]", "evangelizes, specializes, masters]")
    error = one_error(ws, text, 3, "step 'specializes' is repeated")
    assert "first on line 3" in error.hint


def test_a_step_name_must_be_text(ws: Workspace) -> None:
    text = SCALED.replace("[adopts, specializes, evangelizes, masters]", "[1, 2, 3, 4]")
    errors = framework_errors(ws, text)
    assert errors and all(e.line == 3 for e in errors[:4])
    assert 'quote a number, e.g. "1"' in errors[0].hint


def test_a_rank_must_be_a_number(ws: Workspace) -> None:
    error = one_error(
        ws, SCALED.replace("rank: 6}", 'rank: "six"}', 1), 6, "'rank' must be a number"
    )
    assert "rank: 5" in error.hint


def test_ranks_on_some_levels_but_not_others(ws: Workspace) -> None:
    text = SCALED.replace(", rank: 6}", "}", 1)
    one_error(ws, text, 6, "level 'd6' has no rank, but other levels have one", "or none")


def test_ranks_that_contradict_the_order_of_a_track(ws: Workspace) -> None:
    text = SCALED.replace("track: lead, rank: 6}", "track: lead, rank: 4}")
    one_error(ws, text, 8, "'tl6' (rank 4) is listed after 'tl5' (rank 5)", "lowest first")


def test_a_points_list_shorter_than_a_scale(ws: Workspace) -> None:
    text = SCALED.replace("levels:", "scoring: {points: [1, 3, 6]}\nlevels:", 1)
    one_error(ws, text, 4, "3 points values", "'proficiency' has 4 steps")


def test_points_that_go_down(ws: Workspace) -> None:
    text = SCALED.replace("levels:", "scoring: {points: [1, 6, 3, 12]}\nlevels:", 1)
    one_error(ws, text, 4, "points go down from 6 to 3", "totals")


def test_evidence_naming_an_unknown_step_says_which_was_meant(ws: Workspace) -> None:
    scaled(ws)
    ev(ws, "e", "2026-02-01", "technology.mastres")
    _, diags = ws.load()
    error = next(d for d in diags.errors if d.path == "content/evidence/e.md")
    assert "unknown expectation 'technology.mastres'" in error.message
    assert "did you mean 'technology.masters'" in error.message


def test_every_error_at_once_exits_1_with_file_and_line(ws: Workspace) -> None:
    text = SCALED.replace("tl6: evangelizes}", "tl6: evangelises}").replace(
        "{ref: lead.tl5.1}", "{ref: lead.tl5.9}"
    )
    scaled(ws)
    ws.write("content/framework.yaml", text)
    result = CliRunner().invoke(cli, ["-C", str(ws.root), "check"])
    assert result.exit_code == 1
    assert "framework.yaml:13:" in result.output
    assert "framework.yaml:18:" in result.output
    assert "2 errors" in result.output
    assert "Traceback" not in result.output


# -- what the keys mean --------------------------------------------------------------------
def test_evidence_at_a_step_counts_for_every_lower_step(ws: Workspace) -> None:
    # tl5 requires specializes. Two pieces at masters (Q1, Q2) answer it: demonstrated, and
    # the highest step where two pieces in two quarters stand is masters.
    scaled(ws, target="tl5")
    ev(ws, "a", "2026-02-01", "technology.masters")
    ev(ws, "b", "2026-05-01", "technology.masters")
    technology = ws.report(AS_OF).competency("technology")
    assert technology.status == "demonstrated"
    assert technology.steps is not None
    assert (technology.steps.reached, technology.steps.required) == ("masters", "specializes")
    assert technology.steps.next is None  # masters is the top step


def test_a_lower_step_does_not_answer_a_higher_requirement(ws: Workspace) -> None:
    # tl6 requires evangelizes; two pieces at adopts reach adopts only -> gap.
    scaled(ws)
    ev(ws, "a", "2026-02-01", "technology.adopts")
    ev(ws, "b", "2026-05-01", "technology.adopts")
    technology = ws.report(AS_OF).competency("technology")
    assert technology.status == "gap"
    assert technology.steps is not None and technology.steps.reached == "adopts"
    assert technology.reasons == (
        "no evidence at the step 'evangelizes' or above; 2 pieces at a lower step",
    )


def test_ranks_compare_levels_across_tracks(ws: Workspace) -> None:
    # Evidence at d6 (rank 6) counts toward tl5 (rank 5), though tl5 is listed after d6;
    # evidence at tl5 does not count toward d6.
    scaled(ws, target="tl5")
    ev(ws, "a", "2026-02-01", "technology.specializes", level="d6")
    ev(ws, "b", "2026-05-01", "technology.specializes", level="d6")
    assert ws.report(AS_OF).competency("technology").status == "demonstrated"
    ws.write_config(target_level="d6")
    ev(ws, "a", "2026-02-01", "technology.specializes", level="tl5")
    ev(ws, "b", "2026-05-01", "technology.specializes", level="tl5")
    report = ws.report(AS_OF)
    assert [c.id for c in report.competencies] == []  # d6 has no expectation at all
    assert report.readiness is None


def test_without_ranks_list_order_rules(ws: Workspace) -> None:
    # Same ladder without ranks: d6 is listed before tl5, so evidence at d6 is below tl5.
    ws.write("content/framework.yaml", SCALED.replace(", rank: 5}", "}").replace(", rank: 6}", "}"))
    ws.write_config(current_level="d5", target_level="tl5")
    ev(ws, "a", "2026-02-01", "technology.specializes", level="d6")
    ev(ws, "b", "2026-05-01", "technology.specializes", level="d6")
    technology = ws.report(AS_OF).competency("technology")
    assert technology.status == "gap"
    assert technology.below_level == ("a", "b")


def test_a_ref_is_answered_by_evidence_naming_the_original(ws: Workspace) -> None:
    # lead at tl6 is [ref lead.tl5.1]: one piece naming lead.tl5.1 answers it there.
    scaled(ws)
    ev(ws, "a", "2026-02-01", "lead.tl5.1")
    lead = ws.report(AS_OF).competency("lead")
    assert [(x.id, x.text, x.level, x.evidence) for x in lead.expectations] == [
        ("lead.tl5.1", "Runs planning.", "tl5", ("a",))
    ]
    assert lead.status == "partial"  # 1 of 2 pieces


BLANK = dedent(
    """
    name: Blank cells
    levels:
      - {id: ic4, title: Staff}
      - {id: ic5, title: Senior Staff}
    competencies:
      - id: craft
        expectations:
          ic4: [Writes code others extend.]
          ic5: []
      - id: talent
        cumulative: true
        expectations:
          ic4: [Grows engineers.]
          ic5: []
      - id: hiring
        expectations:
          ic4: [Interviews.]
    """
)


def test_blank_cells_absent_keys_and_cumulative_per_competency(ws: Workspace) -> None:
    # At ic5: craft has `[]` (no cumulative): assessed, no expectation of its own, judged on
    # its counted evidence. talent has `[]` with its own cumulative: ic4's expectation
    # applies. hiring has no ic5 key: not assessed there.
    ws.write("content/framework.yaml", BLANK)
    ws.write_config(current_level="ic4", target_level="ic5")
    ws.evidence("a", date="2026-02-01", competencies=["craft", "talent"])
    ws.evidence("b", date="2026-05-01", competencies=["craft"])
    report = ws.report(AS_OF)
    assert [c.id for c in report.competencies] == ["craft", "talent"]
    craft, talent = report.competencies
    assert (craft.status, craft.expectations) == ("demonstrated", ())
    assert talent.status == "partial"
    assert [x.id for x in talent.expectations] == ["talent.ic4.1"]
    assert report.readiness == 75.0  # (1 + 0.5) / 2


def test_a_file_wide_cumulative_can_be_turned_off_per_competency(ws: Workspace) -> None:
    text = "cumulative: true\n" + BLANK.replace("cumulative: true", "cumulative: false")
    ws.write("content/framework.yaml", text)
    ws.write_config(current_level="ic4", target_level="ic5")
    report = ws.report(AS_OF)
    talent = report.competency("talent")
    assert talent.expectations == ()  # its own `cumulative: false` wins
    assert [x.id for x in report.competency("craft").expectations] == ["craft.ic4.1"]


POINTS = dedent(
    """
    name: Points
    scales:
      milestones: ["1", "2", "3"]
    scoring: {points: [1, 3, 6]}
    levels:
      - {id: l1, title: One, points: 0}
      - {id: l2, title: Two, points: 8}
      - {id: l3, title: Three}
    competencies:
      - {id: web, scale: milestones}
      - {id: servers, scale: milestones}
      - id: craft
        scale: milestones
        expectations: {l2: "2"}
    """
)


def test_points_and_expectations_take_the_lower_readiness(ws: Workspace) -> None:
    # l2: web at "3" (2 pieces, Q1 + Q2) worth 6, servers nothing, craft at "1" worth 1:
    # 7 of 8 points -> 87.5. craft requires "2" and has nothing there -> gap -> 0.0. The
    # lower of the two: 0.0.
    ws.write("content/framework.yaml", POINTS)
    ws.write_config(current_level="l1", target_level="l2")
    ev(ws, "w1", "2026-02-01", "web.3")
    ev(ws, "w2", "2026-05-01", "web.3")
    ev(ws, "c1", "2026-02-01", "craft.1")
    ev(ws, "c2", "2026-05-01", "craft.1")
    report = ws.report(AS_OF)
    assert report.points is not None
    assert (report.points.reached, report.points.required, report.points.readiness) == (
        7,
        8,
        87.5,
    )
    assert report.readiness == 0.0
    # Agreed that craft is not required: only the points remain -> 87.5; craft keeps its 1.
    ws.write_config(not_required={"craft": "Agreed with Jo."})
    report = ws.report(AS_OF)
    assert report.competency("craft").status == "not required"
    assert report.readiness == 87.5


def test_points_readiness_is_capped_and_full_when_nothing_is_required(ws: Workspace) -> None:
    ws.write("content/framework.yaml", POINTS.replace("points: 8}", "points: 4}"))
    ws.write_config(current_level="l1", target_level="l2")
    ev(ws, "w1", "2026-02-01", "web.3")
    ev(ws, "w2", "2026-05-01", "web.3")
    ladder = {s.level: s for s in ws.report(AS_OF, level="l2").ladder}
    assert ladder["l1"].readiness == 100.0  # 6 of 0 points
    assert ladder["l1"].points is not None and ladder["l1"].points.reached == 6
    assert ws.report(AS_OF, level="l2").points.readiness == 100.0  # type: ignore[union-attr]


def test_a_level_with_nothing_to_assess(ws: Workspace) -> None:
    # l3 has neither points nor expectations: readiness null in JSON, words in the text,
    # and --fail-under exits 1 saying why.
    ws.write("content/framework.yaml", POINTS)
    ws.write_config(current_level="l2", target_level="l3")
    assert ws.report(AS_OF).readiness is None
    runner = CliRunner()
    base = ["-C", str(ws.root), "gaps", "--as-of", AS_OF.isoformat(), "--no-cache"]
    data = json.loads(runner.invoke(cli, [*base, "--format", "json"]).stdout)
    assert data["readiness"] is None and data["competencies"] == []
    assert [(s["level"], s["readiness"]) for s in data["ladder"]] == [
        ("l1", 100.0),
        ("l2", 0.0),
        ("l3", None),
    ]
    text = runner.invoke(cli, base).stdout
    assert "Readiness at l3 (Three): nothing to assess at this level" in text
    assert "l3 nothing to assess at this level" in text
    failed = runner.invoke(cli, [*base, "--fail-under", "50"])
    assert failed.exit_code == 1
    assert "nothing to assess at l3" in failed.stderr
    assert "Traceback" not in failed.output


@pytest.mark.parametrize("level", ["l1", "l2"])
def test_every_scaled_competency_is_listed_at_a_level_with_points(
    ws: Workspace, level: str
) -> None:
    ws.write("content/framework.yaml", POINTS)
    ws.write_config(current_level="l1", target_level="l2")
    report = ws.report(AS_OF, level=level)
    assert [c.id for c in report.competencies] == ["web", "servers", "craft"]
    assert all(c.status == "gap" and c.steps and c.steps.worth == 0 for c in report.competencies)


def test_a_promotion_across_tracks_follows_ranks(ws: Workspace) -> None:
    # tl5 (rank 5) -> d6 (rank 6) is a step up though d6 is listed first; d6 -> tl5 is not.
    scaled(ws, current="tl5", target="d6")
    _, diags = ws.load()
    assert not [d for d in diags.warnings if "is not above" in d.message]
    scaled(ws, current="d6", target="tl5")
    _, diags = ws.load()
    assert [d.path for d in diags.warnings if "is not above the current level" in d.message] == [
        "dossier.yaml"
    ]


def test_init_compares_levels_by_rank(tmp_path: Any) -> None:
    ladder = str(LADDERS / "two-track" / "content" / "framework.yaml")
    runner = CliRunner()
    base = ["init", "--framework", ladder, "--name", "Ada"]
    up = runner.invoke(cli, [*base, str(tmp_path / "up"), "--current", "tl5", "--target", "d6"])
    assert up.exit_code == 0, up.output
    down = runner.invoke(cli, [*base, str(tmp_path / "down"), "--current", "d6", "--target", "tl5"])
    assert down.exit_code == 2
    assert "target level 'tl5' is not above the current level 'd6'" in down.output
