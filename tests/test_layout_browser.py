"""Every page type read on a phone (360x800) and a desktop (1280x900), in light and dark
(issue 19, SPEC section 5: "readable on a phone", "accessible", "dark mode").

Each page, each width, each scheme, for the manager and the sponsor (and a workspace
started with `dossier init` and a few `dossier new` pieces, whose bodies have headings):
no sideways scrolling of the page, no text under 12 px (chart text included, at the size
it is drawn), no menu tab cut off without a cue that the menu scrolls and the current
tab in view, no date split across lines, no badge on more than one line, and no axe-core
violation (contrast, heading order...). axe-core is vendored under tests/vendor/.

Then what the issue asked of single pages: the timeline's marks on a phone's first
screen, the matrix's current and target columns first on a phone, and the list of all
evidence filtering in the page and showing everything without JavaScript.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from click.testing import CliRunner
from conftest import REPO
from test_browser import CHROMIUM, CHROMIUM_ARGS, COMPETENCY, EVIDENCE, SKIP, Tab

from dossier.cli import cli

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

AS_OF = "2026-11-22"
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
PHONE = {"width": 360, "height": 800}
DESKTOP = {"width": 1280, "height": 900}
WIDTHS = {"phone": PHONE, "desktop": DESKTOP}
PAGE_TYPES = [
    "index.html",
    "gaps.html",
    "evidence.html",
    "timeline.html",
    "plan.html",
    "framework.html",
    "brief.html",
    COMPETENCY,
    EVIDENCE,
    "pages/why-now.html",
]
SPONSOR_PAGES = [p for p in PAGE_TYPES if p != EVIDENCE] + [
    "evidence/2026-11-05-quarterly-business-review-narrative.html"
]
NEW_PAGES = [
    "index.html",
    "evidence.html",
    "competencies/collaboration.html",
    "evidence/2026-11-10-feedback-from-the-platform-lead.html",
    "pages/why-now.html",
]


# -- the sites ---------------------------------------------------------------------------------
def run_cli(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


FEEDBACK_BODY = """\
> "The migration plan was the clearest I have read this year."

## Context

The platform lead wrote this after the cut-over review.

#### What changed

Two teams moved onto the new API in one quarter.
"""


def started_workspace(root: Path) -> None:
    """`dossier init` with the engineering ladder and a few `dossier new` pieces, one of
    them feedback whose body jumps from ## to ####."""
    run_cli("init", str(root), "--framework", "engineering", "--name", "Ada Lovelace")
    ws = ["-C", str(root)]
    run_cli(
        "new",
        "evidence",
        *ws,
        "Led the payments API migration",
        "-c",
        "delivery",
        "-c",
        "technical-design",
        "--date",
        "2026-10-02",
    )
    made = run_cli(
        "new",
        "evidence",
        *ws,
        "Feedback from the platform lead",
        "-c",
        "collaboration",
        "--type",
        "feedback",
        "--date",
        "2026-11-10",
    ).strip()
    path = Path(made) if Path(made).is_absolute() else Path.cwd() / made
    text = path.read_text("utf-8")
    front, _, _ = text.partition("\n---\n")
    front = front.replace('from: ""', "from: Sam Okafor (Platform lead)")
    path.write_text(f"{front}\n---\n{FEEDBACK_BODY}", "utf-8")
    run_cli(
        "new",
        "goal",
        *ws,
        "Run a cross-team design review",
        "-c",
        "technical-design",
        "--date",
        "2026-11-01",
        "--due",
        "2027-03-31",
    )


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example for the manager, the sponsor and self; a started workspace's site."""
    if SKIP:
        pytest.skip("DOSSIER_SKIP_BROWSER=1")
    tmp = tmp_path_factory.mktemp("layout")
    example = tmp / "example"
    example.mkdir()
    shutil.copy2(REPO / "dossier.yaml", example / "dossier.yaml")
    shutil.copytree(REPO / "content", example / "content")
    built: dict[str, Path] = {}
    with pytest.MonkeyPatch.context() as mp:
        for name in list(os.environ):
            if name.startswith(("DOSSIER_", "GIT_")):
                mp.delenv(name)
        mp.setenv("SOURCE_DATE_EPOCH", "1795348800")  # 2026-11-22
        mp.setenv("GIT_CEILING_DIRECTORIES", str(tmp))
        for audience in ("manager", "sponsor", "self"):
            out = tmp / f"site-{audience}"
            run_cli("-C", str(example), "build", "-a", audience, "--as-of", AS_OF, "-o", str(out))
            built[audience] = out
        started_workspace(tmp / "started")
        out = tmp / "site-started"
        run_cli("-C", str(tmp / "started"), "build", "--as-of", AS_OF, "-o", str(out))
        built["started"] = out
        points = tmp / "points"  # a ladder of steps and points
        run_cli("init", str(points), "--framework", "engineering-points", "--name", "Ada")
        run_cli("-C", str(points), "build", "--as-of", AS_OF, "-o", str(tmp / "site-points"))
        built["points"] = tmp / "site-points"
    return built


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser | None]:
    if SKIP:
        pytest.skip("DOSSIER_SKIP_BROWSER=1")
    if not CHROMIUM.exists():
        yield None
        return
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield launched
        finally:
            launched.close()
    finally:
        playwright.stop()


