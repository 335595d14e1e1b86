"""What each reader is shown (SPEC sections 6 and 8): audience profiles, `site.show`, and
quotes.

1. Profiles by default: self and manager (and audiences ranked at or below manager) get
   every section; sponsors and the public get the case. The sponsor build of the example
   holds no readiness, status or gap wording in any file, dossier.json included.
2. Canaries: for each section a sponsor is not shown, something only that section would
   print is absent from every file of the sponsor's build and present in the manager's.
3. `site.show` widens and narrows an audience's profile, and is validated like every key.
4. The data is stripped, not only the templates: a theme template that prints statuses,
   readiness and goals prints nothing of them for a sponsor.
5. Quotes: only `quote:` (else the body's first blockquote) is quoted, attributed to
   `from`; the author's context stays outside the quote.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result
from conftest import REPO, Workspace, dedent
from test_ladders import LADDERS

from dossier.cli import cli
from dossier.model.profile import ALL_SECTIONS, profile_for

AS_OF = "2026-11-22"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in list(os.environ):
        if name.startswith(("DOSSIER_", "GIT_")):
            monkeypatch.delenv(name)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    yield


def run(root: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["-C", str(root), *args])


def build(root: Path, audience: str, out: Path) -> Path:
    result = run(root, "build", "--as-of", AS_OF, "--audience", audience, "-o", str(out))
    assert result.exit_code == 0, result.output
    return out


def files_of(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def everything(site: Path) -> str:
    """Every file's name and text, as one string."""
    return "\n".join(
        f"{name}\n{data.decode('utf-8', 'replace')}"
        for name, data in sorted(files_of(site).items())
    )


# == 1. the default profiles ==================================================================
def test_working_sections_go_to_audiences_up_to_the_manager(ws: Workspace) -> None:
    config = ws.dossier().config
    assert profile_for(config, "self").sections == ALL_SECTIONS
    assert profile_for(config, "manager").sections == ALL_SECTIONS
    assert profile_for(config, "sponsor").sections == frozenset()
    assert profile_for(config, "public").sections == frozenset()
    assert profile_for(config, "sponsor").lands_on_brief
    assert not profile_for(config, "manager").lands_on_brief
    ws.write_config(audiences=["self", "team", "manager", "committee"])
    config = ws.dossier().config
    assert profile_for(config, "team").sections == ALL_SECTIONS
    assert profile_for(config, "committee").sections == frozenset()
    ws.write_config(audiences=["self", "board"])
    config = ws.dossier().config
    assert profile_for(config, "self").sections == ALL_SECTIONS
    assert profile_for(config, "board").sections == frozenset()


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("profiles") / "example"
    root.mkdir()
    shutil.copy2(REPO / "dossier.yaml", root / "dossier.yaml")
    shutil.copytree(REPO / "content", root / "content")
    return root


@pytest.fixture(scope="module")
def example_sites(example: Path) -> dict[str, Path]:
    return {a: build(example, a, example.parent / a) for a in ("manager", "sponsor")}


# What the author's working view says in the site's own words: none of it may be in a
# sponsor's build. Author-written text (titles, bodies, the framework) may use the same
# words ("a partial refund"); that is the author's, and is allowed.
WORKING_WORDS = re.compile(
    r"\b(readiness|demonstrated|partial|gaps?|no plan yet|not required|recorded later|"
    r"not counted|months? left|short of|status|overdue|first committed|the ladder)\b",
    re.I,
)
WORKING_CLASSES = re.compile(
    r"\b(status-|cell-(demonstrated|partial|gap)|fill-(demonstrated|partial|gap))"
)
WORKING_KEYS = {
    "readiness",
    "status",
    "reasons",
    "counts",
    "unanswered_expectations",
    "unplanned",
    "people_not_seen",
    "overdue_goals",
    "ladder",
    "history",
    "months",
    "goals",
    "warning",
    "months_left",
    "points",
    "step",
    "next_step",
}


def squash(text: str) -> str:
    return " ".join(html.unescape(text).split()).casefold()


