"""`dossier serve`: build, serve, watch, rebuild, reload, until Ctrl-C."""

from __future__ import annotations

import errno
import threading
import time
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from dossier.serve.http import PreviewServer
from dossier.serve.live import LiveSite, Outcome
from dossier.serve.watcher import ChangeWatcher

LOOPBACK = ("127.0.0.1", "localhost", "::1")


class ServeError(Exception):
    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.hint = hint


@dataclass(frozen=True)
class ServeOptions:
    root: Path
    host: str
    port: int
    audience: str
    as_of: date | None
    open_browser: bool
    framework_file: str  # workspace-relative, watched too


Say = Callable[[str, str], None]  # (message, kind: info | ok | error | warning)


def start_server(options: ServeOptions, live: LiveSite) -> PreviewServer:
    try:
        return PreviewServer((options.host, options.port), live)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise ServeError(
                f"port {options.port} on {options.host} is already in use",
                "stop the other server, or pick another port: --port 0 picks a free one",
            ) from exc
        raise ServeError(
            f"cannot listen on {options.host}:{options.port}: {exc.strerror or exc}",
            "check --host and --port",
        ) from exc


def report(outcome: Outcome, say: Say, changed: int = 0, said: set[str] | None = None) -> None:
    """One line per build, then its errors, then the warnings not said before in this run
    (`said`: a warning is said once, not again on every rebuild)."""
    stamp = time.strftime("%H:%M:%S")
    ms = outcome.seconds * 1000
    errors = [d for d in outcome.diagnostics if d.severity.value == "error"]
    if outcome.ok:
        what = f"{changed} file{'s' if changed != 1 else ''} changed, " if changed else ""
        say(f"{stamp} built in {ms:.0f} ms ({what}{outcome.pages} pages)", "ok")
    else:
        say(
            f"{stamp} build failed ({len(errors)} error{'s' if len(errors) != 1 else ''}); "
            "still serving the last good build",
            "error",
        )
    for item in errors:
        say(item.format(), "error")
    said = set() if said is None else said
    for item in outcome.diagnostics:
        text = item.format()
        if item.severity.value != "error" and text not in said:
            said.add(text)
            say(text, "warning")


def address_of(server: PreviewServer) -> str:
    """The address the server is bound to, as a URL (an IPv6 address in brackets)."""
    host, port = str(server.server_address[0]), int(server.server_address[1])
    return f"http://{f'[{host}]' if ':' in host else host}:{port}/"


def serve(
    options: ServeOptions, today: Callable[[], date], say: Say, stop: threading.Event | None = None
) -> None:
    """Run until Ctrl-C (or `stop` is set, for tests)."""
    live = LiveSite(options.root, options.audience, options.as_of, today)
    said: set[str] = set()
    report(live.rebuild(), say, said=said)
    server = start_server(options, live)
    url = address_of(server)
    if options.host not in LOOPBACK:
        say(
            f"WARNING: listening on {options.host}: anyone who can reach this machine can read "
            f"this dossier (audience {options.audience}). Use the default --host 127.0.0.1 "
            "unless you mean it.",
            "warning",
        )
    say(f"Serving the {options.audience} audience at {url}  (Ctrl-C to stop)", "info")
    watcher = ChangeWatcher(options.root, (options.framework_file,))
    watcher.start()
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True
    )
    thread.start()
    if options.open_browser:
        webbrowser.open(url)
    try:
        while not (stop and stop.is_set()):
            changed = watcher.wait(timeout=0.5)
            if changed:
                report(live.rebuild(warm=server.pages_open()), say, len(changed), said)
    finally:
        watcher.stop()
        server.stop()
