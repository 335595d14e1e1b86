"""Writing a one-file site: written beside its place, then renamed over it in one step,
and only over a file that dossier made (nothing the user wrote is replaced)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from dossier.write.output import OutputError

SUFFIXES = (".html", ".htm")
MARKER_WITHIN = 65536  # bytes from the start of a file made here that hold its marker


def check_single_file(target: Path, root: Path, marker: bytes) -> None:
    """Refuse a name that is not .html, a place inside content/, and any existing file
    that does not carry `marker` (dossier did not make it)."""
    target, root = target.resolve(), root.resolve()
    if target.suffix.lower() not in SUFFIXES:
        raise OutputError(
            f"refusing to write the one-file site to {target}: its name must end in .html",
            "e.g. --single-file sponsor.html",
        )
    if target.is_relative_to(root / "content"):
        raise OutputError(
            f"refusing to write {target}: it is inside content/",
            "write it outside content/, e.g. --single-file sponsor.html",
        )
    if not (target.exists() or target.is_symlink()):
        return
    made_here = False
    if target.is_file() and not target.is_symlink():
        try:
            with target.open("rb") as f:
                made_here = marker in f.read(MARKER_WITHIN)
        except OSError:
            made_here = False
    if not made_here:
        raise OutputError(
            f"refusing to replace {target}: dossier did not make it",
            "choose another file name, or move that file away yourself",
        )


def write_single_file(target: Path, data: bytes) -> None:
    """Written whole beside `target`, then renamed over it: never half a file."""
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{target.name}.new-", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as f:
            f.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp, 0o666 & ~umask)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
