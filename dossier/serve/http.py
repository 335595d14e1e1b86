"""The preview's HTTP side: serves only the live site's own files, injects the reload
script into served pages (never into `dossier build` output), and pushes reload and
error events to open tabs over Server-Sent Events."""

from __future__ import annotations

import json
import mimetypes
import sys
import threading
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote

from dossier.load.workspace import inside
from dossier.markdown.markup import split_url
from dossier.serve.hosts import LOOPBACK_NAMES, refusal
from dossier.serve.live import LiveSite

PREFIX = "/__dossier__/"
EVENTS = PREFIX + "events"
SCRIPT = PREFIX + "live.js"
KEEPALIVE_SECONDS = 10.0
MAX_CONNECTIONS = 64  # open at once, event streams of open tabs included
IDLE_SECONDS = 30.0  # a connection that sends or takes nothing for this long is closed
DISCONNECTS = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError)
_BUSY_TEXT = b"dossier serve: too many open connections; try again\n"
BUSY = (
    b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nConnection: close\r\n"
    + f"Content-Length: {len(_BUSY_TEXT)}\r\n\r\n".encode()
    + _BUSY_TEXT
)
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".json": "application/json",
    ".ics": "text/calendar",
    ".js": "text/javascript; charset=utf-8",
}

LIVE_JS = (Path(__file__).parent / "live.js").read_text(encoding="utf-8")


def site_path(url_path: str) -> str | None:
    """The site file a URL names, or None when it tries to leave the site."""
    path = unquote(url_path)
    if "\0" in path or "\\" in path:
        return None
    parts = path.split("/")
    if any(part in (".", "..") for part in parts):
        return None
    rel = "/".join(p for p in parts if p)
    if not rel or path.endswith("/"):
        rel = f"{rel}/index.html".lstrip("/")
    return rel


