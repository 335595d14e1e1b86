"""What `dossier serve` answers, and how it behaves when clients and folders misbehave
(issue 20, item 2 and the smaller serve items; SPEC 7 and 8 "Serve and other hosts").

A page on another origin can point a name it controls at 127.0.0.1 (DNS rebinding) and
read the private preview through it; the browser then sends that name as `Host`. The
preview answers only Host values naming the address it listens on, and its event stream
only the preview's own pages (`Origin`). Everything else gets a 403 with one line.
"""

from __future__ import annotations

import contextlib
import gc
import shutil
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator

import pytest
from conftest import Workspace
from test_serve import ALPHA, ALPHA_FILE, LiveServer, alpha_text, populate, wait_for
from test_serve import start as start  # the fixture, for pytest to find here

from dossier.serve import http as serve_http
from dossier.serve.hosts import allowed_hosts, host_name, refusal
from dossier.serve.live import LiveSite, Snapshot


def ask(
    port: int, path: str, headers: dict[str, str], version: str = "HTTP/1.1"
) -> tuple[int, bytes]:
    """Status and body of one request sent exactly as given (no client adds a Host)."""
    lines = [f"GET {path} {version}", *(f"{k}: {v}" for k, v in headers.items())]
    lines.append("Connection: close")
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        sock.settimeout(3)
        data = b""
        with contextlib.suppress(TimeoutError):  # an event stream never ends by itself
            while chunk := sock.recv(65536):
                data += chunk
                if b"\r\n\r\n" in data and b"text/event-stream" in data:
                    break
    head, _, body = data.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1."), f"no HTTP answer to {path} with {headers}: {data[:200]!r}"
    return int(head.split()[1]), body


@pytest.fixture
def server(ws: Workspace, start: Callable[..., LiveServer]) -> LiveServer:
    return start(populate(ws).root)


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """One server for the tests that only ask: none of them edits its workspace."""
    live = LiveServer(populate(Workspace(tmp_path_factory.mktemp("hosts") / "ws")).root)
    yield live
    live.close()


# -- Host ---------------------------------------------------------------------------------------
FOREIGN = [
    "attacker.example",
    "attacker.example:8000",
    "127.0.0.1.attacker.example",
    "localhost.evil",
]


@pytest.mark.parametrize("host", FOREIGN)
@pytest.mark.parametrize("path", ["/dossier.json", "/index.html", f"/evidence/{ALPHA}.html"])
def test_a_foreign_host_header_gets_403_and_nothing_of_the_dossier(
    shared: LiveServer, host: str, path: str
) -> None:
    status, body = ask(shared.port, path, {"Host": host})
    assert status == 403, (host, path, status, body[:200])
    assert body.count(b"\n") == 1 and b"--allow-host" in body, body
    assert b"Alpha" not in body and b"evidence" not in body.lower(), body


def test_a_request_without_host_is_refused(shared: LiveServer) -> None:
    status, body = ask(shared.port, "/dossier.json", {}, version="HTTP/1.0")
    assert status == 403, body


@pytest.mark.parametrize(
    "host", ["127.0.0.1", "localhost", "LocalHost", "localhost.", "[::1]", "127.0.0.1:{port}"]
)
def test_the_bound_address_by_any_of_its_names_is_answered(shared: LiveServer, host: str) -> None:
    status, body = ask(shared.port, "/dossier.json", {"Host": host.format(port=shared.port)})
    assert status == 200 and b"Alpha" in body, (host, status, body[:200])


# -- Origin on the event stream -----------------------------------------------------------------
def test_event_stream_refuses_pages_of_other_origins(shared: LiveServer) -> None:
    events = "/__dossier__/events?page=index.html"
    host = {"Host": f"127.0.0.1:{shared.port}"}
    for origin in (
        "http://attacker.example",
        f"http://localhost:{shared.port + 1}",
        f"https://127.0.0.1:{shared.port}",
        "null",
    ):
        status, body = ask(shared.port, events, {**host, "Origin": origin})
        assert status == 403, (origin, status, body)
        assert body.count(b"\n") == 1, body
    for origin in (f"http://127.0.0.1:{shared.port}", f"http://localhost:{shared.port}"):
        status, _ = ask(shared.port, events, {**host, "Origin": origin})
        assert status == 200, origin
    assert ask(shared.port, events, host)[0] == 200  # no Origin: not a cross-origin page


# -- --host 0.0.0.0 and --allow-host ------------------------------------------------------------
def test_any_address_answers_this_machine_and_allowed_names_and_warns(
    ws: Workspace, start: Callable[..., LiveServer]
) -> None:
    populate(ws)
    server = LiveServer(ws.root, host="0.0.0.0", allow_hosts=("phone-preview.test",))
    try:
        own = socket.gethostname()
        for host in (own, f"{own}:{server.port}", "phone-preview.test", "localhost"):
            assert ask(server.port, "/index.html", {"Host": host})[0] == 200, host
        assert ask(server.port, "/index.html", {"Host": "attacker.example"})[0] == 403
        warning = " ".join(m for k, m in server.messages if k == "warning")
        assert "private view" in warning and "network" in warning, server.transcript()
    finally:
        server.close()


