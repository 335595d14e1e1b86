"""Files as git had them on a past day: what `dossier gaps --since` compares goals with.
Goals keep no dates of their own for status changes, so a goal closed since a day is one
whose status on that day, in the last commit made by then, was still open (or which did
not exist yet)."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from dossier.load import git

_STATUS = re.compile(r"^status:[ \t]*[\"']?([A-Za-z-]+)", re.M)
_remembered: dict[tuple[object, ...], dict[str, str] | None] = {}


def statuses_on(root: Path, day: date, paths: Sequence[str]) -> dict[str, str] | None:
    """path -> the `status:` the file had on `day`; a path missing then is left out. None
    when the workspace is not in git or nothing was committed by then."""
    folder = git.git_dir(root)
    if folder is None:
        return None
    key = (root, day, tuple(paths), git.history_stamp(folder))  # a new commit: asked again
    if key not in _remembered:
        if len(_remembered) > 64:
            _remembered.clear()
        _remembered[key] = _read_statuses(root, day, paths)
    return _remembered[key]


def _read_statuses(root: Path, day: date, paths: Sequence[str]) -> dict[str, str] | None:
    commit = git.commit_on(root, day)
    if commit is None:
        return None
    if not paths:
        return {}
    request = "".join(f"{commit}:./{path}\n" for path in paths).encode()
    try:
        done = subprocess.run(
            ["git", "-C", str(root), "cat-file", "--batch"],
            input=request,
            capture_output=True,
            timeout=git.GIT_TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return _parse_batch(done.stdout, paths) if done.returncode == 0 else None


def _parse_batch(out: bytes, paths: Sequence[str]) -> dict[str, str]:
    """`git cat-file --batch` answers: '<sha> blob <size>\\n<bytes>\\n' or '<x> missing'."""
    found: dict[str, str] = {}
    at = 0
    for path in paths:
        line_end = out.find(b"\n", at)
        if line_end < 0:
            break
        header = out[at:line_end].split()
        at = line_end + 1
        if len(header) != 3 or not header[2].isdigit():
            continue  # missing then
        size = int(header[2])
        text = out[at : at + size].decode("utf-8", "replace")
        at += size + 1
        front = text.split("\n---", 1)[0]
        status = _STATUS.search(front)
        found[path] = status.group(1) if status else "planned"
    return found