def author_text(root: Path) -> str:
    """Everything the author wrote that a page may show: dossier.yaml, the framework and
    every Markdown file, as plain words (Markdown quote marks and emphasis taken out)."""
    texts = [(root / "dossier.yaml").read_text("utf-8")]
    texts += [p.read_text("utf-8") for p in sorted((root / "content").rglob("*.md"))]
    texts.append((root / "content" / "framework.yaml").read_text("utf-8"))
    plain = re.sub(r"(?m)^\s*>\s?|[*_`|]", " ", "\n".join(texts))
    return squash(plain)


class _Text(HTMLParser):
    """The text a reader sees (text nodes, titles and alt texts) and the classes used."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self.classes: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.classes.append(found.get("class") or "")
        self.texts += [found[k] or "" for k in ("title", "alt", "aria-label") if k in found]
        self.skip += tag in ("style", "script")

    def handle_endtag(self, tag: str) -> None:
        self.skip -= tag in ("style", "script")

    def handle_data(self, data: str) -> None:
        if not self.skip and data.strip():
            self.texts.append(data)


def working_words_in(site: Path, written: str) -> list[str]:
    """Working-view words in the site's own text, anywhere in the build."""
    found: list[str] = []

    def look(where: str, text: str) -> None:
        if WORKING_WORDS.search(text) and squash(text) not in written:
            found.append(f"{where}: {text.strip()[:120]!r}")

    for name, data in files_of(site).items():
        text = data.decode("utf-8", "replace")
        if name.endswith((".html", ".svg")):
            parser = _Text()
            parser.feed(text)
            for piece in parser.texts:
                look(name, piece)
            found += [f"{name}: class {c!r}" for c in parser.classes if WORKING_CLASSES.search(c)]
        elif name.endswith(".json"):
            found += json_working_words(name, json.loads(text), written)
        elif not name.startswith("static/"):
            look(name, text)
    return found


def json_working_words(name: str, value: Any, written: str, path: str = "") -> list[str]:
    found: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key in WORKING_KEYS:
                found.append(f"{name}: key {path}{key}")
            found += json_working_words(name, item, written, f"{path}{key}.")
    elif isinstance(value, list):
        for item in value:
            found += json_working_words(name, item, written, path)
    elif isinstance(value, str):
        parser = _Text()
        parser.feed(value)
        for piece in parser.texts:
            if WORKING_WORDS.search(piece) and squash(piece) not in written:
                found.append(f"{name}: {path}: {piece.strip()[:120]!r}")
    return found


def test_the_sponsor_build_of_the_example_has_no_working_view_wording(
    example: Path, example_sites: dict[str, Path]
) -> None:
    written = author_text(example)
    sponsor = example_sites["sponsor"]
    assert working_words_in(sponsor, written) == []
    names = set(files_of(sponsor))
    for absent in ("gaps.html", "plan.html", "plan.ics", "brief.html", "charts/status.svg"):
        assert absent not in names
    assert not [n for n in names if n.startswith("charts/consistency-")]
    # the same check finds the working view in the manager's build: it can fail
    found = working_words_in(example_sites["manager"], written)
    assert any("readiness" in f.casefold() for f in found)
    assert any("key report.readiness" in f for f in found)


def test_the_sponsor_lands_on_the_brief_and_its_nav_shows_only_pages_that_exist(
    example_sites: dict[str, Path],
) -> None:
    sponsor = example_sites["sponsor"]
    index = (sponsor / "index.html").read_text("utf-8")
    assert "<title>Brief · " in index and 'class="ask"' in index
    nav = index[index.index('<nav class="site-nav"') : index.index("</nav>")]
    links = re.findall(r'href="([^"]+)"', nav)
    assert links == [
        "index.html",
        "evidence.html",
        "timeline.html",
        "framework.html",
        "pages/why-now.html",
        "pages/backfill.html",
    ]
    for link in links:
        assert (sponsor / link).is_file()
    manager_nav = (example_sites["manager"] / "index.html").read_text("utf-8")
    for page in ("gaps.html", "plan.html", "brief.html"):
        assert f'href="{page}"' in manager_nav


