"""`dossier serve`, the live preview (SPEC sections 3 and 7), over HTTP on loopback.

The server runs in-process, in a thread, until a `threading.Event` stops it; the port is
read from its "Serving ... at http://HOST:PORT/" message. Checked: only the built site is
served (no path leaves it, no symlink leads out), served pages carry the reload script
and `dossier build` output never does, the event stream reports builds and errors with
file:line:col, content and theme edits show up, a burst of saves (half-written files
included) ends byte-identical to a clean build, concurrent readers never see a torn page,
and the command line's port-in-use, non-loopback and Ctrl-C behaviour.

The Playwright half lives in test_serve_browser.py and shares the helpers here.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import pytest
import yaml
from click.testing import CliRunner
from conftest import REPO, Workspace

from dossier.cli import cli
from dossier.serve.app import ServeOptions, serve

AS_OF = date(2026, 11, 22)
AS_OF_TEXT = AS_OF.isoformat()
SETTLE = 10.0  # seconds: the longest a rebuild may take to show, on a loaded machine
STOP_WITHIN = 5.0  # seconds: how long stopping the server may take
SCRIPT_TAG = re.compile(rb'<script src="/__dossier__/live\.js" data-version="\d+"></script>')
SERVING = re.compile(r"^Serving .* at http://[^/]+:(\d+)/")

EV = "content/evidence"
ALPHA = "2026-03-14-alpha"
BETA = "2026-05-20-beta"
ALPHA_FILE = f"{EV}/{ALPHA}.md"
CONFIG_MARKER = "config-marker-7f3a"  # only ever in dossier.yaml, never in a page
SECRET = "top-secret-b41c outside the workspace"
PDF = b"%PDF-1.4\n% a tiny stand-in for a real PDF\n%%EOF\n"

T = TypeVar("T")


# -- the workspace --------------------------------------------------------------------------
def alpha_text(body: str = "Alpha body text.", title: str = "Alpha launch") -> str:
    """The alpha evidence file, written by hand so tests can break it line by line."""
    return (
        "---\n"
        f"title: {title}\n"
        "date: 2026-03-14\n"
        "competencies: [design]\n"
        "---\n"
        f"{body}\n\nAttachments: [[files/report.pdf]] and [[files/notes.txt]].\n"
    )


def populate(ws: Workspace) -> Workspace:
    """Two pieces of evidence, a free page, two attachments; a marker in dossier.yaml."""
    ws.write(
        "dossier.yaml", yaml.safe_dump(ws.config_data, sort_keys=False) + f"# {CONFIG_MARKER}\n"
    )
    ws.write(ALPHA_FILE, alpha_text())
    ws.evidence(
        BETA,
        "Beta body text.\n",
        title="Beta feedback",
        date=date(2026, 5, 20),
        competencies=["delivery"],
        type="feedback",
        **{"from": "Sam Okafor (VP)"},
    )
    ws.page("why-now", "Why now body.\n", title="Why now")
    ws.write("content/files/report.pdf", PDF)
    ws.write("content/files/notes.txt", "notes inside the workspace\n")
    return ws


# -- waiting ----------------------------------------------------------------------------------
def wait_for(check: Callable[[], T | None], what: str, timeout: float = SETTLE) -> T:
    """Poll `check` until it returns something truthy; fail naming `what` after timeout."""
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found:
            return found
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.05)


# -- HTTP -------------------------------------------------------------------------------------
@dataclass
class Response:
    status: int
    headers: dict[str, str]  # lower-case names
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


def request(port: int, path: str, method: str = "GET") -> Response:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request(method, path)
        resp = conn.getresponse()
        body = resp.read()
        return Response(resp.status, {k.lower(): v for k, v in resp.getheaders()}, body)
    finally:
        conn.close()


def raw_request(port: int, target: bytes, method: bytes = b"GET") -> Response:
    """Send the request line exactly as given, so no client library normalises the path."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(
            method + b" " + target + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    data = b"".join(chunks)
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    assert lines[0].startswith("HTTP/1."), f"not an HTTP response to {target!r}: {data[:200]!r}"
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return Response(int(lines[0].split()[1]), headers, body)


def strip_script(body: bytes) -> bytes:
    """A served page without the one reload script the server put before </body>."""
    assert len(SCRIPT_TAG.findall(body)) == 1, "expected exactly one reload script"
    return SCRIPT_TAG.sub(b"", body, count=1)


def assert_injected_once(resp: Response, path: str) -> None:
    assert resp.status == 200, f"{path}: {resp.status}"
    assert resp.headers["content-type"].startswith("text/html"), resp.headers
    assert resp.body.count(b"/__dossier__/live.js") == 1, f"{path}: reload script not once"
    tag = SCRIPT_TAG.search(resp.body)
    assert tag is not None, f"{path}: no reload script tag"
    assert resp.body[tag.end() :].startswith(b"</body>"), f"{path}: script not before </body>"
    assert resp.body.count(b"</body>") == 1, path
    assert resp.body.rstrip().endswith(b"</html>"), f"{path}: page does not end with </html>"


