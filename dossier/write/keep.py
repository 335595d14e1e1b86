"""What a rebuild keeps of the output folder: what the user put there.

A site folder is often a git repository of its own (`git init` in it, push to a static
host), with host files beside the pages (`CNAME`, `.nojekyll`, `_headers`...). A build
replaces the folder with a new one, so these are moved into the new folder before it is
swapped in: `.git`, every other dot-file, and the names in `site.keep`. Before they are
moved, their names are written into the new folder (CARRIED), so that a build killed
half way lets the next one give them back instead of deleting them with its leftovers.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Collection, Iterable
from pathlib import Path

from dossier.model.kept import MARKER as MARKER
from dossier.vocabulary import DEFAULT_KEEP as DEFAULT_KEEP

CARRIED = ".dossier-carried"  # in a folder being built: what was moved in, a name a line


class KeepError(Exception):
    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.hint = hint


def is_kept(name: str, keep: Collection[str]) -> bool:
    """An entry of the output folder that the user owns, not the build."""
    return name not in (MARKER, CARRIED) and (name.startswith(".") or name in keep)


def kept_names(folder: Path, keep: Collection[str]) -> list[str]:
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    return [name for name in names if is_kept(name, keep)]


class Carried:
    """The user's entries moved from the site being replaced into the new folder, so that
    they can go back if the new folder is not swapped in."""

    def __init__(self) -> None:
        self.moves: list[tuple[Path, Path]] = []  # (where it was, where it is now)
        self.lists: list[Path] = []

    def carry(self, old: Path, new: Path, keep: Collection[str], folders: Iterable[str]) -> None:
        """Move the kept entries of each of `folders` ('' for the top) of old into new."""
        for folder in folders:
            source, target = old / folder, new / folder
            names = kept_names(source, keep)
            clash = [n for n in names if os.path.lexists(target / n)]
            if clash:
                raise KeepError(
                    f"the build writes '{folder}{clash[0]}', which the output folder keeps "
                    "(a dot-file or a name in site.keep)",
                    "take the name out of site.keep, or rename the file the build writes",
                )
            if not names:
                continue
            target.mkdir(parents=True, exist_ok=True)
            (target / CARRIED).write_text("\n".join(names) + "\n", encoding="utf-8")
            self.lists.append(target / CARRIED)
            for name in names:
                os.rename(source / name, target / name)
                self.moves.append((source / name, target / name))

    def undo(self) -> bool:
        """Move everything back; False when something could not go back (the new folder
        must then not be deleted: the next build gives it back)."""
        back = True
        for was, now in reversed(self.moves):
            try:
                os.rename(now, was)
            except OSError:
                back = False
        self.moves.clear()
        return back

    def settled(self, out: Path, new: Path) -> None:
        """After the swap: the lists of what was carried are not part of the site."""
        for listed in self.lists:
            (out / listed.relative_to(new)).unlink(missing_ok=True)


def give_back(stale: Path, out: Path) -> bool:
    """Move the entries a killed build had carried into `stale` back into `out`. True
    when `stale` holds nothing of the user's any more (it may then be deleted)."""
    safe = True
    for listed in [stale / CARRIED, *stale.glob(f"*/{CARRIED}")]:
        try:
            names = listed.read_text("utf-8").split("\n")
        except OSError:
            continue
        folder = listed.parent
        for name in filter(None, names):
            here, home = folder / name, out / folder.relative_to(stale) / name
            if not os.path.lexists(here):
                continue
            if os.path.lexists(home) or not home.parent.is_dir():
                safe = False  # never replace what is there now: leave it for the user
                continue
            try:
                os.rename(here, home)
            except OSError:
                safe = False
    return safe


def remove_stale(stale: Path, out: Path) -> None:
    """A folder an interrupted build left: the user's entries given back, then deleted."""
    if give_back(stale, out):
        remove_marked(stale)


def remove_marked(folder: Path) -> None:
    """Delete a folder dossier made, its marker last: a deletion cut short leaves a folder
    still known as dossier's, which the next build finishes deleting."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.name == MARKER:
            continue
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
    with contextlib.suppress(OSError):
        os.unlink(folder / MARKER)
    with contextlib.suppress(OSError):
        os.rmdir(folder)