def test_the_brief_lists_each_competency_with_pieces_and_strongest_piece(
    example: Path, example_sites: dict[str, Path]
) -> None:
    """SPEC 8: each competency by title, its number of pieces and its strongest piece, no
    status word; the same pieces the sponsor's packet names."""
    index = (example_sites["sponsor"] / "index.html").read_text("utf-8")
    lines = index[
        index.index('<ul class="lines">') : index.index("</ul>", index.index('<ul class="lines">'))
    ]
    items = re.findall(r"<li>(.*?)</li>", lines, re.S)
    report = json.loads((example_sites["sponsor"] / "dossier.json").read_text("utf-8"))["report"]
    titles = [c["title"] for c in report["competencies"]]
    assert len(items) == len(titles) == 6  # people leadership, agreed not required, left out
    for item, competency in zip(items, report["competencies"], strict=True):
        text = squash(re.sub(r"<[^>]+>", " ", item))
        count = len(competency["evidence"])
        assert text.startswith(squash(competency["title"]))
        assert f"{count} piece" in text
        assert ("strongest:" in text) == (count > 0)
    packet = example.parent / "sponsor.md"
    result = run(
        example,
        "export",
        "--as-of",
        AS_OF,
        "--audience",
        "sponsor",
        "--format",
        "md",
        "-o",
        str(packet),
    )
    assert result.exit_code == 0, result.output
    for strongest in re.findall(r'strongest: <a href="[^"]+">([^<]+)</a>', lines):
        assert html.unescape(strongest) in packet.read_text("utf-8")


def test_the_build_does_not_call_an_unsealed_sponsor_site_safe_to_send(
    example: Path, tmp_path: Path
) -> None:
    result = run(
        example, "build", "--as-of", AS_OF, "--audience", "sponsor", "-o", str(tmp_path / "s")
    )
    assert result.exit_code == 0, result.output
    assert "safe to send" not in result.output
    assert "--seal" in result.output


# == 2. a canary for each section a sponsor is not shown ========================================
GIT = ["git", "-c", "user.name=T", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"]


def sections_case(root: Path) -> Path:
    """Everything shared with everyone, so that what differs is the profile alone."""
    ws = Workspace(root)
    framework = yaml.safe_load((root / "content/framework.yaml").read_text("utf-8"))
    framework["competencies"][0]["meta"] = {"notes": "CANARYMETA notes on design"}
    ws.write("content/framework.yaml", yaml.safe_dump(framework, sort_keys=False))
    ws.write_config(
        cycle="2027-01-15",  # under lead_months away, with gaps: a timing warning
        check_ins={"every_weeks": 2, "with": "Bo", "from": "2026-09-01"},
        people=[{"name": "Bo", "relation": "manager", "visibility": "public"}],
    )
    ws.evidence(
        "design-piece",
        "Designed it.\n",
        date="2026-03-02",
        competencies=["design"],
        expectations=["cross-team-design"],
        visibility="public",
        impact="Two teams share one design.",
    )
    ws.goal(
        "canary-goal",
        "CANARYGOALBODY\n",
        title="CANARYGOALTITLE",
        due="2027-01-01",
        competencies=["delivery"],
        visibility="public",
    )
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_AUTHOR_DATE": "2026-10-01 12:00:00 +0000",
        "GIT_COMMITTER_DATE": "2026-10-01 12:00:00 +0000",
    }
    for args in (("init", "-q"), ("add", "-A"), ("commit", "-q", "-m", "all")):
        subprocess.run([*GIT, *args], cwd=root, env=env, check=True, capture_output=True)
    return root


@pytest.fixture(scope="module")
def section_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    base = tmp_path_factory.mktemp("sections")
    root = sections_case(base / "ws")
    return {a: everything(build(root, a, base / a)) for a in ("manager", "sponsor")}


# section -> what only that section prints (the manager's build holds each one)
CANARIES = {
    "status": ["1 of 2 pieces", 'class="status status-partial"', '"status":'],
    "readiness": ["Readiness", '"readiness":'],
    "gaps": ["gaps.html\n", "Reviews designs of others.</a>", '"unanswered_expectations"'],
    "plan": ["CANARYGOALTITLE", "CANARYGOALBODY", "plan.ics\n", "plan.html\n"],
    "timing": ["months left", "cycle is"],
    "provenance": ["recorded later", "first committed"],
    "ladder": ["The ladder", '"ladder":'],
    "history": ["Readiness over time", "charts/history.svg\n", '"history":'],
    "meta": ["CANARYMETA"],
}


