"""`dossier build`: the static site (SPEC sections 5, 6 and 7).

Every expected value is worked out by hand from the SPEC rules and the workspace written
here, never pasted from a build. HTML is read with the standard library's html.parser.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from click.testing import CliRunner, Result
from conftest import REPO, Workspace, dedent

from dossier.cli import cli

AS_OF = "2026-11-22"
HAS_GIT = shutil.which("git") is not None


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Nothing from the developer's shell leaks into a build."""
    for name in list(os.environ):
        if name.startswith("DOSSIER_"):
            monkeypatch.delenv(name)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    yield


# -- running a build -------------------------------------------------------------------------
def run_build(root: Path, *args: str) -> Result:
    return CliRunner().invoke(
        cli, ["build", "-C", str(root), "--as-of", AS_OF, *args], prog_name="dossier"
    )


def build_ok(root: Path, *args: str) -> Path:
    """Build and return the output folder (site/ unless -o is among args)."""
    result = run_build(root, *args)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    if "-o" in args:
        return Path(args[args.index("-o") + 1])
    return root / "site"


def build_fails(root: Path, *args: str) -> Result:
    result = run_build(root, *args)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert "internal error" not in result.output
    return result


def snapshot(folder: Path, skip: Path | None = None) -> dict[str, bytes | str | None]:
    """Every file (with its bytes), symlink (with its target) and folder under folder,
    without following links; None marks a folder."""
    found: dict[str, bytes | str | None] = {}
    for current, dirs, files in os.walk(folder):
        here = Path(current)
        for name in sorted(dirs + files):
            path = here / name
            if skip is not None and (path == skip or path.is_relative_to(skip)):
                continue
            rel = path.relative_to(folder).as_posix()
            if path.is_symlink():
                found[rel] = f"-> {os.readlink(path)}"
            elif path.is_dir():
                found[rel] = None
            else:
                found[rel] = path.read_bytes()
    return dict(sorted(found.items()))


