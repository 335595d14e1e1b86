"""The strongest evidence: one rule (README "The packet"), used by the sponsor brief and
the packet alike; and which working sections each audience's packet holds."""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

import docx
from click.testing import CliRunner
from conftest import Workspace

from dossier.analysis.gaps import analyse
from dossier.analysis.strongest import pick_varied, rank_evidence, strongest_evidence
from dossier.cli import cli
from dossier.packet.sections import WORKING_SECTIONS, packet_sections

AS_OF = date(2026, 11, 22)


def write_ranked_case(ws: Workspace) -> None:
    """Design evidence whose order the rule fixes, strongest first:
    at-principal (a higher level) > two-competencies (breadth) > impact-and-metrics >
    feedback-with-both (testimony after work) > impact-only > newer-bare > older-bare."""
    design = ["design"]
    ws.evidence(
        "2026-01-10-at-principal", date="2026-01-10", competencies=design, level="principal"
    )
    ws.evidence(
        "2026-02-10-two-competencies", date="2026-02-10", competencies=["design", "delivery"]
    )
    both = {"impact": "Cut a week.", "metrics": {"weeks": 1}}
    ws.evidence("2026-03-10-impact-and-metrics", date="2026-03-10", competencies=design, **both)
    ws.evidence(
        "2026-10-10-feedback-with-both",
        date="2026-10-10",
        competencies=design,
        type="feedback",
        **both,
    )
    ws.evidence("2026-06-10-impact-only", date="2026-06-10", competencies=design, impact="Helped.")
    ws.evidence("2026-10-01-newer-bare", date="2026-10-01", competencies=design)
    ws.evidence("2026-09-01-older-bare", date="2026-09-01", competencies=design)
    ws.evidence("2026-09-15-below-the-level", date="2026-09-15", competencies=design, level="ic1")


RANKED = [
    "2026-01-10-at-principal",
    "2026-02-10-two-competencies",
    "2026-03-10-impact-and-metrics",
    "2026-10-10-feedback-with-both",
    "2026-06-10-impact-only",
    "2026-10-01-newer-bare",
    "2026-09-01-older-bare",
]


def test_the_rule_ranks_level_breadth_impact_metrics_work_recency(ws: Workspace) -> None:
    write_ranked_case(ws)
    dossier = ws.dossier()
    report = analyse(dossier, AS_OF)
    assert [e.slug for e in rank_evidence(dossier.evidence, dossier, report)] == RANKED
    # evidence below the level is not counted, so it never ranks
    assert "2026-09-15-below-the-level" in report.competency("design").below_level


def test_no_type_takes_more_than_half_the_places(ws: Workspace) -> None:
    write_ranked_case(ws)
    dossier = ws.dossier()
    report = analyse(dossier, AS_OF)
    ranked = rank_evidence(dossier.evidence, dossier, report)
    # three places: at most two projects while feedback is left, in rank order
    assert [e.slug for e in pick_varied(ranked, 3)] == [RANKED[0], RANKED[1], RANKED[3]]
    # no other type left: the places are filled in rank order
    projects = [e for e in ranked if e.type != "feedback"]
    assert [e.slug for e in pick_varied(projects, 3)] == [e.slug for e in projects[:3]]
    by_competency = strongest_evidence(dossier, report, 3, competency="delivery")
    assert [e.slug for e in by_competency] == ["2026-02-10-two-competencies"]


def test_the_brief_uses_the_same_rule(ws: Workspace, tmp_path: Path) -> None:
    write_ranked_case(ws)
    out = tmp_path / "site"
    result = CliRunner().invoke(
        cli, ["build", "-C", str(ws.root), "--as-of", AS_OF.isoformat(), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    brief = (out / "brief.html").read_text("utf-8")
    listed = re.search(r'<h2 id="strongest">.*?<ol>(.*?)</ol>', brief, re.S)
    assert listed is not None
    shown = [html.unescape(t) for t in re.findall(r"<strong>(.*?)</strong>", listed.group(1))]
    dossier = ws.dossier().for_audience("manager")
    expected = strongest_evidence(dossier, analyse(dossier, AS_OF), 5)
    assert shown == [e.title for e in expected]
    packet = tmp_path / "packet.docx"
    result = CliRunner().invoke(
        cli, ["export", "-C", str(ws.root), "--as-of", AS_OF.isoformat(), "-o", str(packet)]
    )
    assert result.exit_code == 0, result.output
    table = docx.Document(str(packet)).tables[1]  # the first after the ask's facts: design
    titles = [row.cells[0].text for row in table.rows][1:]
    expected = strongest_evidence(dossier, analyse(dossier, AS_OF), 3, competency="design")
    assert titles == [e.title for e in expected]


def test_working_sections_go_to_audiences_up_to_the_manager(ws: Workspace) -> None:
    config = ws.dossier().config
    assert packet_sections(config, "self") == WORKING_SECTIONS
    assert packet_sections(config, "manager") == WORKING_SECTIONS
    assert packet_sections(config, "sponsor") == frozenset()
    assert packet_sections(config, "public") == frozenset()
    ws.write_config(audiences=["self", "team", "manager", "committee"])
    config = ws.dossier().config
    assert packet_sections(config, "team") == WORKING_SECTIONS
    assert packet_sections(config, "committee") == frozenset()
    ws.write_config(audiences=["self", "board"])
    config = ws.dossier().config
    assert packet_sections(config, "self") == WORKING_SECTIONS
    assert packet_sections(config, "board") == frozenset()
