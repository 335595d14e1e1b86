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

from dossier.serve.hosts import LOOPBACK_NAMES, allowed_hosts
from dossier.serve.http import PreviewServer
from dossier.serve.live import LiveSite, Outcome
from dossier.serve.watcher import ChangeWatcher

LOOPBACK = LOOPBACK_NAMES


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
    allow_hosts: tuple[str, ...] = ()  # Host names answered besides this machine's own


Say = Callable[[str, str], None]  # (message, kind: info | ok | error | warning)


def start_server(options: ServeOptions, live: LiveSite, say: Say | None = None) -> PreviewServer:
    allowed = allowed_hosts(options.host, options.allow_hosts)
    try:
        return PreviewServer((options.host, options.port), live, allowed, say)
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
    server = start_server(options, live, say)
    url = address_of(server)
    if options.host not in LOOPBACK:
        view = "the private view" if options.audience == "self" else "this dossier"
        say(
            f"WARNING: listening on {options.host}: {view} (audience {options.audience}) is "
            "now reachable on the network; anyone who can reach this machine can read it. "
            "Use the default --host 127.0.0.1 unless you mean it.",
            "warning",
        )
    watch = Watch(options, say)  # before saying so: edits from then on are seen
    say(f"Serving the {options.audience} audience at {url}  (Ctrl-C to stop)", "info")
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True
    )
    thread.start()
    if options.open_browser:
        webbrowser.open(url)
    try:
        while not (stop and stop.is_set()):
            changed = watch.wait(timeout=0.5)
            if changed:
                report(live.rebuild(warm=server.pages_open()), say, len(changed), said)
    finally:
        watch.stop()
        server.stop()


class Watch:
    """The workspace watcher, made again when the workspace folder is replaced (moved
    away and copied back, checked out afresh): a watch follows the folder it was given,
    not its name."""

    def __init__(self, options: ServeOptions, say: Say):
        self.options, self.say = options, say
        self.watcher = self._start()
        self.missing = False

    def _start(self) -> ChangeWatcher | None:
        """A running watcher, or None while there is no folder to watch."""
        watcher = ChangeWatcher(self.options.root, (self.options.framework_file,))
        try:
            watcher.start()
        except OSError:
            return None
        return watcher

    def wait(self, timeout: float) -> set[str]:
        """The changes of the next burst; everything, when the folder was replaced."""
        if self.watcher is None:
            time.sleep(timeout)
            changed: set[str] = set()
            state = "replaced" if self.options.root.is_dir() else "gone"
        else:
            changed = self.watcher.wait(timeout)
            state = self.watcher.folder_state()
        if state == "replaced":
            self.stop()
            self.watcher = self._start()
            state = "gone" if self.watcher is None else state
        if state == "gone":
            if not self.missing:
                self.say(
                    f"the workspace folder {self.options.root} is gone; still serving the last "
                    "good build until it is back",
                    "warning",
                )
            self.missing = True
            return set()
        if state == "replaced":
            self.say(f"the workspace folder {self.options.root} was replaced; watching it", "info")
            changed = {"(workspace folder)"}
        self.missing = False
        return changed

    def stop(self) -> None:
        if self.watcher is not None:
            self.watcher.stop()
