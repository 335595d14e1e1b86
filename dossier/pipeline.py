"""The stages in order: load files -> validate the model -> (analyse, render, write).

load_dossier() reads and validates a whole workspace, collecting every problem; it
returns the Dossier only when there are no errors.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from itertools import chain
from pathlib import Path

import jinja2

from dossier.errors import Diagnostics
from dossier.load import git
from dossier.load import workspace as disk
from dossier.model.analysis import Report, analyse
from dossier.model.config import (
    CONFIG_FILE,
    DEFAULT_AUDIENCES,
    DEFAULT_FRAMEWORK,
    Config,
    check_levels_and_competencies,
    parse_config,
)
from dossier.model.content import Evidence, Goal
from dossier.model.documents import Content, ParseCache, Settings, parse_documents
from dossier.model.dossier import Dossier
from dossier.model.framework import Framework, parse_framework
from dossier.model.references import Targets, check_body, check_framework_ids, check_links
from dossier.parallel import release_free_memory
from dossier.render.context import Provenance, framework_changes
from dossier.render.leaks import Leak, Secret, copy_leaks, secrets_for
from dossier.render.mentions import check_mentions
from dossier.render.reuse import PageCache
from dossier.render.site import SiteInput, precompile
from dossier.render.stream import Progress, SiteStream, template_frames
from dossier.write.output import Entry, Stamp, check_output_folder, write_site


def load_config(root: Path, diags: Diagnostics) -> Config | None:
    doc = disk.read_yaml_file(root, CONFIG_FILE, diags)
    return None if doc is None else parse_config(doc, diags)


def load_framework(root: Path, config: Config, diags: Diagnostics) -> Framework | None:
    at = config.doc.at(("framework",)) if config.doc else (0, 0)
    doc = disk.read_framework(root, config.framework, diags, at)
    framework = None if doc is None else parse_framework(doc, diags)
    if framework is not None:
        check_levels_and_competencies(config, framework.level_ids, framework.competency_ids, diags)
    return framework


def _fallback_framework(root: Path, diags: Diagnostics) -> Framework | None:
    """When dossier.yaml is broken, still check the framework at its usual place."""
    if not (root / DEFAULT_FRAMEWORK).is_file():
        return None
    doc = disk.read_yaml_file(root, DEFAULT_FRAMEWORK, diags)
    return None if doc is None else parse_framework(doc, diags)


def _check_references(
    root: Path,
    framework: Framework | None,
    content: Content,
    attachments: list[str],
    diags: Diagnostics,
) -> None:
    """Links are checked always; ids and wikilinks only once the framework is known."""
    claims: list[Evidence | Goal] = [*content.evidence, *content.goals]
    for item in claims:
        check_links(item, item.links, root, diags)
        if framework is not None:
            check_framework_ids(item, framework, diags)
    targets = None
    if framework is not None:
        targets = Targets(
            frozenset(framework.competency_ids),
            frozenset(framework.all_expectations()),
            frozenset(framework.level_ids),
            frozenset(e.slug for e in content.evidence),
            frozenset(g.slug for g in content.goals),
            frozenset(p.slug for p in content.pages),
            frozenset(attachments),
        )
    for page_like in (*content.evidence, *content.goals, *content.pages):
        check_body(page_like, content.references.get(page_like.path, ()), targets, root, diags)


def settings_for(config: Config | None) -> Settings:
    if config is None:
        return Settings(DEFAULT_AUDIENCES, "manager", False)
    return Settings(config.audiences, config.default_visibility, config.site.allow_html)


def load_dossier(
    root: Path,
    diags: Diagnostics,
    cache: ParseCache | None = None,
    meanwhile: Callable[[Config], None] | None = None,
) -> Dossier | None:
    """Read and validate the workspace at root; None when any error was found. With a
    cache, files whose bytes did not change since the last call are not parsed again.
    `meanwhile(config)` is done while the other cores parse."""
    config = load_config(root, diags)
    framework = load_framework(root, config, diags) if config else _fallback_framework(root, diags)
    later = (lambda: meanwhile(config)) if meanwhile and config else None
    content = parse_documents(root, settings_for(config), diags, cache, later)
    attachments = disk.list_attachments(root, diags)
    _check_references(root, framework, content, attachments, diags)
    release_free_memory()  # what parsing left behind, before a build forks its workers
    if config is None or framework is None or diags.errors:
        return None
    return Dossier(
        root=root,
        config=config,
        framework=framework,
        evidence=tuple(sorted(content.evidence, key=lambda e: (e.date, e.slug))),
        goals=tuple(sorted(content.goals, key=lambda g: (g.due or date.max, g.slug))),
        pages=tuple(sorted(content.pages, key=lambda p: (p.order, p.title, p.slug))),
        people=config.people,
        attachments=tuple(attachments),
        references=content.references,
        bodies=content.bodies,
        public_texts=content.public_texts,
        private_lines=content.private_lines,
        keys=content.keys,
    )


# -- build: analyse, render, write ----------------------------------------------------------
@dataclass(frozen=True)
class BuildResult:
    out: Path
    audience: str
    files: int
    report: Report
    page_cache: PageCache = field(default_factory=dict)  # for the next build


def default_theme() -> Path:
    """The shipped theme: dossier/themes/default in a wheel, themes/default in a checkout."""
    package = Path(__file__).resolve().parent
    for candidate in (package / "themes" / "default", package.parent / "themes" / "default"):
        if (candidate / "templates").is_dir():
            return candidate
    raise FileNotFoundError("the default theme is missing from this installation")


def theme_folders(root: Path, config: Config, diags: Diagnostics) -> list[Path] | None:
    """Theme folders, most specific first: the workspace's themes/<name>, then the default."""
    folders = [default_theme()]
    chosen = root / "themes" / config.site.theme
    if chosen.is_dir() and disk.inside(root, chosen):
        # every template and static file must stay inside the workspace: refused otherwise
        before = len(diags.errors)
        disk.walk_files(root, f"themes/{config.site.theme}", diags)
        if len(diags.errors) > before:
            return None
        folders.insert(0, chosen)
    elif config.site.theme != "default":
        at = config.doc.at(("site", "theme")) if config.doc else (0, 0)
        diags.error(
            CONFIG_FILE,
            *at,
            f"theme '{config.site.theme}' not found",
            f"create themes/{config.site.theme}/templates/, or use theme: default",
        )
        return None
    return folders