@pytest.mark.parametrize("section", sorted(CANARIES))
def test_each_section_left_out_of_a_sponsors_build(
    section_sites: dict[str, str], section: str
) -> None:
    for canary in CANARIES[section]:
        assert canary in section_sites["manager"], f"{section}: {canary!r} (the canary must live)"
        assert canary not in section_sites["sponsor"], f"{section}: {canary!r} reached the sponsor"


def points_site(root: Path, audience: str, out: Path) -> str:
    shutil.copytree(LADDERS / "points", root)
    for path in (root / "content").rglob("*.md"):
        path.write_text(
            path.read_text("utf-8").replace("---\n", "---\nvisibility: public\n", 1), "utf-8"
        )
    return everything(build(root, audience, out))


def test_points_left_out_of_a_sponsors_build(tmp_path: Path) -> None:
    manager = points_site(tmp_path / "m", "manager", tmp_path / "m-site")
    sponsor = points_site(tmp_path / "s", "sponsor", tmp_path / "s-site")
    for canary in (
        "of 58 points",
        '"points":{"reached"',
        'class="step step-reached',
        "Next step",
        "point</span>",
    ):
        assert canary in manager, canary
        assert canary not in sponsor, canary
    assert "58 points" in sponsor  # what the level requires is the framework's, and shown


# == 3. site.show ===============================================================================
def test_site_show_widens_a_sponsors_profile(tmp_path: Path) -> None:
    root = sections_case(tmp_path / "ws")
    config = yaml.safe_load((root / "dossier.yaml").read_text("utf-8"))
    config["site"] = {"show": {"sponsor": ["status", "plan"]}}
    (root / "dossier.yaml").write_text(yaml.safe_dump(config), "utf-8")
    site = build(root, "sponsor", tmp_path / "site")
    text = everything(site)
    for shown in (
        "1 of 2 pieces",
        'class="status status-partial"',
        "CANARYGOALTITLE",
        "plan.ics\n",
    ):
        assert shown in text, shown
    for left_out in ("Readiness", "months left", "recorded later", "CANARYMETA", "gaps.html\n"):
        assert left_out not in text, left_out
    assert (site / "index.html").read_text("utf-8").count(
        "<title>Overview"
    ) == 1  # statuses: the overview
    assert (site / "brief.html").is_file()


def test_site_show_narrows_a_managers_profile(tmp_path: Path) -> None:
    root = sections_case(tmp_path / "ws")
    config = yaml.safe_load((root / "dossier.yaml").read_text("utf-8"))
    config["site"] = {"show": {"manager": [], "public": ["readiness"]}}
    (root / "dossier.yaml").write_text(yaml.safe_dump(config), "utf-8")
    manager = build(root, "manager", tmp_path / "manager")
    text = everything(manager)
    for left_out in (
        "Readiness",
        "CANARYGOALTITLE",
        "1 of 2 pieces",
        "gaps.html\n",
        '"readiness":',
    ):
        assert left_out not in text, left_out
    assert "<title>Brief · " in (manager / "index.html").read_text("utf-8")
    public = build(root, "public", tmp_path / "public")
    assert '"readiness":' in (public / "dossier.json").read_text("utf-8")
    assert "Readiness" in (public / "index.html").read_text("utf-8")  # the overview, no statuses
    assert "1 of 2 pieces" not in everything(public)


def check_output(ws: Workspace, site: dict[str, Any]) -> str:
    ws.write_config(site=site)
    result = run(ws.root, "check")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    return result.output


def test_site_show_is_validated_with_did_you_mean(ws: Workspace) -> None:
    out = check_output(ws, {"show": {"sponsr": ["status"], "public": ["stauts", "plan"]}})
    assert "dossier.yaml:" in out
    assert "unknown audience 'sponsr' in site.show (did you mean 'sponsor'?)" in out
    assert "unknown section 'stauts' in site.show.public (did you mean 'status'?)" in out
    line = next(
        n
        for n, text in enumerate((ws.root / "dossier.yaml").read_text().splitlines(), 1)
        if "stauts" in text
    )
    assert f"dossier.yaml:{line}:" in out
    out = check_output(ws, {"show": ["status"]})
    assert "'show' must be a mapping" in out
    out = check_output(ws, {"show": {"sponsor": {"status": True}}})
    assert "'sponsor' must be a list" in out