# -- the server -------------------------------------------------------------------------------
class LiveServer:
    """`serve()` in a background thread, stopped through its `stop` event."""

    def __init__(
        self,
        root: Path,
        host: str = "127.0.0.1",
        audience: str = "self",
        allow_hosts: tuple[str, ...] = (),
    ):
        self.root = root
        self.messages: list[tuple[str, str]] = []  # (kind, message) in order
        self.stop = threading.Event()
        self.failure: BaseException | None = None
        framework = "content/framework.yaml"
        options = ServeOptions(root, host, 0, audience, AS_OF, False, framework, allow_hosts)
        self.thread = threading.Thread(target=self._run, args=(options,), daemon=True)
        self.thread.start()
        self.port = self._port()

    def _run(self, options: ServeOptions) -> None:
        try:
            serve(options, lambda: AS_OF, self.say, self.stop)
        except BaseException as exc:
            self.failure = exc

    def say(self, message: str, kind: str) -> None:
        self.messages.append((kind, message))

    def _port(self) -> int:
        deadline = time.monotonic() + SETTLE
        while time.monotonic() < deadline:
            for _, message in list(self.messages):
                match = SERVING.match(message)
                if match:
                    return int(match.group(1))
            if not self.thread.is_alive():
                break
            time.sleep(0.02)
        pytest.fail(f"the server did not start: {self.failure!r}\n{self.transcript()}")

    def transcript(self) -> str:
        return "\n".join(f"[{kind}] {message}" for kind, message in list(self.messages))

    def alive(self) -> None:
        assert self.thread.is_alive(), (
            f"the server thread died: {self.failure!r}\n{self.transcript()}"
        )

    def get(self, path: str, method: str = "GET") -> Response:
        self.alive()
        return request(self.port, path, method)

    def text(self, path: str) -> str:
        """The page's text when it is served (200), else ''."""
        resp = self.get(path)
        return resp.text if resp.status == 200 else ""

    def close(self) -> None:
        self.stop.set()
        started = time.monotonic()
        self.thread.join(STOP_WITHIN + 5)
        took = time.monotonic() - started
        assert not self.thread.is_alive(), f"the server did not stop in {took:.1f} s"
        assert took < STOP_WITHIN, f"the server took {took:.1f} s to stop"
        assert self.failure is None, f"serve() raised {self.failure!r}\n{self.transcript()}"


class EventStream:
    """A reader of /__dossier__/events: every event lands in a queue as (name, data)."""

    def __init__(self, server: LiveServer, page: str):
        self.server = server
        self.sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
        self.sock.sendall(
            f"GET /__dossier__/events?page={page} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()
        )
        self.file = self.sock.makefile("rb")
        status = self.file.readline().decode("latin-1")
        assert status.split()[1] == "200", status
        headers = []
        while (line := self.file.readline()) not in (b"\r\n", b"\n", b""):
            headers.append(line.decode("latin-1").strip().lower())
        assert "content-type: text/event-stream" in headers, headers
        self.sock.settimeout(None)  # the reader blocks until close() shuts the socket
        self.events: queue.Queue[tuple[str, dict[str, Any]]] = queue.Queue()
        self.seen: list[tuple[str, dict[str, Any]]] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        name, data = "message", ""
        try:
            for raw in self.file:
                line = raw.decode("utf-8").rstrip("\r\n")
                if line.startswith("event:"):
                    name = line[6:].strip()
                elif line.startswith("data:"):
                    data += line[5:].strip()
                elif not line:
                    if data:
                        self.events.put((name, json.loads(data)))
                    name, data = "message", ""
        except (OSError, ValueError):
            pass
        self.events.put(("closed", {}))

    def expect(
        self, name: str, where: Callable[[dict[str, Any]], bool] = lambda d: True
    ) -> dict[str, Any]:
        """The next `name` event that satisfies `where`, skipping others."""
        deadline = time.monotonic() + SETTLE
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            try:
                got, data = self.events.get(timeout=left)
            except queue.Empty:
                break
            self.seen.append((got, data))
            if got == "closed":
                self.fail(f"the event stream closed while waiting for '{name}'")
            if got == name and where(data):
                return data
        self.fail(f"no matching '{name}' event within {SETTLE:.0f} s")

    def fail(self, what: str) -> NoReturn:
        server = self.server
        server.thread.join(2)  # a stream that closed may mean a server going down
        died = "" if server.thread.is_alive() else f"; the server died: {server.failure!r}"
        pytest.fail(f"{what}{died}\nevents: {self.seen}\nsaid:\n{server.transcript()}")

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_RDWR)
        self.sock.close()
        self.reader.join(5)

    def __enter__(self) -> EventStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@pytest.fixture
def start() -> Iterator[Callable[..., LiveServer]]:
    """start(root, host=...) -> a running LiveServer, stopped (and checked) at teardown."""
    started: list[LiveServer] = []

    def make(root: Path, host: str = "127.0.0.1") -> LiveServer:
        started.append(LiveServer(root, host))
        return started[-1]

    yield make
    for each in started:
        each.close()


@pytest.fixture
def workspace(ws: Workspace) -> Workspace:
    return populate(ws)


