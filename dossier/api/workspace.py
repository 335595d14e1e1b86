"""The library under the command line: a workspace, and what the commands do with it.
Every `dossier` command is a thin wrapper of one method of Workspace."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from dossier.analysis.changes import LAST_CHECK_IN, last_check_in
from dossier.analysis.gaps import analyse
from dossier.analysis.overtime import report_over_time
from dossier.api.results import CheckResult, GapReport, WorkspaceError, pick, problems
from dossier.build.load import load_dossier
from dossier.build.site import BuildResult, build_site, compile_theme, plan_audiences
from dossier.dates import resolve_today
from dossier.errors import Diagnostic, Diagnostics
from dossier.load.agreed import check_agreed_revision
from dossier.load.workspace import BUILTIN_PREFIX, CONFIG_FILE, find_root
from dossier.model.asof import as_of_view, warn_future_evidence
from dossier.model.config import Config
from dossier.model.dossier import Dossier
from dossier.model.quotes import warn_unquoted_feedback
from dossier.plan.site import SitePlan
from dossier.seal.options import SealOptions, check_options, refuse_private
from dossier.speed.caches import read_cache, read_pages, write_cache, write_pages
from dossier.speed.parsing import ParseCache
from dossier.speed.stream import Progress
from dossier.write.output import OutputError

if TYPE_CHECKING:  # the packet (python-docx) and the preview (watchdog, http) load when used
    from dossier.packet.export import ExportResult
    from dossier.serve.app import Say


@dataclass
class Workspace:
    """A dossier workspace: the folder holding dossier.yaml. With `cache` (the default),
    files parsed by an earlier run and unchanged since are not parsed again, and a build
    keeps the pages it made for the next one; the caches live in the user's cache folder."""

    path: str | os.PathLike[str] = "."
    cache: bool = True
    diagnostics: tuple[Diagnostic, ...] = field(default=(), init=False)  # of the last load

    def __post_init__(self) -> None:
        self.root = Path(self.path).resolve()
        self._parse_cache: ParseCache | None = None

    @classmethod
    def find(cls, start: str | os.PathLike[str] = ".", cache: bool = True) -> Workspace | None:
        """The workspace at `start` or the nearest parent holding dossier.yaml."""
        root = find_root(Path(start))
        return None if root is None else cls(root, cache)

    # -- loading ----------------------------------------------------------------------------
    def load(
        self, strict: bool = False, meanwhile: Callable[[Config], None] | None = None
    ) -> Dossier:
        """The validated workspace; raises WorkspaceError on errors (with `strict`, on
        warnings too). Warnings of a good load are in `diagnostics`."""
        diags = Diagnostics()
        dossier = self._load(diags, meanwhile)
        self.diagnostics = tuple(diags.items)
        if dossier is None or (strict and diags.warnings):
            raise WorkspaceError(f"the workspace has problems ({problems(diags)})", diags)
        return dossier

    def _load(
        self, diags: Diagnostics, meanwhile: Callable[[Config], None] | None
    ) -> Dossier | None:
        if not (self.root / CONFIG_FILE).is_file():
            diags.error(
                CONFIG_FILE,
                0,
                0,
                f"no {CONFIG_FILE} in {self.root}",
                "run `dossier init` there to start a workspace",
            )
            return None
        if not self.cache:
            return load_dossier(self.root, diags, meanwhile=meanwhile)
        self._parse_cache = read_cache(self.root)
        return load_dossier(self.root, diags, self._parse_cache, meanwhile)

    def save_cache(self) -> None:
        """Keep what the last load parsed for the next run (a build does it once written)."""
        if self._parse_cache is not None:
            write_cache(self.root, self._parse_cache)
            self._parse_cache = None

    # -- what the commands do -------------------------------------------------------------
    def check(self) -> CheckResult:
        """Validate every file; every problem is in the result, none is raised."""
        diags = Diagnostics()
        dossier = self._load(diags, None)
        self.save_cache()
        if dossier is not None:
            check_agreed_revision(self.root, dossier.config, diags)
        self.diagnostics = tuple(diags.items)
        if dossier is None:
            return CheckResult(self.diagnostics)
        warn_unquoted_feedback(dossier, diags)
        self.diagnostics = tuple(diags.items)
        with suppress(ValueError):  # a broken SOURCE_DATE_EPOCH: no today to compare with
            warn_future_evidence(dossier, resolve_today(None), diags)
            self.diagnostics = tuple(diags.items)
        counts = (len(dossier.evidence), len(dossier.goals), len(dossier.pages))
        ids = tuple(dossier.framework.competency_ids)
        return CheckResult(self.diagnostics, *counts, True, dossier.drafts, ids)

    def gaps(
        self,
        level: str | None = None,
        as_of: date | None = None,
        audience: str = "self",
        since: date | str | None = None,
    ) -> GapReport:
        """The gap report over what `audience` may see (default: everything) as it stood on
        `as_of`, with its readiness history; with `since` (a day, or "last-check-in"),
        what changed from then."""
        dossier = self.load()
        self.save_cache()
        day = resolve_today(as_of)
        seen = dossier.for_audience(pick(dossier.config.audiences, audience, "audience"))
        view = as_of_view(seen, day)
        chosen = pick(dossier.framework.level_ids, level or dossier.config.target_level, "level")
        report = analyse(view, day, chosen)
        history, changes = report_over_time(view, report, _since(since, view, day))
        return GapReport(report, view, history, changes)

    def plan(self, audience: str | None = None, as_of: date | None = None) -> SitePlan:
        """The plan of one audience's site (default: default_audience), to make files from."""
        dossier = self.load()
        chosen = pick(
            dossier.config.audiences, audience or dossier.config.default_audience, "audience"
        )
        diags = Diagnostics()
        plans = plan_audiences(dossier, [chosen], resolve_today(as_of), diags)
        if plans is None:
            raise WorkspaceError("the site cannot be planned", diags)
        return plans[0]

    def build(
        self,
        audience: str | None = None,
        output: str | os.PathLike[str] | None = None,
        as_of: date | None = None,
        *,
        all_audiences: bool = False,
        strict: bool = False,
        progress: Progress | None = None,
        seal: SealOptions | None = None,
        single_file: str | os.PathLike[str] | None = None,
    ) -> list[BuildResult]:
        """Render and write the site (one audience's, or each one's in output/<audience>/);
        with `seal`, encrypted for a link (the result's `link`); with `single_file`, as
        that one HTML file. Raises WorkspaceError with the reasons when the build fails
        (the previous site is then unchanged), write.output.OutputError for a refused
        output, SealUsageError for options that do not go together and SealError for a
        key that cannot be used."""
        check_options(seal, single_file is not None, all_audiences, audience)
        templates = compile_theme(self.root, keep_compiled=self.cache)  # while files parse
        dossier = self.load(strict, meanwhile=templates)
        load_warnings = self.diagnostics
        config = dossier.config
        chosen = (
            list(config.audiences)
            if all_audiences
            else [pick(config.audiences, audience or config.default_audience, "audience")]
        )
        out = Path(output).resolve() if output is not None else self.root / "site"
        diags = Diagnostics()
        delivered = seal is not None or single_file is not None
        if delivered:
            target = Path(single_file) if single_file is not None else None
            results = self._deliver(dossier, chosen[0], out, as_of, diags, seal, target, strict)
        else:
            pages = {a: read_pages(self.root, a) for a in chosen} if self.cache else None
            today = resolve_today(as_of)
            results = build_site(dossier, out, chosen, today, diags, progress, pages, strict)
        self.diagnostics = (*load_warnings, *diags.items)
        if results is None or (strict and diags.warnings):
            raise WorkspaceError(
                "build failed; the previous site is unchanged", diags, "fix the problems above"
            )
        self.save_cache()  # only once the site is written: a refused build writes nothing
        for result in results if self.cache and not delivered else ():
            write_pages(self.root, result.audience, result.page_cache)
        return results

    def _deliver(
        self,
        dossier: Dossier,
        audience: str,
        out: Path,
        as_of: date | None,
        diags: Diagnostics,
        seal: SealOptions | None,
        single_file: Path | None,
        strict: bool,
    ) -> list[BuildResult] | None:
        """A sealed folder, or the site as one file (sealed or not); with `strict`, a
        warning stops it before anything is written."""
        from dossier.build.sealed import build_delivered  # cryptography: only when sealing

        if seal is not None:
            refuse_private(audience)  # also when it is the default audience
        today = resolve_today(as_of)
        result = build_delivered(dossier, out, audience, today, diags, seal, single_file, strict)
        return None if result is None else [result]

    def seal_key(self, audience: str | None = None, store: Path | None = None) -> tuple[str, Path]:
        """`dossier key show`: the key `audience`'s sealed site is sealed with (as in its
        link), and the file it is kept in. Raises SealError when there is none yet."""
        from dossier.build.sealed import shown_key

        dossier = self.load()
        config = dossier.config
        chosen = pick(config.audiences, audience or config.default_audience, "audience")
        refuse_private(chosen)
        return shown_key(dossier, chosen, SealOptions(store=store))

    def export(
        self,
        audience: str | None = None,
        output: str | os.PathLike[str] | None = None,
        as_of: date | None = None,
        *,
        level: str | None = None,
        output_format: str | None = None,
        template: str | os.PathLike[str] | None = None,
    ) -> ExportResult:
        """`dossier export`: one audience's promotion packet (default: manager's) as one
        document, docx or md (default: from the file name, else docx), written to `output`
        (default: packet-<audience>.<format> in the current folder). Raises WorkspaceError
        when anything hidden from the audience is in it (nothing is written then), and
        write.output.OutputError for a file it may not or cannot write."""
        from dossier.packet import export as packet  # python-docx: only when exporting

        dossier = self.load()
        self.save_cache()
        config = dossier.config
        fallback = "manager" if "manager" in config.audiences else config.default_audience
        chosen = pick(config.audiences, audience or fallback, "audience")
        level = pick(dossier.framework.level_ids, level or config.target_level, "level")
        kind = packet.format_for(Path(output) if output is not None else None, output_format)
        if kind is None:
            raise ValueError(f"the file name '{output}' says another format than {output_format}")
        path = Path(output) if output is not None else Path(f"packet-{chosen}.{kind}")
        if refusal := packet.refused_output(path, self.root):
            raise OutputError(f"cannot write the packet: {refusal}", "pass -o FILE elsewhere")
        diags = Diagnostics()
        chosen_template = Path(template) if template is not None else None
        found = packet.export_packet(
            dossier, chosen, resolve_today(as_of), level, kind, chosen_template, diags
        )
        if found is None:
            raise WorkspaceError(
                f"the {chosen} packet was not written",
                diags,
                "nothing hidden from an audience may reach its packet: remove the mention, "
                "or widen the item's visibility if it is meant to be shared",
            )
        try:
            packet.write_atomically(path, found.data)
        except OSError as exc:
            hint = "check the folder is writable and has space; nothing else was changed"
            raise OutputError(f"cannot write {path}: {exc.strerror or exc}", hint) from exc
        warnings = packet.template_warnings(chosen_template, found)
        return packet.ExportResult(path, chosen, kind, found.packet.notes, warnings)

    def preview(
        self,
        host: str = "127.0.0.1",
        port: int = 8000,
        audience: str = "self",
        as_of: date | None = None,
        *,
        open_browser: bool = False,
        say: Say = lambda message, kind: None,
        stop: threading.Event | None = None,
        allow_hosts: tuple[str, ...] = (),
    ) -> None:
        """`dossier serve`: until Ctrl-C (or `stop` is set). Raises serve.app.ServeError.
        Answers requests naming this machine, and the names in `allow_hosts`."""
        from dossier.serve.app import ServeOptions, serve

        dossier = self.load()
        chosen = pick(dossier.config.audiences, audience, "audience")
        self.diagnostics = ()  # the preview says its warnings itself, each once per run
        framework = dossier.config.framework
        watched = "" if framework.startswith(BUILTIN_PREFIX) else framework
        options = ServeOptions(
            self.root, host, port, chosen, as_of, open_browser, watched, allow_hosts
        )
        serve(options, lambda: resolve_today(as_of), say, stop)


def _since(since: date | str | None, view: Dossier, as_of: date) -> date | None:
    """The day `since` names; "last-check-in" is the latest check-in before as-of."""
    if since != LAST_CHECK_IN:
        return since if isinstance(since, date) else None
    found = last_check_in(view.config.check_ins, as_of) if view.config.check_ins else None
    if found is None:
        raise WorkspaceError(
            f"no check-in is scheduled before {as_of.isoformat()}",
            Diagnostics(),
            "set check_ins (every_weeks, from) in dossier.yaml, or pass a date",
        )
    return found
