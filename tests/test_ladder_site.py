"""The sites of the three ladders of tests/ladders/ (SPEC section 2, "Ladders beyond the plain
matrix"; section 5; section 8, "Ladder and empty levels"): what the framework and
competency pages show of steps, points, refs, blank cells, level summaries and `meta`, and
that none of it lets hidden evidence through.

The numbers are those worked out by hand in tests/test_ladders.py.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from test_ladders import LADDERS
from test_site import duplicate_ids, link_problems, section, tables, text_of

from dossier.cli import cli

AS_OF = "2026-06-30"


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """Each ladder built for its default audience (manager), on a copy outside git."""
    tmp = tmp_path_factory.mktemp("ladders")
    built: dict[str, Path] = {}
    with pytest.MonkeyPatch.context() as mp:
        for name in list(os.environ):
            if name.startswith(("DOSSIER_", "GIT_")):
                mp.delenv(name)
        mp.delenv("SOURCE_DATE_EPOCH", raising=False)
        mp.setenv("GIT_CEILING_DIRECTORIES", str(tmp))
        for name in ("plateau", "two-track", "points"):
            root = tmp / name
            shutil.copytree(LADDERS / name, root)
            built[name] = build(root, tmp / f"site-{name}")
    yield built


def build(root: Path, site: Path, *args: str) -> Path:
    result = CliRunner().invoke(
        cli, ["-C", str(root), "build", "--as-of", AS_OF, "-o", str(site), *args]
    )
    assert result.exit_code == 0, result.output
    return site


def page(site: Path, rel: str) -> str:
    return (site / rel).read_text("utf-8")


def classes_of_steps(html: str) -> dict[str, str]:
    """step name -> the classes of its <li> in a scale."""
    found = re.findall(
        r'<li class="(step[^"]*)"[^>]*>\s*<span class="step-name">([^<]+)</span>', html
    )
    return {name: classes for classes, name in found}


# -- every site ----------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["plateau", "two-track", "points"])
def test_links_resolve_and_ids_are_unique(sites: dict[str, Path], name: str) -> None:
    assert link_problems(sites[name]) == []
    assert duplicate_ids(sites[name]) == []


# -- points ----------------------------------------------------------------------------------
def test_the_points_framework_page(sites: dict[str, Path]) -> None:
    html = page(sites["points"], "framework.html")
    points = section(html, "points")
    assert "35 of 58 points toward Staff Engineer (60.3%)" in text_of(points)
    # the chart: an inline SVG with a title and a description in words
    assert '<svg class="chart" role="img"' in points
    assert '<title id="points-chart-t">Points reached and required</title>' in points
    assert "35 points reached. By competency: Web client 6, Servers 3" in points
    assert "Staff Engineer (target) 58" in points
    rows = next(t for t in tables(points) if t[0][0] == "Competency")
    assert rows[1:] == [
        ["Web client", "3 (6 points)", "4: +6 points"],
        ["Servers", "2 (3 points)", "3: +3 points"],
        ["Project management", "5 (20 points)", "top step"],
        ["Craft", "2 (3 points)", "3: +3 points"],
        ["Career development", "none yet", "1: +1 point"],
        ["Org design", "none yet", "1: +1 point"],
        ["Mentorship", "2 (3 points)", "3: +3 points"],
        ["Evangelism", "none yet", "1: +1 point"],
    ]


def test_the_points_steps_are_shaded_and_the_required_one_marked(sites: dict[str, Path]) -> None:
    html = page(sites["points"], "framework.html")
    craft = section(html, "steps")
    craft = craft[craft.index('id="steps-craft"') : craft.index('id="steps-career-development"')]
    steps = classes_of_steps(craft)
    assert steps == {
        "1": "step step-reached",
        "2": "step step-reached",
        "3": "step step-required",
        "4": "step",
        "5": "step",
    }
    assert (
        "Step reached: <strong>2</strong>; Staff Engineer requires <strong>3</strong>. "
        "Next step: <strong>3</strong> (+3&nbsp;points).</p>"
    ) in craft


def test_the_ladder_shows_the_current_level_and_above(sites: dict[str, Path]) -> None:
    html = page(sites["points"], "framework.html")
    ladder = next(t for t in tables(section(html, "ladder")) if t[0][0] == "Level")
    assert [row[0] for row in ladder[1:]] == [
        "Senior Engineer current",
        "Staff Engineer target",
        "Principal Engineer",
    ]
    assert [row[2] for row in ladder[1:]] == ["35 / 36", "35 / 58", "0 / 90"]
    # dossier.json keeps every level
    data = json.loads(page(sites["points"], "dossier.json"))
    assert [s["level"] for s in data["report"]["ladder"]] == [
        "eng1",
        "eng2",
        "eng3",
        "eng4",
        "eng5",
    ]
    assert data["report"]["points"] == {"reached": 35, "required": 58}
    web = next(c for c in data["report"]["competencies"] if c["id"] == "web")
    assert (web["step"], web["points"], web["next_step_adds"]) == ("3", 6, 6)
    assert data["framework"]["scoring"] == {"points": [1, 3, 6, 12, 20]}
    assert data["framework"]["scales"] == {"milestones": ["1", "2", "3", "4", "5"]}


def test_level_summaries_and_meta_are_shown(sites: dict[str, Path]) -> None:
    html = page(sites["points"], "framework.html")
    levels = text_of(section(html, "levels"))
    assert "Staff Engineer target 58 points Leads work across teams" in levels
    assert "titles Staff Engineer Group Lead" in levels
    assert "band 58-89 points" in levels
    assert "points Milestones 1-5 are worth 1, 3, 6, 12 and 20 points" in text_of(html)


def test_a_competency_page_shows_its_step_ladder(sites: dict[str, Path]) -> None:
    html = page(sites["points"], "competencies/craft.html")
    steps = section(html, "steps")
    assert classes_of_steps(steps)["3"] == "step step-required"
    text = text_of(steps)
    assert "3 · 6 points required Raises the quality bar of the team." in text
    assert "Required at Staff Engineer" in text
    assert "Evidence: The team's testing strategy" in text
    # the target's expectation is the step; evidence at a higher step answers it too
    target = section(html, "expectations")
    assert "<strong>3</strong>: Raises the quality bar of the team." in target
    assert "<code" not in target  # a reader is not shown expectation ids (issue 19)
    target = text_of(target)
    assert "Raises the quality bar of the team. partial" in target
    assert "Evidence: The team's testing strategy ; Talk on code quality" in target
    assert "Leads work across teams, and at least milestone 3 in Craft." in target


# -- two tracks, ranks -----------------------------------------------------------------------
def test_the_two_track_ladder_follows_ranks(sites: dict[str, Path]) -> None:
    html = page(sites["two-track"], "framework.html")
    ladder = next(t for t in tables(section(html, "ladder")) if t[0][0] == "Level")
    # the current level d5 has rank 5: tl5 and above on the author's (lead) track
    assert [(row[0], row[-1]) for row in ladder[1:]] == [
        ("Senior Tech Lead", "80.0%"),
        ("Lead Tech Lead target", "60.0%"),
        ("Principal Tech Lead", "0.0%"),
    ]
    levels = text_of(section(html, "levels"))
    assert "Lead Tech Lead target lead track, rank 6" in levels
    assert "peers Lead Developer (D6)" in levels
    technology = section(html, "steps")
    technology = technology[: technology.index('id="steps-system"')]
    assert classes_of_steps(technology) == {
        "adopts": "step step-reached",
        "specializes": "step step-reached",
        "evangelizes": "step step-reached step-required",
        "masters": "step",
        "creates": "step",
    }


# -- plateaus: refs and blank cells ---------------------------------------------------------------
def test_refs_and_blank_cells_in_the_matrix(sites: dict[str, Path]) -> None:
    html = page(sites["plateau"], "framework.html")
    matrix = next(t for t in tables(section(html, "matrix")) if t[0][0] == "Competency")
    rows = {row[0]: row[1:] for row in matrix[1:]}
    columns = [cell.removesuffix(" current").removesuffix(" target") for cell in matrix[0][1:]]
    ic5 = columns.index("Senior Staff Engineer")
    assert rows["Results"][ic5] == (
        "demonstrated Delivers projects that span several teams and quarters. "
        "(same as at Staff Engineer)Delivers outcomes the company tracks at the top level."
    )
    assert rows["Talent"][ic5] == "demonstratedAssessed; nothing new of its own at this level."
    assert rows["Craft"][ic5] == "\N{EN DASH}"  # no ic5 key: not assessed there
    assert "how to read A ref repeats an expectation unchanged" in text_of(html)


def test_a_blank_cell_on_a_competency_page(sites: dict[str, Path]) -> None:
    html = page(sites["plateau"], "competencies/direction.html")
    principal = text_of(section(html, "expectations"))
    assert "Principal Engineer next Sets direction for a whole product or platform area." in (
        principal
    )
    assert "Assessed at this level, with no expectation of its own" in principal
    talent = page(sites["plateau"], "competencies/talent.html")
    assert "examples Mentoring notes, promotion packets they sponsored, the mentoring guide" in (
        text_of(talent)
    )


# -- privacy ---------------------------------------------------------------------------------------
HIDDEN = "Quokka keynote rehearsal"


def hidden_steps(root: Path) -> None:
    """Every piece of the points ladder shared with everyone, and two more only the author
    sees, at the top step of web: with them web reaches "5" (20 points instead of 6: 49 in
    all); without them it stays at "3" (35)."""
    for path in (root / "content" / "evidence").glob("*.md"):
        path.write_text(path.read_text("utf-8").replace("---\n", "---\nvisibility: public\n", 1))
    for slug, day in (("quokka-keynote-rehearsal", "2026-01-05"), ("quokka-keynote", "2026-04-05")):
        (root / "content" / "evidence" / f"{slug}.md").write_text(
            f"---\ntitle: {HIDDEN} {day}\ndate: {day}\ncompetencies: [web]\n"
            f"expectations: [web.5]\ntype: talk\nvisibility: self\n---\nQuokka private words.\n",
            "utf-8",
        )


def every_text(site: Path) -> str:
    return "\n".join(
        f"{p.relative_to(site)}\n{p.read_text('utf-8', errors='replace')}"
        for p in sorted(site.rglob("*"))
        if p.is_file()
    )


@pytest.mark.parametrize("audience", ["manager", "sponsor", "public"])
def test_hidden_evidence_moves_no_step_and_no_point(tmp_path: Path, audience: str) -> None:
    root = tmp_path / "points"
    shutil.copytree(LADDERS / "points", root)
    hidden_steps(root)
    mine = json.loads(page(build(root, tmp_path / "self", "--audience", "self"), "dossier.json"))
    assert mine["report"]["points"] == {"reached": 49, "required": 58}  # it would count
    site = build(root, tmp_path / audience, "--audience", audience)
    data: dict[str, Any] = json.loads(page(site, "dossier.json"))
    assert data["report"]["points"] == {"reached": 35, "required": 58}
    web = next(c for c in data["report"]["competencies"] if c["id"] == "web")
    assert web["step"] == "3"
    assert "35 of 58 points" in text_of(page(site, "framework.html"))
    everything = every_text(site)
    for canary in ("Quokka", "quokka", "keynote"):
        assert canary not in everything


def test_the_packet_names_the_step_a_level_requires(tmp_path: Path) -> None:
    root = tmp_path / "points"
    shutil.copytree(LADDERS / "points", root)
    out = tmp_path / "packet.md"
    result = CliRunner().invoke(
        cli, ["-C", str(root), "export", "--as-of", AS_OF, "--format", "md", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    text = out.read_text("utf-8")
    craft = text[text.index("## Craft") : text.index("## Career development")]
    assert "- Step 3: Raises the quality bar of the team." in craft
    web = text[text.index("## Web client") : text.index("## Servers")]
    assert "- No step required: each step it reaches adds to the 58 points Staff Engineer" in web


def test_the_overview_gives_the_points(sites: dict[str, Path]) -> None:
    facts = text_of(page(sites["points"], "index.html"))
    assert "Readiness 50.0% at Staff Engineer; 35 of 58 points" in facts
    assert "points" not in text_of(page(sites["plateau"], "index.html")).split("Competencies")[0]