@pytest.fixture
def server(workspace: Workspace, start: Callable[..., LiveServer]) -> LiveServer:
    return start(workspace.root)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """One server for the read-only tests: none of them edits its workspace."""
    ws = populate(Workspace(tmp_path_factory.mktemp("served") / "ws"))
    live = LiveServer(ws.root)
    yield live
    live.close()


def build(root: Path, out: Path) -> dict[str, bytes]:
    """A clean `dossier build` (audience self, the test's as-of) -> {site path: bytes}."""
    args = ["build", "-C", str(root), "--as-of", AS_OF_TEXT, "--audience", "self", "-o", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name != ".dossier-site"  # the build's own bookkeeping marker
    }


def subprocess_env() -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("DOSSIER_") and k not in ("SOURCE_DATE_EPOCH", "NO_COLOR")
    }
    env["PYTHONUNBUFFERED"] = "1"
    return env


# -- 1. HTTP: what is served ------------------------------------------------------------------
PAGES = [
    "/index.html",
    f"/evidence/{ALPHA}.html",
    f"/evidence/{BETA}.html",
    "/gaps.html",
    "/competencies/design.html",
    "/pages/why-now.html",
]


@pytest.mark.parametrize("path", PAGES)
def test_pages_are_served_with_the_reload_script_once(served: LiveServer, path: str) -> None:
    resp = served.get(path)
    assert_injected_once(resp, path)
    assert resp.headers["content-length"] == str(len(resp.body))


def test_root_serves_the_overview(served: LiveServer) -> None:
    root, index = served.get("/"), served.get("/index.html")
    assert root.status == 200
    assert_injected_once(root, "/")
    assert root.body == index.body
    assert "Alpha launch" in index.text  # recent evidence on the overview


def test_evidence_page_shows_its_body(served: LiveServer) -> None:
    page = served.text(f"/evidence/{ALPHA}.html")
    assert "Alpha body text." in page


def test_reload_script_itself_is_served(served: LiveServer) -> None:
    resp = served.get("/__dossier__/live.js")
    assert resp.status == 200
    assert resp.headers["content-type"].startswith("text/javascript"), resp.headers
    assert b"EventSource" in resp.body and b"dossier-build-error" in resp.body


def test_static_files_and_attachments_have_sensible_types(served: LiveServer) -> None:
    css = served.get("/static/style.css")
    assert css.status == 200 and css.headers["content-type"].startswith("text/css"), css.headers
    assert css.body == (REPO / "themes/default/static/style.css").read_bytes()
    assert b"__dossier__" not in css.body
    pdf = served.get("/files/report.pdf")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf", pdf.headers
    assert pdf.body == PDF
    txt = served.get("/files/notes.txt")
    assert txt.status == 200 and txt.headers["content-type"].startswith("text/plain")
    assert txt.body == (served.root / "content/files/notes.txt").read_bytes()
    data = served.get("/dossier.json")
    assert data.status == 200 and data.headers["content-type"].startswith("application/json")
    assert json.loads(data.body)["audience"] == "self"
    assert b"__dossier__" not in data.body
    ics = served.get("/plan.ics")
    assert ics.status == 200 and ics.headers["content-type"].startswith("text/calendar")


@pytest.mark.parametrize(
    "path",
    [
        "/nope.html",
        "/evidence/nope.html",
        "/competencies/nope.html",
        "/files/missing.pdf",
        "/static/missing.css",
        "/evidence/",
        "/__dossier__/nope",
        "/favicon.ico",
    ],
)
def test_unknown_paths_are_404(served: LiveServer, path: str) -> None:
    resp = served.get(path)
    assert resp.status == 404, f"{path}: {resp.status}"
    assert resp.headers["content-length"] == str(len(resp.body))


TRAVERSALS = [
    b"/dossier.yaml",
    b"/../dossier.yaml",
    b"/%2e%2e/dossier.yaml",
    b"/%2E%2E%2Fdossier.yaml",
    b"/..%2fdossier.yaml",
    b"/..%2Fdossier.yaml",
    b"/static/../../dossier.yaml",
    b"/static/%2e%2e/%2e%2e/dossier.yaml",
    b"/files/..%2f..%2fdossier.yaml",
    b"/evidence/../../dossier.yaml",
    b"/./dossier.yaml",
    b"/%252e%252e/dossier.yaml",
    b"/content/evidence/" + ALPHA.encode() + b".md",
    b"/content/framework.yaml",
    b"/content/files/notes.txt",
    b"/files/../../content/evidence/" + ALPHA.encode() + b".md",
    b"/index.html%00",
    b"/index.html%00.txt",
    b"/%00/../dossier.yaml",
    b"/..\\dossier.yaml",
    b"/static\\..\\..\\dossier.yaml",
    b"/%5c..%5cdossier.yaml",
    b"/static/..%5c..%5cdossier.yaml",
    b"//dossier.yaml/../../dossier.yaml",
    b"/%c0%ae%c0%ae/dossier.yaml",
    b"/....//dossier.yaml",
]


