"""Sealed sites and one-file sites in a real browser (SPEC 6 "Sealed sites", "One file"):
Playwright drives Debian's Chromium, which decrypts with its own Web Crypto.

Needs `chromium` from Debian at /usr/bin/chromium, as test_browser.py does; no browser is
ever downloaded. Without it these tests fail, unless DOSSIER_SKIP_BROWSER=1 is set.

Checked: the example's sponsor site, sealed, opened with the printed link from file://
and from a loopback HTTP server, shows the overview and every page reached by clicking
(the key riding in each link); without the fragment, with a wrong or damaged key, after
--new-key, without JavaScript and over plain HTTP on another host it shows a clear
message and no dossier content; passphrase mode; attachments download; the one-file site
with and without a seal; no console errors, no request leaving the machine.
"""

from __future__ import annotations

import base64
import functools
import html
import http.server
import os
import re
import secrets
import shutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from click.testing import CliRunner
from conftest import REPO
from test_browser import CHROMIUM, CHROMIUM_ARGS, SKIP

from dossier.cli import cli

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Page, Request, Route

AS_OF = "2026-11-22"
SHELL_TITLE = "Sealed document"
PASSPHRASE = "quiet harbour lantern seven"
WAIT_MS = 15_000  # PBKDF2 with 600,000 rounds on a busy machine
# What no page of the sponsor's site may show before it is opened.
CONTENT = ["Alex Rivera", "Promotion case", "Director of Product", "Priya", "Wallets"]


@dataclass(frozen=True)
class Sites:
    root: Path  # the example workspace
    sealed: Path
    link: str
    renewed: Path  # sealed, then sealed again with --new-key
    old_link: str
    new_link: str
    passphrase: Path
    one_file: Path
    one_file_sealed: Path
    attachment: bytes  # content/files/launch-readout.pdf
    titles: set[str]  # the titles of every page of the sponsor's site, built plain


def run(root: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["-C", str(root), "build", "--as-of", AS_OF, *args])
    assert result.exit_code == 0, result.output
    return result.output.strip().splitlines()[-1]


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Sites:
    if SKIP:
        pytest.skip("DOSSIER_SKIP_BROWSER=1")
    tmp = tmp_path_factory.mktemp("sealed")
    root = tmp / "example"
    root.mkdir()
    shutil.copy2(REPO / "dossier.yaml", root / "dossier.yaml")
    shutil.copytree(REPO / "content", root / "content")
    with pytest.MonkeyPatch.context() as mp:
        for name in list(os.environ):
            if name.startswith(("DOSSIER_", "GIT_")):
                mp.delenv(name)
        mp.delenv("SOURCE_DATE_EPOCH", raising=False)
        mp.setenv("GIT_CEILING_DIRECTORIES", str(tmp))
        mp.setenv("XDG_CONFIG_HOME", str(tmp / "config"))
        run(root, "--audience", "sponsor", "-o", str(tmp / "plain"))
        sponsor = ["--audience", "sponsor", "--seal"]
        link = run(root, *sponsor, "-o", str(tmp / "sealed"))
        old_link = run(root, "--audience", "public", "--seal", "-o", str(tmp / "renewed"))
        new_link = run(root, "-a", "public", "--seal", "--new-key", "-o", str(tmp / "renewed"))
        run(root, "-a", "manager", "--single-file", str(tmp / "one.html"))
        mp.setenv("DOSSIER_PASSPHRASE", PASSPHRASE)
        run(root, *sponsor, "-o", str(tmp / "passphrase"))
        run(root, *sponsor, "--single-file", str(tmp / "one-sealed.html"))
    attachment = (root / "content" / "files" / "launch-readout.pdf").read_bytes()
    titles = {
        html.unescape(re.search(r"<title>(.*?)</title>", page.read_text()).group(1))  # type: ignore[union-attr]
        for page in (tmp / "plain").rglob("*.html")
    }
    return Sites(
        root,
        tmp / "sealed",
        link,
        tmp / "renewed",
        old_link,
        new_link,
        tmp / "passphrase",
        tmp / "one.html",
        tmp / "one-sealed.html",
        attachment,
        titles,
    )


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