# == 4. the data is stripped, not only the templates ============================================
OLD_TEMPLATE = """\
{% extends "base.html" %}
{% block title %}Timeline{% endblock %}
{% block main %}
<p>R={{ report.readiness }} U={{ report.unanswered_expectations }} L={{ report.ladder }}</p>
{% for c in report.competencies %}
<p>{{ c.title }}: S={{ c.status }} W={{ c.reasons }} M={{ c.months }}</p>
{% endfor %}
{% for g in dossier.goals %}<p>{{ g.title }}</p>{% endfor %}
<p>T={{ report.timing.warning }} {{ report.timing.months_left }}</p>
<p>C={{ config.check_ins }}</p>
{% endblock %}
"""


def test_a_theme_template_cannot_print_what_the_profile_leaves_out(tmp_path: Path) -> None:
    root = sections_case(tmp_path / "ws")
    (root / "themes/default/templates").mkdir(parents=True)
    (root / "themes/default/templates/timeline.html").write_text(OLD_TEMPLATE, "utf-8")
    manager = (build(root, "manager", tmp_path / "m") / "timeline.html").read_text("utf-8")
    sponsor = (build(root, "sponsor", tmp_path / "s") / "timeline.html").read_text("utf-8")
    for shown in ("S=partial", "1 of 2 pieces", "CANARYGOALTITLE", "R=", "every_weeks=2"):
        assert shown in manager, shown
    assert "R=None U=() L=()" in sponsor
    assert "S= W=() M=()" in sponsor
    for left_out in ("partial", "gap", "pieces", "CANARYGOALTITLE", "every_weeks", "cycle is"):
        assert left_out not in sponsor, left_out


# == 5. quotes =================================================================================
FEEDBACK = dedent(
    """
    ---
    title: Feedback from Cy on the design review
    date: 2026-08-05
    competencies: [design]
    type: feedback
    from: Cy Park (Principal Engineer)
    visibility: public
    {quote}---
    Cy wrote this after the review. AUTHORCONTEXT words of mine.

    > BLOCKQUOTED words of Cy.

    More AUTHORCONTEXT after it.
    """
)


def quoted_case(ws: Workspace, quote: str = "") -> None:
    ws.write("content/evidence/2026-08-05-cy.md", FEEDBACK.replace("{quote}", quote))


def quote_and_rest(site: Path, page: str) -> tuple[str, str]:
    text = (site / page).read_text("utf-8")
    start = text.index('<figure class="quote">')
    figure = text[start : text.index("</figure>", start)]
    return figure, text.replace(figure, "")


def test_the_body_blockquote_is_the_quote_and_the_rest_is_context(
    ws: Workspace, tmp_path: Path
) -> None:
    quoted_case(ws)
    site = build(ws.root, "manager", tmp_path / "site")
    for page in ("competencies/design.html", "evidence/2026-08-05-cy.html"):
        figure, rest = quote_and_rest(site, page)
        quote = figure[: figure.index("</blockquote>")]
        assert "BLOCKQUOTED words of Cy." in quote
        assert "AUTHORCONTEXT" not in figure and "Cy Park" not in quote
        assert "Cy Park (Principal Engineer)" in figure[figure.index("<figcaption") :]
    _, rest = quote_and_rest(site, "evidence/2026-08-05-cy.html")
    assert rest.count("AUTHORCONTEXT") == 2 and "BLOCKQUOTED" not in rest  # context, once


def test_quote_front_matter_is_the_only_quote(ws: Workspace, tmp_path: Path) -> None:
    quoted_case(ws, 'quote: "QUOTEFIELD: the words Cy said."\n')
    site = build(ws.root, "manager", tmp_path / "site")
    figure, rest = quote_and_rest(site, "competencies/design.html")
    assert "QUOTEFIELD: the words Cy said." in figure
    assert "BLOCKQUOTED" not in figure and "AUTHORCONTEXT" not in figure
    _, rest = quote_and_rest(site, "evidence/2026-08-05-cy.html")
    assert "BLOCKQUOTED" in rest and "AUTHORCONTEXT" in rest  # the whole body is context
    data = json.loads((site / "dossier.json").read_text("utf-8"))
    assert data["evidence"][0]["quote"] == "QUOTEFIELD: the words Cy said."