@pytest.mark.parametrize("target", TRAVERSALS, ids=lambda t: t.decode())
def test_paths_outside_the_site_are_refused(served: LiveServer, target: bytes) -> None:
    resp = raw_request(served.port, target)
    assert resp.status == 404, f"{target!r}: {resp.status}"
    assert CONFIG_MARKER not in resp.text, f"{target!r} served dossier.yaml"
    assert "competencies: [design]" not in resp.text, f"{target!r} served an evidence file"
    assert "Mini ladder" not in resp.text, f"{target!r} served the framework file"
    assert "notes inside the workspace" not in resp.text, f"{target!r} served content/files"
    head = raw_request(served.port, target, b"HEAD")
    assert head.status == 404, f"HEAD {target!r}: {head.status}"
    assert head.body == b""


def test_absolute_form_request_is_still_confined(served: LiveServer) -> None:
    resp = raw_request(served.port, b"http://127.0.0.1/../dossier.yaml")
    assert resp.status == 404
    assert CONFIG_MARKER not in resp.text


def swap_in_symlinks(workspace: Workspace, tmp_path: Path) -> None:
    """Replace the attachment the last good build copies with a link to a secret outside
    the workspace (one atomic rename, as an editor saves), and link a folder outside."""
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET + "\n", encoding="utf-8")
    outside = tmp_path / "outside-dir"
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET + "\n", encoding="utf-8")
    files = workspace.root / "content/files"
    link = files / ".notes.lnk"
    link.symlink_to(secret)
    os.replace(link, files / "notes.txt")
    (files / "outside").symlink_to(outside, target_is_directory=True)


LEAKY = ("/files/notes.txt", "/files/outside/secret.txt", "/files/outside/")


def test_symlinks_leading_out_of_the_workspace_are_never_served(
    server: LiveServer, workspace: Workspace, tmp_path: Path
) -> None:
    assert server.get("/files/notes.txt").status == 200
    with EventStream(server, f"/evidence/{ALPHA}.html") as events:
        version = events.expect("built")["version"]
        swap_in_symlinks(workspace, tmp_path)
        seen: list[tuple[str, Response]] = []
        deadline = time.monotonic() + 1.0
        while time.monotonic() < deadline:  # at once, and around any rebuild
            for path in LEAKY:
                seen.append((path, server.get(path)))
                seen.append((path, raw_request(server.port, path.encode(), b"HEAD")))
        # Any later rebuild (here: another file saved) reports the link as an error.
        workspace.write(f"{EV}/{BETA}.md", workspace.root.joinpath(EV, f"{BETA}.md").read_text())
        failed = events.expect("failed")
        assert failed["version"] == version, failed
        assert any("content/files/notes.txt" in line for line in failed["errors"]), failed
        for path in LEAKY:
            seen.append((path, server.get(path)))
    for path, resp in seen:
        assert resp.status == 404, f"{path}: {resp.status}"
        assert SECRET not in resp.text, f"{path} served the secret"
    # The rest of the last good build is still served.
    assert "Alpha body text." in server.text(f"/evidence/{ALPHA}.html")


def test_a_symlink_swapped_in_is_noticed_without_other_edits(
    server: LiveServer, workspace: Workspace, tmp_path: Path
) -> None:
    """Turning an attachment into a link that leaves the workspace is a change the
    watcher must see: the tab gets the error naming the file, without another save."""
    with EventStream(server, "/index.html") as events:
        version = events.expect("built")["version"]
        swap_in_symlinks(workspace, tmp_path)
        failed = events.expect("failed")
        assert failed["version"] == version, failed
        assert any("content/files/notes.txt" in line for line in failed["errors"]), failed
    for path in LEAKY:
        resp = server.get(path)
        assert resp.status == 404 and SECRET not in resp.text, path


def test_head_matches_get_without_a_body(served: LiveServer) -> None:
    for path in ("/index.html", "/static/style.css", "/files/report.pdf", "/nope.html"):
        get, head = served.get(path), served.get(path, "HEAD")
        assert head.status == get.status, path
        assert head.body == b"", path
        assert head.headers["content-type"] == get.headers["content-type"], path
        assert head.headers["content-length"] == str(len(get.body)), path


def test_loopback_by_default_without_a_warning(served: LiveServer) -> None:
    assert not any("WARNING" in message for _, message in served.messages), served.transcript()
    serving = [m for _, m in served.messages if SERVING.match(m)]
    assert serving and "http://127.0.0.1:" in serving[0], serving  # what it binds