@pytest.fixture
def tab(browser: Browser | None, sites: dict[str, Path]) -> Iterator[Callable[..., Tab]]:
    opened: list[Tab] = []

    def make(site: str, width: str, scheme: str = "light", **context: Any) -> Tab:
        if browser is None:
            pytest.fail(f"no Chromium at {CHROMIUM}")
        viewport = WIDTHS[width]
        phone = width == "phone"
        opened.append(
            Tab(
                browser,
                sites[site],
                viewport=viewport,
                is_mobile=phone,
                has_touch=phone,
                color_scheme=scheme,
                **context,
            )
        )
        return opened[-1]

    yield make
    for each in opened:
        each.context.close()


# -- what is checked on every page ---------------------------------------------------------------
SMALL_TEXT = """() => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    if (!el || !node.textContent.trim() || !el.getClientRects().length) continue;
    const style = getComputedStyle(el);
    if (style.visibility === "hidden") continue;
    let size = parseFloat(style.fontSize);
    if (el.closest("svg")) {
      const ctm = el.getScreenCTM();
      if (ctm) size *= Math.hypot(ctm.a, ctm.b);
    }
    if (size < 11.95) found.push(`${size.toFixed(1)}px: ${node.textContent.trim().slice(0, 40)}`);
  }
  return found.slice(0, 10);
}"""

WIDEST = """() => [...document.querySelectorAll("body *")]
  .filter(e => e.getBoundingClientRect().right > innerWidth + 1)
  .filter(e => !e.parentElement.closest(".table-scroll, .chart-box, .site-nav ul"))
  .slice(0, 5).map(e => e.tagName.toLowerCase() + "." + e.className + " right=" +
    Math.round(e.getBoundingClientRect().right))"""

NAV = """() => {
  const nav = document.querySelector("nav.site-nav"), list = nav.querySelector("ul");
  const box = list.getBoundingClientRect();
  const left = Math.max(box.left, 0), right = Math.min(box.right, innerWidth);
  const wrap = nav.querySelector(".wrap");
  const cue = side => {
    const s = getComputedStyle(wrap, side === "right" ? "::after" : "::before");
    return s.content !== "none" && s.display !== "none" && parseFloat(s.opacity) > 0.5;
  };
  const cut = [];
  for (const a of nav.querySelectorAll("a")) {
    const r = a.getBoundingClientRect();
    if (r.right > right + 0.5 && !cue("right")) cut.push(`${a.textContent} (right)`);
    if (r.left < left - 0.5 && !cue("left")) cut.push(`${a.textContent} (left)`);
  }
  const current = nav.querySelector('[aria-current="page"]');
  let currentInView = true;
  if (current) {
    const r = current.getBoundingClientRect();
    currentInView = r.left >= left - 0.5 && r.right <= right + 0.5;
  }
  return {cut, currentInView};
}"""

SPLIT_DATES = r"""() => {
  const pattern = /\b\d{4}-(?:\d{2}-\d{2}|Q[1-4])\b|\b\d{1,2}\u00a0[A-Z][a-z]{2}\u00a0\d{4}\b/g;
  const split = [];
  const walker = document.createTreeWalker(document.querySelector("main"), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.parentElement || node.parentElement.closest("svg")) continue;
    for (const match of node.textContent.matchAll(pattern)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const boxes = [...range.getClientRects()].filter(r => r.width > 0);
      const tops = new Set(boxes.map(r => Math.round(r.top)));
      if (tops.size > 1) split.push(match[0]);
    }
  }
  return split.slice(0, 10);
}"""

TALL_BADGES = """() => [...document.querySelectorAll(".status, .flag, .tag")]
  .filter(b => b.getClientRects().length)
  .filter(b => {
    const s = getComputedStyle(b);
    const line = parseFloat(s.lineHeight) || parseFloat(s.fontSize) * 1.3;
    const pad = parseFloat(s.paddingTop) + parseFloat(s.paddingBottom);
    const inner = b.getBoundingClientRect().height - pad;
    return b.getClientRects().length > 1 || inner > line * 1.5;
  }).map(b => b.textContent.trim()).slice(0, 10)"""