def inject(html: bytes, version: int) -> bytes:
    """The page with the live-reload script added before </body>."""
    tag = f'<script src="{SCRIPT}" data-version="{version}"></script>'.encode()
    at = html.rfind(b"</body>")
    return html + tag if at < 0 else html[:at] + tag + html[at:]


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128  # a browser opens several connections at once

    def __init__(
        self,
        address: tuple[str, int],
        live: LiveSite,
        allowed: frozenset[str] = frozenset(LOOPBACK_NAMES),
        say: Callable[[str, str], None] | None = None,
    ):
        self.live = live
        self.allowed = allowed  # the Host names answered
        self.say = say
        self.stopping = threading.Event()
        self.viewers: dict[int, str] = {}  # open event streams -> the page they show
        self.viewers_lock = threading.Lock()
        self.slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        super().__init__(address, Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        """A thread per connection, up to MAX_CONNECTIONS; past that, a quick 503."""
        if not self.slots.acquire(blocking=False):
            try:
                request.settimeout(1.0)
                request.sendall(BUSY)
            except OSError:
                pass
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that goes away mid-answer is normal: nothing to say. Anything else is
        one line, never a traceback."""
        exc = sys.exc_info()[1]
        if isinstance(exc, DISCONNECTS) or exc is None:
            return
        if self.say is not None:
            self.say(f"could not answer a request: {type(exc).__name__}: {exc}", "warning")

    def pages_open(self) -> list[str]:
        with self.viewers_lock:
            return sorted(set(self.viewers.values()))

    def stop(self) -> None:
        self.stopping.set()
        with self.live.changed:
            self.live.changed.notify_all()
        self.shutdown()
        self.server_close()


class Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.1"
    timeout = IDLE_SECONDS

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the terminal shows builds, not requests

    def do_HEAD(self) -> None:
        self.do_GET(head=True)

    def do_GET(self, head: bool = False) -> None:
        url = split_url(self.path)
        if url is None:
            self.send(HTTPStatus.BAD_REQUEST, b"bad request", "text/plain", head)
            return
        origin = self.headers.get("Origin") if url.path == EVENTS else None
        port = int(self.server.server_address[1])
        refused = refusal(self.headers.get("Host"), origin, port, self.server.allowed)
        if refused:
            self.send(HTTPStatus.FORBIDDEN, f"{refused}\n".encode(), "text/plain", head)
            return
        if url.path == EVENTS:
            self.stream_events(parse_qs(url.query).get("page", [""])[0])
        elif url.path == SCRIPT:
            self.send(HTTPStatus.OK, LIVE_JS.encode(), TYPES[".js"], head)
        else:
            self.send_site_file(url.path, head)

    # -- files ------------------------------------------------------------------------------
    def send_site_file(self, url_path: str, head: bool) -> None:
        live = self.server.live
        rel = site_path(url_path)
        try:
            found, version = live.file(rel) if rel else (None, live.version)
        except Exception as exc:  # a bug while rendering: an answer, never an empty reply
            self.send_failure(url_path, exc, head)
            return
        if isinstance(found, Path):
            found = self.read_copy(found)
        if found is None:
            body = self.not_found_page(url_path)
            self.send(HTTPStatus.NOT_FOUND, inject(body, version), TYPES[".html"], head)
            return
        assert rel is not None
        suffix = Path(rel).suffix
        if suffix == ".html":
            found = inject(found, version)  # the version of the build the page comes from
        kind = TYPES.get(suffix) or mimetypes.guess_type(rel)[0] or "application/octet-stream"
        self.send(HTTPStatus.OK, found, kind, head)

    def read_copy(self, path: Path) -> bytes | None:
        """A theme or attachment file, re-checked now: no symlink may lead out."""
        live = self.server.live
        allowed = inside(live.root, path) or any(inside(theme, path) for theme in live.theme_roots)
        if not allowed:
            return None
        try:
            return path.read_bytes()
        except OSError:
            return None

    def send_failure(self, url_path: str, exc: Exception, head: bool) -> None:
        what = f"{type(exc).__name__}: {exc}"
        if self.server.say is not None:
            self.server.say(f"cannot render {url_path}: {what}", "error")
        body = f"dossier serve could not make {url_path} ({what}); see the terminal\n"
        self.send(HTTPStatus.INTERNAL_SERVER_ERROR, body.encode(), "text/plain", head)

    @staticmethod
    def not_found_page(url_path: str) -> bytes:
        from html import escape

        return (
            f"<!DOCTYPE html><html lang=en><title>Not found</title><body><h1>Not found"
            f"</h1><p>{escape(url_path)} is not part of the dossier. "
            f'<a href="/index.html">Overview</a></p></body></html>'
        ).encode()

    def send(self, status: HTTPStatus, body: bytes, kind: str, head: bool = False) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if not head:
            self.wfile.write(body)

    # -- events ---------------------------------------------------------------------------
    def stream_events(self, page: str) -> None:
        """Tell this tab about every new version and every build error, until it goes."""
        server = self.server
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        key = id(self)
        with server.viewers_lock:
            server.viewers[key] = site_path(page) or "index.html"
        try:
            seen: tuple[int, int] | None = None
            while not server.stopping.is_set():
                state = self.state_key()
                if state != seen:
                    self.write_event(*self.state_event())
                    seen = state
                    continue
                moved = self.wait_for_change(seen)
                if not moved:
                    self.wfile.write(b": keepalive\n\n")
                    self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, OSError):
            pass
        finally:
            with server.viewers_lock:
                server.viewers.pop(key, None)
            self.close_connection = True

    def wait_for_change(self, seen: tuple[int, int]) -> bool:
        live, server = self.server.live, self.server
        with live.changed:
            return live.changed.wait_for(
                lambda: self.state_key() != seen or server.stopping.is_set(), KEEPALIVE_SECONDS
            )

    def state_key(self) -> tuple[int, int]:
        live = self.server.live
        return live.version, id(live.errors)

    def state_event(self) -> tuple[str, str]:
        live = self.server.live
        if live.errors:
            lines = [d.format() for d in live.errors]
            return "failed", json.dumps({"version": live.version, "errors": lines})
        return "built", json.dumps({"version": live.version})

    def write_event(self, name: str, data: str) -> None:
        self.wfile.write(f"event: {name}\ndata: {data}\n\n".encode())
        self.wfile.flush()
