"""`dossier build`: every file of each audience's site plan, made by the speed layer
(pages kept from the last build, evidence pages on all cores) and written by the writer,
aside and swapped in at once."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from itertools import chain
from pathlib import Path

import jinja2

from dossier.analysis.gaps import Report
from dossier.errors import Diagnostics
from dossier.model.config import Config
from dossier.model.dossier import Dossier
from dossier.plan.site import SitePlan, plan_site, read_provenance, report_leaks
from dossier.plan.themes import report_template_error, template_dirs, theme_folders
from dossier.speed.reuse import PageCache
from dossier.speed.stream import Progress, SiteStream
from dossier.speed.templates import build_environment, precompile
from dossier.write.output import Entry, Stamp, check_output_folder, write_site


@dataclass(frozen=True)
class BuildResult:
    out: Path
    audience: str
    files: int
    report: Report
    page_cache: PageCache = field(default_factory=dict)  # for the next build
    link: str = ""  # a sealed site's link to send


def compile_theme(root: Path, keep_compiled: bool) -> Callable[[Config], None]:
    """Compiling the templates a build will use, to do while the files are parsed (the
    build finds them compiled; a broken one is reported by the build itself), and loading
    the calendar library plan.ics is written with."""

    def compile_them(config: Config) -> None:
        import dossier.render.ics  # noqa: F401  (icalendar, for plan.ics, loaded meanwhile too)

        themes = theme_folders(root, config, Diagnostics())
        if themes is not None:
            precompile(template_dirs(themes), keep_compiled)

    return compile_them


class BuildFailed(Exception):
    """Stops writing a site half way; the diagnostics say why."""


class AudienceBuild:
    """One audience's plan as a stream of (site path, bytes or file to copy), leak-checked
    file by file; the file count and page cache are known once it is consumed."""

    def __init__(
        self,
        plan: SitePlan,
        diags: Diagnostics,
        prefix: str = "",
        progress: Progress | None = None,
        cache: PageCache | None = None,
        previous: Path | None = None,
    ):
        self.plan, self.diags, self.prefix = plan, diags, prefix
        self.stream = SiteStream(plan, progress, cache, previous)
        self.files = 0

    def __iter__(self) -> Iterator[Entry]:
        try:
            for path, data in self.stream:
                self.files += 1
                yield self.prefix + path, data
        except jinja2.TemplateError as exc:
            report_template_error(exc, self.plan.view.root, self.diags)
            raise BuildFailed from exc
        report_leaks(self.stream.leaks, self.plan.audience, self.diags)
        if self.diags.errors:
            raise BuildFailed
        for path, source in sorted(self.plan.copies.items()):
            self.files += 1
            yield self.prefix + path, source

    def result(self, out: Path, stamps: Mapping[str, Stamp]) -> BuildResult:
        return BuildResult(
            out / self.prefix if self.prefix else out,
            self.plan.audience,
            self.files,
            self.plan.report,
            self.stream.reuse.finished(stamps, self.prefix),
        )


def plan_audiences(
    dossier: Dossier,
    audiences: list[str],
    as_of: date,
    diags: Diagnostics,
    keep_compiled: bool = False,
    strict: bool = False,
) -> list[SitePlan] | None:
    """The plan of each audience's site, sharing one template environment and one look
    at git; None when any of them cannot be made (diagnostics say why)."""
    themes = theme_folders(dossier.root, dossier.config, diags)
    if themes is None:
        return None
    env = build_environment(template_dirs(themes), keep_compiled)
    provenance = read_provenance(dossier.root, dossier, diags)
    plans = [
        plan_site(dossier, a, as_of, themes, provenance, env, diags, strict) for a in audiences
    ]
    return [p for p in plans if p is not None] if not diags.errors else None


def build_site(
    dossier: Dossier,
    out: Path,
    audiences: list[str],
    as_of: date,
    diags: Diagnostics,
    progress: Progress | None = None,
    page_caches: dict[str, PageCache] | None = None,
    strict: bool = False,
) -> list[BuildResult] | None:
    """Render and write the site for one audience into `out`, or for several into
    `out/<audience>/`, swapped in at once. Pages are written as they are made. None on
    errors (diagnostics say why; the previous site is unchanged); raises OutputError when
    the output folder is refused."""
    keep = dossier.config.site.keep
    check_output_folder(out, dossier.root, keep)
    plans = plan_audiences(dossier, audiences, as_of, diags, page_caches is not None, strict)
    if plans is None:
        return None
    several = len(plans) > 1
    builds = [
        AudienceBuild(
            plan,
            diags,
            f"{plan.audience}/" if several else "",
            progress,
            page_caches.get(plan.audience, {}) if page_caches is not None else None,
            out / plan.audience if several else out,
        )
        for plan in plans
    ]
    folders = {"", *(build.prefix for build in builds)}  # what the user put there is kept
    try:
        stamps = write_site(out, chain.from_iterable(builds), keep=keep, keep_in=folders)
    except BuildFailed:
        return None
    return [build.result(out, stamps) for build in builds]