def axe_violations(page: Page, rules: list[str] | None = None) -> list[str]:
    """axe-core's violations on the page: every rule, or only `rules`. (No preload: from
    file:// axe could not fetch the stylesheet, and the page's own styles are applied.)"""
    page.add_script_tag(path=str(AXE))
    options: dict[str, Any] = {"resultTypes": ["violations"], "preload": False}
    if rules:
        options["runOnly"] = {"type": "rule", "values": rules}
    result = page.evaluate(
        "async options => (await axe.run(document, options)).violations"
        ".map(v => `${v.id} (${v.impact}): ${v.nodes.length} element(s), e.g. `"
        " + v.nodes[0].target.join(' ') + ' ' + (v.nodes[0].failureSummary || '').slice(0, 160))",
        options,
    )
    return [str(item) for item in result]


def check_page(page: Page, rel: str, width: str) -> list[str]:
    problems: list[str] = []
    viewport = WIDTHS[width]["width"]
    scrolled = int(page.evaluate("document.documentElement.scrollWidth"))
    if scrolled > viewport + 1:
        problems.append(f"page is {scrolled} px wide in {viewport} px: {page.evaluate(WIDEST)}")
    small = page.evaluate(SMALL_TEXT)
    if small:
        problems.append(f"text under 12 px: {small}")
    nav = page.evaluate(NAV)
    if nav["cut"]:
        problems.append(f"menu tabs cut off without a cue: {nav['cut']}")
    if not nav["currentInView"]:
        problems.append("the current page's tab is out of view in the menu")
    split = page.evaluate(SPLIT_DATES)
    if split:
        problems.append(f"dates split across lines: {split}")
    tall = page.evaluate(TALL_BADGES)
    if tall:
        problems.append(f"badges on more than one line: {tall}")
    return [f"{rel} ({width}): {p}" for p in problems]


def sweep(tab: Callable[..., Tab], site: str, pages: list[str], width: str, scheme: str) -> None:
    t = tab(site, width, scheme)
    problems: list[str] = []
    for rel in pages:
        page = t.open(rel)
        problems += check_page(page, rel, width)
        # every rule in light mode; in dark mode what the scheme changes: contrast
        rules = ["color-contrast"] if scheme == "dark" else None
        problems += [f"{rel} ({width}, {scheme}): axe {v}" for v in axe_violations(page, rules)]
    assert not problems, "\n".join(problems)
    t.assert_clean()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_manager_pages_read_well(tab: Callable[..., Tab], width: str, scheme: str) -> None:
    sweep(tab, "manager", PAGE_TYPES, width, scheme)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_sponsor_pages_read_well(tab: Callable[..., Tab], width: str, scheme: str) -> None:
    sweep(tab, "sponsor", SPONSOR_PAGES, width, scheme)


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_a_started_workspace_reads_well(tab: Callable[..., Tab], width: str) -> None:
    sweep(tab, "started", NEW_PAGES, width, "light")


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_a_ladder_of_steps_and_points_reads_well(tab: Callable[..., Tab], width: str) -> None:
    pages = ["index.html", "framework.html", "gaps.html", "competencies/code.html"]
    sweep(tab, "points", pages, width, "light")


def test_the_private_view_reads_well_on_a_phone(tab: Callable[..., Tab]) -> None:
    sweep(tab, "self", ["index.html", EVIDENCE, "evidence.html"], "phone", "dark")


# -- single pages ---------------------------------------------------------------------------------
def test_the_timeline_shows_its_marks_on_a_phones_first_screen(tab: Callable[..., Tab]) -> None:
    t = tab("manager", "phone")
    page = t.open("timeline.html")
    charts = page.locator("svg.chart:visible")
    assert charts.count() == 1, "one timeline shows on a phone"
    box = charts.first.bounding_box()
    assert box is not None and box["width"] <= PHONE["width"], box
    marks = {}
    for text in charts.first.locator("text").all():
        words = text.text_content() or ""
        if words.startswith(("as of ", "cycle ")):
            marks[words.split(" 2")[0]] = text.bounding_box()
    assert set(marks) == {"as of", "cycle"}, marks
    for name, where in marks.items():
        assert where is not None and where["x"] >= 0 and where["x"] + where["width"] <= 360, name
        assert where["y"] + where["height"] <= PHONE["height"], f"{name} is below the first screen"
    labels = [t.text_content() for t in charts.first.locator("text").all()]
    assert "Communication and influence" in labels, "competency names are kept whole"
    t.assert_clean()


def test_the_timeline_has_a_legend_on_a_desktop(tab: Callable[..., Tab]) -> None:
    t = tab("manager", "desktop")
    page = t.open("timeline.html")
    legend = page.locator(".legend-list")
    assert legend.is_visible()
    assert {"demonstrated", "partial", "gap"} <= set(
        (legend.inner_text().replace("\n", "|")).split("|")
    )
    labels = [t.text_content() for t in page.locator("svg.chart:visible text").all()]
    assert "Communication and influence" in labels, "long names are not cut on a desktop"
    t.assert_clean()


