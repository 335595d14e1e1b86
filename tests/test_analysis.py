"""Hand-computed gap analysis cases (SPEC section 4, with the formats of section 2).

Every expected value below is worked out from the SPEC text, not from running the code.
Defaults (SPEC section 2, `analysis:`): min_evidence 2, recent_months 12, min_periods 2,
lead_months 6, min_types 1. Unless a test says otherwise, "now" is AS_OF = 2026-06-15,
so the recency cutoff is 2025-06-15 and the 12-month strip is 2025-07 .. 2026-06.

MINI_FRAMEWORK (tests/conftest.py) in ladder order: ic1, ic2 (no track), staff (ic),
manager (management), principal (ic). At the target level `staff` only `design`
(cross-team-design, design.staff.2) and `delivery` (delivery.staff.1) have expectations.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from conftest import MINI_FRAMEWORK, dedent

from dossier.analysis.gaps import CompetencyStatus
from dossier.dates import add_months, resolve_today, whole_months_between

AS_OF = date(2026, 6, 15)


# -- helpers -----------------------------------------------------------------------------
def ev(ws: Any, slug: str, day: str, *competencies: str, **fields: Any) -> None:
    """One piece of evidence; `from` can be passed as source=..."""
    if "source" in fields:
        fields["from"] = fields.pop("source")
    ws.evidence(slug, date=day, competencies=list(competencies or ("design",)), **fields)


def why(status: CompetencyStatus) -> str:
    return " | ".join(status.reasons)


def flat_framework(count: int) -> str:
    """A two-level framework with `count` competencies c1..cN, each expected at staff."""
    lines = [
        "name: Flat",
        "levels:",
        "  - {id: ic2, title: Senior}",
        "  - {id: staff, title: Staff}",
        "competencies:",
    ]
    for i in range(1, count + 1):
        lines += [f"  - id: c{i}", "    expectations:", f"      staff: [Does c{i}.]"]
    return "\n".join(lines) + "\n"


def two_quarters(ws: Any, prefix: str, *competencies: str) -> None:
    """Two pieces in 2026-Q1 and 2026-Q2: enough for demonstrated under the defaults."""
    ev(ws, f"{prefix}-a", "2026-02-10", *competencies, type="project")
    ev(ws, f"{prefix}-b", "2026-05-10", *competencies, type="project")


# -- min_evidence ------------------------------------------------------------------------
def test_exactly_min_evidence_pieces_is_demonstrated(ws):
    # 2 pieces (= min_evidence 2), latest 2026-05-10 >= 2025-06-15, quarters Q1 + Q2.
    two_quarters(ws, "design", "design")
    design = ws.report(AS_OF).competency("design")
    assert design.status == "demonstrated"
    assert design.evidence == ("design-a", "design-b")


def test_one_piece_short_of_min_evidence_is_partial(ws):
    ev(ws, "only-one", "2026-05-10", "design", type="project")
    design = ws.report(AS_OF).competency("design")
    assert design.status == "partial"
    assert "1 of 2 pieces" in why(design)
    assert design.evidence == ("only-one",)


def test_no_evidence_is_a_gap(ws):
    two_quarters(ws, "design", "design")
    delivery = ws.report(AS_OF).competency("delivery")
    assert delivery.status == "gap"
    assert delivery.evidence == ()


def test_competency_min_evidence_override_in_framework(ws):
    ws.write(
        "content/framework.yaml",
        MINI_FRAMEWORK.replace("    group: craft\n", "    group: craft\n    min_evidence: 3\n"),
    )
    two_quarters(ws, "design", "design")
    two_quarters(ws, "delivery", "delivery")
    report = ws.report(AS_OF)
    # design needs 3 (its own override), delivery keeps the default 2.
    assert report.competency("design").status == "partial"
    assert "2 of 3 pieces" in why(report.competency("design"))
    assert report.competency("delivery").status == "demonstrated"

    ev(ws, "design-c", "2026-06-01", "design", type="project")
    assert ws.report(AS_OF).competency("design").status == "demonstrated"


def test_config_min_evidence_and_competency_override_beats_it(ws):
    ws.write_config(analysis={"min_evidence": 3, "min_periods": 1})
    ws.write(
        "content/framework.yaml",
        MINI_FRAMEWORK.replace("    group: craft\n", "    group: craft\n    min_evidence: 1\n"),
    )
    ev(ws, "one-design", "2026-05-10", "design", type="project")
    two_quarters(ws, "delivery", "delivery")
    report = ws.report(AS_OF)
    assert report.competency("design").status == "demonstrated"  # 1 of 1
    assert report.competency("delivery").status == "partial"  # 2 of 3
    assert "2 of 3 pieces" in why(report.competency("delivery"))


# -- recency -----------------------------------------------------------------------------
def test_latest_exactly_recent_months_before_as_of_counts(ws):
    # as-of 2026-06-15 minus 12 calendar months = 2025-06-15: "on or after" -> recent.
    ev(ws, "old", "2025-03-01", "design", type="project")  # 2025-Q1
    ev(ws, "edge", "2025-06-15", "design", type="project")  # 2025-Q2
    design = ws.report(AS_OF).competency("design")
    assert design.status == "demonstrated"


def test_latest_one_day_older_than_recent_months_is_partial(ws):
    ev(ws, "old", "2025-03-01", "design", type="project")
    ev(ws, "edge", "2025-06-14", "design", type="project")
    design = ws.report(AS_OF).competency("design")
    assert design.status == "partial"
    # 2025-06-14 -> 2026-06-15: 12 whole calendar months (and a day).
    assert "latest is 12 months old" in why(design)
    assert "pieces" not in why(design)
    assert "quarters" not in why(design)


def test_end_date_extends_recency(ws):
    # date 2024-01-10 (2024-Q1) .. end 2025-09-30 and 2024-05-01 (2024-Q2):
    # latest = max(end, date) = 2025-09-30 >= cutoff 2025-06-15.
    ev(ws, "long-project", "2024-01-10", "design", end="2025-09-30", type="project")
    ev(ws, "short", "2024-05-01", "design", type="project")
    assert ws.report(AS_OF).competency("design").status == "demonstrated"


def test_without_end_old_evidence_reports_its_age(ws):
    ev(ws, "long-project", "2024-01-10", "design", type="project")
    ev(ws, "short", "2024-05-01", "design", type="project")
    design = ws.report(AS_OF).competency("design")
    assert design.status == "partial"
    # latest 2024-05-01 -> 2026-06-15: 24 months to 2026-05-01, +1 to 2026-06-01 = 25.
    assert "latest is 25 months old" in why(design)


def test_recency_month_end_clamping(ws):
    # recent_months 1; as-of 2026-03-31 minus 1 month = 2026-02-28 (February is clamped).
    ws.write_config(analysis={"recent_months": 1})
    ev(ws, "q4", "2025-12-15", "design", type="project")  # 2025-Q4
    ev(ws, "feb-end", "2026-02-28", "design", type="project")  # 2026-Q1
    assert ws.report(date(2026, 3, 31)).competency("design").status == "demonstrated"


def test_recency_month_end_clamping_one_day_older(ws):
    ws.write_config(analysis={"recent_months": 1})
    ev(ws, "q4", "2025-12-15", "design", type="project")
    ev(ws, "feb-27", "2026-02-27", "design", type="project")
    design = ws.report(date(2026, 3, 31)).competency("design")
    assert design.status == "partial"
    # 2026-02-27 -> 2026-03-31: one whole month.
    assert "latest is 1 month" in why(design)


def test_calendar_month_helpers():
    assert add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)
    assert add_months(date(2024, 3, 31), -1) == date(2024, 2, 29)  # leap year
    assert add_months(date(2026, 6, 15), -12) == date(2025, 6, 15)
    assert whole_months_between(date(2026, 6, 15), date(2026, 9, 14)) == 2
    assert whole_months_between(date(2026, 6, 15), date(2026, 9, 15)) == 3


# -- quarters ----------------------------------------------------------------------------
def test_last_day_of_q1_and_first_day_of_q2_are_two_quarters(ws):
    ev(ws, "mar-31", "2026-03-31", "design", type="project")
    ev(ws, "apr-01", "2026-04-01", "design", type="project")
    assert ws.report(AS_OF).competency("design").status == "demonstrated"


def test_first_and_last_day_of_q1_are_one_quarter(ws):
    ev(ws, "jan-01", "2026-01-01", "design", type="project")
    ev(ws, "mar-31", "2026-03-31", "design", type="project")
    design = ws.report(AS_OF).competency("design")
    assert design.status == "partial"
    assert "all in 2026-Q1" in why(design)
    assert "pieces" not in why(design)


def test_quarters_use_date_not_end(ws):
    # Both dates in 2026-Q1; the end in 2026-Q2 does not add a quarter.
    ev(ws, "spanning", "2026-01-10", "design", end="2026-05-31", type="project")
    ev(ws, "feb", "2026-02-10", "design", type="project")
    design = ws.report(AS_OF).competency("design")
    assert design.status == "partial"
    assert "all in 2026-Q1" in why(design)


def test_min_periods_setting(ws):
    ws.write_config(analysis={"min_periods": 3})
    two_quarters(ws, "design", "design")  # 2 quarters of 3
    assert ws.report(AS_OF).competency("design").status == "partial"
    ws.write_config(analysis={"min_periods": 1})
    ev(ws, "jan-01", "2026-01-01", "delivery", type="project")
    ev(ws, "mar-31", "2026-03-31", "delivery", type="project")
    assert ws.report(AS_OF).competency("delivery").status == "demonstrated"


# -- min_types ---------------------------------------------------------------------------
def test_min_types_two_pieces_of_one_type_are_short(ws):
    ws.write_config(analysis={"min_types": 2})
    two_quarters(ws, "design", "design")  # both type project
    design = ws.report(AS_OF).competency("design")
    assert design.status == "partial"
    assert "type" in why(design)


def test_min_types_two_types_are_enough(ws):
    ws.write_config(analysis={"min_types": 2})
    ev(ws, "project", "2026-02-10", "design", type="project")
    ev(ws, "praise", "2026-05-10", "design", type="feedback", source="Sam Okafor (VP)")
    assert ws.report(AS_OF).competency("design").status == "demonstrated"


# -- levels ------------------------------------------------------------------------------
def test_evidence_below_target_level_is_not_counted(ws):
    ev(ws, "a", "2026-02-10", "design", type="project", level="ic2")
    ev(ws, "b", "2026-05-10", "design", type="project", level="ic2")
    design = ws.report(AS_OF).competency("design")
    assert design.status == "gap"
    assert design.evidence == ()
    assert set(design.below_level) == {"a", "b"}


def test_evidence_without_level_counts_at_target_level(ws):
    two_quarters(ws, "design", "design")
    design = ws.report(AS_OF).competency("design")
    assert design.status == "demonstrated"
    assert design.below_level == ()


def test_evidence_above_target_level_counts(ws):
    ev(ws, "a", "2026-02-10", "design", type="project", level="principal")
    ev(ws, "b", "2026-05-10", "design", type="project", level="staff")
    design = ws.report(AS_OF).competency("design")
    assert design.status == "demonstrated"
    assert design.evidence == ("a", "b")


def test_at_or_above_follows_list_order(ws):
    # SPEC: '"at or above a level" follows the list order': manager comes after staff.
    ev(ws, "a", "2026-02-10", "delivery", type="project", level="manager")
    ev(ws, "b", "2026-05-10", "delivery", type="project", level="ic1")
    delivery = ws.report(AS_OF).competency("delivery")
    assert delivery.evidence == ("a",)
    assert delivery.below_level == ("b",)
    assert delivery.status == "partial"


def test_level_argument_changes_what_counts(ws):
    two_quarters(ws, "design", "design")  # no level = target staff
    principal = ws.report(AS_OF, level="principal")
    assert principal.level == "principal"
    # Only design has expectations at principal; staff evidence is below it.
    assert [c.id for c in principal.competencies] == ["design"]
    design = principal.competency("design")
    assert design.status == "gap"
    assert set(design.below_level) == {"design-a", "design-b"}
    assert principal.readiness == 0.0


def test_level_argument_lower_level_counts_lower_evidence(ws):
    ev(ws, "a", "2026-02-10", "design", type="project", level="ic2")
    ev(ws, "b", "2026-05-10", "design", type="project", level="ic2")
    ic2 = ws.report(AS_OF, level="ic2")
    assert [c.id for c in ic2.competencies] == ["design"]
    assert ic2.competency("design").status == "demonstrated"
    assert ic2.readiness == 100.0


# -- tracks and the ladder ---------------------------------------------------------------
def test_track_levels_and_next_level(ws):
    framework = ws.dossier().framework
    assert [lv.id for lv in framework.track_levels("ic")] == ["ic1", "ic2", "staff", "principal"]
    assert [lv.id for lv in framework.track_levels("management")] == ["ic1", "ic2", "manager"]
    assert framework.next_level("ic1", "ic").id == "ic2"
    assert framework.next_level("ic2", "ic").id == "staff"
    assert framework.next_level("ic2", "management").id == "manager"
    assert framework.next_level("staff", "ic").id == "principal"  # manager is skipped
    assert framework.next_level("principal", "ic") is None
    assert framework.next_level("manager", "management") is None


def test_author_track_follows_target(ws):
    assert ws.dossier().track == "ic"
    ws.write_config(target_level="manager")
    assert ws.dossier().track == "management"


def test_ladder_covers_the_ic_track_with_readiness_per_level(ws):
    ev(ws, "d1", "2026-01-15", "design", type="project")  # no level = staff
    ev(ws, "d2", "2026-04-15", "design", type="project")
    ev(ws, "v1", "2026-02-01", "delivery", type="project", level="ic1")
    report = ws.report(AS_OF)
    ladder = {step.level: step.readiness for step in report.ladder}
    assert [step.level for step in report.ladder] == ["ic1", "ic2", "staff", "principal"]
    # ic1: delivery only; v1 counts (ic1 >= ic1), 1 of 2 pieces -> partial -> 50.0
    # ic2: design only; d1 + d2 (staff >= ic2), Q1 + Q2 -> demonstrated -> 100.0
    # staff: design demonstrated, delivery gap (v1 is ic1 < staff) -> (1 + 0) / 2 = 50.0
    # principal: design only; staff < principal -> gap -> 0.0
    assert ladder == {"ic1": 50.0, "ic2": 100.0, "staff": 50.0, "principal": 0.0}
    assert ladder["staff"] == report.readiness


def test_ladder_covers_the_management_track_for_a_manager_target(ws):
    ws.write_config(target_level="manager")
    two_quarters(ws, "both", "delivery", "people")  # no level = manager
    report = ws.report(AS_OF)
    assert report.level == "manager"
    assert [c.id for c in report.competencies] == ["delivery", "people"]
    assert report.readiness == 100.0
    assert [step.level for step in report.ladder] == ["ic1", "ic2", "manager"]
    # ic1: delivery (manager >= ic1 by list order) demonstrated -> 100.0
    # ic2: design only, no design evidence -> gap -> 0.0
    ladder = {step.level: step.readiness for step in report.ladder}
    assert ladder == {"ic1": 100.0, "ic2": 0.0, "manager": 100.0}


# -- cumulative frameworks ---------------------------------------------------------------
CUMULATIVE = dedent(
    """
    name: Cumulative ladder
    cumulative: true
    levels:
      - {id: ic1, title: Engineer}
      - {id: ic2, title: Senior Engineer}
      - {id: staff, title: Staff Engineer, track: ic}
      - {id: manager, title: Engineering Manager, track: management}
      - {id: principal, title: Principal Engineer, track: ic}
    competencies:
      - id: design
        expectations:
          ic1: [Writes small designs.]
          staff: [Designs systems.]
          principal: [Sets direction.]
      - id: delivery
        expectations:
          ic2: [Ships features.]
          manager: [Runs a team's delivery.]
      - id: people
        expectations:
          manager: [Hires and grows a team.]
    """
)


def test_cumulative_level_includes_lower_levels_of_its_track(ws):
    ws.write("content/framework.yaml", CUMULATIVE)
    framework = ws.dossier().framework
    assert framework.cumulative is True
    design, delivery, people = framework.competencies

    def ids(competency, level):
        return {x.id for x in framework.expectations_at(competency, level)}

    # principal (ic): ic1, ic2 (no track) and staff (ic) below it; manager is another track.
    assert ids(design, "principal") == {"design.ic1.1", "design.staff.1", "design.principal.1"}
    assert ids(delivery, "principal") == {"delivery.ic2.1"}
    assert ids(people, "principal") == set()
    assert [c.id for c in framework.competencies_at("principal")] == ["design", "delivery"]
    # manager (management): staff is on the ic track, so only ic1 of design.
    assert ids(design, "manager") == {"design.ic1.1"}
    assert ids(delivery, "manager") == {"delivery.ic2.1", "delivery.manager.1"}
    assert ids(people, "manager") == {"people.manager.1"}
    # staff: design ic1 + staff, delivery ic2 (no track), nothing from manager.
    assert ids(design, "staff") == {"design.ic1.1", "design.staff.1"}
    assert ids(delivery, "staff") == {"delivery.ic2.1"}


def test_cumulative_report_at_a_level(ws):
    ws.write("content/framework.yaml", CUMULATIVE)
    report = ws.report(AS_OF, level="principal")
    assert [c.id for c in report.competencies] == ["design", "delivery"]
    assert {x.id for x in report.competency("design").expectations} == {
        "design.ic1.1",
        "design.staff.1",
        "design.principal.1",
    }
    assert {x.id for x in report.competency("delivery").expectations} == {"delivery.ic2.1"}


def test_non_cumulative_level_has_only_its_own_expectations(ws):
    design = ws.report(AS_OF).competency("design")
    assert [x.id for x in design.expectations] == ["cross-team-design", "design.staff.2"]
    assert [c.id for c in ws.report(AS_OF).competencies] == ["design", "delivery"]


# -- not_required ------------------------------------------------------------------------
def test_not_required_is_shown_with_its_reason_and_left_out_of_readiness(ws):
    ws.write_config(not_required={"delivery": "Agreed with Jo: not needed on this team."})
    two_quarters(ws, "design", "design")
    report = ws.report(AS_OF)
    delivery = report.competency("delivery")
    assert delivery.status == "not required"
    assert "Agreed with Jo: not needed on this team." in why(delivery)
    # design demonstrated is the only scored competency: 1 / 1 = 100.0
    # (with delivery counted as a gap it would be 50.0).
    assert report.readiness == 100.0
    assert "delivery" not in report.unplanned


def test_not_required_people_at_manager(ws):
    ws.write_config(
        target_level="manager",
        not_required={"people": "The IC track does not require people leadership."},
    )
    ev(ws, "one", "2026-05-10", "delivery", type="project")
    report = ws.report(AS_OF)
    assert report.competency("people").status == "not required"
    assert "does not require people leadership" in why(report.competency("people"))
    # delivery partial (1 of 2) is the only scored one: 0.5 / 1 = 50.0
    assert report.readiness == 50.0


# -- readiness arithmetic ----------------------------------------------------------------
def test_readiness_one_demonstrated_one_partial_one_gap(ws):
    ws.write("content/framework.yaml", flat_framework(3))
    two_quarters(ws, "c1", "c1")
    ev(ws, "c2", "2026-05-10", "c2", type="project")
    report = ws.report(AS_OF)
    assert [c.status for c in report.competencies] == ["demonstrated", "partial", "gap"]
    assert report.readiness == 50.0  # (1 + 0.5 + 0) / 3 = 0.5


def test_readiness_two_of_three_demonstrated(ws):
    ws.write("content/framework.yaml", flat_framework(3))
    two_quarters(ws, "c", "c1", "c2")
    assert ws.report(AS_OF).readiness == 66.7  # 2 / 3 = 66.666... -> 66.7


def test_readiness_one_partial_of_three(ws):
    ws.write("content/framework.yaml", flat_framework(3))
    ev(ws, "c1", "2026-05-10", "c1", type="project")
    assert ws.report(AS_OF).readiness == 16.7  # 0.5 / 3 = 16.666... -> 16.7


def test_readiness_rounds_half_up(ws):
    ws.write("content/framework.yaml", flat_framework(8))
    ev(ws, "c1", "2026-05-10", "c1", type="project")
    # 0.5 / 8 = 6.25 % -> 6.3 (half up; half-to-even would give 6.2)
    assert ws.report(AS_OF).readiness == 6.3


def test_readiness_rounds_half_up_again(ws):
    ws.write("content/framework.yaml", flat_framework(8))
    ev(ws, "five", "2026-05-10", "c1", "c2", "c3", "c4", "c5", type="project")
    # 5 partial: 2.5 / 8 = 31.25 % -> 31.3
    assert ws.report(AS_OF).readiness == 31.3


def test_readiness_all_demonstrated_and_none(ws):
    ws.write("content/framework.yaml", flat_framework(3))
    assert ws.report(AS_OF).readiness == 0.0
    two_quarters(ws, "all", "c1", "c2", "c3")
    assert ws.report(AS_OF).readiness == 100.0


def test_readiness_with_not_required(ws):
    ws.write("content/framework.yaml", flat_framework(3))
    two_quarters(ws, "c1", "c1")
    assert ws.report(AS_OF).readiness == 33.3  # 1 / 3
    ws.write_config(not_required={"c3": "Agreed exception."})
    assert ws.report(AS_OF).readiness == 50.0  # c1 1, c2 0, c3 left out: 1 / 2


# -- per-expectation statuses ------------------------------------------------------------
def test_expectation_statuses_with_explicit_id(ws):
    ev(ws, "a", "2026-02-10", "design", type="project", expectations=["cross-team-design"])
    ev(ws, "b", "2026-05-10", "design", type="project", expectations=["cross-team-design"])
    report = ws.report(AS_OF)
    design = report.competency("design")
    statuses = {x.id: x.status for x in design.expectations}
    assert statuses == {"cross-team-design": "demonstrated", "design.staff.2": "gap"}
    assert {x.id: x.evidence for x in design.expectations} == {
        "cross-team-design": ("a", "b"),
        "design.staff.2": (),
    }
    # design's evidence names expectations -> its unnamed one is listed;
    # delivery's evidence names none (there is none) -> its status speaks instead.
    assert report.unanswered_expectations == ("design.staff.2",)


def test_expectation_statuses_with_auto_id(ws):
    ev(ws, "a", "2026-02-10", "design", type="project", expectations=["cross-team-design"])
    ev(ws, "b", "2026-05-10", "design", type="project", expectations=["cross-team-design"])
    ev(ws, "c", "2026-05-20", "design", type="project", expectations=["design.staff.2"])
    report = ws.report(AS_OF)
    design = report.competency("design")
    by_id = {x.id: x for x in design.expectations}
    assert by_id["cross-team-design"].status == "demonstrated"
    assert by_id["design.staff.2"].status == "partial"
    assert "1 of 2 pieces" in " | ".join(by_id["design.staff.2"].reasons)
    assert by_id["design.staff.2"].evidence == ("c",)
    assert design.status == "demonstrated"  # 3 pieces over Q1 + Q2
    assert report.unanswered_expectations == ()


def test_unanswered_only_where_evidence_names_expectations(ws):
    two_quarters(ws, "delivery", "delivery")  # names no expectation
    ev(ws, "design", "2026-05-10", "design", type="project", expectations=["design.staff.2"])
    report = ws.report(AS_OF)
    assert report.unanswered_expectations == ("cross-team-design",)
    assert "delivery.staff.1" not in report.unanswered_expectations


# -- goals -------------------------------------------------------------------------------
def test_goals_list_open_goals_naming_the_competency(ws):
    ws.goal("plan-design", competencies=["design"], status="planned", due="2026-09-01")
    ws.goal(
        "by-expectation", expectations=["delivery.staff.1"], status="in-progress", due="2026-09-01"
    )
    ws.goal("finished", competencies=["design"], status="done", due="2026-03-01")
    ws.goal("abandoned", competencies=["delivery"], status="dropped", due="2026-03-01")
    report = ws.report(AS_OF)
    assert report.competency("design").goals == ("plan-design",)
    assert report.competency("delivery").goals == ("by-expectation",)


def test_unplanned_lists_short_competencies_without_an_open_goal(ws):
    ev(ws, "one", "2026-05-10", "design", type="project")  # design partial
    ws.goal("plan-design", competencies=["design"], status="planned", due="2026-09-01")
    ws.goal("finished", competencies=["delivery"], status="done", due="2026-03-01")
    report = ws.report(AS_OF)
    assert report.competency("delivery").status == "gap"
    assert report.unplanned == ("delivery",)


def test_demonstrated_competency_is_not_unplanned(ws):
    two_quarters(ws, "both", "design", "delivery")
    assert ws.report(AS_OF).unplanned == ()


def test_overdue_goals(ws):
    ws.goal("late-planned", competencies=["design"], status="planned", due="2026-06-14")
    ws.goal("late-started", competencies=["design"], status="in-progress", due="2026-06-01")
    ws.goal("due-today", competencies=["design"], status="in-progress", due="2026-06-15")
    ws.goal("future", competencies=["design"], status="planned", due="2026-07-01")
    ws.goal("done-late", competencies=["design"], status="done", due="2026-01-01")
    ws.goal("dropped-late", competencies=["design"], status="dropped", due="2026-01-01")
    report = ws.report(AS_OF)
    assert set(report.overdue_goals) == {"late-planned", "late-started"}


# -- feedback, types and the consistency strip -------------------------------------------
def test_feedback_count_and_by_type(ws):
    ev(ws, "kudos-1", "2026-01-10", "design", type="feedback", source="Sam Okafor (VP)")
    ev(ws, "kudos-2", "2026-02-10", "design", type="feedback", source="Jo Lin")
    ev(ws, "launch", "2026-04-10", "design", type="project")
    ev(ws, "numbers", "2026-05-10", "design", "delivery", type="metric")
    report = ws.report(AS_OF)
    design = report.competency("design")
    assert dict(design.by_type) == {"feedback": 2, "project": 1, "metric": 1}
    assert design.feedback == 2
    delivery = report.competency("delivery")
    assert dict(delivery.by_type) == {"metric": 1}
    assert delivery.feedback == 0


def test_consistency_strip(ws):
    ev(ws, "first-month", "2025-07-01", "design", type="project")
    ev(ws, "spanning", "2026-01-10", "design", end="2026-03-05", type="project")
    ev(ws, "before-window", "2025-05-01", "design", type="project")
    months = ws.report(AS_OF).competency("design").months
    # The 12 months ending with June 2026: 2025-07 .. 2026-06.
    assert len(months) == 12
    assert months[0][0] == "2025-07"
    assert months[-1][0] == "2026-06"
    # 2025-07 (first-month); 2026-01, 02, 03 (spanning to its end); 2025-05 is outside.
    assert {m for m, held in months if held} == {"2025-07", "2026-01", "2026-02", "2026-03"}


def test_consistency_strip_end_reaching_into_the_window(ws):
    ev(ws, "long", "2025-04-10", "design", end="2025-08-20", type="project")
    months = dict(ws.report(AS_OF).competency("design").months)
    # covers 2025-04 .. 2025-08; the window starts at 2025-07.
    assert {m for m, held in months.items() if held} == {"2025-07", "2025-08"}


# -- people ------------------------------------------------------------------------------
def test_people_not_seen(ws):
    ws.write_config(
        people=[
            {"name": "Sam Okafor", "role": "VP Product", "relation": "sponsor"},
            {"name": "Jo Lin", "role": "Group PM", "relation": "manager"},
            {"name": "Kim Park", "role": "Designer"},
            {"name": "Lee Chan", "role": "CTO"},
            {"name": "Ana Ruiz", "role": "Director"},
        ]
    )
    ev(ws, "with-jo", "2026-03-01", "design", type="project", stakeholders=["Jo Lin"])
    ev(ws, "praise", "2026-04-01", "design", type="feedback", source="Sam Okafor (VP Product)")
    # Kim last named 2025-06-14, one day before the cutoff 2025-06-15: not seen.
    ev(ws, "old", "2025-06-14", "design", type="project", stakeholders=["Kim Park"])
    # Ana named on work dated long ago that ended 2025-06-15: on the cutoff, seen.
    ev(
        ws,
        "ana",
        "2024-01-01",
        "delivery",
        end="2025-06-15",
        type="project",
        stakeholders=["Ana Ruiz"],
    )
    report = ws.report(AS_OF)
    assert set(report.people_not_seen) == {"Kim Park", "Lee Chan"}


# -- timing ------------------------------------------------------------------------------
def test_timing_warns_when_cycle_is_close_and_gaps_remain(ws):
    ws.write_config(cycle="2026-09-01")
    report = ws.report(AS_OF)
    # 2026-06-15 -> 2026-08-15 is 2 months; 2026-09-15 is past the cycle.
    assert report.timing.cycle == date(2026, 9, 1)
    assert report.timing.months_left == 2
    assert report.timing.warning


def test_timing_months_left_in_whole_months(ws):
    ws.write_config(cycle="2026-09-14")
    assert ws.report(AS_OF).timing.months_left == 2
    ws.write_config(cycle="2026-09-15")
    assert ws.report(AS_OF).timing.months_left == 3
    ws.write_config(cycle="2027-06-15")
    assert ws.report(AS_OF).timing.months_left == 12


def test_timing_no_warning_when_all_demonstrated(ws):
    ws.write_config(cycle="2026-09-01")
    two_quarters(ws, "both", "design", "delivery")
    report = ws.report(AS_OF)
    assert report.readiness == 100.0
    assert report.timing.months_left == 2
    assert report.timing.warning is None


def test_timing_no_warning_when_cycle_is_far(ws):
    ws.write_config(cycle="2027-03-01")
    report = ws.report(AS_OF)
    # 2026-06-15 + 8 months = 2027-02-15 <= 2027-03-01 < 2027-03-15: 8 months.
    assert report.timing.months_left == 8
    assert report.timing.warning is None


def test_timing_lead_months_boundary(ws):
    # "warn when the cycle is closer than" lead_months (6): as-of + 6 months = 2026-09-01.
    ws.write_config(cycle="2026-09-01")
    assert ws.report(date(2026, 3, 1)).timing.warning is None
    ws.write_config(cycle="2026-08-31")
    assert ws.report(date(2026, 3, 1)).timing.warning


def test_timing_lead_months_setting(ws):
    ws.write_config(cycle="2026-09-01", analysis={"lead_months": 2})
    # lead 2: as-of + 2 months = 2026-08-15; the cycle 2026-09-01 is further away.
    assert ws.report(AS_OF).timing.warning is None


def test_timing_warns_when_cycle_has_passed(ws):
    ws.write_config(cycle="2026-06-01")
    assert ws.report(AS_OF).timing.warning


def test_timing_without_cycle(ws):
    timing = ws.report(AS_OF).timing
    assert (timing.cycle, timing.months_left, timing.warning) == (None, None, None)


# -- audiences ---------------------------------------------------------------------------
def _audience_evidence(ws: Any) -> None:
    ev(ws, "default-vis", "2026-01-15", "design", type="project")  # manager by default
    ev(ws, "for-sponsor", "2026-04-15", "design", type="project", visibility="sponsor")
    ev(ws, "for-public", "2025-11-15", "design", type="project", visibility="public")
    ev(ws, "private", "2026-05-15", "design", type="project", visibility="self")


def test_sponsor_sees_only_sponsor_and_public_evidence(ws):
    _audience_evidence(ws)
    report = ws.report(AS_OF, audience="sponsor")
    design = report.competency("design")
    assert report.audience == "sponsor"
    assert set(design.evidence) == {"for-sponsor", "for-public"}
    assert design.status == "demonstrated"  # 2025-Q4 + 2026-Q2


def test_public_sees_only_public_evidence(ws):
    _audience_evidence(ws)
    design = ws.report(AS_OF, audience="public").competency("design")
    assert design.evidence == ("for-public",)
    assert design.status == "partial"
    assert "1 of 2 pieces" in why(design)


def test_manager_and_self_audiences(ws):
    _audience_evidence(ws)
    manager = ws.report(AS_OF, audience="manager").competency("design")
    assert set(manager.evidence) == {"default-vis", "for-sponsor", "for-public"}
    own = ws.report(AS_OF).competency("design")
    assert set(own.evidence) == {"default-vis", "for-sponsor", "for-public", "private"}


def test_sponsor_analysis_ignores_hidden_goals(ws):
    ws.goal("secret-plan", competencies=["design"], due="2026-01-01")
    ws.goal("shared-plan", competencies=["delivery"], due="2026-01-01", visibility="sponsor")
    report = ws.report(AS_OF, audience="sponsor")
    assert report.competency("design").goals == ()
    assert report.overdue_goals == ("shared-plan",)
    assert report.unplanned == ("design",)


# -- determinism -------------------------------------------------------------------------
def test_source_date_epoch_drives_now(monkeypatch):
    # 2026-01-01T00:00Z = (56 * 365 + 14 leap days) * 86400 = 20454 * 86400 = 1767225600.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert resolve_today(None) == date(2026, 1, 1)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225599")  # one second earlier, UTC
    assert resolve_today(None) == date(2025, 12, 31)


def test_as_of_wins_over_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert resolve_today(date(2024, 2, 29)) == date(2024, 2, 29)


def test_same_inputs_give_the_same_report(ws, tmp_path):
    ws.write_config(cycle="2026-09-01", people=[{"name": "Jo Lin"}])
    ev(ws, "b-second", "2026-05-10", "design", type="project", expectations=["design.staff.2"])
    ev(ws, "a-first", "2026-02-10", "design", "delivery", type="feedback", source="Jo Lin")
    ws.goal("plan", competencies=["delivery"], due="2026-05-01")
    first, second = ws.report(AS_OF), ws.report(AS_OF)
    assert first == second

    # The same files written in another order, in another folder.
    other = type(ws)(tmp_path / "other")
    other.write_config(cycle="2026-09-01", people=[{"name": "Jo Lin"}])
    other.goal("plan", competencies=["delivery"], due="2026-05-01")
    ev(other, "a-first", "2026-02-10", "design", "delivery", type="feedback", source="Jo Lin")
    ev(other, "b-second", "2026-05-10", "design", type="project", expectations=["design.staff.2"])
    assert other.report(AS_OF) == first


@pytest.mark.parametrize("audience", ["self", "manager", "sponsor", "public"])
def test_report_is_repeatable_per_audience(ws, audience):
    _audience_evidence(ws)
    assert ws.report(AS_OF, audience=audience) == ws.report(AS_OF, audience=audience)


def test_below_level_evidence_does_not_answer_expectations(ws):
    ev(
        ws,
        "low",
        "2026-02-10",
        "design",
        type="project",
        level="ic2",
        expectations=["cross-team-design"],
    )
    ev(ws, "counted", "2026-05-10", "delivery", type="project")
    report = ws.report(AS_OF)
    by_id = {x.id: x for x in report.competency("design").expectations}
    assert by_id["cross-team-design"].status == "gap"
    assert by_id["cross-team-design"].evidence == ()
    # No *counted* evidence of design names an expectation: nothing listed.
    assert report.unanswered_expectations == ()

    ev(ws, "high", "2026-05-20", "design", type="project", expectations=["design.staff.2"])
    assert ws.report(AS_OF).unanswered_expectations == ("cross-team-design",)


def test_goal_by_expectation_plans_its_competency(ws):
    ws.goal("by-expectation", expectations=["delivery.staff.1"], status="planned", due="2026-09-01")
    report = ws.report(AS_OF)
    assert report.competency("delivery").status == "gap"
    assert report.unplanned == ("design",)


def test_goal_without_due_is_not_overdue(ws):
    ws.goal("someday", competencies=["design"], status="planned")
    assert ws.report(AS_OF).overdue_goals == ()


def test_people_hidden_from_the_audience_are_not_reported(ws):
    ws.write_config(
        people=[
            {"name": "Jo Lin", "relation": "manager"},  # visibility manager by default
            {"name": "Sam Okafor", "relation": "sponsor", "visibility": "sponsor"},
        ]
    )
    assert set(ws.report(AS_OF).people_not_seen) == {"Jo Lin", "Sam Okafor"}
    assert ws.report(AS_OF, audience="sponsor").people_not_seen == ("Sam Okafor",)