def test_a_hidden_from_reads_a_colleague(ws: Workspace, tmp_path: Path) -> None:
    ws.write_config(people=[{"name": "Cy Park", "visibility": "manager"}])
    quoted_case(ws)
    site = build(ws.root, "sponsor", tmp_path / "site")
    figure, _ = quote_and_rest(site, "competencies/design.html")
    assert "&mdash; a colleague," in figure
    assert "Cy Park" not in everything(site)


def test_feedback_without_a_quote_shows_none_and_check_says_so(
    ws: Workspace, tmp_path: Path
) -> None:
    ws.write(
        "content/evidence/2026-08-05-cy.md",
        FEEDBACK.replace("{quote}", "").replace("> BLOCKQUOTED", "BLOCKQUOTED"),
    )
    site = build(ws.root, "manager", tmp_path / "site")
    assert "<figure" not in (site / "competencies/design.html").read_text("utf-8")
    assert "BLOCKQUOTED" in (site / "evidence/2026-08-05-cy.html").read_text("utf-8")
    result = run(ws.root, "check")
    assert result.exit_code == 0, result.output
    assert "content/evidence/2026-08-05-cy.md:5:" in result.output  # the `type:` line
    assert "feedback with no quote" in result.output and "hint: add quote:" in result.output


def test_quote_on_evidence_that_is_not_feedback_is_an_error(ws: Workspace) -> None:
    ws.evidence(
        "talk",
        "Words.\n",
        date="2026-03-01",
        competencies=["design"],
        type="talk",
        quote="Nice talk.",
    )
    result = run(ws.root, "check")
    assert result.exit_code == 1, result.output
    assert "content/evidence/talk.md:" in result.output
    assert "`quote` is for feedback, but type is 'talk'" in result.output


def test_site_show_governs_the_packet_too(tmp_path: Path) -> None:
    root = sections_case(tmp_path / "ws")

    def packet(name: str) -> str:
        out = tmp_path / f"{name}.md"
        args = ["export", "--as-of", AS_OF, "--audience", "sponsor", "--format", "md"]
        result = run(root, *args, "-o", str(out))
        assert result.exit_code == 0, result.output
        return out.read_text("utf-8")

    default = packet("default")
    assert "Readiness" not in default and "CANARYGOALTITLE" not in default
    config = yaml.safe_load((root / "dossier.yaml").read_text("utf-8"))
    config["site"] = {"show": {"sponsor": ["readiness", "plan"]}}
    (root / "dossier.yaml").write_text(yaml.safe_dump(config), "utf-8")
    widened = packet("widened")
    assert "Readiness" in widened and "CANARYGOALTITLE" in widened
    assert "partial" not in widened  # statuses still left out


# == 6. links to what the reader may not see, inside a sentence ================================
def test_a_hidden_link_inside_a_sentence_reads_naturally(ws: Workspace, tmp_path: Path) -> None:
    """SPEC 6: `[the review](x.md)` reads "the review"; a bare [[slug]] "a piece not
    shared here" ("the piece not shared here" after "the"); in the site and the packet."""
    ws.evidence(
        "hidden-memo",
        "Secret.\n",
        title="Hidden memo",
        date="2026-01-05",
        competencies=["design"],
        visibility="self",
    )
    body = (
        "After the [[hidden-memo]], Bo asked for more. It built on [[hidden-memo]] and on "
        "[the review](hidden-memo.md), and on [[hidden-memo|our notes]].\n"
    )
    ws.evidence("shared", body, date="2026-02-05", competencies=["design"], visibility="public")
    ws.page("why-now", body, title="Why now", visibility="public")
    site = build(ws.root, "sponsor", tmp_path / "site")
    page = (site / "evidence/shared.html").read_text("utf-8")
    text = " ".join(re.sub(r"<[^>]+>", "", page).split())
    assert "After the piece not shared here, Bo asked for more." in text
    assert "It built on a piece not shared here and on the review, and on our notes." in text
    assert "hidden-memo" not in page and "Hidden memo" not in page
    out = tmp_path / "packet.md"
    result = run(
        ws.root,
        "export",
        "--as-of",
        AS_OF,
        "--audience",
        "sponsor",
        "--format",
        "md",
        "-o",
        str(out),
    )
    assert result.exit_code == 0, result.output
    packet = " ".join(out.read_text("utf-8").split())
    assert "After the piece not shared here, Bo asked for more." in packet
    assert "It built on a piece not shared here and on the review, and on our notes." in packet