def test_the_matrix_shows_current_and_target_first_on_a_phone(tab: Callable[..., Tab]) -> None:
    t = tab("manager", "phone")
    page = t.open("framework.html")
    heads = [
        " ".join(h.text_content().split()) for h in page.locator(".matrix thead th:visible").all()
    ]
    assert heads[1] == "Senior Product Manager current", heads
    assert heads[2].startswith("Director of Product target"), heads
    assert len(heads) == 6, "every level stays reachable"
    t.assert_clean()


def test_the_matrix_keeps_the_ladder_order_on_a_desktop(tab: Callable[..., Tab]) -> None:
    t = tab("manager", "desktop")
    page = t.open("framework.html")
    heads = [
        " ".join(h.text_content().split()) for h in page.locator(".matrix thead th:visible").all()
    ]
    assert heads[1:3] == ["Product Manager", "Senior Product Manager current"], heads
    t.assert_clean()


def shown_titles(page: Page) -> list[str]:
    return [
        li.locator(".item-title").inner_text()
        for li in page.locator("#evidence-list > li").all()
        if li.is_visible()
    ]


def test_the_evidence_list_filters_in_the_page(tab: Callable[..., Tab]) -> None:
    t = tab("manager", "desktop")
    page = t.open("evidence.html")
    everything = shown_titles(page)
    assert len(everything) == 20
    page.select_option("select[name=competency]", "business")
    business = shown_titles(page)
    assert business == [
        "Product input to the card processor contract renewal",
        "Business case for passing wallet fees through to large merchants",
    ]
    page.select_option("select[name=competency]", "")
    page.fill("input[name=words]", "billing")
    assert shown_titles(page) == [  # in the title of one, the impact of the other
        "Decided to retire legacy invoicing and moved two teams onto Billing",
        "Three-year Payments strategy adopted by four teams",
    ]
    page.fill("input[name=words]", "")
    page.select_option("select[name=type]", "feedback")
    page.select_option("select[name=year]", "2025")
    assert shown_titles(page) == ["Mid-year feedback from Tomas"]
    assert page.locator("#evidence-count").inner_text() == "Showing 1 of 20."
    page.click("button[type=reset]")
    page.wait_for_function("document.querySelectorAll('#evidence-list > li[hidden]').length === 0")
    page.select_option("select[name=person]", "Priya Natarajan")
    assert "Feedback from Priya after the mid-year strategy review" in shown_titles(page)
    assert len(shown_titles(page)) < 20
    t.assert_clean()


def test_the_evidence_list_opens_filtered_from_a_competency_page(tab: Callable[..., Tab]) -> None:
    t = tab("manager", "desktop")
    page = t.open(COMPETENCY)
    page.get_by_role("link", name="Every piece naming Product strategy").click()
    page.wait_for_url("**/evidence.html?competency=strategy")
    assert len(shown_titles(page)) == 5
    t.assert_clean()


def test_the_evidence_list_is_a_plain_list_without_javascript(tab: Callable[..., Tab]) -> None:
    t = tab("manager", "phone", java_script_enabled=False)
    page = t.open("evidence.html")
    assert len(shown_titles(page)) == 20
    assert not page.locator("#evidence-filter").is_visible()
    nav = page.locator("nav.site-nav a")
    for i in range(nav.count()):  # without the script the menu wraps: every tab shows
        box = nav.nth(i).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360, i
    t.assert_clean()


def test_the_sponsor_is_not_told_the_visibility(sites: dict[str, Path]) -> None:
    for page in (sites["sponsor"] / "evidence").glob("*.html"):
        text = page.read_text("utf-8")
        assert "Visibility" not in text and "Shared with" not in text, page.name


def test_headings_of_embedded_bodies_follow_the_page(sites: dict[str, Path]) -> None:
    """The feedback quoted on a competency page sits under its h2: its ## is an h3 and its
    #### (two levels down) an h4, never skipping a level."""
    html = (sites["started"] / "competencies/collaboration.html").read_text("utf-8")
    quoted = html[html.index('id="feedback"') :]
    assert "<h3" in quoted and "Context</h3>" in quoted
    assert "What changed</h4>" in quoted and "<h5" not in quoted


def test_no_code_font_ids_for_a_reader(sites: dict[str, Path]) -> None:
    for rel in ("gaps.html", COMPETENCY):
        html = (sites["manager"] / rel).read_text("utf-8")
        assert "<code" not in html, rel


def test_json_of_the_started_site_is_built(sites: dict[str, Path]) -> None:
    data = json.loads((sites["started"] / "dossier.json").read_text("utf-8"))
    assert len(data["evidence"]) == 4  # two samples and two pieces of its own