def read(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


# -- reading HTML ----------------------------------------------------------------------------
class Scan(HTMLParser):
    """ids, references (href/src) and visible text of one HTML or SVG document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.refs: list[tuple[str, str]] = []  # (tag, value)
        self.anchors: list[tuple[dict[str, str], str]] = []  # (<a> attributes, its text)
        self.metas: list[dict[str, str]] = []
        self.texts: list[str] = []
        self._open_a: list[tuple[dict[str, str], list[str]]] = []
        self._spans: list[str] = []  # classes of the open spans
        self._glue = False  # the next text continues the last one (a date kept whole)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if "id" in values:
            self.ids.append(values["id"])
        for name in ("href", "src", "xlink:href"):
            if name in values:
                self.refs.append((tag, values[name]))
        if tag == "meta":
            self.metas.append(values)
        if tag == "a":
            self._open_a.append((values, []))
        if tag == "span":
            self._spans.append(values.get("class", ""))
            self._glue = self._spans[-1] == "nowrap"

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self._spans:
            self._glue = self._spans.pop() == "nowrap"
        if tag == "a" and self._open_a:
            values, parts = self._open_a.pop()
            self.anchors.append((values, " ".join("".join(parts).split())))

    def handle_data(self, data: str) -> None:
        if self._glue and self.texts:
            self.texts[-1] += data
        else:
            self.texts.append(data)
        self._glue = False
        for _, parts in self._open_a:
            parts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.texts).split())


def scan(html: str) -> Scan:
    parser = Scan()
    parser.feed(html)
    parser.close()
    return parser


def text_of(html: str) -> str:
    """Visible text with whitespace collapsed and entities decoded."""
    return scan(html).text


def links_to(html: str, href: str) -> list[str]:
    """The texts of the <a> elements pointing at href."""
    return [label for attrs, label in scan(html).anchors if attrs.get("href") == href]


def section(html: str, heading_id: str) -> str:
    """The HTML from the heading with this id up to the next h2 (or the end of main)."""
    start = html.index(f'id="{heading_id}"')
    ends = [i for i in (html.find("<h2", start), html.find("</main>", start)) if i >= 0]
    return html[start : min(ends)]


def tables(html: str) -> list[list[list[str]]]:
    """Every <table> as rows of cell texts."""

    class Tables(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.found: list[list[list[str]]] = []
            self.cell: list[str] | None = None

        def handle_starttag(self, tag: str, attrs: Any) -> None:
            if tag == "table":
                self.found.append([])
            elif tag == "tr" and self.found:
                self.found[-1].append([])
            elif tag in ("td", "th") and self.found:
                self.cell = []

        def handle_endtag(self, tag: str) -> None:
            if tag in ("td", "th") and self.cell is not None and self.found:
                self.found[-1][-1].append(" ".join("".join(self.cell).split()))
                self.cell = None

        def handle_data(self, data: str) -> None:
            if self.cell is not None:
                self.cell.append(data)

    parser = Tables()
    parser.feed(html)
    return parser.found


# -- the link checker ------------------------------------------------------------------------
WEB = ("http://", "https://", "mailto:")
LOADS = ("link", "script", "img", "source", "iframe", "image", "use", "audio", "video", "embed")


def link_problems(site: Path) -> list[str]:
    """Every relative href/src in the site's HTML and SVG files must name a file of the site
    and, with #fragment, an id on that page. No absolute or protocol-relative links, and
    nothing that loads from the web."""
    site = site.resolve()
    docs = {
        p: scan(p.read_text("utf-8"))
        for p in sorted(site.rglob("*"))
        if p.suffix in (".html", ".svg")
    }
    problems: list[str] = []
    for page, parsed in docs.items():
        where = page.relative_to(site).as_posix()
        for tag, value in parsed.refs:
            if value.startswith(WEB):
                if tag in LOADS:
                    problems.append(f"{where}: <{tag}> loads from the web: {value}")
                continue
            if value.startswith("/"):
                problems.append(f"{where}: absolute link {value}")
                continue
            if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", value):
                problems.append(f"{where}: unexpected scheme {value}")
                continue
            path_part, _, fragment = value.partition("#")
            path_part = unquote(path_part.partition("?")[0])
            target = (page.parent / path_part).resolve() if path_part else page
            if not target.is_relative_to(site):
                problems.append(f"{where}: {value} leaves the site")
            elif not target.is_file():
                problems.append(f"{where}: {value} -> missing {target.relative_to(site)}")
            elif fragment:
                target_ids = docs[target].ids if target in docs else []
                if unquote(fragment) not in target_ids:
                    problems.append(f"{where}: {value} -> no id '{fragment}' on that page")
    return problems


def absolute_links(site: Path) -> list[str]:
    found = []
    for path in sorted(site.rglob("*")):
        if path.suffix in (".html", ".svg", ".css"):
            text = path.read_text("utf-8")
            for match in re.finditer(r"""(?:href|src)\s*=\s*["']?\s*/""", text):
                found.append(f"{path.relative_to(site)}: {text[match.start() : match.end() + 30]}")
    return found


def duplicate_ids(site: Path) -> list[str]:
    found = []
    for path in sorted(site.rglob("*.html")):
        ids = scan(path.read_text("utf-8")).ids
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            found.append(f"{path.relative_to(site)}: {dupes}")
    return found


# -- the case every content test reads -------------------------------------------------------
E1 = "2026-03-10-api-redesign"
E2 = "2026-04-02-zanzibar-migration"
E3 = "2026-08-05-review-feedback"
E4 = "2026-10-01-release-train"
LONG_GOAL = "Write the deploy RFC: zero-downtime rollouts for every service, über alles"
PDF = b"%PDF-1.4\n% a tiny attachment\n"


def fill(ws: Workspace) -> Workspace:
    """MINI ladder, ic2 -> staff, as of 2026-11-22, cycle 2027-03-01, default analysis.

    Evidence (no `level`: counted at the target level, staff):
    - E1 2026-03-10 design, project, names cross-team-design, visibility manager (default)
    - E2 2026-04-02 design, project, visibility manager ("Zanzibar")
    - E3 2026-08-05 design, feedback from Cy Park, visibility sponsor
    - E4 2026-10-01 delivery, project, visibility sponsor; links E2 and [[design]]

    Manager (and self) view, at staff (competencies with staff expectations: design,
    delivery; people has none):
    - design: 3 pieces, latest 2026-08-05, quarters 2026-Q1/Q2/Q3, types feedback+project
      -> demonstrated. design.staff.2 named by nothing while E1 names cross-team-design
      -> unanswered. Open goal mentor-reviews (planned, due 2026-10-01 -> overdue).
    - delivery: E4 alone -> partial: "1 of 2 pieces", "all in 2026-Q4 (2 quarters
      needed)". Its only goal is done -> no plan yet.
    - readiness (1 + 0.5) / 2 = 75.0%.
    - cycle: 2027-02-22 is 3 whole months after 2026-11-22, 2027-03-22 is past the cycle
      -> 3 months left, under lead_months 6 with delivery short -> a timing warning.

    Sponsor view: E3 and E4 only, goal mentor-reviews hidden: design 1 piece in 2026-Q3
    -> partial; readiness (0.5 + 0.5) / 2 = 50.0%.
    """
    ws.write_config(
        cycle="2027-03-01",
        check_ins={"every_weeks": 2, "with": "Bo Chen", "from": "2026-09-01"},
        people=[
            {"name": "Bo Chen", "role": "Staff Engineer", "relation": "sponsor"},
            {"name": "Gil Moss", "role": "Director", "relation": "manager"},
        ],
    )
    ws.write("content/files/report.pdf", PDF)
    ws.evidence(
        E1,
        body=dedent(
            """
            We split the billing API in two. The readout: [[files/report.pdf]].

            ::: private
            Secret note about salary bands.
            :::
            """
        ),
        title="Redesigned the billing API",
        date="2026-03-10",
        competencies=["design"],
        expectations=["cross-team-design"],
        type="project",
        impact="p99 latency down 40%",
        metrics={"latency_ms": 120, "teams": 3},
        stakeholders=["Bo Chen", "Dee Fox"],
        links=[{"title": "Design doc", "url": "https://example.com/design-doc"}],
    )
    ws.evidence(
        E2,
        body="Moved every service off Zanzibar.\n",
        title="Zanzibar migration",
        date="2026-04-02",
        competencies=["design"],
        type="project",
        visibility="manager",
    )
    ws.evidence(
        E3,
        body="> Ada's reviews made our designs simpler.\n",
        title="Feedback on design reviews",
        date="2026-08-05",
        competencies=["design"],
        type="feedback",
        visibility="sponsor",
        **{"from": "Cy Park (Principal Engineer)"},
    )
    ws.evidence(
        E4,
        body=(
            "Follows [[2026-04-02-zanzibar-migration]]; see also [[design]] and\n"
            "[the migration notes](2026-04-02-zanzibar-migration.md).\n"
        ),
        title="Ran the release train",
        date="2026-10-01",
        competencies=["delivery"],
        type="project",
        visibility="sponsor",
        stakeholders=["Bo Chen"],
    )
    ws.goal(
        "mentor-reviews",
        title="Mentor two reviewers",
        due="2026-10-01",
        status="planned",
        competencies=["design"],
        metric="Reviewers certified",
        success="Two engineers lead design reviews alone",
    )
    ws.goal(
        "write-rfc",
        title=LONG_GOAL,
        due="2027-01-15",
        status="done",
        competencies=["delivery"],
        metric="RFC accepted",
        success="Every team deploys without downtime",
        visibility="sponsor",
    )
    ws.page(
        "why-now",
        "The platform team needs a staff engineer before the 2027 re-org.\n",
        title="Why now",
        visibility="sponsor",
    )
    ws.page(
        "backfill",
        "Dee Fox takes over the on-call rotation.\n",
        title="Who backfills",
        visibility="sponsor",
    )
    ws.page("notes", "Free page text.\n", title="Working notes")
    return ws


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    return fill(Workspace(tmp_path_factory.mktemp("case") / "ws"))


@pytest.fixture(scope="module")
def manager_site(case: Workspace) -> Path:
    return build_ok(case.root, "-o", str(case.root.parent / "manager"))


@pytest.fixture(scope="module")
def sponsor_site(case: Workspace) -> Path:
    return build_ok(case.root, "--audience", "sponsor", "-o", str(case.root.parent / "sponsor"))


@pytest.fixture(scope="module")
def self_site(case: Workspace) -> Path:
    return build_ok(case.root, "--audience", "self", "-o", str(case.root.parent / "self"))


def example_workspace(dest: Path) -> Path:
    """The example at the repository root, copied out of git and out of the repo."""
    dest.mkdir(parents=True)
    shutil.copy2(REPO / "dossier.yaml", dest / "dossier.yaml")
    shutil.copytree(REPO / "content", dest / "content")
    return dest


# == 1. every page and its content ============================================================
def test_build_writes_every_page_type(manager_site: Path) -> None:
    expected = {
        "index.html",
        "gaps.html",
        "timeline.html",
        "plan.html",
        "framework.html",
        "brief.html",
        "plan.ics",
        "dossier.json",
        "static/style.css",
        "static/nav.js",
        "evidence.html",
        "competencies/design.html",
        "competencies/delivery.html",
        "competencies/people.html",
        f"evidence/{E1}.html",
        f"evidence/{E2}.html",
        f"evidence/{E3}.html",
        f"evidence/{E4}.html",
        "pages/why-now.html",
        "pages/backfill.html",
        "pages/notes.html",
        "files/report.pdf",
    }
    files = {p.relative_to(manager_site).as_posix() for p in manager_site.rglob("*") if p.is_file()}
    assert expected <= files
    assert {f for f in files if f.startswith("evidence/")} == {
        f"evidence/{s}.html" for s in (E1, E2, E3, E4)
    }
    assert any(f.startswith("charts/") and f.endswith(".svg") for f in files)


def test_index_page(manager_site: Path) -> None:
    html = read(manager_site, "index.html")
    text = text_of(html)
    assert "Ada" in text
    assert "Senior Engineer → Staff Engineer" in text
    assert "75.0%" in text
    assert "1 Mar 2027" in text
    assert "3 months left" in text
    # the status chart, inline and described in words
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert "<title" in svg and "<desc" in svg
    desc = unescape(re.search(r"<desc[^>]*>(.*?)</desc>", svg, re.S).group(1))
    assert "Technical design: demonstrated" in desc
    assert "Delivery: partial" in desc
    # top gaps: delivery (short) and its reasons, not design (demonstrated)
    gaps = text_of(section(html, "top-gaps"))
    assert "Delivery" in gaps and "1 of 2 pieces" in gaps
    assert "Technical design" not in gaps
    # recent evidence, newest first
    recent = text_of(section(html, "recent"))
    titles = [
        "Ran the release train",
        "Feedback on design reviews",
        "Zanzibar migration",
        "Redesigned the billing API",
    ]
    positions = [recent.index(t) for t in titles]
    assert positions == sorted(positions)
    assert links_to(html, f"evidence/{E4}.html") != []


def test_competency_page_design(manager_site: Path) -> None:
    html = read(manager_site, "competencies/design.html")
    text = text_of(html)
    assert "Technical design" in text
    # expectations at the current (ic2), target (staff) and next (principal) level
    for expectation in (
        "Designs components.",
        "Designs systems that span teams.",
        "Reviews designs of others.",
        "Sets technical direction.",
    ):
        assert expectation in text
    for level in ("Senior Engineer", "Staff Engineer", "Principal Engineer"):
        assert level in text
    # status and the reasons in words
    assert "demonstrated" in text
    for reason in (
        "3 pieces (2 needed)",
        "latest 2026-08-05",
        "spans 3 quarters (2026-Q1 to 2026-Q3)",
        "2 types: feedback, project",
    ):
        assert reason in text
    # the evidence against each expectation it names
    item = html[html.index('<li id="x-cross-team-design"') :]
    item = item[: item.index("</li>")]
    assert links_to(item, f"../evidence/{E1}.html") == ["Redesigned the billing API"]
    # the evidence against it, linked
    assert "Redesigned the billing API" in links_to(html, f"../evidence/{E1}.html")
    assert "Zanzibar migration" in links_to(html, f"../evidence/{E2}.html")
    assert "Feedback on design reviews" in links_to(html, f"../evidence/{E3}.html")
    # feedback quoted, with who said it beside (not inside) the quote
    figure = html[html.index('<figure class="quote">') : html.index("</figure>")]
    quote = figure[: figure.index("</blockquote>")]
    assert "Ada's reviews made our designs simpler." in text_of(quote)
    assert "Cy Park" not in text_of(quote)
    assert "Cy Park (Principal Engineer)" in text_of(figure[figure.index("<figcaption") :])
    # its goal
    assert links_to(html, "../plan.html#goal-mentor-reviews") == ["Mentor two reviewers"]


def test_competency_page_delivery(manager_site: Path) -> None:
    text = text_of(read(manager_site, "competencies/delivery.html"))
    assert "partial" in text
    assert "1 of 2 pieces" in text
    assert "all in 2026-Q4 (2 quarters needed)" in text
    assert "Ships multi-quarter projects." in text
    # its only goal is done, listed as such
    assert LONG_GOAL in text
    assert "due 15 Jan 2027 · done" in text


def test_competency_page_without_expectations_at_target(manager_site: Path) -> None:
    text = text_of(read(manager_site, "competencies/people.html"))
    assert "People" in text
    assert "Staff Engineer sets no expectations for this competency." in text
    assert "Hires and grows a team." in text


def test_evidence_page(manager_site: Path) -> None:
    html = read(manager_site, f"evidence/{E1}.html")
    text = text_of(html)
    assert "Redesigned the billing API" in text
    assert "10 Mar 2026" in text
    assert links_to(html, "../competencies/design.html") == ["Technical design"]
    assert links_to(html, "../competencies/design.html#x-cross-team-design") == [
        "Designs systems that span teams."
    ]
    assert 'id="x-cross-team-design"' in read(manager_site, "competencies/design.html")
    assert "p99 latency down 40%" in text
    assert "latency ms: 120" in text and "teams: 3" in text
    assert "Bo Chen, Dee Fox" in text
    assert links_to(html, "https://example.com/design-doc") == ["Design doc"]
    assert any("report.pdf" in label for label in links_to(html, "../files/report.pdf"))
    assert (manager_site / "files" / "report.pdf").read_bytes() == PDF
    # the private block is for the author only
    assert "Secret note" not in html


def test_feedback_evidence_page_names_who_said_it(manager_site: Path) -> None:
    text = text_of(read(manager_site, f"evidence/{E3}.html"))
    assert "Feedback on design reviews" in text
    assert "Cy Park (Principal Engineer)" in text
    assert "Ada's reviews made our designs simpler." in text


def test_evidence_previous_and_next_follow_date_order(manager_site: Path) -> None:
    order = [E1, E2, E3, E4]
    for i, slug in enumerate(order):
        html = read(manager_site, f"evidence/{slug}.html")
        prev_links = re.findall(r'<a href="([^"]+)" rel="prev"', html)
        next_links = re.findall(r'<a href="([^"]+)" rel="next"', html)
        assert prev_links == ([f"{order[i - 1]}.html"] if i > 0 else [])
        assert next_links == ([f"{order[i + 1]}.html"] if i + 1 < len(order) else [])


def test_gaps_page(manager_site: Path) -> None:
    html = read(manager_site, "gaps.html")
    text = text_of(html)
    assert "75.0%" in text
    rows = {
        r[0]: r for t in tables(html) for r in t if r and r[0] in ("Technical design", "Delivery")
    }
    assert rows["Technical design"][1] == "demonstrated"
    assert "3 pieces (2 needed)" in rows["Technical design"][2]
    assert rows["Delivery"][1] == "partial"
    assert "1 of 2 pieces" in rows["Delivery"][2]
    assert "no plan yet" in rows["Delivery"][5]
    assert "Mentor two reviewers" in rows["Technical design"][5]
    unanswered = section(html, "unanswered")
    assert "Reviews designs of others." in text_of(unanswered)
    assert "Designs systems that span teams." not in text_of(unanswered)
    assert links_to(unanswered, "competencies/design.html#x-design-staff-2") != []
    overdue = text_of(section(html, "overdue"))
    assert "Mentor two reviewers" in overdue
    assert LONG_GOAL not in overdue
    assert "the promotion cycle is 3 months away, less than the 6 months" in text
    assert "not yet demonstrated: Delivery" in text


def test_timeline_page(manager_site: Path) -> None:
    html = read(manager_site, "timeline.html")
    assert "<svg" in html
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert "cycle 2027-03-01" in text_of(svg)
    text = text_of(html)
    for title in (
        "Redesigned the billing API",
        "Zanzibar migration",
        "Feedback on design reviews",
        "Ran the release train",
    ):
        assert title in text
    assert "October 2026" in text and "March 2026" in text


def test_plan_page(manager_site: Path) -> None:
    html = read(manager_site, "plan.html")
    mentor = text_of(
        html[html.index('id="goal-mentor-reviews"') : html.index('id="goal-write-rfc"')]
    )
    assert "Mentor two reviewers" in mentor
    assert "due 1 Oct 2026" in mentor
    assert "planned" in mentor
    assert "overdue" in mentor
    assert "Reviewers certified" in mentor
    assert "Two engineers lead design reviews alone" in mentor
    rfc = text_of(html[html.index('id="goal-write-rfc"') :])
    assert LONG_GOAL in rfc
    assert "due 15 Jan 2027" in rfc
    assert "done" in rfc
    assert "RFC accepted" in rfc and "Every team deploys without downtime" in rfc
    assert "overdue" not in rfc
    assert 'href="plan.ics"' in html


def test_framework_page(manager_site: Path) -> None:
    html = read(manager_site, "framework.html")
    text = text_of(html)
    # five levels, and the current and target levels once more, first, for a phone
    matrix = next(t for t in tables(html) if t and t[0][0] == "Competency" and len(t[0]) == 8)
    cells = " ".join(" ".join(row) for row in matrix)
    for expectation in (
        "Designs components.",
        "Designs systems that span teams.",
        "Reviews designs of others.",
        "Sets technical direction.",
        "Ships tasks.",
        "Ships multi-quarter projects.",
        "Runs a team's delivery.",
        "Hires and grows a team.",
    ):
        assert expectation in cells
    # the ladder: the ic track from the current level up (SPEC section 8: ic1, below the
    # current ic2, is left out), judged by the same rules. ic2: design only, 3 pieces ->
    # 100.0; staff 75.0; principal: design, nothing at principal or above -> gap 0.0.
    ladder = next(t for t in tables(html) if t and t[0][:3] == ["Level", "Track", "Readiness"])
    readiness = {
        row[0].replace(" target", "").replace(" current", ""): row[2] for row in ladder[1:]
    }
    assert readiness == {
        "Senior Engineer": "100.0%",
        "Staff Engineer": "75.0%",
        "Principal Engineer": "0.0%",
    }
    # new at the target level: all three staff expectations, not the ic2 one
    new = text_of(section(html, "new-at-target"))
    for expectation in (
        "Designs systems that span teams.",
        "Reviews designs of others.",
        "Ships multi-quarter projects.",
    ):
        assert expectation in new
    assert "Designs components." not in new
    assert "Changed since the agreed version" not in text  # no framework_agreed here


def test_brief_page(manager_site: Path) -> None:
    html = read(manager_site, "brief.html")
    text = text_of(html)
    assert "promotion from Senior Engineer to Staff Engineer" in text
    assert "1 Mar 2027" in text
    strongest = section(html, "strongest")
    # E1 counts toward a demonstrated competency and states its impact: the strongest
    assert links_to(strongest, f"evidence/{E1}.html")
    assert "Redesigned the billing API" in text_of(strongest)
    assert "The platform team needs a staff engineer before the 2027 re-org." in text
    assert "Dee Fox takes over the on-call rotation." in text
    assert "75.0%" in text


def test_free_page(manager_site: Path) -> None:
    html = read(manager_site, "pages/notes.html")
    assert "Working notes" in text_of(html)
    assert "Free page text." in text_of(html)
    assert links_to(read(manager_site, "index.html"), "pages/notes.html") == ["Working notes"]


SECTION4_KEYS = {
    "level",
    "as_of",
    "readiness",
    "competencies",
    "unanswered_expectations",
    "unplanned",
    "overdue_goals",
    "timing",
}


def gaps_json(root: Path, audience: str) -> dict[str, Any]:
    result = CliRunner().invoke(
        cli,
        ["gaps", "-C", str(root), "--as-of", AS_OF, "--audience", audience, "--format", "json"],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    return data


def test_dossier_json(manager_site: Path, case: Workspace) -> None:
    data = json.loads(read(manager_site, "dossier.json"))
    report = data["report"]
    assert set(report) >= SECTION4_KEYS
    for competency in report["competencies"]:
        assert {"id", "status", "reasons", "evidence", "goals"} <= set(competency)
    assert set(report["timing"]) >= {"cycle", "months_left", "warning"}
    assert report["level"] == "staff"
    assert report["as_of"] == AS_OF
    assert report["readiness"] == 75.0
    assert {c["id"]: c["status"] for c in report["competencies"]} == {
        "design": "demonstrated",
        "delivery": "partial",
    }
    design = next(c for c in report["competencies"] if c["id"] == "design")
    assert design["evidence"] == [E1, E2, E3]
    assert design["goals"] == ["mentor-reviews"]
    assert report["unanswered_expectations"] == ["design.staff.2"]
    assert report["unplanned"] == ["delivery"]
    assert report["overdue_goals"] == ["mentor-reviews"]
    assert report["timing"]["cycle"] == "2027-03-01"
    assert report["timing"]["months_left"] == 3
    assert report["timing"]["warning"]
    assert [e["slug"] for e in data["evidence"]] == [E1, E2, E3, E4]
    # the same report as `dossier gaps --format json` for the same audience and date
    gaps = gaps_json(case.root, "manager")
    assert report["level"] == gaps["level"]
    assert report["readiness"] == gaps["readiness"]
    assert [(c["id"], c["status"], c["reasons"]) for c in report["competencies"]] == [
        (c["id"], c["status"], c["reasons"]) for c in gaps["competencies"]
    ]
    assert report == gaps


def test_dossier_json_sponsor_matches_gaps_for_sponsor(sponsor_site: Path, case: Workspace) -> None:
    """The sponsor's dossier.json is the sponsor's own analysis (its counted evidence),
    without what a sponsor is not shown: no readiness, statuses or reasons."""
    data = json.loads(read(sponsor_site, "dossier.json"))
    report = data["report"]
    assert "readiness" not in report and "counts" not in report
    assert {c["id"]: c["evidence"] for c in report["competencies"]} == {
        "design": [E3],
        "delivery": [E4],
    }
    assert not any({"status", "reasons"} & set(c) for c in report["competencies"])
    gaps = gaps_json(case.root, "sponsor")
    assert gaps["readiness"] == 50.0  # the author's terminal still has it all
    assert report["level"] == gaps["level"]
    assert [(c["id"], c["evidence"]) for c in report["competencies"]] == [
        (c["id"], c["evidence"]) for c in gaps["competencies"]
    ]


def unfold(data: bytes) -> list[str]:
    lines: list[str] = []
    for raw in data.decode("utf-8").split("\r\n"):
        if raw.startswith((" ", "\t")) and lines:
            lines[-1] += raw[1:]
        else:
            lines.append(raw)
    return lines


def test_plan_ics(manager_site: Path) -> None:
    data = (manager_site / "plan.ics").read_bytes()
    assert data.endswith(b"\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    physical = data.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in physical), [ln for ln in physical if len(ln) > 75]
    assert any(line.startswith(b" ") for line in physical)  # the long goal title is folded
    lines = unfold(data)[:-1]
    assert lines[0] == "BEGIN:VCALENDAR"
    assert lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines
    assert any(line.startswith("PRODID:") for line in lines)
    events: list[list[str]] = []
    inside = False
    for line in lines:
        if line == "BEGIN:VEVENT":
            events.append([])
            inside = True
        elif line == "END:VEVENT":
            inside = False
        elif inside:
            events[-1].append(line)
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == len(events)

    def event_with(summary_part: str) -> list[str]:
        found = [
            e for e in events if any(summary_part in ln for ln in e if ln.startswith("SUMMARY"))
        ]
        assert len(found) == 1, events
        return found[0]

    mentor = event_with("Mentor two reviewers")
    assert "DTSTART;VALUE=DATE:20261001" in mentor
    # a done goal is no longer due: left out
    assert not [ln for e in events for ln in e if "über alles" in ln]
    goal_events = [e for e in events if any(ln.startswith("UID:goal-") for ln in e)]
    assert len(goal_events) == 1
    # the check-in cadence: every 2 weeks from 2026-09-01
    rrules = [ln for e in events for ln in e if ln.startswith("RRULE:")]
    assert len(rrules) == 1
    assert "FREQ=WEEKLY" in rrules[0] and "INTERVAL=2" in rrules[0]
    check_in = next(e for e in events if any(ln.startswith("RRULE:") for ln in e))
    assert "DTSTART;VALUE=DATE:20260901" in check_in
    for event in events:
        assert any(ln.startswith("UID:") for ln in event)
        assert any(ln.startswith("DTSTAMP:") for ln in event)


def test_standalone_charts(manager_site: Path) -> None:
    charts = sorted((manager_site / "charts").glob("*.svg"))
    names = {p.name for p in charts}
    assert {"status.svg", "timeline.svg"} <= names
    for chart in charts:
        text = chart.read_text("utf-8")
        assert 'xmlns="http://www.w3.org/2000/svg"' in text, chart.name
        root = ET.fromstring(text)  # well-formed XML
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert root.find("{http://www.w3.org/2000/svg}title") is not None


# == 2. links and anchors =====================================================================
def test_links_resolve_in_mini_site(
    manager_site: Path, sponsor_site: Path, self_site: Path
) -> None:
    for site in (manager_site, sponsor_site, self_site):
        assert link_problems(site) == []
        assert absolute_links(site) == []


@pytest.mark.parametrize("audience", ["manager", "sponsor", "self", "public"])
def test_links_resolve_in_example_site(tmp_path: Path, audience: str) -> None:
    root = example_workspace(tmp_path / "example")
    site = build_ok(root, "--audience", audience)
    assert (site / "index.html").is_file()
    assert link_problems(site) == []
    assert absolute_links(site) == []


def test_no_duplicate_ids(manager_site: Path, tmp_path: Path) -> None:
    """Valid HTML: an id appears once per page (anchors must be unambiguous)."""
    root = example_workspace(tmp_path / "example")
    assert duplicate_ids(manager_site) == []
    assert duplicate_ids(build_ok(root, "--audience", "self")) == []


def test_footnotes_stay_unique_where_bodies_share_a_page(ws: Workspace) -> None:
    """The brief, the plan and a competency page each show several bodies; every footnote
    link must still reach its own note."""
    ws.page("why-now", "Growth.[^1]\n\n[^1]: Board deck.\n", title="Why now")
    ws.page("backfill", "Dee.[^1]\n\n[^1]: Agreed with Dee.\n", title="Backfill")
    for slug, day, note in (("f1", "2026-03-01", "In the retro."), ("f2", "2026-07-01", "1:1.")):
        ws.evidence(
            slug,
            f"Great work.[^1]\n\n[^1]: {note}\n",
            date=day,
            competencies=["design"],
            type="feedback",
            **{"from": "Cy Park"},
        )
    for slug, due in (("g1", "2027-01-01"), ("g2", "2027-01-02")):
        ws.goal(slug, "Plan.[^1]\n\n## Steps\n\n[^1]: A note.\n", due=due, competencies=["design"])
    site = build_ok(ws.root)
    assert duplicate_ids(site) == []
    assert link_problems(site) == []
    brief = text_of(read(site, "brief.html"))  # openings of the pages, notes left to them
    assert "Growth." in brief and "Dee." in brief and "Board deck." not in brief
    assert "Board deck." in text_of(read(site, "pages/why-now.html"))


def test_body_heading_ids_do_not_clash_with_the_page(ws: Workspace) -> None:
    """A body heading's anchor must not repeat an id the page already has (the skip link's
    #main target), or the page is invalid HTML and the anchor ambiguous."""
    ws.evidence("m", "# Main\n\nThe main result.\n", date="2026-03-01", competencies=["design"])
    ws.page("p", "# Main\n\nText.\n", title="A page")
    site = build_ok(ws.root)
    assert duplicate_ids(site) == []


def test_link_checker_catches_a_broken_link(tmp_path: Path) -> None:
    site = tmp_path / "s"
    (site / "a").mkdir(parents=True)
    (site / "index.html").write_text(
        '<a href="a/x.html#here">x</a><a href="missing.html">m</a><a href="/abs.html">a</a>'
        '<a href="a/x.html#nowhere">n</a><a href="https://example.com">web</a>'
    )
    (site / "a" / "x.html").write_text('<h1 id="here">x</h1><a href="../index.html">up</a>')
    problems = link_problems(site)
    assert len(problems) == 3
    assert any("missing.html" in p for p in problems)
    assert any("/abs.html" in p for p in problems)
    assert any("nowhere" in p for p in problems)


# == 3. determinism ===========================================================================
def test_two_builds_are_byte_identical(ws: Workspace, tmp_path: Path) -> None:
    fill(ws)
    one = build_ok(ws.root, "-o", str(tmp_path / "one"))
    two = build_ok(ws.root, "-o", str(tmp_path / "two"))
    assert snapshot(one) == snapshot(two)
    assert len(snapshot(one)) > 15


def test_example_builds_are_byte_identical(tmp_path: Path) -> None:
    root = example_workspace(tmp_path / "example")
    one = snapshot(build_ok(root, "-o", str(tmp_path / "one")))
    two = snapshot(build_ok(root, "-o", str(tmp_path / "two")))
    assert one == two


DOSSIER = (sys.executable, "-m", "dossier")


def test_builds_are_identical_across_hash_seeds(ws: Workspace, tmp_path: Path) -> None:
    fill(ws)
    reference = snapshot(build_ok(ws.root, "-o", str(tmp_path / "in-process")))
    for seed in ("0", "4242"):
        out = tmp_path / f"seed-{seed}"
        env = {k: v for k, v in os.environ.items() if not k.startswith("DOSSIER_")}
        env["PYTHONHASHSEED"] = seed
        done = subprocess.run(
            [*DOSSIER, "-C", str(ws.root), "build", "--as-of", AS_OF, "-o", str(out)],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        assert snapshot(out) == reference


# == 4. Markdown ==============================================================================
MARKDOWN_BODY = dedent(
    """
    | Metric | Before | After |
    | --- | --- | --- |
    | p99 | 900ms | 540ms |

    The numbers come from the load test.[^1]

    - [x] Draft the design
    - [ ] Socialise it

    Links: [[design]], [[2026-01-05-earlier-work]], [[files/x.pdf]].

    <script>alert(1)</script>

    [^1]: Run on 2026-02-01 against staging.
    """
)


def markdown_ws(ws: Workspace) -> Workspace:
    ws.write("content/files/x.pdf", PDF)
    ws.evidence(
        "2026-01-05-earlier-work", title="Earlier work", date="2026-01-05", competencies=["design"]
    )
    ws.evidence(
        "2026-02-10-rich",
        MARKDOWN_BODY,
        title="Rich body",
        date="2026-02-10",
        competencies=["design"],
    )
    return ws


def test_markdown_tables_footnotes_tasks_and_wikilinks(ws: Workspace) -> None:
    site = build_ok(markdown_ws(ws).root)
    html = read(site, "evidence/2026-02-10-rich.html")
    body = html[html.index('<article class="prose">') : html.index("</article>")]
    table = tables(body)
    assert table and table[0][0] == ["Metric", "Before", "After"]
    assert table[0][1] == ["p99", "900ms", "540ms"]
    # footnote: a reference and its note, linked both ways on the page
    assert "Run on 2026-02-01 against staging." in text_of(body)
    refs = [v for tag, v in scan(body).refs if tag == "a" and v.startswith("#")]
    assert len(refs) >= 2
    ids = scan(html).ids
    for ref in refs:
        assert ref[1:] in ids
    # task list: two checkboxes, the first checked
    boxes = re.findall(r"<input[^>]*type=\"checkbox\"[^>]*>", body)
    assert len(boxes) == 2
    assert "checked" in boxes[0] and "checked" not in boxes[1]
    # wikilinks
    assert links_to(body, "../competencies/design.html") == ["Technical design"]
    assert links_to(body, "2026-01-05-earlier-work.html") == ["Earlier work"]
    assert links_to(body, "../files/x.pdf") != []
    assert (site / "files" / "x.pdf").read_bytes() == PDF
    assert link_problems(site) == []


def test_raw_html_is_escaped_by_default(ws: Workspace) -> None:
    site = build_ok(markdown_ws(ws).root)
    html = read(site, "evidence/2026-02-10-rich.html")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".svg"):
            text = path.read_text("utf-8")
            assert "<script>alert(1)</script>" not in text, path
            # the only scripts are the theme's own (inline ones open with a comment)
            assert text.count("<script>") == text.count("<script>\n/* "), path


def test_raw_html_passes_with_allow_html(ws: Workspace) -> None:
    markdown_ws(ws).write_config(site={"allow_html": True})
    site = build_ok(ws.root)
    html = read(site, "evidence/2026-02-10-rich.html")
    assert "<script>alert(1)</script>" in html


def all_text(site: Path) -> str:
    return "\n".join(
        p.read_text("utf-8", errors="replace") for p in sorted(site.rglob("*")) if p.is_file()
    )


def test_private_block_only_for_self(
    manager_site: Path, sponsor_site: Path, self_site: Path
) -> None:
    assert "Secret note about salary bands." in read(self_site, f"evidence/{E1}.html")
    assert "Secret note" not in all_text(manager_site)
    assert "Secret note" not in all_text(sponsor_site)


# == 5. audiences =============================================================================
HIDDEN_FROM_SPONSOR = [
    "zanzibar",  # E2's title and slug (manager visibility)
    "redesigned the billing api",  # E1's title (manager by default)
    "api-redesign",  # E1's slug
    "mentor two reviewers",  # a goal with manager visibility
    "mentor-reviews",
    "working notes",  # a page with manager visibility
    "gil moss",  # a person with manager visibility (the default)
    "secret note",
]


def test_sponsor_build_leaks_nothing_hidden(sponsor_site: Path) -> None:
    names = "\n".join(p.relative_to(sponsor_site).as_posix() for p in sponsor_site.rglob("*"))
    content = all_text(sponsor_site).lower()
    for hidden in HIDDEN_FROM_SPONSOR:
        assert hidden not in names.lower(), hidden
        assert hidden not in content, hidden
    data = json.loads(read(sponsor_site, "dossier.json"))
    assert [e["slug"] for e in data["evidence"]] == [E3, E4]
    assert "goals" not in data  # a sponsor is not shown the plan
    assert {p["slug"] for p in data["pages"]} == {"why-now", "backfill"}
    # an attachment only hidden evidence links is not copied
    assert not (sponsor_site / "files" / "report.pdf").exists()
    # what sponsors may see is there
    assert (sponsor_site / f"evidence/{E3}.html").is_file()
    assert "feedback on design reviews" in content


def test_wikilink_to_hidden_evidence_says_not_shared(
    sponsor_site: Path, manager_site: Path
) -> None:
    """In the middle of a sentence: a bare wikilink reads "a piece not shared here", a
    Markdown link keeps its words, unlinked (SPEC 6)."""
    sponsor = read(sponsor_site, f"evidence/{E4}.html")
    body = sponsor[sponsor.index('<article class="prose">') : sponsor.index("</article>")]
    assert 'Follows <span class="not-shared">a piece not shared here</span>; see also' in body
    assert links_to(body, "../competencies/design.html") == ["Technical design"]
    assert text_of(body).count("not shared") == 1  # the wikilink
    assert "the migration notes" in text_of(body) and E2 not in body
    manager = read(manager_site, f"evidence/{E4}.html")
    assert links_to(manager, f"{E2}.html") == ["Zanzibar migration", "the migration notes"]
    assert "not shared" not in text_of(manager)


def test_self_build_warns_on_every_page(self_site: Path, manager_site: Path) -> None:
    pages = sorted(self_site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        assert "do not share" in text_of(page.read_text("utf-8")).lower(), page
    for page in sorted(manager_site.rglob("*.html")):
        assert "do not share" not in text_of(page.read_text("utf-8")).lower(), page


def robots(html: str) -> list[str]:
    return [m.get("content", "") for m in scan(html).metas if m.get("name") == "robots"]


def test_noindex_by_default_and_off_on_request(
    ws: Workspace, manager_site: Path, tmp_path: Path
) -> None:
    for page in sorted(manager_site.rglob("*.html")):
        assert any("noindex" in r for r in robots(page.read_text("utf-8"))), page
    fill(ws).write_config(site={"noindex": False})
    site = build_ok(ws.root)
    for page in sorted(site.rglob("*.html")):
        assert not any("noindex" in r for r in robots(page.read_text("utf-8"))), page


# == 6. safety ================================================================================
def test_failed_build_with_broken_evidence_keeps_previous_site(ws: Workspace) -> None:
    fill(ws)
    site = build_ok(ws.root)
    before = snapshot(site)
    ws.write("content/evidence/broken.md", "---\ntitle: Broken\ndate: someday\n---\nbody\n")
    build_fails(ws.root)
    assert snapshot(site) == before
    assert [p.name for p in ws.root.iterdir() if p.name.startswith(".site")] == []


def test_failed_build_with_broken_template_keeps_previous_site(ws: Workspace) -> None:
    fill(ws)
    site = build_ok(ws.root)
    before = snapshot(site)
    ws.write(
        "themes/default/templates/page.html",
        "{% extends 'base.html' %}\n{% block main %}\n{% if %}\n",
    )
    result = build_fails(ws.root)
    assert "themes/default/templates/page.html" in result.output
    assert snapshot(site) == before
    assert [p.name for p in ws.root.iterdir() if p.name.startswith(".site")] == []


@pytest.mark.parametrize(
    "where",
    ["workspace", "parent", "content", "inside-content", "link-to-workspace", "holds-content"],
)
def test_refuses_dangerous_output_folders(ws: Workspace, tmp_path: Path, where: str) -> None:
    fill(ws)
    (tmp_path / "link").symlink_to(ws.root, target_is_directory=True)
    (tmp_path / "other" / "content").mkdir(parents=True)
    out = {
        "workspace": ws.root,
        "parent": tmp_path,
        "content": ws.root / "content",
        "inside-content": ws.root / "content" / "site",
        "link-to-workspace": tmp_path / "link",
        "holds-content": tmp_path / "other",
    }[where]
    before = snapshot(tmp_path)
    result = build_fails(ws.root, "-o", str(out))
    assert "refus" in result.output
    assert snapshot(tmp_path) == before


def test_refuses_a_folder_it_did_not_make(ws: Workspace, tmp_path: Path) -> None:
    fill(ws)
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.txt").write_text("four years of work\n")
    before = snapshot(tmp_path)
    build_fails(ws.root, "-o", str(mine))
    assert snapshot(tmp_path) == before


def test_builds_into_an_empty_folder(ws: Workspace, tmp_path: Path) -> None:
    fill(ws)
    empty = tmp_path / "empty"
    empty.mkdir()
    site = build_ok(ws.root, "-o", str(empty))
    assert (site / "index.html").is_file()


def test_replaces_a_folder_made_by_a_previous_build(ws: Workspace, tmp_path: Path) -> None:
    fill(ws)
    out = tmp_path / "out"
    build_ok(ws.root, "-o", str(out))
    assert (out / f"evidence/{E1}.html").is_file()
    assert (out / "files/report.pdf").is_file()
    (ws.root / f"content/evidence/{E1}.md").unlink()  # the only piece linking report.pdf
    ws.evidence("2026-11-01-new", title="New piece", date="2026-11-01", competencies=["design"])
    build_ok(ws.root, "-o", str(out))
    assert not (out / f"evidence/{E1}.html").exists()
    assert not (out / "files/report.pdf").exists()
    assert (out / "evidence/2026-11-01-new.html").is_file()
    assert "Redesigned the billing API" not in all_text(out)
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")]
    assert leftovers == []


def test_build_writes_nothing_outside_the_output_folder(ws: Workspace, tmp_path: Path) -> None:
    fill(ws)
    out = tmp_path / "out"
    before = snapshot(tmp_path)
    build_ok(ws.root, "-o", str(out))
    build_ok(ws.root, "-o", str(out))  # the replacing build too
    assert snapshot(tmp_path, skip=out) == before
    assert (out / "index.html").is_file()


# == 7. themes ================================================================================
CUSTOM_PAGE = dedent(
    """
    {% extends "base.html" %}
    {% block title %}{{ item.title }}{% endblock %}
    {% block main %}
    <p class="custom">CUSTOM PAGE TEMPLATE: {{ item.title }}</p>{{ body }}
    {% endblock %}
    """
)


@pytest.mark.parametrize("theme", ["default", "mine"])
def test_workspace_theme_overrides_one_template(ws: Workspace, tmp_path: Path, theme: str) -> None:
    fill(ws)
    plain = snapshot(build_ok(ws.root, "-o", str(tmp_path / "plain")))
    ws.write(f"themes/{theme}/templates/page.html", CUSTOM_PAGE)
    if theme != "default":
        ws.write_config(site={"theme": theme})
    themed = snapshot(build_ok(ws.root, "-o", str(tmp_path / "themed")))
    notes = themed["pages/notes.html"]
    assert isinstance(notes, bytes)
    assert "CUSTOM PAGE TEMPLATE: Working notes" in notes.decode()
    assert "Free page text." in notes.decode()
    assert "Overview" in notes.decode()  # still the default base.html around it
    changed = sorted(k for k in plain if plain[k] != themed.get(k))
    assert changed == ["pages/backfill.html", "pages/notes.html", "pages/why-now.html"]
    assert (tmp_path / "themed" / "static" / "style.css").read_bytes() == (
        REPO / "themes/default/static/style.css"
    ).read_bytes()


BROKEN_EVIDENCE_PAGE = (
    '{% extends "base.html" %}\n'
    "{% block title %}{{ evidence.title }}{% endblock %}\n"
    "{% block main %}\n"
    "<p>{{ evidence.nothing_here.deeper }}</p>\n"
    "{% endblock %}\n"
)


@pytest.mark.parametrize("workers", ["1", "2"])
def test_template_error_names_the_template_line_wherever_it_rendered(
    ws: Workspace, workers: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Big sites render evidence pages in other processes: an error there still names the
    template file and line."""
    fill(ws)
    for n in range(80):
        ws.evidence(f"filler-{n:02d}", "Plain.", date="2026-06-01", competencies=["design"])
    ws.write("themes/default/templates/evidence.html", BROKEN_EVIDENCE_PAGE)
    monkeypatch.setenv("DOSSIER_WORKERS", workers)
    result = build_fails(ws.root)
    assert "themes/default/templates/evidence.html:4:" in result.output, result.output
    assert "nothing_here" in result.output
    assert not (ws.root / "site").exists()


def test_workspace_stylesheet_replaces_the_css(ws: Workspace) -> None:
    fill(ws)
    css = "body { color: rebeccapurple; }\n"
    ws.write("themes/default/static/style.css", css)
    site = build_ok(ws.root)
    assert (site / "static" / "style.css").read_text("utf-8") == css
    assert 'href="static/style.css"' in read(site, "index.html")


def test_unknown_theme_is_an_error_at_its_line(ws: Workspace) -> None:
    fill(ws).write_config(site={"theme": "nope"})
    lines = (ws.root / "dossier.yaml").read_text("utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if "theme: nope" in text)
    result = build_fails(ws.root)
    assert f"dossier.yaml:{line}:" in result.output
    assert "nope" in result.output
    assert not (ws.root / "site").exists()


# == 8. git provenance ========================================================================
GIT_SETTINGS = (
    *("git", "-c", "user.name=Test", "-c", "user.email=test@example.com"),
    *("-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false", "-c", "init.defaultBranch=main"),
)


def git(root: Path, *args: str, when: str = "2026-06-01 12:00:00 +0000") -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    subprocess.run(
        [*GIT_SETTINGS, *args],
        cwd=root,
        env=env,
        check=True,
        capture_output=True,
    )


def provenance_ws(ws: Workspace) -> Workspace:
    """First commit on 2026-06-01. "late" (2026-01-10) is 142 days before it: recorded
    later. "edge" (2026-03-03) is exactly 90 days before: not "more than 90". "fresh"
    (2026-05-01) is 31 days before. "after" was committed later, on 2026-07-01, 8 days
    after its date 2026-06-23."""
    ws.write_config(framework_agreed="v1")
    ws.evidence("late", title="Late write-up", date="2026-01-10", competencies=["design"])
    ws.evidence("edge", title="Edge write-up", date="2026-03-03", competencies=["design"])
    ws.evidence("fresh", title="Fresh write-up", date="2026-05-01", competencies=["delivery"])
    ws.write(".gitignore", "site/\n")
    return ws


REWORDED = "Designs systems that span several teams."
ADDED = "Mentors other designers."


def change_framework(ws: Workspace) -> None:
    """Reword cross-team-design (same id) and add a third staff design expectation at the
    end (so design.staff.2 keeps its id)."""
    text = (ws.root / "content/framework.yaml").read_text("utf-8")
    text = text.replace(
        "{id: cross-team-design, text: Designs systems that span teams.}",
        f"{{id: cross-team-design, text: {REWORDED}}}",
    )
    text = text.replace(
        "        - Reviews designs of others.\n",
        f"        - Reviews designs of others.\n        - {ADDED}\n",
    )
    assert REWORDED in text and ADDED in text
    ws.write("content/framework.yaml", text)


@pytest.mark.skipif(not HAS_GIT, reason="git is not on PATH")
def test_git_recorded_later_and_first_commit(ws: Workspace) -> None:
    provenance_ws(ws)
    git(ws.root, "init", "-q")
    git(ws.root, "add", "-A")
    git(ws.root, "commit", "-q", "-m", "first")
    git(ws.root, "tag", "v1")
    ws.evidence("after", title="After write-up", date="2026-06-23", competencies=["design"])
    git(ws.root, "add", "-A")
    git(ws.root, "commit", "-q", "-m", "second", when="2026-07-01 12:00:00 +0000")
    site = build_ok(ws.root)
    late = text_of(read(site, "evidence/late.html"))
    assert "recorded later" in late
    assert "1 Jun 2026" in late
    for slug in ("edge", "fresh"):
        page = text_of(read(site, f"evidence/{slug}.html"))
        assert "recorded later" not in page, slug
        assert "1 Jun 2026" in page, slug
    after = text_of(read(site, "evidence/after.html"))
    assert "1 Jul 2026" in after
    assert "recorded later" not in after
    # the flag also shows where the piece is listed
    timeline = read(site, "timeline.html")
    assert text_of(timeline).count("recorded later") == 1
    # the framework has not changed since v1
    framework = text_of(read(site, "framework.html"))
    assert REWORDED not in framework and ADDED not in framework


@pytest.mark.skipif(not HAS_GIT, reason="git is not on PATH")
def test_git_framework_changes_since_agreed(ws: Workspace) -> None:
    provenance_ws(ws)
    git(ws.root, "init", "-q")
    git(ws.root, "add", "-A")
    git(ws.root, "commit", "-q", "-m", "agreed framework")
    git(ws.root, "tag", "v1")
    change_framework(ws)
    git(ws.root, "commit", "-q", "-am", "framework update", when="2026-07-01 12:00:00 +0000")
    site = build_ok(ws.root)
    html = read(site, "framework.html")
    changes = text_of(section(html, "changes"))
    assert "v1" in changes
    assert ADDED in changes
    assert REWORDED in changes
    assert "Designs systems that span teams." in changes  # what it was
    assert "Reviews designs of others." not in changes  # unchanged
    assert "Ships tasks." not in changes


def test_without_git_provenance_is_left_out(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(ws.root.parent))
    provenance_ws(ws)
    change_framework(ws)
    site = build_ok(ws.root)
    content = all_text(site)
    assert "recorded later" not in content
    assert "first committed" not in content
    assert "Changed since the agreed version" not in content
    assert ADDED in text_of(read(site, "framework.html"))  # the current framework is shown


# == 9. a non-editable install ================================================================
SETUP = (sys.executable, "-c", "import setuptools; setuptools.setup()")


def install_without_checkout(tmp_path: Path) -> Path:
    """Build a wheel from a copy of the sources and install it into a plain folder. Where
    this Python's setuptools cannot make wheels (setuptools < 70.1 without the `wheel`
    package), fall back to setuptools' build_py, which lays out the same package files
    (themes included, via package-dir and package-data) into the folder."""
    src = tmp_path / "src"
    src.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc")
    for name in ("dossier", "themes"):
        shutil.copytree(REPO / name, src / name, ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, src / name)
    target = tmp_path / "target"
    wheels = tmp_path / "wheels"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input"]
    made = subprocess.run(
        [
            *pip,
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "-w",
            str(wheels),
            str(src),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    if made.returncode == 0:
        wheel = next(wheels.glob("dossier-*.whl"))
        done = subprocess.run(
            [*pip, "install", "--no-deps", "--no-index", "--target", str(target), str(wheel)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stdout + done.stderr
    else:
        assert "bdist_wheel" in made.stdout + made.stderr, made.stdout + made.stderr
        done = subprocess.run(
            [*SETUP, "-q", "build_py", "--build-lib", str(target)],
            cwd=src,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stdout + done.stderr
    return target


def _shipped(folder: Path) -> set[str]:
    return {
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }


def test_the_install_holds_every_file_of_the_package(tmp_path: Path) -> None:
    """Every module and data file of the checkout is in what a plain install puts down (a
    package left out of pyproject.toml is missed by a build that finds the checkout)."""
    target = install_without_checkout(tmp_path)
    installed = _shipped(target / "dossier")
    assert _shipped(REPO / "dossier") - installed == set()
    themes = {f"themes/{name}" for name in _shipped(REPO / "themes")}
    assert themes - installed == set()


def test_non_editable_install_builds_the_example(tmp_path: Path) -> None:
    target = install_without_checkout(tmp_path)
    root = example_workspace(tmp_path / "example")
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOSSIER_")}
    env["PYTHONPATH"] = str(target)
    where = subprocess.run(
        [sys.executable, "-c", "import dossier, sys; print(dossier.__file__)"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert where.returncode == 0, where.stderr
    assert Path(where.stdout.strip()).resolve().is_relative_to(target.resolve())
    done = subprocess.run(
        [sys.executable, "-m", "dossier", "build", "--as-of", AS_OF],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert (root / "site" / "index.html").is_file()
    assert (root / "site" / "static" / "style.css").read_bytes() == (
        REPO / "themes/default/static/style.css"
    ).read_bytes()