LOCAL = re.compile(r"^(file:|data:|blob:|http://127\.0\.0\.1[:/])")


class Tab:
    """A page in a fresh browser context that records everything that went wrong and
    refuses every request that would leave the machine."""

    def __init__(self, browser: Browser, **context: Any):
        self.problems: list[str] = []
        self.context = browser.new_context(accept_downloads=True, **context)
        self.context.route(
            re.compile(r"^(?!file:|data:|blob:|http://127\.0\.0\.1[:/])"), self._refuse
        )
        self.page: Page = self.context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.problems.append(f"uncaught error: {exc}"))
        self.page.on("request", self._request)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.problems.append(f"console error on {self.page.url}: {message.text}")

    def _request(self, request: Request) -> None:
        if not LOCAL.match(request.url):
            self.problems.append(f"request leaving the machine from {self.page.url}: {request.url}")

    def _refuse(self, route: Route) -> None:
        route.abort()

    def open(self, url: str) -> Page:
        self.page.goto(url, wait_until="load")
        settle(self.page)
        return self.page

    def assert_clean(self) -> None:
        assert not self.problems, "\n".join(self.problems)


def settle(page: Page) -> None:
    """Until the page is opened, or the shell shows a problem or asks for a passphrase."""
    page.wait_for_function(
        f"""() => document.title !== {SHELL_TITLE!r}
            || document.querySelector('#seal-status.problem, #seal-form:not([hidden])')""",
        timeout=WAIT_MS,
    )


@pytest.fixture
def tab(browser: Browser | None) -> Iterator[Callable[..., Tab]]:
    opened: list[Tab] = []

    def make(**context: Any) -> Tab:
        if browser is None:
            pytest.fail(
                f"no Chromium at {CHROMIUM}: install Debian's chromium, never "
                "`playwright install`; or set DOSSIER_SKIP_BROWSER=1 to skip the browser tests"
            )
        opened.append(Tab(browser, **context))
        return opened[-1]

    yield make
    for each in opened:
        each.context.close()


@pytest.fixture(scope="module")
def server(sites: Sites) -> Iterator[str]:
    """The sealed folder on a loopback HTTP server, as a static host would serve it."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(sites.sealed))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


# -- helpers --------------------------------------------------------------------------------
def file_name(url: str) -> str:
    return url.partition("#")[0].rsplit("/", 1)[-1]


def shell_message(page: Page) -> str:
    return page.locator("#seal-status").inner_text()


def assert_no_content(page: Page) -> None:
    text = page.locator("body").inner_text()
    assert page.title() == SHELL_TITLE
    for word in CONTENT:
        assert word not in text, f"{word!r} shown before the page was opened: {text[:300]}"


def assert_opened(page: Page) -> None:
    assert page.title() != SHELL_TITLE and page.locator("#seal-status").count() == 0
    assert page.locator("main h1").count() >= 1, f"{page.url} has no <h1> in <main>"


def crawl_by_clicking(tab: Tab, start: str) -> dict[str, str]:
    """Every page reached by clicking links from `start`: file name -> title. Each new
    page is reached by clicking its link on a page already seen."""
    page = tab.open(start)
    assert_opened(page)
    seen = {file_name(page.url): page.title()}
    queue = [page.url]
    while queue:
        parent = queue.pop(0)
        tab.open(parent)
        hrefs = page.eval_on_selector_all(
            'a[data-seal="page"]',  # SVG links too, whose .href is not a string
            "links => links.map(link => new URL(link.getAttribute('href'), location.href).href)",
        )
        for href in dict.fromkeys(hrefs):
            assert "#k=" in href, f"a link without the key on {parent}: {href}"
            if file_name(href) in seen:
                continue
            if page.url != parent:
                tab.open(parent)
            links = page.locator(f'a[data-seal="page"][href$="{href.rsplit("/", 1)[-1]}"]')
            visible = [each for each in links.all() if each.is_visible()]
            with page.expect_navigation():
                if visible:
                    visible[0].click()
                else:
                    links.first.dispatch_event("click")
            settle(page)
            assert_opened(page)
            seen[file_name(page.url)] = page.title()
            queue.append(page.url)
    return seen


def page_files(folder: Path) -> set[str]:
    """The sealed folder's pages (attachments are the files no page link leads to)."""
    return {p.name for p in folder.glob("*.html")}


