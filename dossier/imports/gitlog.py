"""Reading a local git repository with `git` itself (no network): its commits, who wrote
them as .mailmap says, and how much each commit on the first-parent line changed."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from dossier.dates import parse_iso_date

GIT_TIMEOUT_SECONDS = 120  # a whole history of a big repository takes a few seconds
_SHA = re.compile(r"[0-9a-f]{40}([0-9a-f]{24})?")
_NUMSTAT = re.compile(r"\n?(\d+|-)\t(\d+|-)\t(.*)", re.DOTALL)
# one commit in `git log -z`: fields separated by NUL, as are commits
_FIELDS = ("%H", "%P", "%aE", "%ae", "%aI", "%cI", "%s", "%b")


class GitProblem(Exception):
    """A repository that cannot be read as asked, with what to do about it."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.hint = hint


@dataclass(frozen=True)
class Commit:
    sha: str
    parents: tuple[str, ...]
    email: str  # the author's address after .mailmap, lowercase
    raw_email: str  # as recorded in the commit, lowercase
    authored: date  # the day as written in the commit's own time zone
    committed: date
    subject: str
    body: str


@dataclass(frozen=True)
class Change:
    """What a commit changed against its first parent."""

    files: int = 0
    added: int = 0
    deleted: int = 0
    folders: tuple[str, ...] = ()  # top-level folders touched, most files first


@dataclass(frozen=True)
class Repository:
    path: Path  # the top folder of the working tree
    name: str

    def git(self, *args: str, stdin: str | None = None) -> bytes:
        return run_git(self.path, *args, stdin=stdin)


def run_git(folder: Path, *args: str, stdin: str | None = None) -> bytes:
    """git's standard output; GitProblem when git is missing or the command fails."""
    if shutil.which("git") is None:
        raise GitProblem("git is not installed", "install git, then import again")
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), *args],
            input=stdin.encode() if stdin is not None else None,
            capture_output=True,
            timeout=GIT_TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise GitProblem(f"git could not run: {exc}") from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitProblem(said[0] if said else f"git {args[0]} failed")
    return done.stdout


def open_repository(folder: Path) -> Repository:
    """The repository at folder, checked for what an import needs: a work tree with
    commits and its whole history."""
    if not folder.is_dir():
        raise GitProblem(f"{folder}: no such folder", "give the path of a local git repository")
    try:
        top = run_git(folder, "rev-parse", "--show-toplevel").decode("utf-8", "replace").strip()
    except GitProblem:
        raise GitProblem(
            f"{folder}: not a git repository", "give the folder of a clone (where .git is)"
        ) from None
    repo = Repository(Path(top), Path(top).name or "repository")
    shallow = repo.git("rev-parse", "--is-shallow-repository").decode().strip()
    if shallow == "true":
        raise GitProblem(
            f"{folder}: a shallow clone: its history is cut short",
            "run `git fetch --unshallow` there, then import again",
        )
    try:
        repo.git("rev-parse", "--verify", "--quiet", "HEAD^{commit}")
    except GitProblem:
        raise GitProblem(f"{folder}: no commits yet", "commit something first") from None
    return repo


def author_emails(repo: Repository, given: Sequence[str]) -> frozenset[str]:
    """The addresses that count as the author's, as written and as .mailmap maps them;
    without --author, the repository's own `user.email`."""
    emails = [e.strip() for e in given if e.strip()]
    if not emails:
        try:
            emails = [repo.git("config", "user.email").decode("utf-8", "replace").strip()]
        except GitProblem:
            emails = []
    emails = [e for e in emails if e]
    if not emails:
        raise GitProblem(
            f"{repo.path}: no author to look for",
            "pass --author EMAIL, or set `git config user.email` in that repository",
        )
    mapped = repo.git("check-mailmap", *(f"<{e.strip('<>')}>" for e in emails))
    found = {e.strip("<>").casefold() for e in emails}
    for line in mapped.decode("utf-8", "replace").splitlines():
        if "<" in line:
            found.add(line.rpartition("<")[2].rstrip(">").strip().casefold())
    return frozenset(found)


def read_commits(repo: Repository) -> tuple[dict[str, Commit], str]:
    """Every commit reachable from HEAD, by sha, and HEAD's sha. Messages that are not
    UTF-8 are read with their bad bytes replaced."""
    head = repo.git("rev-parse", "HEAD").decode().strip()
    out = repo.git(
        "log", "-z", "--use-mailmap", "--encoding=UTF-8", f"--format={'%x00'.join(_FIELDS)}"
    )
    tokens = out.decode("utf-8", "replace").split("\0")
    if tokens and not tokens[-1]:
        tokens.pop()  # each commit ends with a NUL too
    if len(tokens) % len(_FIELDS):
        raise GitProblem(f"{repo.path}: git log gave output this version cannot read")
    commits: dict[str, Commit] = {}
    for i in range(0, len(tokens), len(_FIELDS)):
        commit = _commit(tokens[i : i + len(_FIELDS)])
        if commit is not None:
            commits[commit.sha] = commit
    return commits, head


def _commit(fields: list[str]) -> Commit | None:
    sha, parents, email, raw_email, authored, committed, subject, body = fields
    sha = sha.strip()
    author_day = parse_iso_date(authored.strip()[:10])
    commit_day = parse_iso_date(committed.strip()[:10])
    if not _SHA.fullmatch(sha) or author_day is None or commit_day is None:
        return None
    return Commit(
        sha,
        tuple(parents.split()),
        email.strip().casefold(),
        raw_email.strip().casefold(),
        author_day,
        commit_day,
        subject.strip(),
        body.strip(),
    )


def change_sizes(repo: Repository, shas: Iterable[str]) -> dict[str, Change]:
    """Files and lines each commit changed against its first parent (a merge: everything
    it brought in), renames counted as one file."""
    wanted = "\n".join(shas)
    if not wanted:
        return {}
    out = repo.git(
        "log",
        "--no-walk=unsorted",
        "--stdin",
        "--diff-merges=first-parent",
        "-M",
        "--numstat",
        "-z",
        "--format=%x1e%H",
        stdin=wanted + "\n",
    )
    sizes: dict[str, Change] = {}
    sha = ""
    entries: list[tuple[int, int, str]] = []
    tokens = iter(out.decode("utf-8", "replace").split("\0"))
    for token in tokens:
        if token.lstrip("\n").startswith("\x1e"):
            if sha:
                sizes[sha] = _change(entries)
            sha, entries = token.lstrip("\n")[1:].strip(), []
            continue
        match = _NUMSTAT.fullmatch(token)
        if match is None:
            continue
        path = match.group(3)
        if not path:  # a rename: the old and the new path follow
            next(tokens, "")
            path = next(tokens, "")
        entries.append((_count(match.group(1)), _count(match.group(2)), path))
    if sha:
        sizes[sha] = _change(entries)
    return sizes


def _count(text: str) -> int:
    return int(text) if text.isdigit() else 0  # binary files show '-'


def _change(entries: list[tuple[int, int, str]]) -> Change:
    folders: dict[str, int] = {}
    for _, _, path in entries:
        if "/" in path:
            top = path.split("/", 1)[0] + "/"
            folders[top] = folders.get(top, 0) + 1
    ranked = sorted(folders, key=lambda f: (-folders[f], f))
    return Change(
        len(entries), sum(e[0] for e in entries), sum(e[1] for e in entries), tuple(ranked)
    )


def remote_url(repo: Repository) -> str | None:
    """The address of `origin`, if any."""
    try:
        url = repo.git("config", "--get", "remote.origin.url").decode("utf-8", "replace")
    except GitProblem:
        return None
    return url.strip() or None
