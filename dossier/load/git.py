"""What git knows about the workspace: when each file was first committed, and the
framework file as it was at an agreed revision. Without git, all of it is absent."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

from dossier.dates import parse_iso_date

GIT_TIMEOUT_SECONDS = 20
_RECORD = "\x1e"


def _git(root: Path, *args: str) -> str | None:
    """Run git in root; None when git is missing, root is no repository, or it fails."""
    if shutil.which("git") is None:
        return None
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args],
            capture_output=True,
            timeout=GIT_TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.decode("utf-8", "replace")


def first_commit_dates(root: Path) -> dict[str, date]:
    """Workspace-relative path -> author date of the commit that first added it,
    following renames, from one `git log` over the whole workspace."""
    out = _git(
        root,
        "log",
        "--reverse",
        "--relative",
        "--name-status",
        "-M",
        "-z",
        f"--format={_RECORD}%as",
        "--",
        ".",
    )
    if not out:
        return {}
    first: dict[str, date] = {}
    for record in out.split(_RECORD)[1:]:
        day_text, _, changes = record.partition("\n")
        day = parse_iso_date(day_text.strip("\0\n"))
        if day is not None:
            _apply_changes(first, changes.strip("\0\n").split("\0"), day)
    return first


def _apply_changes(first: dict[str, date], fields: list[str], day: date) -> None:
    i = 0
    while i < len(fields):
        status = fields[i]
        if status.startswith(("R", "C")) and i + 2 < len(fields):
            old, new = fields[i + 1], fields[i + 2]
            first[new] = first.get(old, day) if status.startswith("R") else day
            i += 3
        elif status:
            if status.startswith("A"):
                first.setdefault(fields[i + 1], day)
            i += 2
        else:
            i += 1


def git_dir(root: Path) -> Path | None:
    """The repository's git folder, or None outside git."""
    out = _git(root, "rev-parse", "--absolute-git-dir")
    return Path(out.strip()) if out else None


def history_stamp(folder: Path | None) -> tuple[int, ...]:
    """Changes whenever a commit, checkout or tag changes what git would say: the times
    of HEAD, its log and the refs. Cheap (a few stats) so a preview can ask on every save."""
    if folder is None:
        return ()
    stamp: list[int] = []
    for name in ("HEAD", "logs/HEAD", "packed-refs", "refs/tags", "refs/heads"):
        try:
            stamp.append((folder / name).stat().st_mtime_ns)
        except OSError:
            stamp.append(0)
    return tuple(stamp)


def revision_exists(root: Path, revision: str) -> bool | None:
    """Whether git knows the revision (tag, branch or commit); None outside git."""
    if git_dir(root) is None:
        return None
    if revision.startswith("-"):
        return False
    return _git(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}") is not None


def file_at_revision(root: Path, revision: str, rel: str) -> str | None:
    """A workspace file's text at a revision (tag, branch or commit), or None."""
    if revision.startswith("-"):
        return None
    return _git(root, "show", f"{revision}:./{rel}")


def root_commits(root: Path) -> str:
    """The repository's first commit(s), or '' outside git (or before the first commit)."""
    out = _git(root, "rev-list", "--max-parents=0", "HEAD")
    return ",".join(sorted(out.split())) if out else ""


def commit_on(root: Path, day: date) -> str | None:
    """The last commit of HEAD made on or before `day` (local time), or None."""
    out = _git(root, "rev-list", "-1", f"--before={day.isoformat()} 23:59:59", "HEAD")
    return (out.strip() or None) if out else None