def read_provenance(root: Path, dossier: Dossier) -> Provenance:
    config = dossier.config
    changes = None
    if config.framework_agreed and not config.framework.startswith(disk.BUILTIN_PREFIX):
        then = git.file_at_revision(root, config.framework_agreed, config.framework)
        changes = (
            framework_changes(then, dossier.framework, config.framework_agreed)
            if then is not None
            else None
        )
    return Provenance(git.first_commit_dates(root), changes)


def compile_theme(root: Path, keep_compiled: bool) -> Callable[[Config], None]:
    """Compiling the templates a build will use, to do while the files are parsed (the
    build finds them compiled; a broken one is reported by the build itself)."""

    def compile_them(config: Config) -> None:
        themes = theme_folders(root, config, Diagnostics())
        if themes is not None:
            precompile(tuple(theme / "templates" for theme in themes), keep_compiled)

    return compile_them


def static_copies(root: Path, themes: list[Path], diags: Diagnostics) -> dict[str, Path]:
    """site path -> source file for theme static files (workspace theme wins)."""
    copies: dict[str, Path] = {}
    for theme in reversed(themes):
        static = theme / "static"
        if disk.inside(root, theme):
            found = [
                (f.path, f.path.relative_to(static))
                for f in disk.walk_files(root, static.relative_to(root).as_posix(), diags)
            ]
        else:
            found = [(p, p.relative_to(static)) for p in sorted(static.rglob("*")) if p.is_file()]
        for path, rel in found:
            copies[f"static/{rel.as_posix()}"] = path
    return copies


