"""The brief in Chromium (SPEC sections 5 and 8): printed on Letter and A4 with default
margins it takes at most two pages for self, manager and sponsor, for the example and for
a workspace built to overflow it (long names, titles and impacts, dozens of
competencies, a business case and a backfill of thousands of words); on a 360x800 phone
the ask, the strongest evidence and every competency's line are within two screens.

Chromium is Debian's, at /usr/bin/chromium, driven by Playwright; pages are counted in the
PDF Chromium prints (`page.pdf`)."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml
from click.testing import CliRunner
from conftest import REPO, Workspace

from dossier.cli import cli

if TYPE_CHECKING:
    from playwright.sync_api import Browser

AS_OF = "2026-11-22"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SKIP = os.environ.get("DOSSIER_SKIP_BROWSER") == "1"
AUDIENCES = ("self", "manager", "sponsor")
PHONE = {"width": 360, "height": 800}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if SKIP:
        pytest.skip("DOSSIER_SKIP_BROWSER=1")
    assert CHROMIUM.exists(), "install Debian's chromium package: apt-get install chromium"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield launched
        finally:
            launched.close()


def build(root: Path, audience: str, out: Path) -> Path:
    args = ["build", "-C", str(root), "--as-of", AS_OF, "--audience", audience, "-o", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return out


def brief_of(site: Path, audience: str) -> Path:
    """A sponsor lands on the brief; the others find it at brief.html."""
    return site / ("index.html" if audience == "sponsor" else "brief.html")


def printed_pages(browser: Browser, page_file: Path, paper: str) -> int:
    tab = browser.new_page()
    try:
        tab.goto(page_file.as_uri())
        pdf = tab.pdf(format=paper)  # margins: the page's own @page rule
    finally:
        tab.close()
    return len(re.findall(rb"/Type\s*/Page\b", pdf))


# -- the workspaces ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("brief") / "example"
    root.mkdir()
    shutil.copy2(REPO / "dossier.yaml", root / "dossier.yaml")
    shutil.copytree(REPO / "content", root / "content")
    return root


LONG = "Remarkably " * 60  # 660 characters of one word, no place to break but spaces


def words(count: int, word: str = "growth") -> str:
    return " ".join(f"{word}{i % 7}" for i in range(count))


def overflowing(root: Path, short_lines: bool = False) -> Path:
    """Everything the brief shows, far longer than any brief can hold; with `short_lines`
    the business case and the backfill open with hundreds of one-word lines (a list, a
    block of code) instead of long paragraphs."""
    ws = Workspace(root)
    competencies = [
        {
            "id": f"c{n:02d}",
            "title": f"Competency {n} " + "with a very long name " * 6,
            "expectations": {"staff": [f"Does thing {n} " + words(40)], "ic2": ["Basics."]},
        }
        for n in range(40)
    ]
    levels = [{"id": "ic2", "title": "Senior Engineer"}, {"id": "staff", "title": "Staff " + LONG}]
    ws.write(
        "content/framework.yaml", yaml.safe_dump({"levels": levels, "competencies": competencies})
    )
    people = [
        {
            "name": f"Sponsor {n} " + "Longname " * 8,
            "role": LONG,
            "relation": "sponsor",
            "visibility": "public",
        }
        for n in range(12)
    ]
    ws.write_config(
        title="Case " + LONG,
        person={"name": "Ada " + LONG, "role": LONG},
        cycle="2027-03-01",
        people=people,
        analysis={"min_evidence": 100, "min_types": 7},  # every line short, with reasons
        not_required={f"c{n:02d}": "Agreed: " + LONG for n in range(0, 40, 3)},
    )
    for n in range(60):
        ws.evidence(
            f"piece-{n:02d}",
            words(400) + "\n",
            title=f"Piece {n} " + LONG,
            date=f"2026-{n % 11 + 1:02d}-{n % 27 + 1:02d}",
            competencies=[f"c{(n + k) % 40:02d}" for k in range(5)],
            impact=words(300, "impact"),
            metrics={"m": n},
            visibility="public",
        )
    heading = "## " + LONG + "\n\n"
    ws.page(
        "why-now",
        heading + words(3000) + "\n\n" + "".join(f"- {words(50)}\n" for _ in range(200)),
        title="Why now " + LONG,
        visibility="public",
    )
    table = "| a | b |\n| --- | --- |\n" + "".join(
        f"| {words(30)} | {words(30)} |\n" for _ in range(100)
    )
    ws.page(
        "backfill",
        "x" * 20_000 + "\n\n" + table + "\n" + words(2000) + "\n",
        title="Backfill " + LONG,
        visibility="public",
    )
    if short_lines:
        items = "".join(f"- item{n}\n" for n in range(400))
        ws.page("why-now", items, title="Why now", visibility="public")
        code = "```\n" + "".join(f"line{n}\n" for n in range(300)) + "```\n"
        ws.page("backfill", code + words(100), title="Backfill", visibility="public")
    return root


@pytest.fixture(scope="module")
def overflow(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return overflowing(tmp_path_factory.mktemp("brief") / "overflow")


@pytest.fixture(scope="module")
def short_lines(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return overflowing(tmp_path_factory.mktemp("brief") / "short-lines", short_lines=True)


# -- printed: at most two pages --------------------------------------------------------------------
@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize("workspace", ["example", "overflow", "short_lines"])
def test_the_brief_prints_on_at_most_two_pages(
    browser: Browser,
    request: pytest.FixtureRequest,
    workspace: str,
    audience: str,
    tmp_path: Path,
) -> None:
    root = request.getfixturevalue(workspace)
    site = build(root, audience, tmp_path / "site")
    counts = {
        paper: printed_pages(browser, brief_of(site, audience), paper) for paper in ("Letter", "A4")
    }
    print(f"\n[brief] {workspace} {audience}: {counts}")
    assert all(1 <= n <= 2 for n in counts.values()), counts


# -- on a phone: the case within two screens -------------------------------------------------------
@pytest.mark.parametrize("audience", AUDIENCES)
def test_on_a_phone_the_ask_the_strongest_evidence_and_each_line_fit_two_screens(
    browser: Browser, example: Path, audience: str, tmp_path: Path
) -> None:
    site = build(example, audience, tmp_path / "site")
    context = browser.new_context(viewport=PHONE)
    try:
        tab = context.new_page()
        tab.goto(brief_of(site, audience).as_uri())
        bottoms: dict[str, Any] = tab.evaluate(
            """() => {
                const bottom = (el) => el.getBoundingClientRect().bottom + window.scrollY;
                const lines = [...document.querySelectorAll('.lines > li')];
                return {
                    ask: bottom(document.querySelector('.ask')),
                    strongest: bottom(document.querySelector('#strongest + ol')),
                    lines: lines.map(bottom),
                    width: document.documentElement.scrollWidth,
                };
            }"""
        )
    finally:
        context.close()
    print(f"\n[phone] {audience}: {bottoms}")
    two_screens = 2 * PHONE["height"]
    assert len(bottoms["lines"]) >= 6  # every competency of the example at director
    assert bottoms["ask"] < bottoms["strongest"] <= min(bottoms["lines"])
    assert max(bottoms["lines"]) <= two_screens, bottoms
    assert bottoms["width"] <= PHONE["width"]  # nothing sideways