# -- the sealed folder ---------------------------------------------------------------------
def test_the_link_opens_every_page_by_clicking_from_file(
    tab: Callable[..., Tab], sites: Sites
) -> None:
    t = tab()
    seen = crawl_by_clicking(t, sites.link)
    assert set(seen.values()) == sites.titles  # every page of the site
    assert len(seen) == len(sites.titles) >= 14, seen
    fragment = sites.link.partition("#")[2]
    attachments = set()
    for name in page_files(sites.sealed) - set(seen):  # what no page link leads to
        page = t.open(f"{(sites.sealed / name).as_uri()}#{fragment}")
        assert page.get_by_role("button", name="Download").is_visible()
        attachments.add(page.title())
    assert attachments == {"launch-readout.pdf", "timeline.svg"}
    t.assert_clean()


def test_the_link_opens_every_page_over_loopback_http(
    tab: Callable[..., Tab], sites: Sites, server: str
) -> None:
    t = tab()
    link = server + "index.html#" + sites.link.partition("#")[2]
    seen = crawl_by_clicking(t, link)
    assert set(seen.values()) == sites.titles
    t.assert_clean()


def test_an_attachment_decrypts_into_a_download(tab: Callable[..., Tab], sites: Sites) -> None:
    t = tab()
    page = t.open(sites.link)
    page.locator('nav a:text-is("Timeline")').click()
    settle(page)
    wallets = page.locator('a[data-seal="page"]', has_text="Launched digital wallets").first
    with page.expect_navigation():
        wallets.click()
    settle(page)
    with page.expect_navigation():
        page.locator('a[data-seal="file"]').first.click()
    settle(page)
    assert page.title() == "launch-readout.pdf"
    with page.expect_download() as download:
        page.get_by_role("button", name="Download").click()
    assert download.value.suggested_filename == "launch-readout.pdf"
    assert Path(download.value.path()).read_bytes() == sites.attachment
    t.assert_clean()


def test_without_the_fragment_nothing_is_shown(tab: Callable[..., Tab], sites: Sites) -> None:
    t = tab()
    for name in [*sorted(page_files(sites.sealed))[:3], "index.html"]:
        page = t.open((sites.sealed / name).as_uri())
        assert_no_content(page)
        assert "Open it with the whole link you were sent" in shell_message(page)
    t.assert_clean()


def test_a_wrong_or_damaged_key_shows_a_message_and_nothing_else(
    tab: Callable[..., Tab], sites: Sites
) -> None:
    t = tab()
    index = (sites.sealed / "index.html").as_uri()
    wrong = base64.urlsafe_b64encode(secrets.token_bytes(32)).rstrip(b"=").decode()
    page = t.open(f"{index}#k={wrong}")
    assert_no_content(page)
    assert "This link's key does not open this document" in shell_message(page)
    key = sites.link.partition("#k=")[2]
    for damaged in (key[:-3], key[:20] + "!" + key[21:], ""):
        page = t.open(f"{index}#k={damaged}")
        assert_no_content(page)
        assert "This link is damaged" in shell_message(page), damaged
    t.assert_clean()


def test_a_page_keeps_opening_from_the_tabs_cache(tab: Callable[..., Tab], sites: Sites) -> None:
    t = tab()
    t.open(sites.link)
    other = sorted(page_files(sites.sealed) - {"index.html"})[0]
    page = t.open((sites.sealed / other).as_uri())  # no fragment: the tab remembers the key
    assert page.title() != SHELL_TITLE
    t.assert_clean()


def test_a_new_key_makes_the_old_link_fail(tab: Callable[..., Tab], sites: Sites) -> None:
    assert sites.old_link != sites.new_link
    t = tab()
    page = t.open(sites.old_link)
    assert_no_content(page)
    assert "may be out of date" in shell_message(page)
    page = t.open(sites.new_link)
    assert_opened(page)
    t.assert_clean()


