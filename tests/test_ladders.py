"""Three real-shaped ladders (tests/ladders/), each with a workspace of evidence, measured
against reports worked out by hand from SPEC sections 2 and 4, field by field.

Every workspace uses the default analysis settings: min_evidence 2, recent_months 12,
min_periods 2, min_types 1. As of 2026-06-30 the recency cutoff is 2025-06-30; every piece
below is newer, so recency never decides a status here. Evidence without `level` counts at
the target level.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import REPO

from dossier.cli import cli

LADDERS = REPO / "tests" / "ladders"
AS_OF = "2026-06-30"

# -- plateau: current ic4, target ic5; no tracks, no ranks: list order -------------------
# Levels ic1..ic7. Evidence: payments-migration at ic4; lint-rules, review-guide at ic4;
# every other piece at the target ic5.
#
# results at ic5: [ref results-multi-team, results.ic5.2]. Naming results: payments (ic4,
#   below ic5), search (2026-02-20..04-30, project), storage (2026-05-18, metric): counted
#   search + storage, 2 pieces, Q1 + Q2, 2 types -> demonstrated. results-multi-team: both
#   name it -> demonstrated; results.ic5.2: none -> gap, and unanswered (the competency's
#   evidence names its other expectation).
# direction at ic5: [direction.ic5.1]. search (names the competency) and architecture
#   review (2026-01-15), both 2026-Q1 -> partial "all in 2026-Q1". direction.ic5.1: only the
#   review -> partial, 1 of 2, all in 2026-Q1.
# talent (cumulative: true) at ic5: `[]` of its own, so ic3.1 and ic4.1 apply. feedback
#   2026-03-03 + onboarding 2026-04-22: Q1 + Q2, feedback + project -> demonstrated; each
#   expectation has one piece -> partial.
# culture at ic5: [ref culture.ic4.1]. incident review 2025-09-10 only -> partial (1 of 2,
#   all in 2025-Q3); an in-progress goal names it, so only direction is unplanned.
# craft: no ic5 key -> not assessed at ic5, not in the report.
# Readiness (1 + 0.5 + 1 + 0.5) / 4 = 75.0.
# Ladder: ic1, ic2 craft only: lint (2025-12-01) + guide (2026-03-10) at ic4 -> demonstrated
#   -> 100. ic3 craft, results (payments counts at ic4 >= ic3: 3 pieces, 3 quarters), talent
#   -> 100. ic4: craft 1, results 1, direction 0.5, talent 1, culture 0.5 -> 80.0. ic5 75.0.
#   ic6 (results ref, direction [], talent, culture ref) and ic7 (results, direction [],
#   talent through cumulative, culture): nothing is at ic6 or above -> 0.0 each.
PLATEAU: dict[str, Any] = {
    "level": "ic5",
    "readiness": 75.0,
    "points": None,
    "counts": {"demonstrated": 2, "partial": 2, "gap": 0, "not required": 0},
    "unanswered_expectations": ["results.ic5.2"],
    "unplanned": ["direction"],
    "people_not_seen": ["Marco Ruiz"],
    "ladder": {
        "ic1": (100.0, None),
        "ic2": (100.0, None),
        "ic3": (100.0, None),
        "ic4": (80.0, None),
        "ic5": (75.0, None),
        "ic6": (0.0, None),
        "ic7": (0.0, None),
    },
    "competencies": {
        "results": {
            "status": "demonstrated",
            "reasons": [
                "2 pieces (2 needed)",
                "latest 2026-05-18",
                "spans 2 quarters (2026-Q1 to 2026-Q2)",
                "2 types: metric, project",
            ],
            "evidence": ["2026-02-20-search-relaunch", "2026-05-18-storage-tiering"],
            "below_level": ["2025-11-12-payments-migration"],
            "goals": [],
            "expectations": {
                "results-multi-team": (
                    "demonstrated",
                    ["2026-02-20-search-relaunch", "2026-05-18-storage-tiering"],
                ),
                "results.ic5.2": ("gap", []),
            },
        },
        "direction": {
            "status": "partial",
            "reasons": ["all in 2026-Q1 (2 quarters needed)"],
            "evidence": ["2026-01-15-org-architecture-review", "2026-02-20-search-relaunch"],
            "below_level": [],
            "goals": [],
            "expectations": {
                "direction.ic5.1": ("partial", ["2026-01-15-org-architecture-review"]),
            },
        },
        "talent": {
            "status": "demonstrated",
            "reasons": [
                "2 pieces (2 needed)",
                "latest 2026-04-22",
                "spans 2 quarters (2026-Q1 to 2026-Q2)",
                "2 types: feedback, project",
            ],
            "evidence": ["2026-03-03-mentoring-feedback", "2026-04-22-onboarding-mentor"],
            "below_level": [],
            "goals": [],
            "expectations": {
                "talent.ic3.1": ("partial", ["2026-04-22-onboarding-mentor"]),
                "talent.ic4.1": ("partial", ["2026-03-03-mentoring-feedback"]),
            },
        },
        "culture": {
            "status": "partial",
            "reasons": ["1 of 2 pieces", "all in 2025-Q3 (2 quarters needed)"],
            "evidence": ["2025-09-10-incident-review"],
            "below_level": [],
            "goals": ["lead-incident-reviews"],
            "expectations": {
                "culture.ic4.1": ("partial", ["2025-09-10-incident-review"]),
            },
        },
    },
}

# -- two-track: current d5, target tl6; ranks d1-d7 (dev), tl4-tl7 (lead) -----------------
# The author's track is the target's (lead): the ladder is tl4..tl7. Levels compare by rank,
# so evidence at d6 (rank 6) counts at tl6 (rank 6); d5 and tl5 (rank 5) are below it.
#
# technology requires evangelizes at tl6. Counted: typed-clients (d6, masters, 2025-Q4,
#   project), talk (tl6, evangelizes, 2026-Q1, talk); schema-registry is at d5 -> below.
#   At masters or above: 1 piece -> no; at evangelizes or above: 2 pieces, 2 quarters ->
#   reached evangelizes. Required evangelizes -> the same 2 pieces -> demonstrated.
# system requires evangelizes. billing split (evangelizes, 2026-01-20) and capacity model
#   (specializes, 2026-04-14). At evangelizes: 1 piece, Q1 -> partial; at specializes:
#   2 pieces, Q1 + Q2 -> reached specializes. Status partial.
# people requires masters. One piece, at specializes -> nothing at masters: gap; one piece
#   is short at every step -> no step reached.
# process (cumulative) has no tl6 key: the highest step of tl4/tl5 applies, evangelizes.
#   incident reviews (d6, evangelizes, 2025-Q4), handbook (masters, 2026-Q2): at masters
#   1 piece; at evangelizes 2 pieces in 2 quarters -> reached evangelizes, demonstrated.
# team-leadership at tl6: [ref team-leadership.tl5.1, grows-leads]. checkout planning is at
#   tl5 -> below. Counted: coaching (2026-04-02, grows-leads) and payments roadmap
#   (d6, 2026-05-20, tl5.1): both Q2 -> partial; each expectation 1 piece -> partial.
# Readiness (1 + 0.5 + 0 + 1 + 0.5) / 5 = 60.0. A goal names people: unplanned are the
# other two short ones.
# Ladder: tl4 (rank 4, everything counts): technology specializes (3 pieces, 3 quarters) 1,
#   system specializes 1, people specializes (1 piece) 0.5, process specializes 1,
#   team-leadership tl4 (3 pieces, Q1 + Q2) 1 -> 90.0. tl5: technology evangelizes
#   (typed-clients, talk, registry) 1, system specializes 1, people evangelizes 0 (only a
#   lower step), process evangelizes 1, team-leadership tl5.1 (all three pieces) 1 -> 80.0.
#   tl6 60.0. tl7 (rank 7): nothing at 7 or above -> five gaps -> 0.0.
TWO_TRACK: dict[str, Any] = {
    "level": "tl6",
    "readiness": 60.0,
    "points": None,
    "counts": {"demonstrated": 2, "partial": 2, "gap": 1, "not required": 0},
    "unanswered_expectations": [],
    "unplanned": ["system", "team-leadership"],
    "people_not_seen": [],
    "ladder": {
        "tl4": (90.0, None),
        "tl5": (80.0, None),
        "tl6": (60.0, None),
        "tl7": (0.0, None),
    },
    "competencies": {
        "technology": {
            "status": "demonstrated",
            "reasons": [
                "2 pieces (2 needed)",
                "latest 2026-02-11",
                "spans 2 quarters (2025-Q4 to 2026-Q1)",
                "2 types: project, talk",
            ],
            "evidence": ["2025-10-08-typed-api-clients", "2026-02-11-typed-clients-talk"],
            "below_level": ["2026-05-05-schema-registry"],
            "goals": [],
            "step": "evangelizes",
            "required_step": "evangelizes",
            "next_step": "masters",
            "expectations": {
                "technology.evangelizes": (
                    "demonstrated",
                    ["2025-10-08-typed-api-clients", "2026-02-11-typed-clients-talk"],
                ),
            },
        },
        "system": {
            "status": "partial",
            "reasons": ["1 of 2 pieces", "all in 2026-Q1 (2 quarters needed)"],
            "evidence": ["2026-01-20-billing-split"],
            "below_level": [],
            "goals": [],
            "step": "specializes",
            "required_step": "evangelizes",
            "next_step": "evangelizes",
            "expectations": {"system.evangelizes": ("partial", ["2026-01-20-billing-split"])},
        },
        "people": {
            "status": "gap",
            "reasons": ["no evidence at the step 'masters' or above; 1 piece at a lower step"],
            "evidence": [],
            "below_level": [],
            "goals": ["run-architecture-guild"],
            "step": None,
            "required_step": "masters",
            "next_step": "adopts",
            "expectations": {"people.masters": ("gap", [])},
        },
        "process": {
            "status": "demonstrated",
            "reasons": [
                "2 pieces (2 needed)",
                "latest 2026-06-10",
                "spans 2 quarters (2025-Q4 to 2026-Q2)",
                "1 type: project",
            ],
            "evidence": ["2025-12-03-incident-reviews", "2026-06-10-on-call-handbook"],
            "below_level": [],
            "goals": [],
            "step": "evangelizes",
            "required_step": "evangelizes",
            "next_step": "masters",
            "expectations": {
                "process.evangelizes": (
                    "demonstrated",
                    ["2025-12-03-incident-reviews", "2026-06-10-on-call-handbook"],
                ),
            },
        },
        "team-leadership": {
            "status": "partial",
            "reasons": ["all in 2026-Q2 (2 quarters needed)"],
            "evidence": ["2026-04-02-coached-tech-leads", "2026-05-20-payments-roadmap"],
            "below_level": ["2026-01-28-checkout-planning"],
            "goals": [],
            "expectations": {
                "team-leadership.tl5.1": ("partial", ["2026-05-20-payments-roadmap"]),
                "grows-leads": ("partial", ["2026-04-02-coached-tech-leads"]),
            },
        },
    },
}

# -- points: current eng3, target eng4; milestones "1".."5" worth 1, 3, 6, 12, 20 ---------
# eng4 requires 58 points and milestone "3" in craft. No tracks, no ranks. queue-design is
# at eng3 (below eng4); every other piece at eng4.
#
# web: build pipeline ("4", 2025-Q4), tokens ("3", 2026-Q1). At "4": 1 piece; at "3": 2
#   pieces, 2 quarters -> reached "3", worth 6; next "4" adds 12 - 6 = 6.
# servers: image service ("2", 2026-02-16), latency ("2", 2026-05-25, metric); queue
#   design ("4") below -> at "2": 2 pieces, Q1 + Q2 -> "2", worth 3; next "3" adds 3.
# project-management: two pieces at "5" (2025-Q3, 2026-Q2) -> "5", worth 20; no next step.
# craft (required "3"): checklist ("2", 2025-Q4), testing ("3", 2026-Q1), talk ("4",
#   2026-Q1). At "4": 1 piece; at "3": 2 pieces, both Q1 -> no; at "2": 3 pieces, Q4 + Q1
#   -> reached "2", worth 3. Status at the required "3": testing + talk, both Q1 -> partial.
# career-development: one feedback piece at "1" -> short of "1": partial, worth 0.
# org-design: no evidence -> gap, worth 0 (a planned goal names it).
# mentorship: mentoring ("3", 2025-Q4), feedback ("2", 2026-Q2). At "3": 1 piece; at "2":
#   2 pieces, 2 quarters -> "2", worth 3.
# evangelism: meetup talk ("1", 2026-Q1) and a blog post naming no step. At "1": 1 piece ->
#   partial, worth 0; both pieces are its counted evidence.
# Points reached 6 + 3 + 20 + 3 + 0 + 0 + 3 + 0 = 35 of 58 -> 60.344... -> 60.3.
# Readiness by expectations: only craft has one at eng4 -> partial -> 50.0. The level has
# both: the lower, 50.0.
# Ladder (every level, with points): eng1 (0 required) -> 100.0; eng2 35/17 -> 100.0;
#   eng3 35/36 = 97.22... -> 97.2 (queue design counts at eng3, servers still "2": one piece
#   at "3" or above); eng4 50.0; eng5: nothing at eng5 or above -> 0 of 90 -> 0.0.
POINTS: dict[str, Any] = {
    "level": "eng4",
    "readiness": 50.0,
    "points": {"reached": 35, "required": 58},
    "counts": {"demonstrated": 4, "partial": 3, "gap": 1, "not required": 0},
    "unanswered_expectations": [],
    "unplanned": ["craft", "career-development", "evangelism"],
    "people_not_seen": [],
    "ladder": {
        "eng1": (100.0, {"reached": 35, "required": 0}),
        "eng2": (100.0, {"reached": 35, "required": 17}),
        "eng3": (97.2, {"reached": 35, "required": 36}),
        "eng4": (50.0, {"reached": 35, "required": 58}),
        "eng5": (0.0, {"reached": 0, "required": 90}),
    },
    "competencies": {
        "web": {
            "status": "demonstrated",
            "reasons": ["reached the step '3' (6 points)"],
            "evidence": ["2025-11-04-web-build-pipeline", "2026-03-09-design-system-tokens"],
            "below_level": [],
            "goals": [],
            "step": "3",
            "required_step": None,
            "next_step": "4",
            "points": 6,
            "next_step_adds": 6,
            "expectations": {},
        },
        "servers": {
            "status": "demonstrated",
            "reasons": ["reached the step '2' (3 points)"],
            "evidence": ["2026-02-16-image-service", "2026-05-25-image-service-latency"],
            "below_level": ["2026-06-15-queue-design"],
            "goals": [],
            "step": "2",
            "required_step": None,
            "next_step": "3",
            "points": 3,
            "next_step_adds": 3,
            "expectations": {},
        },
        "project-management": {
            "status": "demonstrated",
            "reasons": ["reached the step '5' (20 points)"],
            "evidence": ["2025-09-15-platform-migration", "2026-04-20-checkout-rewrite"],
            "below_level": [],
            "goals": [],
            "step": "5",
            "required_step": None,
            "next_step": None,
            "points": 20,
            "next_step_adds": None,
            "expectations": {},
        },
        "craft": {
            "status": "partial",
            "reasons": ["all in 2026-Q1 (2 quarters needed)"],
            "evidence": ["2026-01-12-testing-strategy", "2026-02-23-quality-talk"],
            "below_level": [],
            "goals": [],
            "step": "2",
            "required_step": "3",
            "next_step": "3",
            "points": 3,
            "next_step_adds": 3,
            "expectations": {
                "craft.3": (
                    "partial",
                    ["2026-01-12-testing-strategy", "2026-02-23-quality-talk"],
                ),
            },
        },
        "career-development": {
            "status": "partial",
            "reasons": [
                "short of the step '1': 1 of 2 pieces",
                "all in 2026-Q1 (2 quarters needed)",
            ],
            "evidence": ["2026-03-30-career-feedback"],
            "below_level": [],
            "goals": [],
            "step": None,
            "required_step": None,
            "next_step": "1",
            "points": 0,
            "next_step_adds": 1,
            "expectations": {},
        },
        "org-design": {
            "status": "gap",
            "reasons": ["no evidence"],
            "evidence": [],
            "below_level": [],
            "goals": ["org-design-proposal"],
            "step": None,
            "required_step": None,
            "next_step": "1",
            "points": 0,
            "next_step_adds": 1,
            "expectations": {},
        },
        "mentorship": {
            "status": "demonstrated",
            "reasons": ["reached the step '2' (3 points)"],
            "evidence": ["2025-12-10-mentoring-three", "2026-06-01-mentoring-feedback"],
            "below_level": [],
            "goals": [],
            "step": "2",
            "required_step": None,
            "next_step": "3",
            "points": 3,
            "next_step_adds": 3,
            "expectations": {},
        },
        "evangelism": {
            "status": "partial",
            "reasons": [
                "short of the step '1': 1 of 2 pieces",
                "all in 2026-Q1 (2 quarters needed)",
            ],
            "evidence": ["2026-01-22-meetup-talk", "2026-04-08-engineering-blog"],
            "below_level": [],
            "goals": [],
            "step": None,
            "required_step": None,
            "next_step": "1",
            "points": 0,
            "next_step_adds": 1,
            "expectations": {},
        },
    },
}

EXPECTED = {"plateau": PLATEAU, "two-track": TWO_TRACK, "points": POINTS}
STEP_KEYS = ("step", "required_step", "next_step", "points", "next_step_adds")


def workspace(tmp_path: Path, name: str) -> Path:
    root = tmp_path / name
    shutil.copytree(LADDERS / name, root)
    return root


def gaps(root: Path, *args: str) -> Any:
    result = CliRunner().invoke(
        cli, ["-C", str(root), "gaps", "--as-of", AS_OF, "--no-cache", *args]
    )
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("name", list(EXPECTED))
def test_the_report_is_the_hand_computed_one(tmp_path: Path, name: str) -> None:
    expected = EXPECTED[name]
    data = json.loads(gaps(workspace(tmp_path, name), "--format", "json"))
    for key in ("level", "readiness", "counts", "unanswered_expectations", "unplanned"):
        assert data[key] == expected[key], key
    assert data["people_not_seen"] == expected["people_not_seen"]
    assert data.get("points") == expected["points"]
    ladder = {s["level"]: (s["readiness"], s.get("points")) for s in data["ladder"]}
    assert ladder == expected["ladder"]
    assert [c["id"] for c in data["competencies"]] == list(expected["competencies"])
    for entry in data["competencies"]:
        want = expected["competencies"][entry["id"]]
        for key in ("status", "reasons", "evidence", "below_level", "goals"):
            assert entry[key] == want[key], (entry["id"], key)
        for key in STEP_KEYS:
            assert entry.get(key, "absent") == want.get(key, "absent"), (entry["id"], key)
        judged = {x["id"]: (x["status"], x["evidence"]) for x in entry["expectations"]}
        assert judged == want["expectations"], entry["id"]


def test_text_and_markdown_reports_give_steps_and_points(tmp_path: Path) -> None:
    root = workspace(tmp_path, "points")
    text = gaps(root)
    assert "Readiness at eng4 (Staff Engineer): 50.0%" in text
    assert "Points at eng4: 35 of 58 points (60.3%)" in text
    assert "[step 2, requires 3] all in 2026-Q1 (2 quarters needed)" in text
    assert "  Web client: 3 -> 4 (+6 points)" in text
    assert "  Org design: no step -> 1 (+1 point)" in text
    assert "Project management: 5 ->" not in text  # the top step has no next one
    markdown = gaps(root, "--format", "markdown")
    assert "| Competency | Status | Step | Counted evidence | Why |" in markdown
    assert "| Craft | partial | step 2, requires 3 | 2 | all in 2026-Q1 (2 quarters needed) |" in (
        markdown
    )
    assert "Points: 35 of 58 points (60.3%)." in markdown


def test_a_ladder_without_scales_keeps_its_report_shape(tmp_path: Path) -> None:
    markdown = gaps(workspace(tmp_path, "plateau"), "--format", "markdown")
    assert "| Competency | Status | Counted evidence | Why |" in markdown
    assert "Points" not in markdown and "Next steps" not in markdown
