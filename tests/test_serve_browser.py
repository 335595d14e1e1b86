"""`dossier serve` in a real browser (SPEC sections 3 and 7): Playwright drives Debian's
Chromium against the in-process preview server on 127.0.0.1.

Needs `chromium` from Debian at /usr/bin/chromium, as test_browser.py does; no browser is
ever downloaded (never run `playwright install`). Without it these tests fail, unless
DOSSIER_SKIP_BROWSER=1 is set, which skips them.

Checked: an edit reloads the open page; broken front matter shows the error overlay with
the file and line over the last good page, and fixing it removes the overlay; added,
renamed and deleted evidence show up on the competency page and the gap report; no
console errors and no request leaving the preview server.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from conftest import Workspace
from test_browser import CHROMIUM, CHROMIUM_ARGS, SKIP
from test_serve import (
    ALPHA,
    ALPHA_FILE,
    LiveServer,
    alpha_text,
    populate,
)
from test_serve import start as start  # the fixture, for pytest to find here

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Page, Request, Route

pytestmark = pytest.mark.browser

WAIT_MS = 10_000  # how long a reload or an overlay may take to show


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


class LiveTab:
    """A page on the preview server that records console errors, uncaught exceptions and
    any request that is not for the server itself."""

    def __init__(self, browser: Browser, server: LiveServer):
        self.server = server
        self.origin = f"http://127.0.0.1:{server.port}"
        self.problems: list[str] = []
        self.context = browser.new_context()
        self.context.route(re.compile(rf"^(?!{re.escape(self.origin)}/)"), self._refuse)
        self.page: Page = self.context.new_page()
        self.page.set_default_timeout(WAIT_MS)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.problems.append(f"uncaught error: {exc}"))
        self.page.on("request", self._request)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.problems.append(f"console error on {self.page.url}: {message.text}")

    def _request(self, request: Request) -> None:
        if not request.url.startswith(self.origin + "/"):
            self.problems.append(f"request leaving the preview from {self.page.url}: {request.url}")

    def _refuse(self, route: Route) -> None:
        route.abort()

    def open(self, path: str) -> Page:
        response = self.page.goto(self.origin + path, wait_until="load")
        assert response is not None and response.status == 200, f"{path}: {response}"
        # The reload script is running: it has opened its event stream.
        self.page.wait_for_function("() => document.querySelector('script[data-version]')")
        return self.page

    def version(self) -> int:
        return int(
            self.page.evaluate("document.querySelector('script[data-version]').dataset.version")
        )

    def wait_for_reload(self, before: int) -> None:
        """Until the page shows a newer build than `before`."""
        self.page.wait_for_function(
            """v => {
                const s = document.querySelector('script[data-version]');
                return s && Number(s.dataset.version) > v;
            }""",
            arg=before,
        )

    def main_text(self) -> str:
        return self.page.locator("main").inner_text()

    def assert_clean(self) -> None:
        assert not self.problems, "\n".join(self.problems)


@pytest.fixture
def live(
    browser: Browser | None, ws: Workspace, start: Callable[..., LiveServer]
) -> Iterator[tuple[LiveServer, LiveTab]]:
    """A server on a fresh workspace and a tab on it; the tab closes before the server."""
    if browser is None:
        pytest.fail(
            f"no Chromium at {CHROMIUM}: install Debian's chromium "
            "(`apt-get install chromium fonts-dejavu-core`), never `playwright install`; "
            "or set DOSSIER_SKIP_BROWSER=1 to skip the browser tests"
        )
    server = start(populate(ws).root)
    tab = LiveTab(browser, server)
    try:
        yield server, tab
    finally:
        tab.context.close()


OVERLAY = "#dossier-build-error"


def test_edit_reloads_the_page(live: tuple[LiveServer, LiveTab], ws: Workspace) -> None:
    server, tab = live
    page = tab.open(f"/evidence/{ALPHA}.html")
    assert "Alpha body text." in tab.main_text()
    before = tab.version()
    ws.write(ALPHA_FILE, alpha_text("A freshly edited paragraph."))
    page.wait_for_selector("text=A freshly edited paragraph.")
    assert tab.version() > before
    assert "Alpha body text." not in tab.main_text()
    assert page.locator(OVERLAY).count() == 0
    tab.assert_clean()
    server.alive()


def test_broken_front_matter_shows_the_overlay_until_fixed(
    live: tuple[LiveServer, LiveTab], ws: Workspace
) -> None:
    server, tab = live
    page = tab.open(f"/evidence/{ALPHA}.html")
    ws.write(ALPHA_FILE, alpha_text("Edited before breaking."))
    page.wait_for_selector("text=Edited before breaking.")

    # Line 4 of the file: `competencies: [design` never closes the list.
    ws.write(ALPHA_FILE, alpha_text("Never shown.").replace("[design]", "[design"))
    overlay = page.wait_for_selector(OVERLAY, state="visible")
    assert overlay is not None
    text = overlay.inner_text()
    assert ALPHA_FILE in text, text
    assert re.search(rf"{re.escape(ALPHA_FILE)}:\d+:\d+", text), text
    # Over the last good page, which is still there underneath.
    assert "Edited before breaking." in tab.main_text()
    assert "Never shown." not in page.content()

    # A second, different error replaces the overlay's text.
    ws.write(ALPHA_FILE, "---\ntitle: Al")
    page.wait_for_function(
        "() => (document.querySelector('#dossier-build-error') || {}).innerText"
        f"?.includes('{ALPHA_FILE}:1:')"
    )

    ws.write(ALPHA_FILE, alpha_text("Fixed and shown again."))
    page.wait_for_selector("text=Fixed and shown again.")
    page.wait_for_selector(OVERLAY, state="detached")
    assert page.locator(OVERLAY).count() == 0
    tab.assert_clean()
    server.alive()


def test_added_renamed_and_deleted_evidence_follow_in_the_browser(
    live: tuple[LiveServer, LiveTab], ws: Workspace
) -> None:
    server, tab = live
    page = tab.open("/competencies/design.html")
    assert "Gamma design review" not in tab.main_text()

    path = ws.evidence(
        "2026-09-01-gamma",
        "Gamma body.\n",
        title="Gamma design review",
        date=date(2026, 9, 1),
        competencies=["design"],
        type="project",
    )
    page.wait_for_selector("text=Gamma design review")
    page.click("text=Gamma design review")
    page.wait_for_url(re.compile(r"/evidence/2026-09-01-gamma\.html$"))
    page.wait_for_selector("text=Gamma body.")

    tab.open("/competencies/design.html")
    # Renamed (as `git mv` does), then retitled: the competency page follows.
    path.rename(path.with_name("2026-09-01-gamma-renamed.md"))
    ws.evidence(
        "2026-09-01-gamma-renamed",
        "Gamma body.\n",
        title="Gamma review, renamed",
        date=date(2026, 9, 1),
        competencies=["design"],
        type="project",
    )
    page.wait_for_selector("text=Gamma review, renamed")
    assert "Gamma design review" not in tab.main_text()
    hrefs = page.eval_on_selector_all("main a", "links => links.map(a => a.href)")
    assert any(h.endswith("/evidence/2026-09-01-gamma-renamed.html") for h in hrefs), hrefs
    assert not any(h.endswith("/evidence/2026-09-01-gamma.html") for h in hrefs), hrefs

    # Deleted: gone from the competency page and from the gap report.
    tab.open("/gaps.html")
    row = page.locator("tr", has=page.locator('a[href="competencies/design.html"]'))
    assert row.locator('[data-label="counted evidence"]').inner_text().strip() == "2"
    before = tab.version()
    (ws.root / "content/evidence/2026-09-01-gamma-renamed.md").unlink()
    tab.wait_for_reload(before)
    assert row.locator('[data-label="counted evidence"]').inner_text().strip() == "1"
    assert "1 of 2 pieces" in row.inner_text()
    tab.open("/competencies/design.html")
    assert "Gamma" not in tab.main_text()
    assert "Alpha launch" in tab.main_text()
    tab.assert_clean()
    server.alive()


def test_rename_a_file_keeps_its_tab_working(
    live: tuple[LiveServer, LiveTab], ws: Workspace
) -> None:
    """git mv of an evidence file: the competency page open in the tab follows."""
    server, tab = live
    page = tab.open("/competencies/design.html")
    before = tab.version()
    source = ws.root / ALPHA_FILE
    source.rename(source.with_name("2026-03-14-alpha-moved.md"))
    tab.wait_for_reload(before)
    hrefs = page.eval_on_selector_all("main a", "links => links.map(a => a.href)")
    assert any(h.endswith("/evidence/2026-03-14-alpha-moved.html") for h in hrefs), hrefs
    assert not any(h.endswith(f"/evidence/{ALPHA}.html") for h in hrefs), hrefs
    assert server.get(f"/evidence/{ALPHA}.html").status == 404
    tab.assert_clean()


AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
SAID_FILE = "content/evidence/2026-06-01-said.md"  # feedback without `from`: a warning


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_overlay_is_readable_and_leads_with_errors(
    live: tuple[LiveServer, LiveTab], ws: Workspace, scheme: str
) -> None:
    server, tab = live
    page = tab.open(f"/evidence/{ALPHA}.html")
    before = tab.version()
    ws.write(
        SAID_FILE,
        "---\ntitle: Said\ndate: 2026-06-01\ncompetencies: [design]\ntype: feedback\n---\nBody.\n",
    )
    tab.wait_for_reload(before)
    page.emulate_media(color_scheme=scheme)
    ws.write(ALPHA_FILE, alpha_text("Never shown.").replace("[design]", "[design"))
    overlay = page.wait_for_selector(OVERLAY, state="visible")
    assert overlay is not None
    problems = [p.inner_text() for p in page.locator(f"{OVERLAY} pre").all()]
    assert ": error: " in problems[0], problems
    assert any(": warning: feedback without" in p for p in problems[1:]), problems
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        """async () => (await axe.run({include: [["#dossier-build-error"]]},
            {runOnly: {type: "rule", values: ["color-contrast"]}, preload: false})).violations
            .map(v => v.id + ": " + v.nodes.map(n => n.failureSummary).join(" | "))"""
    )
    assert violations == [], violations
    tab.assert_clean()
    server.alive()