def test_passphrase_mode(tab: Callable[..., Tab], sites: Sites) -> None:
    t = tab()
    page = t.open((sites.passphrase / "index.html").as_uri())
    assert_no_content(page)
    page.fill("#seal-passphrase", "not the passphrase")
    page.get_by_role("button", name="Open").click()
    page.wait_for_function("document.querySelector('#seal-status.problem')", timeout=WAIT_MS)
    assert "That passphrase does not open this document" in shell_message(page)
    assert_no_content(page)
    page.fill("#seal-passphrase", PASSPHRASE)
    page.get_by_role("button", name="Open").click()
    page.wait_for_function(f"document.title !== {SHELL_TITLE!r}", timeout=WAIT_MS)
    assert_opened(page)
    with page.expect_navigation():
        page.locator('nav a:text-is("Timeline")').click()
    settle(page)
    assert page.title().startswith("Timeline")  # the key rode in the link: no second prompt
    t.assert_clean()


def test_without_javascript_a_note_and_nothing_else(tab: Callable[..., Tab], sites: Sites) -> None:
    t = tab(java_script_enabled=False)
    t.page.goto(sites.link)
    text = t.page.locator("body").inner_text()
    assert "only a browser running JavaScript can open it" in text
    assert_no_content(t.page)


def test_plain_http_on_another_host_says_why(tab: Callable[..., Tab], sites: Sites) -> None:
    """Browsers withhold Web Crypto from plain HTTP pages not on this machine."""
    t = tab()
    index = (sites.sealed / "index.html").read_bytes()
    t.context.route(
        "http://dossier.example.org/**",
        lambda route: route.fulfill(body=index, content_type="text/html"),
    )
    page = t.page
    page.goto("http://dossier.example.org/index.html#" + sites.link.partition("#")[2])
    settle(page)
    assert "came over plain http://" in shell_message(page)
    assert_no_content(page)


# -- one file -------------------------------------------------------------------------------
def click_through_one_file(t: Tab) -> None:
    page = t.page
    assert_opened(page)
    assert page.title().startswith("Overview")
    page.locator('nav a:text-is("Timeline")').click()
    page.wait_for_function("document.title.startsWith('Timeline')")
    wallets = page.locator('a[data-seal="page"]', has_text="Launched digital wallets").first
    wallets.click()
    page.wait_for_function("document.title.startsWith('Launched digital wallets')")
    assert_opened(page)
    with page.expect_download() as download:
        page.locator('a[data-seal="file"]').first.click()
    assert download.value.suggested_filename == "launch-readout.pdf"
    page.go_back()
    page.wait_for_function("document.title.startsWith('Timeline')")
    page.locator("a.skip-link").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_one_file_site(tab: Callable[..., Tab], sites: Sites) -> None:
    t = tab()
    t.open(sites.one_file.as_uri())
    click_through_one_file(t)
    t.assert_clean()


def test_one_file_site_sealed_with_a_passphrase(tab: Callable[..., Tab], sites: Sites) -> None:
    t = tab()
    page = t.open(sites.one_file_sealed.as_uri())
    assert_no_content(page)
    page.fill("#seal-passphrase", PASSPHRASE)
    page.get_by_role("button", name="Open").click()
    page.wait_for_function(f"document.title !== {SHELL_TITLE!r}", timeout=WAIT_MS)
    click_through_one_file(t)
    t.assert_clean()


def test_anchors_within_and_across_sealed_pages(tab: Callable[..., Tab], sites: Sites) -> None:
    """`#to=` names the place: the skip link stays on the page with the key kept, and a
    link to an expectation on another page lands on it."""
    t = tab()
    page = t.open(sites.link)
    page.locator("a.skip-link").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'main'")
    assert "#k=" in page.url and page.url.endswith("&to=main")
    assert_opened(page)
    evidence = page.locator('a[data-seal="page"]', has_text="three-year payments strategy").first
    with page.expect_navigation():
        evidence.click()
    settle(page)
    anchored = page.locator('a[data-seal="page"][href*="&to=x-"]').first
    target = anchored.get_attribute("href").partition("&to=")[2]  # type: ignore[union-attr]
    with page.expect_navigation():
        anchored.click()
    settle(page)
    page.wait_for_function(f"document.activeElement.id === {target!r}")
    assert page.locator(f"#{target}").is_visible()
    t.assert_clean()
