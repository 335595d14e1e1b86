"""The only code that writes the site: refuse dangerous output folders, build aside, then
swap, so a failed build leaves the previous site exactly as it was."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import tempfile
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from itertools import chain
from pathlib import Path, PurePosixPath

from dossier.write.keep import (
    DEFAULT_KEEP,
    MARKER,
    Carried,
    KeepError,
    is_kept,
    remove_marked,
    remove_stale,
)

MARKER_TEXT = "This folder is made by dossier and replaced on every build.\n"
BUILDING_TEXT = "This folder is being built by dossier; it replaces the site when it is done.\n"
_RENAME_EXCHANGE = 2


class OutputError(Exception):
    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.hint = hint


def check_output_folder(out: Path, root: Path, keep: Collection[str] = DEFAULT_KEEP) -> None:
    """Refuse the workspace, its parents, content/, themes/, and folders dossier did not
    make (a folder holding only what a build keeps, such as `.git`, is fine)."""
    out, root = out.resolve(), root.resolve()
    if out == root or root.is_relative_to(out):
        raise OutputError(
            f"refusing to build into {out}: it is the workspace or holds it",
            "build into a folder of its own, e.g. -o site",
        )
    if out.is_relative_to(root / "content") or (out / "content").exists():
        raise OutputError(
            f"refusing to build into {out}: it holds or is inside content/",
            "build into a folder of its own, e.g. -o site",
        )
    if out.is_relative_to(root / "themes"):
        raise OutputError(
            f"refusing to build into {out}: it is inside themes/, whose files every build "
            "copies into the site",
            "build into a folder of its own, e.g. -o site",
        )
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out} exists and is not a folder", "choose another output folder")
    mine = (out / MARKER).is_file()
    if out.is_dir() and not mine and any(not is_kept(p.name, keep) for p in out.iterdir()):
        raise OutputError(
            f"refusing to replace {out}: it is not empty and dossier did not make it",
            "empty it yourself, or choose another output folder",
        )


def _safe_target(folder: Path, rel: str) -> Path:
    parts = PurePosixPath(rel)
    if parts.is_absolute() or ".." in parts.parts or not parts.parts:
        raise OutputError(f"refusing to write '{rel}' outside the output folder")
    return folder.joinpath(*parts.parts)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two folders (Linux renameat2); False where unsupported."""
    libc_name = ctypes.util.find_library("c")
    if libc_name is None:
        return False
    try:
        libc = ctypes.CDLL(libc_name, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(result == 0)


def _swap_into_place(new: Path, out: Path) -> None:
    if not out.exists():
        new.rename(out)
        return
    if _exchange(new, out):
        remove_marked(new)  # now holds the previous site
        return
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    out.rename(old)
    try:
        new.rename(out)
    except OSError as exc:
        try:
            old.rename(out)  # put the previous site back before reporting the failure
        except OSError:
            raise OutputError(
                f"cannot put the new site in place ({exc.strerror or exc}); the previous "
                f"site is kept in {old}",
                "the next build puts it back (or rename it yourself)",
            ) from exc
        raise
    remove_marked(old)


def _ours(folder: Path) -> bool:
    return folder.is_dir() and not folder.is_symlink() and (folder / MARKER).is_file()


def _remove_leftovers(out: Path) -> None:
    """Folders an interrupted build of ours left beside the output (marked as ours; what
    it had carried of the user's goes back into the output folder first)."""
    for stale in sorted(out.parent.glob(f".{out.name}.old-*")):
        if _ours(stale):
            if not out.exists():
                stale.rename(out)  # the swap was cut short: bring the previous site back
            else:
                remove_marked(stale)
    for stale in sorted(out.parent.glob(f".{out.name}.new-*")):
        if _ours(stale):
            remove_stale(stale, out)
        elif stale.is_dir() and not stale.is_symlink():
            with contextlib.suppress(OSError):
                stale.rmdir()  # empty: killed before its marker was written


class _Previous:
    """The site being replaced: a file whose bytes stay the same is linked from it instead
    of written again (writing is the slow part of a rebuild; a link costs almost nothing,
    and the new folder is still complete on its own)."""

    def __init__(self, out: Path):
        self.folder = out if (out / MARKER).is_file() else None

    def same(self, rel: str, data: Pieces) -> Path | None:
        if self.folder is None:
            return None
        old = self.folder / rel
        try:
            if old.is_symlink() or old.stat().st_size != sum(len(p) for p in data):
                return None
            with old.open("rb") as f:
                if any(f.read(len(piece)) != piece for piece in data):
                    return None
        except OSError:
            return None
        return old


def _make_parent(target: Path, folders: set[Path]) -> None:
    """The folder of a file to write, made once, not asked for again for every file."""
    if target.parent not in folders:
        target.parent.mkdir(parents=True, exist_ok=True)
        folders.add(target.parent)


def _place(target: Path, data: Pieces, previous: _Previous, rel: str, folders: set[Path]) -> None:
    _make_parent(target, folders)
    old = previous.same(rel, data)
    if old is not None:
        try:
            os.link(old, target)
            return
        except OSError:
            pass  # no hard links here (another device, a file system without them)
    with target.open("wb") as f:
        for piece in data:
            f.write(piece)


Pieces = tuple[bytes, ...]  # a file given in pieces, written one after another
Stamp = tuple[int, int, int]  # a written file's size, modification time (ns) and inode


@dataclass(frozen=True)
class Kept:
    """A file of the site being replaced that is known to be what this build would
    write there: linked into the new site without being read."""

    path: Path


Entry = tuple[str, bytes | Pieces | Path | Kept]  # site path: bytes, a file to copy, or kept


def stamp_of(path: Path) -> Stamp | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ino)