def _report_template_error(exc: jinja2.TemplateError, root: Path, diags: Diagnostics) -> None:
    """A broken theme template as a diagnostic with its file and line."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        diags.error(
            template_path(exc.filename, root),
            exc.lineno or 0,
            1,
            f"template error: {exc.message}",
            "fix the template, or delete it to fall back to the default theme",
        )
        return
    where, line = failing_template(exc, root)
    diags.error(
        where,
        line,
        1 if line else 0,
        f"template error: {exc}",
        "a theme template uses a value that does not exist; check its names",
    )


def report_leaks(leaks: list[Leak], audience: str, diags: Diagnostics) -> None:
    """One error per hidden thing that reached the output, naming where it came from."""
    files: dict[Secret, list[str]] = {}
    for leak in leaks:
        files.setdefault(leak.secret, []).append(leak.file)
    for secret, where in files.items():
        shown = ", ".join(sorted(where)[:3]) + (
            f" and {len(where) - 3} more" if len(where) > 3 else ""
        )
        diags.error(
            secret.source,
            0,
            0,
            f"leak check: {secret.what} appears in the {audience} build ({shown})",
            "nothing hidden from an audience may reach its build: remove the mention, "
            "or widen the item's visibility if it is meant to be shared",
        )


def failing_template(exc: BaseException, root: Path) -> tuple[str, int]:
    """The template (and line) a rendering error came from: the workspace's own theme
    file when one is involved, else the innermost template in the traceback."""
    frames = [(Path(name), line) for name, line in template_frames(exc)]
    ours = [(path, line) for path, line in frames if disk.inside(root, path)]
    if not (ours or frames):
        return "themes", 0
    path, line = (ours or frames)[-1]
    return template_path(str(path), root), line


def template_path(filename: str | None, root: Path) -> str:
    if not filename:
        return "themes"
    path = Path(filename)
    return path.relative_to(root).as_posix() if disk.inside(root, path) else path.name


def theme_words(themes: list[Path]) -> str:
    """The text of the templates: words every page shows ("Plan", "Gaps"...), which the
    leak check must not mistake for a hidden item's name. Called with the shipped theme
    only: a workspace's own templates are what the leak check watches."""
    return "\n".join(
        p.read_text("utf-8", "replace")
        for theme in themes
        for p in sorted((theme / "templates").rglob("*"))
        if p.is_file()
    )


class BuildFailed(Exception):
    """Stops writing a site half way; the diagnostics say why."""


class AudienceBuild:
    """One audience's site as a stream of (site path, bytes or file to copy), leak-checked
    file by file; the report, file count and page cache are known once it is consumed."""

    def __init__(
        self,
        dossier: Dossier,
        audience: str,
        as_of: date,
        themes: list[Path],
        provenance: Provenance,
        diags: Diagnostics,
        prefix: str = "",
        progress: Progress | None = None,
        cache: PageCache | None = None,
        previous: Path | None = None,
    ):
        self.dossier, self.audience, self.diags = dossier, audience, diags
        self.themes, self.prefix = themes, prefix
        self.view = dossier.for_audience(audience)
        self.report = analyse(self.view, as_of)
        templates = tuple(theme / "templates" for theme in themes)
        site = SiteInput(
            self.view, self.report, as_of, provenance.only(self.view.evidence), templates
        )
        self.secrets = secrets_for(dossier, self.view, theme_words(themes[-1:]))
        # a page reused from the last build passed the leak check for the same secrets
        checked = hashlib.sha256(repr(sorted(s.text for s in self.secrets)).encode())
        self.stream = SiteStream(site, self.secrets, progress, cache, checked.hexdigest(), previous)
        self.files = 0

    def __iter__(self) -> Iterator[Entry]:
        root = self.dossier.root
        try:
            for path, data in self.stream:
                self.files += 1
                yield self.prefix + path, data
        except jinja2.TemplateError as exc:
            _report_template_error(exc, root, self.diags)
            raise BuildFailed from exc
        copies = static_copies(root, self.themes, self.diags)
        copies.update({name: root / "content" / name for name in self.stream.attachments})
        leaks = self.stream.leaks + copy_leaks(root, copies, self.secrets)
        report_leaks(leaks, self.audience, self.diags)
        if self.diags.errors:
            raise BuildFailed
        for path, source in sorted(copies.items()):
            self.files += 1
            yield self.prefix + path, source

    def result(self, out: Path, stamps: Mapping[str, Stamp]) -> BuildResult:
        return BuildResult(
            out / self.prefix if self.prefix else out,
            self.audience,
            self.files,
            self.report,
            self.stream.reuse.finished(stamps, self.prefix),
        )


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
    root = dossier.root
    keep = dossier.config.site.keep
    check_output_folder(out, root, keep)
    themes = theme_folders(root, dossier.config, diags)
    if themes is None:
        return None
    provenance = read_provenance(root, dossier)
    builds = [
        AudienceBuild(
            dossier,
            a,
            as_of,
            themes,
            provenance,
            diags,
            f"{a}/" if len(audiences) > 1 else "",
            progress,
            page_caches.get(a, {}) if page_caches is not None else None,
            out / a if len(audiences) > 1 else out,
        )
        for a in audiences
    ]
    for build in builds:
        check_mentions(dossier, build.view, themes, diags, strict)
    if diags.errors:
        return None
    folders = {"", *(build.prefix for build in builds)}  # what the user put there is kept
    try:
        stamps = write_site(out, chain.from_iterable(builds), keep=keep, keep_in=folders)
    except BuildFailed:
        return None
    return [build.result(out, stamps) for build in builds]