# -- 2. `dossier build` never carries the reload script ---------------------------------------
def test_build_output_has_no_reload_script(server: LiveServer, workspace: Workspace) -> None:
    # A server running on the same workspace, pages rendered, must change nothing.
    for path in PAGES:
        assert server.get(path).status == 200
    args = ["build", "-C", str(workspace.root), "--as-of", AS_OF_TEXT, "--audience", "self"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    site = workspace.root / "site"
    files = [p for p in site.rglob("*") if p.is_file()]
    assert any(p.name == "index.html" for p in files)
    for path in files:
        data = path.read_bytes()
        assert b"__dossier__" not in data, path
        assert b"live.js" not in data, path
    assert not any(p.name == "live.js" for p in files)


# -- 3. the event stream -----------------------------------------------------------------------
def test_events_report_builds_errors_and_recovery(server: LiveServer, workspace: Workspace) -> None:
    page = f"/evidence/{ALPHA}.html"
    with EventStream(server, "/index.html") as events:
        first = events.expect("built")
        assert isinstance(first["version"], int)
        workspace.write(ALPHA_FILE, alpha_text("Edited body one."))
        edited = events.expect("built", lambda d: d["version"] > first["version"])
        assert "Edited body one." in server.text(page)
        # The served page names the version the events stream announced.
        assert f'data-version="{edited["version"]}"'.encode() in server.get(page).body

        # Line 4 of the file: an unclosed flow sequence.
        workspace.write(ALPHA_FILE, alpha_text("Broken body.").replace("[design]", "[design"))
        failed = events.expect("failed")
        assert failed["version"] == edited["version"], "a failed build must not bump the version"
        lines = failed["errors"]
        assert any(re.match(rf"{re.escape(ALPHA_FILE)}:\d+:\d+: error: ", x) for x in lines), lines
        # The last good build is still served, unchanged.
        assert "Edited body one." in server.text(page)
        assert "Broken body." not in server.text(page)

        workspace.write(ALPHA_FILE, alpha_text("Fixed body two."))
        fixed = events.expect("built", lambda d: d["version"] > edited["version"])
        assert "Fixed body two." in server.text(page)
        assert fixed["version"] > failed["version"]

    kinds = [(k, m) for k, m in server.messages]
    error_at = next(
        (i for i, (k, m) in enumerate(kinds) if k == "error" and m.startswith(f"{ALPHA_FILE}:")),
        None,
    )
    assert error_at is not None, server.transcript()
    assert re.match(rf"{re.escape(ALPHA_FILE)}:\d+:\d+: error: ", kinds[error_at][1])
    assert any(k == "error" and "build failed" in m for k, m in kinds[:error_at]), (
        server.transcript()
    )
    assert any(k == "ok" and "built in" in m for k, m in kinds[error_at:]), server.transcript()


def test_events_stream_starts_with_failed_while_broken(
    server: LiveServer, workspace: Workspace
) -> None:
    """A tab opened while the build is broken learns about the error at once."""
    with EventStream(server, "/index.html") as events:
        version = events.expect("built")["version"]
        workspace.write(ALPHA_FILE, "---\ntitle: Al")  # half-written: never closed
        events.expect("failed")
    with EventStream(server, f"/evidence/{ALPHA}.html") as late:
        failed = late.expect("failed")
        assert failed["version"] == version
        assert any(line.startswith(f"{ALPHA_FILE}:1:") for line in failed["errors"]), failed


# -- 4. content and theme edits show up -------------------------------------------------------
def gap_row(html: str, competency: str) -> str:
    """The gap report's table row for one competency."""
    for row in re.findall(r"<tr>.*?</tr>", html, re.S):
        if f'href="competencies/{competency}.html"' in row:
            return str(row)
    raise AssertionError(f"no row for {competency} in the gap report")


def counted(html: str, competency: str) -> int:
    match = re.search(r'data-label="counted evidence">(\d+)<', gap_row(html, competency))
    assert match, gap_row(html, competency)
    return int(match.group(1))


def report_evidence(server: LiveServer, competency: str) -> list[str]:
    data = json.loads(server.get("/dossier.json").body)
    (found,) = [c for c in data["report"]["competencies"] if c["id"] == competency]
    return list(found["evidence"])


def test_added_renamed_and_deleted_evidence_follow(
    server: LiveServer, workspace: Workspace
) -> None:
    assert counted(server.text("/gaps.html"), "design") == 1
    gamma, renamed = "2026-09-01-gamma", "2026-09-01-gamma-renamed"
    path = workspace.evidence(
        gamma,
        "Gamma body.\n",
        title="Gamma design review",
        date=date(2026, 9, 1),
        competencies=["design"],
        type="project",
    )

    # Added: its page, the competency page, the gap report and dossier.json.
    wait_for(lambda: "Gamma body." in server.text(f"/evidence/{gamma}.html"), "the new page")
    assert "Gamma design review" in server.text("/competencies/design.html")
    gaps = server.text("/gaps.html")
    assert counted(gaps, "design") == 2, gap_row(gaps, "design")
    assert "1 of 2 pieces" not in gap_row(gaps, "design")
    assert gamma in report_evidence(server, "design")

    # Renamed: the old URL goes, the new one comes, the slug follows everywhere.
    path.rename(path.with_name(f"{renamed}.md"))
    wait_for(lambda: server.get(f"/evidence/{renamed}.html").status == 200, "the renamed page")
    assert server.get(f"/evidence/{gamma}.html").status == 404
    competency = server.text("/competencies/design.html")
    assert f"evidence/{renamed}.html" in competency
    assert f"evidence/{gamma}.html" not in competency
    assert set(report_evidence(server, "design")) == {ALPHA, renamed}

    # Deleted: 404, and gone from the competency page and the gap report.
    (workspace.root / EV / f"{renamed}.md").unlink()
    wait_for(lambda: server.get(f"/evidence/{renamed}.html").status == 404, "the page to go")
    assert "Gamma design review" not in server.text("/competencies/design.html")
    gaps = server.text("/gaps.html")
    assert counted(gaps, "design") == 1, gap_row(gaps, "design")
    assert "1 of 2 pieces" in gap_row(gaps, "design")
    assert report_evidence(server, "design") == [ALPHA]
    assert "Gamma" not in server.text("/index.html")


def test_renamed_title_follows_on_the_competency_page(
    server: LiveServer, workspace: Workspace
) -> None:
    assert "Alpha launch" in server.text("/competencies/design.html")
    workspace.write(ALPHA_FILE, alpha_text(title="Alpha relaunched"))
    wait_for(
        lambda: "Alpha relaunched" in server.text("/competencies/design.html"),
        "the new title on the competency page",
    )
    assert "Alpha launch<" not in server.text("/competencies/design.html")
    assert "Alpha relaunched" in server.text(f"/evidence/{ALPHA}.html")


def test_dossier_yaml_edits_follow(server: LiveServer, workspace: Workspace) -> None:
    assert "<title>Gap report · Case</title>" in server.text("/gaps.html")
    workspace.write_config(title="Case renamed live")
    wait_for(
        lambda: "Case renamed live" in server.text("/index.html"), "the new title on the overview"
    )
    assert "<title>Gap report · Case renamed live</title>" in server.text("/gaps.html")
    # The target level moves too: the gap report is measured against it.
    assert "Gap report: Staff Engineer" in server.text("/gaps.html")
    workspace.write_config(target_level="principal")
    wait_for(
        lambda: "Gap report: Principal Engineer" in server.text("/gaps.html"),
        "the gap report at the new target level",
    )


def page_template(marker: str) -> str:
    default = (REPO / "themes/default/templates/page.html").read_text(encoding="utf-8")
    assert "<h1>" in default
    return default.replace("<h1>", f'<p class="override">{marker}</p>\n<h1>', 1)


def test_theme_template_override_follows(server: LiveServer, workspace: Workspace) -> None:
    """No workspace theme at start: adding one, then editing it, shows up."""
    page = "/pages/why-now.html"
    assert "Why now body." in server.text(page)  # rendered with the default template
    workspace.write("themes/default/templates/page.html", page_template("Override one"))
    wait_for(lambda: "Override one" in server.text(page), "the override on the page")
    workspace.write("themes/default/templates/page.html", page_template("Override two"))
    wait_for(lambda: "Override two" in server.text(page), "the edited override")
    assert "Override one" not in server.text(page)
    (workspace.root / "themes/default/templates/page.html").unlink()
    wait_for(lambda: "Override" not in server.text(page), "the default template back")
    assert "Why now body." in server.text(page)


def test_new_override_in_an_existing_theme_folder_follows(
    ws: Workspace, start: Callable[..., LiveServer]
) -> None:
    """The workspace theme folder exists from the start (another override in it); a
    page.html override added while serving must replace the default one."""
    populate(ws)
    ws.write("themes/default/templates/unused.html", "<p>not used by any page</p>\n")
    server = start(ws.root)
    page = "/pages/why-now.html"
    assert "Why now body." in server.text(page)  # the default page.html, now compiled
    ws.write("themes/default/templates/page.html", page_template("Override added"))
    wait_for(
        lambda: "Override added" in server.text(page),
        "a page.html override added to an existing theme folder to show",
    )


def test_broken_template_is_a_build_error_not_a_crash(
    server: LiveServer, workspace: Workspace
) -> None:
    """A theme template with a syntax error is a build error with file:line, shown to
    open tabs; the last good build keeps being served; fixing it recovers."""
    page = "/pages/why-now.html"
    template = "themes/default/templates/page.html"
    workspace.write(template, page_template("Good override"))
    wait_for(lambda: "Good override" in server.text(page), "the override")
    with EventStream(server, page) as events:
        version = events.expect("built")["version"]
        broken = page_template("Broken override").replace(
            "{% block main %}", "{% block main %}{% if %}"
        )
        workspace.write(template, broken)
        failed = events.expect("failed")
        assert failed["version"] == version
        assert any(line.startswith(f"{template}:") for line in failed["errors"]), failed
        resp = server.get(page)
        assert resp.status == 200, resp.status
        assert "Good override" in resp.text
        workspace.write(template, page_template("Fixed override"))
        events.expect("built", lambda d: d["version"] > version)
        assert "Fixed override" in server.text(page)
    server.alive()


# -- 5. a burst of saves ----------------------------------------------------------------------
def evidence_text(title: str, day: str, competency: str, body: str) -> str:
    return (
        f"---\ntitle: {title}\ndate: {day}\ncompetencies: [{competency}]\n"
        f"type: project\nimpact: {title} impact\n---\n{body}\n"
    )


def test_burst_of_saves_ends_identical_to_a_clean_build(
    server: LiveServer, workspace: Workspace, tmp_path: Path
) -> None:
    folder = workspace.root / EV
    names = {
        "a": folder / f"{ALPHA}.md",
        "b": folder / "2026-06-02-burst-b.md",
        "c": folder / "2026-07-03-burst-c.md",
    }
    competency = {"a": "design", "b": "delivery", "c": "design"}
    day = {"a": "2026-03-14", "b": "2026-06-02", "c": "2026-07-03"}

    def valid(key: str, i: int) -> str:
        body = f"Body {key} v{i}." + (" See [[files/report.pdf]]." if key == "a" else "")
        return evidence_text(f"Burst {key} v{i}", day[key], competency[key], body)

    assert server.get("/index.html").status == 200
    writes = 0
    with EventStream(server, f"/evidence/{ALPHA}.html"):  # a tab open: warm renders
        for i in range(50):
            key = "abc"[i % 3]
            path = names[key]
            text = valid(key, i)
            step = i % 6
            if step == 0:  # half-written: the front matter cut off mid-line
                path.write_text(text[: len(text) // 3], encoding="utf-8")
            elif step == 1:  # invalid YAML
                path.write_text(text.replace(f"[{competency[key]}]", "[oops"), encoding="utf-8")
            elif step == 2:  # written in two steps, as a slow editor would
                with path.open("w", encoding="utf-8") as out:
                    out.write(text[:20])
                    out.flush()
                    out.write(text[20:])
            elif step == 3:  # an atomic save: write aside, rename over
                aside = path.with_name(f".{path.name}.swp")
                aside.write_text(text, encoding="utf-8")
                os.replace(aside, path)
            elif step == 4:  # emptied, then written
                path.write_text("", encoding="utf-8")
                path.write_text(text, encoding="utf-8")
            else:  # an unknown competency: a validation error, not a syntax one
                path.write_text(text.replace(competency[key], "desing"), encoding="utf-8")
            writes += 1
            if i == 12:  # a file that comes and goes within the burst
                (folder / "2026-08-04-fleeting.md").write_text(
                    evidence_text("Fleeting", "2026-08-04", "design", "Fleeting."), "utf-8"
                )
            if i == 30:
                (folder / "2026-08-04-fleeting.md").unlink()
            if i == 24:  # rename c back and forth: its slug changes, then comes back
                names["c"].rename(folder / "2026-07-03-burst-c-moved.md")
                (folder / "2026-07-03-burst-c-moved.md").rename(names["c"])
            if i % 10 == 9:
                time.sleep(0.03)  # let a rebuild start mid-burst, on whatever is there
        for key in "abc":  # the final state: every file valid
            names[key].write_text(valid(key, 100), encoding="utf-8")
    assert writes == 50

    clean = build(workspace.root, tmp_path / "clean")
    assert f"evidence/{ALPHA}.html" in clean and "evidence/2026-06-02-burst-b.html" in clean
    assert "gaps.html" in clean and "competencies/design.html" in clean
    assert "pages/why-now.html" in clean and "files/report.pdf" in clean, sorted(clean)

    def differences() -> list[str]:
        wrong = []
        for rel, expected in clean.items():
            resp = server.get("/" + rel)
            body = resp.body
            if resp.status == 200 and rel.endswith(".html"):
                if len(SCRIPT_TAG.findall(body)) != 1:
                    wrong.append(f"{rel}: {len(SCRIPT_TAG.findall(body))} reload scripts")
                    continue
                body = SCRIPT_TAG.sub(b"", body, count=1)
            if resp.status != 200 or body != expected:
                wrong.append(f"{rel}: status {resp.status}, {len(body)} vs {len(expected)} bytes")
        for gone in ("evidence/2026-08-04-fleeting.html", "evidence/2026-07-03-burst-c-moved.html"):
            if server.get("/" + gone).status != 404:
                wrong.append(f"{gone} is still served")
        return wrong

    deadline = time.monotonic() + SETTLE
    wrong = differences()
    while wrong and time.monotonic() < deadline:
        time.sleep(0.2)
        wrong = differences()
    assert not wrong, (
        "served site differs from a clean build:\n"
        + "\n".join(wrong)
        + ("\n" + server.transcript()[-3000:])
    )
    last_kind, last = server.messages[-1]
    assert last_kind == "ok" and "built in" in last, server.transcript()[-3000:]
    # Still answering, on every kind of request.
    assert server.get("/").status == 200
    assert server.get("/static/style.css").status == 200
    with EventStream(server, "/index.html") as events:
        events.expect("built")
    server.alive()


# -- 6. concurrent readers during rebuilds ---------------------------------------------------
def test_concurrent_readers_never_see_a_torn_page(server: LiveServer, workspace: Workspace) -> None:
    paths = [*PAGES, "/", "/timeline.html", "/framework.html", "/brief.html", "/plan.html"]
    done = threading.Event()
    problems: list[str] = []
    counts = [0] * 20

    def reader(n: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        i = n
        try:
            while not done.is_set():
                path = paths[i % len(paths)]
                i += 1
                try:
                    conn.request("GET", path)
                    resp = conn.getresponse()
                    body = resp.read()
                except (OSError, http.client.HTTPException) as exc:
                    problems.append(f"{path}: {exc!r}")
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
                    continue
                counts[n] += 1
                if resp.status != 200:
                    problems.append(f"{path}: status {resp.status}")
                elif resp.getheader("Content-Length") != str(len(body)):
                    problems.append(f"{path}: Content-Length {resp.getheader('Content-Length')}")
                elif len(SCRIPT_TAG.findall(body)) != 1:
                    problems.append(f"{path}: {len(SCRIPT_TAG.findall(body))} reload scripts")
                elif not re.search(rb"</html>\s*$", SCRIPT_TAG.sub(b"", body)):
                    problems.append(f"{path}: does not end with </html>")
                elif not SCRIPT_TAG.sub(b"", body).lstrip().startswith(b"<!DOCTYPE html>"):
                    problems.append(f"{path}: does not start with <!DOCTYPE html>")
        finally:
            conn.close()

    threads = [threading.Thread(target=reader, args=(n,), daemon=True) for n in range(20)]
    for thread in threads:
        thread.start()
    try:
        for round_ in range(4):
            body = f"Concurrent body {round_}."
            workspace.write(ALPHA_FILE, alpha_text(body, title=f"Alpha round {round_}"))
            wait_for(
                lambda body=body: body in server.text(f"/evidence/{ALPHA}.html"),
                f"rebuild {round_}",
            )
    finally:
        done.set()
        for thread in threads:
            thread.join(15)
    assert not any(t.is_alive() for t in threads), "a reader hung"
    assert all(counts), f"some readers got nothing: {counts}"
    assert not problems, f"{len(problems)} bad responses, e.g.:\n" + "\n".join(problems[:20])
    server.alive()


# -- 7. the command line ------------------------------------------------------------------------
def test_host_beyond_loopback_warns_loudly(
    workspace: Workspace, start: Callable[..., LiveServer]
) -> None:
    server = start(workspace.root, host="0.0.0.0")
    warnings = [m for k, m in server.messages if k == "warning" and "WARNING" in m]
    assert warnings, server.transcript()
    assert "0.0.0.0" in warnings[0] and "127.0.0.1" in warnings[0], warnings
    serving = next(i for i, (_, m) in enumerate(server.messages) if SERVING.match(m))
    assert server.messages.index(("warning", warnings[0])) < serving, "warn before serving"
    assert server.get("/index.html").status == 200  # reached over loopback only


def test_port_in_use_exits_1_naming_the_port(workspace: Workspace) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        args = ["-m", "dossier", "serve", "-C", str(workspace.root), "--port", str(port)]
        try:
            result = subprocess.run(
                [sys.executable, *args, "--as-of", AS_OF_TEXT],
                capture_output=True,
                text=True,
                timeout=30,
                env=subprocess_env(),
                cwd=REPO,
            )
        except subprocess.TimeoutExpired as exc:
            pytest.fail(f"dossier serve on a port in use did not exit: {exc.stderr!r}")
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    assert str(port) in result.stderr, result.stderr
    assert "--port 0" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_ctrl_c_stops_cleanly(workspace: Workspace) -> None:
    args = ["-m", "dossier", "serve", "--port", "0", "-C", str(workspace.root)]
    proc = subprocess.Popen(
        [sys.executable, *args, "--as-of", AS_OF_TEXT],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=subprocess_env(),
        cwd=REPO,
    )
    lines: queue.Queue[str] = queue.Queue()
    assert proc.stdout is not None and proc.stderr is not None
    out = proc.stdout

    def pump() -> None:
        for line in out:
            lines.put(line)

    threading.Thread(target=pump, daemon=True).start()
    try:
        deadline = time.monotonic() + 30
        port = None
        while port is None and time.monotonic() < deadline:
            try:
                line = lines.get(timeout=0.5)
            except queue.Empty:
                assert proc.poll() is None, f"serve exited early: {proc.stderr.read()}"
                continue
            match = SERVING.match(line)
            port = int(match.group(1)) if match else None
        assert port is not None, "no 'Serving' line within 30 s"
        assert request(port, "/index.html").status == 200
        proc.send_signal(signal.SIGINT)
        started = time.monotonic()
        try:
            code = proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pytest.fail("dossier serve did not stop within 5 s of SIGINT")
        took = time.monotonic() - started
        stderr = proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert "Traceback" not in stderr, stderr
    assert code in (0, 130), (code, stderr)
    assert took < 5
    with pytest.raises(OSError):
        request(port, "/index.html")  # the port is closed


def test_each_warning_is_said_once_and_errors_come_first(
    workspace: Workspace, start: Callable[..., LiveServer]
) -> None:
    """A warning at start is said once, not again on each rebuild; a failed build leads
    with its errors, in the terminal and in the event the overlay shows."""
    warned = "content/evidence/2026-06-01-said.md"
    workspace.write(
        warned,
        "---\ntitle: Said\ndate: 2026-06-01\ncompetencies: [design]\ntype: feedback\n---\nBody.\n",
    )
    server = start(workspace.root)
    with EventStream(server, "/index.html") as events:
        first = events.expect("built")
        workspace.write(ALPHA_FILE, alpha_text("Edited once."))
        events.expect("built", lambda d: d["version"] > first["version"])
        workspace.write(ALPHA_FILE, alpha_text("Broken.").replace("[design]", "[design"))
        failed = events.expect("failed")
    said = [m for _, m in server.messages if "feedback without" in m]
    assert len(said) == 1, server.transcript()
    severities = [line.split(": ")[1] for line in failed["errors"]]
    assert severities == sorted(severities, key=lambda s: s != "error"), failed["errors"]
    assert severities[0] == "error" and "warning" in severities, failed["errors"]
    failed_at = next(i for i, (_, m) in enumerate(server.messages) if "build failed" in m)
    assert server.messages[failed_at + 1][0] == "error", server.transcript()
