"""Watch the workspace and hand over bursts of changes as one batch.

Only what a build reads matters: dossier.yaml, content/, themes/ and the framework file.
The output folder, .git, caches and editor swap or backup files are ignored.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer

from dossier.load.workspace import is_ignored

WATCHED_TOP = ("dossier.yaml", "content", "themes")
QUIET_SECONDS = 0.012  # a burst of saves is over when nothing happened for this long
MAX_WAIT_SECONDS = 0.4  # ...or when it has gone on this long: show progress anyway


def _folder_identity(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


class _Handler(FileSystemEventHandler):
    def __init__(self, watcher: ChangeWatcher):
        self.watcher = watcher

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return  # reading a file changes nothing
        if event.is_directory and event.event_type == "modified":
            return  # a folder's own timestamp: the change to its file arrives separately
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            path = raw.decode() if isinstance(raw, bytes) else raw
            if path:
                self.watcher.notice(Path(path))


class ChangeWatcher:
    """Collects relevant changes under root; `wait()` returns them a burst at a time."""

    def __init__(self, root: Path, extra_files: tuple[str, ...] = ()):
        self.root = root.resolve()
        self.extra = set(extra_files)  # workspace-relative, e.g. a framework kept elsewhere
        self._changed: set[str] = set()
        self._last = 0.0
        self._lock = threading.Condition()
        self._observer = Observer()
        self._identity = _folder_identity(self.root)

    def folder_state(self) -> str:
        """'same' while the watched folder is still at root; 'gone' when nothing is
        there; 'replaced' when another folder took its place (the watch stays on the old)."""
        now = _folder_identity(self.root)
        if now is None:
            return "gone"
        return "same" if now == self._identity else "replaced"

    def relevant(self, path: Path) -> str | None:
        """The workspace-relative path when a build reads it, else None."""
        try:  # not resolved: a symlink leading out is still a change here
            rel = Path(os.path.abspath(path)).relative_to(self.root)
        except ValueError:
            return None
        parts = rel.parts
        if not parts or any(is_ignored(part) for part in parts):
            return None
        if parts[0] in WATCHED_TOP or rel.as_posix() in self.extra:
            return rel.as_posix()
        return None

    def notice(self, path: Path) -> None:
        rel = self.relevant(path)
        if rel is None:
            return
        with self._lock:
            self._changed.add(rel)
            self._last = time.monotonic()
            self._lock.notify_all()

    def start(self) -> None:
        # Only changes: reading files (as every rebuild does) must not wake the watcher.
        changes = [
            FileCreatedEvent,
            FileModifiedEvent,
            FileDeletedEvent,
            FileMovedEvent,
            FileClosedEvent,
            DirCreatedEvent,
            DirDeletedEvent,
            DirMovedEvent,
        ]
        self._observer.schedule(
            _Handler(self), str(self.root), recursive=True, event_filter=changes
        )
        self._observer.start()

    def stop(self) -> None:
        self._observer.stop()
        with self._lock:
            self._lock.notify_all()
        self._observer.join(timeout=2)

    def wait(self, timeout: float | None = None) -> set[str]:
        """Block until changes arrive, then until they stop arriving; the changed paths
        ({} on timeout)."""
        with self._lock:
            if not self._changed and not self._lock.wait_for(lambda: bool(self._changed), timeout):
                return set()
            first = time.monotonic()
            while True:
                quiet_for = time.monotonic() - self._last
                if quiet_for >= QUIET_SECONDS or time.monotonic() - first >= MAX_WAIT_SECONDS:
                    break
                self._lock.wait(QUIET_SECONDS - quiet_for)
            changed, self._changed = self._changed, set()
            return changed
