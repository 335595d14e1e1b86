"""Finding the workspace and its files on disk. Nothing here interprets content."""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from dossier.errors import Diagnostics, did_you_mean
from dossier.load.source import read_text
from dossier.load.yamlsrc import YamlDoc, load_yaml

CONFIG_FILE = "dossier.yaml"
CONTENT_KINDS = ("evidence", "goals", "pages")
BUILTIN_PREFIX = "builtin:"


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above start holding dossier.yaml."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
    return None


def builtin_frameworks() -> list[str]:
    folder = resources.files("dossier") / "frameworks"
    return sorted(
        f.name.removesuffix(".yaml") for f in folder.iterdir() if f.name.endswith(".yaml")
    )


def builtin_framework_text(name: str) -> str | None:
    if name not in builtin_frameworks():
        return None
    return (resources.files("dossier") / "frameworks" / f"{name}.yaml").read_text("utf-8")


def is_ignored(name: str) -> bool:
    """Hidden files and editor leftovers (swap, backup, lock files) are not content."""
    return name.startswith((".", "#", "~")) or name.endswith(("~", ".swp", ".swx", ".tmp", ".bak"))


def inside(root: Path, path: Path) -> bool:
    """True when path, with symlinks resolved, stays inside root."""
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError, RuntimeError):
        return False
    return True


@dataclass(frozen=True)
class FoundFile:
    path: Path
    rel: str  # workspace-relative, '/' separated


def walk_files(root: Path, folder: str, diags: Diagnostics) -> list[FoundFile]:
    """Every regular file under root/folder, sorted; symlinks leaving the workspace are
    refused and symlink loops walked once. Only symlinks are resolved (it is the slow part)."""
    base = root / folder
    if not base.is_dir() or not _stays(root, base, diags):
        return []
    found: list[FoundFile] = []
    seen: set[str] = {os.path.realpath(base)}
    pending = [(str(base), f"{folder}/")]
    while pending:
        here, rel_here = pending.pop()
        try:
            entries = sorted(os.scandir(here), key=lambda e: e.name)
        except OSError:
            continue  # vanished or unreadable folder: its files are simply not there
        folders = []
        for entry in entries:
            if is_ignored(entry.name):
                continue
            path = Path(entry.path)
            if entry.is_symlink() and not _stays(root, path, diags):
                continue
            if entry.is_dir():
                real = os.path.realpath(entry.path) if entry.is_symlink() else entry.path
                if real not in seen:
                    seen.add(real)
                    folders.append((entry.path, f"{rel_here}{entry.name}/"))
            elif entry.is_file():
                found.append(FoundFile(path, f"{rel_here}{entry.name}"))
        pending.extend(reversed(folders))
    return sorted(found, key=lambda f: f.rel)


def _stays(root: Path, path: Path, diags: Diagnostics) -> bool:
    if inside(root, path):
        return True
    rel = path.relative_to(root).as_posix()
    diags.error(
        rel,
        0,
        0,
        "symlink leads outside the workspace",
        "dossier reads nothing outside the workspace; copy the file in instead",
    )
    return False


def same_on_every_disk(rel: str) -> str:
    """A path as a case-insensitive, normalising file system (macOS, Windows) sees it:
    two paths with the same key would overwrite each other there."""
    return unicodedata.normalize("NFC", rel).casefold()


def list_attachments(root: Path, diags: Diagnostics) -> list[str]:
    """Files under content/files/, as 'files/<name>' (how evidence links them). Names that
    differ only in case or accents' encoding are errors: copied into a site, one would
    replace the other on macOS or Windows."""
    found: list[str] = []
    first: dict[str, str] = {}
    for item in walk_files(root, "content/files", diags):
        key = same_on_every_disk(item.rel)
        if key in first:
            diags.error(
                item.rel,
                0,
                0,
                f"attachment name clashes with {first[key]}",
                "rename one: on macOS and Windows the two would be the same file",
            )
            continue
        first[key] = item.rel
        found.append(item.rel.removeprefix("content/"))
    return found


def read_yaml_file(
    root: Path, rel: str, diags: Diagnostics, at: tuple[int, int] = (0, 0)
) -> YamlDoc | None:
    path = root / rel
    if not inside(root, path):
        diags.error(
            CONFIG_FILE,
            *at,
            f"'{rel}' is outside the workspace",
            "keep the framework inside the workspace, e.g. content/framework.yaml",
        )
        return None
    if not path.is_file() and rel == CONFIG_FILE:
        diags.error(
            CONFIG_FILE,
            0,
            0,
            f"{CONFIG_FILE} not found: the workspace has no settings file (deleted or renamed?)",
            f"put {CONFIG_FILE} back (e.g. `git checkout {CONFIG_FILE}`), or run `dossier init`",
        )
        return None
    if not path.is_file():
        diags.error(
            CONFIG_FILE,
            *at,
            f"framework file '{rel}' not found",
            "check `framework:` in dossier.yaml, or use builtin:product-management",
        )
        return None
    text = read_text(path, rel, diags)
    return None if text is None else load_yaml(text, rel, diags)


def read_framework(
    root: Path, ref: str, diags: Diagnostics, at: tuple[int, int] = (0, 0)
) -> YamlDoc | None:
    """The framework named in dossier.yaml (written at `at`): a file or `builtin:NAME`."""
    if not ref.startswith(BUILTIN_PREFIX):
        return read_yaml_file(root, ref, diags, at)
    name = ref.removeprefix(BUILTIN_PREFIX)
    text = builtin_framework_text(name)
    if text is None:
        names = builtin_frameworks()
        diags.error(
            CONFIG_FILE,
            *at,
            f"unknown built-in framework '{name}'{did_you_mean(name, names)}",
            f"built-in frameworks: {', '.join(BUILTIN_PREFIX + n for n in names)}",
        )
        return None
    return load_yaml(text, ref, diags)
