"""The live site: the last good build of the workspace, rendered page by page on demand,
and the current build error if there is one.

A rebuild re-reads only changed files (the parse cache), re-validates and re-analyses,
then swaps in a new set of page makers; pages are rendered when first asked for and kept
until the next rebuild, so a save costs one load plus the pages a browser has open.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from html import escape
from pathlib import Path

import jinja2

from dossier.build.load import load_dossier
from dossier.errors import Diagnostic, Diagnostics
from dossier.load import git
from dossier.model.dossier import Dossier
from dossier.plan.site import LeakFound, SitePlan, plan_site, read_provenance, report_leaks
from dossier.plan.themes import (
    report_template_error,
    template_dirs,
    template_path,
    theme_folders,
)
from dossier.render.context import Provenance
from dossier.render.site import make_environment
from dossier.speed.parsing import ParseCache


@dataclass
class Snapshot:
    """One good build: its site plan, and the pages rendered from it so far."""

    version: int
    plan: SitePlan
    rendered: dict[str, bytes] = field(default_factory=dict)


@dataclass(frozen=True)
class Outcome:
    ok: bool
    seconds: float
    diagnostics: tuple[Diagnostic, ...]
    pages: int = 0


class LiveSite:
    def __init__(self, root: Path, audience: str, as_of: date | None, today: Callable[[], date]):
        self.root = root
        self.audience = audience
        self.as_of = as_of
        self.today = today
        self.cache = ParseCache()
        self.snapshot: Snapshot | None = None
        self.errors: tuple[Diagnostic, ...] = ()
        self.version = 0
        self.changed = threading.Condition()  # notified on every new version or error
        self._render_lock = threading.Lock()
        self._env: tuple[object, jinja2.Environment] | None = None
        self.theme_roots: tuple[Path, ...] = ()  # where theme files may be read from
        self._git_dir: tuple[Path | None] | None = None
        self._provenance_cache: tuple[object, Provenance] | None = None

    # -- building ------------------------------------------------------------------------
    def rebuild(self, warm: Sequence[str] = ()) -> Outcome:
        """Load and analyse the workspace; on success swap in a new snapshot and render
        the pages in `warm` (those open in a browser) before announcing it."""
        started = time.perf_counter()
        diags = Diagnostics()
        snapshot = self._snapshot(diags)
        if snapshot is None:
            return self._failed(diags, started)
        for path in warm:
            if path in snapshot.plan.makers and not self._render_checked(snapshot, path, diags):
                return self._failed(diags, started)
        with self.changed:
            self.snapshot, self.errors, self.version = snapshot, (), snapshot.version
            self.changed.notify_all()
        return Outcome(
            True, time.perf_counter() - started, tuple(diags.warnings), len(snapshot.plan.makers)
        )

    def _failed(self, diags: Diagnostics, started: float) -> Outcome:
        """Keep serving the last good build; tell open tabs what is wrong."""
        with self.changed:
            # errors first: the overlay and the terminal lead with what stops the build
            self.errors = tuple(sorted(diags.sorted(), key=lambda d: d.severity.value != "error"))
            self.changed.notify_all()
        return Outcome(False, time.perf_counter() - started, self.errors)

    def _render_checked(self, snapshot: Snapshot, path: str, diags: Diagnostics) -> bool:
        """Render one page; a template error or a leak becomes a diagnostic, as in a build."""
        try:
            self._render(snapshot, path)
        except jinja2.TemplateError as exc:
            report_template_error(exc, self.root, diags)
            return False
        except LeakFound as found:
            report_leaks(found.leaks, self.audience, diags)
            return False
        return True

    def _snapshot(self, diags: Diagnostics) -> Snapshot | None:
        dossier = load_dossier(self.root, diags, self.cache)
        if dossier is None:
            return None
        if self.audience not in dossier.config.audiences:
            diags.error(
                "dossier.yaml",
                0,
                0,
                f"audience '{self.audience}' is not in audiences",
                f"audiences: {', '.join(dossier.config.audiences)}",
            )
            return None
        themes = theme_folders(self.root, dossier.config, diags)
        if themes is None:
            return None
        self.theme_roots = tuple(themes)
        return self._render_plan(dossier, themes, diags)

    def _render_plan(
        self, dossier: Dossier, themes: list[Path], diags: Diagnostics
    ) -> Snapshot | None:
        env = self._environment(template_dirs(themes), diags)
        if env is None:
            return None
        as_of = self.as_of or self.today()
        provenance = self._provenance(dossier, diags)
        plan = plan_site(dossier, self.audience, as_of, themes, provenance, env, diags)
        return None if plan is None else Snapshot(self.version + 1, plan)

    def _provenance(self, dossier: Dossier, diags: Diagnostics) -> Provenance:
        """What git says, asked again only when the history or the framework changed."""
        if self._git_dir is None:
            self._git_dir = (git.git_dir(self.root),)
        key = (git.history_stamp(self._git_dir[0]), dossier.framework, dossier.config)
        if self._provenance_cache is None or self._provenance_cache[0] != key:
            self._provenance_cache = (key, read_provenance(self.root, dossier, diags))
        return self._provenance_cache[1]

    def _environment(
        self, templates: tuple[Path, ...], diags: Diagnostics
    ) -> jinja2.Environment | None:
        """One template environment while the same template files exist (compiled
        templates are kept, and reloaded when edited); every template compiled up front so
        that a syntax error fails the rebuild instead of a page."""
        files = tuple(
            (folder, tuple(sorted(p.name for p in folder.glob("*.html"))))
            for folder in templates
            if folder.is_dir()
        )
        if self._env is None or self._env[0] != files:
            self._env = (files, make_environment(templates))
        env = self._env[1]
        for name in sorted({name for _, names in files for name in names}):
            try:
                env.get_template(name)
            except jinja2.TemplateSyntaxError as exc:
                diags.error(
                    template_path(exc.filename, self.root),
                    exc.lineno or 0,
                    1,
                    f"template error: {exc.message}",
                    "fix the template, or delete it to fall back to the default theme",
                )
        return None if diags.errors else env

    # -- serving ---------------------------------------------------------------------------
    def _render(self, snapshot: Snapshot, path: str) -> bytes:
        with self._render_lock:  # the renderer shares a Markdown parser and a cache
            found = snapshot.rendered.get(path)
            if found is None:
                found = snapshot.rendered[path] = snapshot.plan.make(path)
            return found

    def file(self, path: str) -> tuple[bytes | Path | None, int]:
        """A site file by its path (generated bytes, a file to copy, or None) and the
        version of the build it belongs to. A page whose template fails to render becomes
        an error shown in every open tab."""
        snapshot = self.snapshot
        if snapshot is None:
            return None, self.version
        if path in snapshot.plan.makers:
            diags = Diagnostics()
            if self._render_checked(snapshot, path, diags):
                return snapshot.rendered[path], snapshot.version
            self._failed(diags, time.perf_counter())
            return _error_page(path, [d.format() for d in diags.items]), snapshot.version
        return snapshot.plan.copies.get(path), snapshot.version

    def paths(self) -> list[str]:
        snapshot = self.snapshot
        return snapshot.plan.paths() if snapshot else []


def _error_page(path: str, lines: list[str]) -> bytes:
    items = "".join(f"<pre>{escape(line)}</pre>" for line in lines)
    return (
        "<!DOCTYPE html><html lang=en><title>Build error</title><body><h1>Cannot render "
        f"{escape(path)}</h1>{items}</body></html>"
    ).encode()