def test_host_names_are_compared_without_port_case_or_brackets() -> None:
    assert host_name("[::1]:8000") == "::1"
    assert host_name("LocalHost.:80") == "localhost"
    assert host_name("::1") == "::1"
    allowed = allowed_hosts("127.0.0.1", ("my-laptop.lan",))
    assert refusal("my-laptop.lan:8000", None, 8000, allowed) == ""
    assert refusal("evil.example", None, 8000, allowed)
    assert refusal("localhost", "http://localhost:8001", 8000, allowed)
    assert refusal("localhost", "http://localhost:99999", 8000, allowed)  # no such port


# -- clients that go away, and too many of them -------------------------------------------------
def reset(sock: socket.socket) -> None:
    """Close with a TCP reset, as a browser tab killed mid-request does."""
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def test_a_client_that_goes_away_costs_no_traceback(
    server: LiveServer, capfd: pytest.CaptureFixture[str]
) -> None:
    for _ in range(5):
        sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
        sock.sendall(f"GET /index.html HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n\r\n".encode())
        sock.recv(1024)
        reset(sock)  # the server is now waiting for the next request on a dead connection
    time.sleep(0.5)
    assert server.get("/index.html").status == 200
    err = capfd.readouterr().err
    assert "Traceback" not in err and "ConnectionResetError" not in err, err
    assert len([m for _, m in server.messages if "could not answer" in m]) <= 1


def test_connections_are_bounded_and_idle_ones_time_out(
    server: LiveServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(serve_http.Handler, "timeout", 1.0)
    before = threading.active_count()
    idle = [socket.create_connection(("127.0.0.1", server.port), timeout=10) for _ in range(150)]
    try:
        time.sleep(0.5)
        grown = threading.active_count() - before
        assert grown <= serve_http.MAX_CONNECTIONS, f"{grown} threads for 150 idle connections"

        def closed_by_server(sock: socket.socket) -> bool:
            sock.settimeout(5)
            try:
                sock.recv(1024)  # b"" (closed) or a 503: answered either way
            except TimeoutError:
                return False  # still open, holding a thread
            except OSError:
                pass  # reset by the server
            return True

        assert all(closed_by_server(sock) for sock in idle), "an idle connection stayed open"
    finally:
        for sock in idle:
            sock.close()
    wait_for(lambda: server.get("/index.html").status == 200, "the server to answer again")


# -- the workspace changing under the server ------------------------------------------------------
def test_deleting_dossier_yaml_says_so_plainly(server: LiveServer, ws: Workspace) -> None:
    (ws.root / "dossier.yaml").unlink()
    wait_for(lambda: "dossier.yaml not found" in server.transcript(), "a message about it")
    assert "framework file 'dossier.yaml'" not in server.transcript()
    assert server.get("/index.html").status == 200  # the last good build is still served


def test_a_replaced_workspace_folder_is_watched_again(server: LiveServer, ws: Workspace) -> None:
    old = ws.root.with_name("ws.old")
    ws.root.rename(old)
    shutil.copytree(old, ws.root)
    wait_for(lambda: "was replaced" in server.transcript(), "a message that it was replaced")
    before = server.text(f"/evidence/{ALPHA}.html")
    assert "Alpha body text." in before
    (ws.root / ALPHA_FILE).write_text(alpha_text("Edited in the new folder."), "utf-8")
    wait_for(
        lambda: "Edited in the new folder." in server.text(f"/evidence/{ALPHA}.html"),
        "the edit in the new folder to show",
    )


def test_a_workspace_folder_moved_away_is_reported_once(server: LiveServer, ws: Workspace) -> None:
    ws.root.rename(ws.root.with_name("ws.gone"))
    wait_for(lambda: "is gone" in server.transcript(), "a message that the folder is gone")
    time.sleep(1.2)
    assert server.transcript().count("is gone") == 1, server.transcript()
    assert server.get("/index.html").status == 200


def test_a_page_that_fails_to_render_gets_an_answer(
    server: LiveServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug while making a page is a 500 with one line, never an empty reply."""
    snapshot = server_snapshot(server)

    def broken() -> bytes:
        raise ValueError("year 10000 is out of range")

    monkeypatch.setitem(snapshot.plan.makers, "timeline.html", broken)
    snapshot.rendered.pop("timeline.html", None)
    resp = server.get("/timeline.html")
    assert resp.status == 500 and b"year 10000" in resp.body, resp


def server_snapshot(server: LiveServer) -> Snapshot:
    """The live site's current snapshot, found through the server's own objects."""
    sites = [o for o in gc.get_objects() if isinstance(o, LiveSite) and o.root == server.root]
    assert sites and sites[-1].snapshot is not None
    return sites[-1].snapshot
