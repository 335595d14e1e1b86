"""The built example site in a real browser (SPEC section 5): Playwright drives Debian's
Chromium over file://.

Needs `chromium` from Debian (`apt-get install chromium`) at /usr/bin/chromium; no browser
is ever downloaded (never run `playwright install`). Without it these tests fail, unless
DOSSIER_SKIP_BROWSER=1 is set, which skips them.

Checked: no console errors or uncaught exceptions, no request leaving file://, the charts
are drawn, the nav reaches every top-level page, no sideways scrolling on a 360 px phone,
dark mode, the print stylesheet and the skip link.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from click.testing import CliRunner
from conftest import CHROMIUM, REPO

from dossier.cli import cli

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Page, Request, Route

pytestmark = pytest.mark.browser

AS_OF = "2026-11-22"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SKIP = os.environ.get("DOSSIER_SKIP_BROWSER") == "1"
PHONE = {"width": 360, "height": 740}

AUDIENCES = ["manager", "self"]
COMPETENCY = "competencies/strategy.html"
EVIDENCE = "evidence/2026-02-11-payments-three-year-strategy.html"
PAGES = [
    "index.html",
    "gaps.html",
    "timeline.html",
    COMPETENCY,
    EVIDENCE,
    "brief.html",
    "framework.html",
    "plan.html",
]


# -- the sites and the browser ---------------------------------------------------------------
@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example built for the default audience (manager) and for self, outside git."""
    if SKIP:
        pytest.skip("DOSSIER_SKIP_BROWSER=1")
    tmp = tmp_path_factory.mktemp("browser")
    root = tmp / "example"
    root.mkdir()
    shutil.copy2(REPO / "dossier.yaml", root / "dossier.yaml")
    shutil.copytree(REPO / "content", root / "content")
    built: dict[str, Path] = {}
    with pytest.MonkeyPatch.context() as mp:
        for name in list(os.environ):
            if name.startswith(("DOSSIER_", "GIT_")):
                mp.delenv(name)
        mp.delenv("SOURCE_DATE_EPOCH", raising=False)
        mp.setenv("GIT_CEILING_DIRECTORIES", str(tmp))
        for audience, extra in (("manager", []), ("self", ["--audience", "self"])):
            site = tmp / f"site-{audience}"
            args = ["-C", str(root), "build", "--as-of", AS_OF, "-o", str(site), *extra]
            result = CliRunner().invoke(cli, args)
            assert result.exit_code == 0, result.output
            assert f"for the {audience} audience" in result.output, result.output
            built[audience] = site
    return built


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser | None]:
    """Chromium, or None when it is not installed (the tests then fail with a hint)."""
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


class Tab:
    """A page in a fresh browser context that records everything that went wrong."""

    def __init__(self, browser: Browser, site: Path, **context: Any):
        self.site = site
        self.problems: list[str] = []
        self.context = browser.new_context(**context)
        # Nothing may leave the machine: record and refuse every web request.
        self.context.route(re.compile(r"^(?!file:|data:)"), self._refuse)
        self.page: Page = self.context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.problems.append(f"uncaught error: {exc}"))
        self.page.on("request", self._request)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.problems.append(f"console error on {self.page.url}: {message.text}")

    def _request(self, request: Request) -> None:
        if not request.url.startswith(("file://", "data:")):
            self.problems.append(f"request leaving file:// from {self.page.url}: {request.url}")

    def _refuse(self, route: Route) -> None:
        route.abort()

    def url(self, rel: str) -> str:
        return (self.site / rel).as_uri()

    def open(self, rel: str) -> Page:
        response = self.page.goto(self.url(rel), wait_until="load")
        assert response is None or response.ok, f"{rel}: {response and response.status}"
        return self.page

    def assert_clean(self) -> None:
        assert not self.problems, "\n".join(self.problems)


@pytest.fixture
def tab(browser: Browser | None, sites: dict[str, Path]) -> Iterator[Callable[..., Tab]]:
    """tab(audience, **context options) -> a Tab on that audience's site."""
    opened: list[Tab] = []

    def make(audience: str = "manager", **context: Any) -> Tab:
        if browser is None:
            pytest.fail(
                f"no Chromium at {CHROMIUM}: install Debian's chromium "
                "(`apt-get install chromium fonts-dejavu-core`), never `playwright install`; "
                "or set DOSSIER_SKIP_BROWSER=1 to skip the browser tests"
            )
        opened.append(Tab(browser, sites[audience], **context))
        return opened[-1]

    yield make
    for each in opened:
        each.context.close()


def visible_chart(page: Page, selector: str) -> str:
    """The chart's <title>, after checking the chart is there, drawn and not empty."""
    chart = page.locator(selector)
    assert chart.count() == 1, f"{selector}: {chart.count()} found on {page.url}"
    assert chart.is_visible(), f"{selector} is not visible on {page.url}"
    box = chart.bounding_box()
    assert box is not None and box["width"] > 50 and box["height"] > 50, box
    title = chart.locator(":scope > title").text_content() or ""
    assert title.strip(), f"{selector} has no <title> on {page.url}"
    return title


def overflow(page: Page) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth"))


