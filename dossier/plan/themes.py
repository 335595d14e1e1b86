"""Themes: where templates and static files come from (the workspace's theme first, then
the shipped one), and template errors told as file:line diagnostics."""

from __future__ import annotations

import traceback
from pathlib import Path

import jinja2

from dossier.errors import Diagnostics
from dossier.load import workspace as disk
from dossier.model.config import CONFIG_FILE, Config

TEMPLATE_FRAMES = "dossier_template_frames"


def default_theme() -> Path:
    """The shipped theme: dossier/themes/default in a wheel, themes/default in a checkout."""
    package = Path(__file__).resolve().parents[1]
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


def template_dirs(themes: list[Path]) -> tuple[Path, ...]:
    return tuple(theme / "templates" for theme in themes)


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


def template_frames(exc: BaseException) -> list[tuple[str, int]]:
    """The templates (file, line) a rendering error passed through, innermost last; kept
    on the exception by a worker process, whose traceback does not travel with it."""
    kept: list[tuple[str, int]] | None = getattr(exc, TEMPLATE_FRAMES, None)
    if kept is not None:
        return kept
    return [
        (f.filename, f.lineno or 0)
        for f in traceback.extract_tb(exc.__traceback__)
        if f.filename.endswith(".html")
    ]


def template_path(filename: str | None, root: Path) -> str:
    if not filename:
        return "themes"
    path = Path(filename)
    return path.relative_to(root).as_posix() if disk.inside(root, path) else path.name


def failing_template(exc: BaseException, root: Path) -> tuple[str, int]:
    """The template (and line) a rendering error came from: the workspace's own theme
    file when one is involved, else the innermost template in the traceback."""
    frames = [(Path(name), line) for name, line in template_frames(exc)]
    ours = [(path, line) for path, line in frames if disk.inside(root, path)]
    if not (ours or frames):
        return "themes", 0
    path, line = (ours or frames)[-1]
    return template_path(str(path), root), line


def report_template_error(exc: jinja2.TemplateError, root: Path, diags: Diagnostics) -> None:
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