def _keep(target: Path, kept: Kept, folders: set[Path]) -> None:
    _make_parent(target, folders)
    try:
        os.link(kept.path, target)
    except OSError:  # no hard links here: a copy then
        target.write_bytes(_read_source(kept.path))


def _read_source(path: Path) -> bytes:
    """A file to copy into the site (a theme file or an attachment)."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise OutputError(
            f"cannot copy {path}: {exc.strerror or exc}",
            "it changed while the site was being built; build again",
        ) from exc


def write_site(
    out: Path,
    files: Mapping[str, bytes | Pieces] | Iterable[Entry],
    copies: Mapping[str, Path] | None = None,
    keep: Collection[str] = DEFAULT_KEEP,
    keep_in: Iterable[str] = ("",),
) -> dict[str, Stamp]:
    """Write generated files and copy others into a fresh folder, then swap it in. Files
    may come from a generator, written as they come; if it raises, nothing is swapped
    in and the previous site stays as it was. What the user put in the output folder
    (and in each of its sub-folders `keep_in`: dot-files, `keep`) moves into the new
    one. Returns the stamp of each file written."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(out)
    previous = _Previous(out)
    new = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    carried = Carried()
    try:
        (new / MARKER).write_text(BUILDING_TEXT, encoding="utf-8")  # first: leftovers are ours
        umask = os.umask(0)
        os.umask(umask)
        new.chmod(0o777 & ~umask)
        stamps = _write_all(new, files, copies, previous)
        (new / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        if out.exists():
            carried.carry(out, new, keep, keep_in)
        _swap_into_place(new, out)
        carried.settled(out, new)
        return stamps
    except KeepError as exc:
        _discard(new, carried)
        raise OutputError(str(exc), exc.hint) from exc
    except BaseException:
        _discard(new, carried)
        raise


def _discard(new: Path, carried: Carried) -> None:
    """The new folder, after what it carried has gone back (kept when it could not)."""
    if carried.undo():
        remove_marked(new)


def _write_all(
    new: Path,
    files: Mapping[str, bytes | Pieces] | Iterable[Entry],
    copies: Mapping[str, Path] | None,
    previous: _Previous,
) -> dict[str, Stamp]:
    """Every file into the new folder; the stamp of each."""
    entries: Iterable[Entry] = files.items() if isinstance(files, Mapping) else files
    folders: set[Path] = set()
    stamps: dict[str, Stamp] = {}
    for rel, content in chain(entries, (copies or {}).items()):
        target = _safe_target(new, rel)
        if isinstance(content, Kept):
            _keep(target, content, folders)
        else:
            if isinstance(content, Path):
                content = _read_source(content)
            pieces = (content,) if isinstance(content, bytes) else content
            _place(target, pieces, previous, rel, folders)
        stamp = stamp_of(target)
        if stamp is not None:
            stamps[rel] = stamp
    return stamps