# -- tests -----------------------------------------------------------------------------------
@pytest.mark.parametrize("audience", AUDIENCES)
def test_pages_load_without_errors_or_requests(tab: Callable[..., Tab], audience: str) -> None:
    t = tab(audience)
    for rel in [*PAGES, "pages/why-now.html"]:
        page = t.open(rel)
        assert page.locator("main h1").count() >= 1, f"{rel} has no <h1> in <main>"
    t.assert_clean()


@pytest.mark.parametrize("audience", AUDIENCES)
def test_status_chart_on_index(tab: Callable[..., Tab], audience: str) -> None:
    t = tab(audience)
    page = t.open("index.html")
    title = visible_chart(page, ".standing > .chart-box svg.chart")
    assert title.strip() == "Status per competency"
    t.assert_clean()


@pytest.mark.parametrize("audience", AUDIENCES)
def test_history_chart_on_index_and_gaps(tab: Callable[..., Tab], audience: str) -> None:
    t = tab(audience)
    for rel in ("index.html", "gaps.html"):
        page = t.open(rel)
        title = visible_chart(page, "section.history svg.chart").strip()
        assert title == "Readiness over the last 12 months"
    t.assert_clean()


@pytest.mark.parametrize("audience", AUDIENCES)
def test_timeline_chart(tab: Callable[..., Tab], audience: str) -> None:
    t = tab(audience)
    page = t.open("timeline.html")
    visible_chart(page, "svg.chart:visible")  # the wide chart, or on a phone the narrow one
    t.assert_clean()


def top_level_pages(site: Path) -> set[str]:
    """The site's own pages: the top-level ones and the free pages."""
    return {p.name for p in site.glob("*.html")} | {
        f"pages/{p.name}" for p in (site / "pages").glob("*.html")
    }


@pytest.mark.parametrize("audience", AUDIENCES)
def test_nav_links_every_top_level_page(tab: Callable[..., Tab], audience: str) -> None:
    t = tab(audience)
    expected = {t.url(rel) for rel in top_level_pages(t.site)}
    assert {t.url(rel) for rel in ("index.html", "gaps.html", "brief.html")} <= expected
    for rel in PAGES:
        page = t.open(rel)
        hrefs = page.eval_on_selector_all("nav.site-nav a", "links => links.map(a => a.href)")
        missing = sorted(expected - set(hrefs))
        assert not missing, f"the nav on {rel} lacks {missing}"
    t.assert_clean()


@pytest.mark.parametrize("start", ["index.html", EVIDENCE])
def test_clicking_gaps_in_the_nav_opens_the_gaps_page(tab: Callable[..., Tab], start: str) -> None:
    t = tab()
    page = t.open(start)
    page.locator("nav.site-nav").get_by_role("link", name="Gaps", exact=True).click()
    page.wait_for_url(t.url("gaps.html"))
    assert page.locator("main h1").count() == 1
    assert page.locator('nav.site-nav a[aria-current="page"]').text_content() == "Gaps"
    t.assert_clean()


@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize("rel", ["index.html", EVIDENCE])
def test_no_sideways_scrolling_on_a_phone(tab: Callable[..., Tab], audience: str, rel: str) -> None:
    t = tab(audience, viewport=PHONE, is_mobile=True, has_touch=True)
    page = t.open(rel)
    width = overflow(page)
    assert width <= PHONE["width"] + 1, (
        f"{rel} ({audience}) is {width} px wide in a {PHONE['width']} px viewport; widest: "
        + page.evaluate(
            """vw => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > vw + 1)
                .slice(0, 5)
                .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '')
                     + ' right=' + Math.round(e.getBoundingClientRect().right))
                .join(', ')""",
            PHONE["width"],
        )
    )
    t.assert_clean()


def body_background(page: Page) -> str:
    return str(page.evaluate("getComputedStyle(document.body).backgroundColor"))


def test_dark_mode_changes_the_background(tab: Callable[..., Tab]) -> None:
    t = tab()
    page = t.open("index.html")
    page.emulate_media(color_scheme="light")
    light = body_background(page)
    page.emulate_media(color_scheme="dark")
    dark = body_background(page)
    assert light != dark, f"body background is {light} in both light and dark mode"
    t.assert_clean()


def test_print_hides_the_nav_on_the_brief(tab: Callable[..., Tab]) -> None:
    t = tab()
    page = t.open("brief.html")
    nav = page.locator("nav.site-nav")
    assert nav.is_visible(), "the nav should show on screen"
    page.emulate_media(media="print")
    assert nav.is_hidden(), "the nav still shows when printing the brief"
    t.assert_clean()


@pytest.mark.parametrize("rel", ["index.html", EVIDENCE])
def test_tab_first_focuses_the_skip_link(tab: Callable[..., Tab], rel: str) -> None:
    t = tab()
    page = t.open(rel)
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "[document.activeElement.textContent.trim(), document.activeElement.getAttribute('href')]"
    )
    assert focused == ["Skip to content", "#main"], f"Tab first focuses {focused} on {rel}"
    box = page.locator(".skip-link").bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0, (
        f"the focused skip link is off screen: {box}"
    )
    t.assert_clean()
