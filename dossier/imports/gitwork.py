"""The author's work in one repository, as drafts: one per merged pull request (a merge
commit bringing in any commit of theirs, or a squash merge of theirs whose subject ends in
`(#123)`), one per repository and finished ISO week for the rest of their commits. Only
the first-parent line of HEAD is read: what landed, in the order it landed."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from dossier.imports.drafts import Draft, Target
from dossier.imports.gitlog import (
    Change,
    Commit,
    GitProblem,
    Repository,
    author_emails,
    change_sizes,
    open_repository,
    read_commits,
    remote_url,
)
from dossier.imports.text import (
    guess_competencies,
    has_word_character,
    inline,
    literal_block,
    one_line,
)

SQUASH = re.compile(r"\s*\(#(\d+)\)\s*$")
GITHUB_MERGE = re.compile(r"^Merge pull request #(\d+) from (\S+)")
GITLAB_REQUEST = re.compile(r"See merge request (\S+)!(\d+)")
MAX_LISTED = 40  # commits listed in one draft; the rest are counted


@dataclass(frozen=True)
class Window:
    """Which days to import: pull requests merged from `since` to `until`, weeks that
    start on or after `since` and are over by `weeks_until`."""

    since: date
    until: date
    weeks_until: date

    @classmethod
    def make(cls, since: date, until: date, today: date) -> Window:
        last_sunday = today - timedelta(days=today.isoweekday())  # today's week is not over
        return cls(since, until, min(until, last_sunday))


@dataclass(frozen=True)
class Landed:
    """A pull request as it landed on the first-parent line."""

    commit: Commit  # the merge commit, or the squashed commit
    number: int | None
    title: str
    mine: tuple[Commit, ...]  # the author's commits it brought in (a squash: itself)
    others: int  # commits by others it brought in


@dataclass
class RepoWork:
    repo: Repository
    drafts: list[Draft] = field(default_factory=list)
    already: int = 0  # pull requests and weeks imported before
    unfinished: int = 0  # the author's commits in weeks not over yet


def repository_work(
    folder: Path, authors: Sequence[str], window: Window, target: Target
) -> RepoWork:
    """The drafts for one repository; GitProblem when it cannot be read or holds nothing
    by the author at all (most often a wrong address: the hint says how to give one)."""
    repo = open_repository(folder)
    emails = author_emails(repo, authors)
    commits, head = read_commits(repo)
    landed, loose = _classify(commits, head, emails)
    if not landed and not loose:
        raise GitProblem(
            f"{repo.name}: no commits by {', '.join(sorted(emails))} (of {len(commits)} commits)",
            "pass --author with the address your commits carry (`git log --format=%aE`); "
            ".mailmap there maps old addresses to it",
        )
    work = RepoWork(repo)
    prs = [p for p in landed if window.since <= p.commit.committed <= window.until]
    weeks = _weeks(loose, window, work)
    shas = [p.commit.sha for p in prs] + [c.sha for week in weeks.values() for c in week]
    sizes = change_sizes(repo, shas)
    url_of = _pull_request_urls(repo)
    for pr in prs:
        draft = _pull_request_draft(repo, pr, sizes, url_of(pr), target)
        if any(target.is_known(key) for key in draft.keys):
            work.already += 1
        else:
            work.drafts.append(draft)
    for monday, week in sorted(weeks.items()):
        fresh = [c for c in week if not target.is_known(c.sha)]
        if fresh:
            work.drafts.append(_week_draft(repo, monday, fresh, sizes, target))
        else:
            work.already += 1
    return work


def _classify(
    commits: dict[str, Commit], head: str, emails: frozenset[str]
) -> tuple[list[Landed], list[Commit]]:
    """Walk the first-parent line from the root: merges and squash merges with work of
    the author's, and the author's other commits."""
    chain: list[Commit] = []
    sha: str | None = head
    while sha is not None and sha in commits:
        chain.append(commits[sha])
        sha = commits[sha].parents[0] if commits[sha].parents else None
    seen: set[str] = set()  # everything reachable from the commit before this one
    landed: list[Landed] = []
    loose: list[Commit] = []
    for commit in reversed(chain):
        if len(commit.parents) > 1:
            brought = _brought_in(commit, commits, seen)
            mine = tuple(c for c in brought if _by(c, emails))
            if mine:
                landed.append(_merge(commit, mine, len(brought) - len(mine)))
        elif _by(commit, emails):
            squash = SQUASH.search(commit.subject)
            if squash:
                title = commit.subject[: squash.start()]
                landed.append(Landed(commit, int(squash.group(1)), title, (commit,), 0))
            else:
                loose.append(commit)
        seen.add(commit.sha)
    return landed, loose


def _by(commit: Commit, emails: frozenset[str]) -> bool:
    return commit.email in emails or commit.raw_email in emails


def _brought_in(merge: Commit, commits: dict[str, Commit], seen: set[str]) -> list[Commit]:
    """The commits a merge brings in (M^1..M^2 and any further parents), oldest first;
    they are added to `seen`."""
    found: list[Commit] = []
    stack = list(merge.parents[1:])
    while stack:
        sha = stack.pop()
        if sha in seen or sha not in commits:
            continue
        seen.add(sha)
        found.append(commits[sha])
        stack.extend(commits[sha].parents)
    return sorted(found, key=lambda c: (c.authored, c.sha))


def _merge(commit: Commit, mine: tuple[Commit, ...], others: int) -> Landed:
    """A merge commit's pull request: its number and title where GitHub's or GitLab's
    message gives them, else the merge's own subject."""
    lines = [line.strip() for line in commit.body.splitlines() if line.strip()]
    github = GITHUB_MERGE.match(commit.subject)
    gitlab = GITLAB_REQUEST.search(commit.body)
    number = int(github.group(1)) if github else int(gitlab.group(2)) if gitlab else None
    described = [line for line in lines if not GITLAB_REQUEST.search(line)]
    title = described[0] if (github or gitlab) and described else commit.subject
    return Landed(commit, number, title, mine, others)


def _weeks(loose: list[Commit], window: Window, work: RepoWork) -> dict[date, list[Commit]]:
    """The author's other commits in the window, by the Monday of their ISO week; weeks
    not over yet are counted and left for a later import."""
    weeks: dict[date, list[Commit]] = {}
    for commit in loose:
        if not window.since <= commit.authored <= window.until:
            continue
        monday = commit.authored - timedelta(days=commit.authored.weekday())
        if monday + timedelta(days=6) > window.weeks_until:
            work.unfinished += 1
            continue
        weeks.setdefault(monday, []).append(commit)
    return weeks


def _pull_request_urls(repo: Repository) -> PullRequestUrl:
    remote = remote_url(repo)
    host, path = _host_and_path(remote) if remote else (None, None)
    return PullRequestUrl(host, path)


@dataclass(frozen=True)
class PullRequestUrl:
    """Where a pull request lives, when the repository's `origin` says: so that an export
    of the same pull request (`dossier import prs`) is recognised as imported already."""

    host: str | None
    path: str | None

    def __call__(self, pr: Landed) -> str | None:
        if not self.host or pr.number is None:
            return None
        gitlab = GITLAB_REQUEST.search(pr.commit.body)
        if gitlab:
            return f"https://{self.host}/{gitlab.group(1)}/-/merge_requests/{pr.number}"
        return f"https://{self.host}/{self.path}/pull/{pr.number}" if self.path else None


def _host_and_path(remote: str) -> tuple[str | None, str | None]:
    """('github.com', 'owner/repo') from an https, ssh or scp-like address of origin."""
    scp = re.fullmatch(r"[\w.+-]+@([\w.-]+):(?!//)(.+)", remote)
    if scp:
        host, path = scp.group(1), scp.group(2)
    else:
        try:
            parts = urlsplit(remote)
        except ValueError:
            return None, None
        if parts.scheme not in ("https", "http", "ssh", "git") or not parts.hostname:
            return None, None
        host, path = parts.hostname, parts.path
    path = path.strip("/").removesuffix(".git")
    return (host, path) if re.fullmatch(r"[\w.-]+(/[\w.-]+)+", path) else (None, None)


def _pull_request_draft(
    repo: Repository, pr: Landed, sizes: dict[str, Change], url: str | None, target: Target
) -> Draft:
    commit = pr.commit
    number = f" #{pr.number}" if pr.number is not None else ""
    how = "Merged" if len(commit.parents) > 1 else "Squash-merged"
    lines = [f"{how} pull request{number} in {inline(repo.name)} on {_day(commit.committed)}.", ""]
    if len(commit.parents) > 1:
        lines += _commit_list("Commits of yours in it" if pr.others else "Commits in it", pr.mine)
    if pr.others:
        lines += [f"And {pr.others} commit{'s' * (pr.others != 1)} by others.", ""]
    lines += [_change_line(sizes.get(commit.sha, Change()))]
    if len(commit.parents) == 1 and commit.body:
        lines += ["", "Its commit message:", "", literal_block(commit.body)]
    title = one_line(pr.title)
    title = title if has_word_character(title) else f"Pull request{number} in {repo.name}"
    texts = [title, *(c.subject for c in pr.mine)]
    sources = (f"git:{repo.name}@{commit.sha}", *([url] if url else []))
    return Draft(
        name=title,
        title=title,
        day=commit.committed,
        body="\n".join(lines),
        sources=sources,
        what=f"{repo.name}: pull request{number}",
        competencies=guess_competencies(target.info.framework, texts),
        links=((f"Pull request{number}", url),) if url else (),
    )


def _week_draft(
    repo: Repository,
    monday: date,
    commits: list[Commit],
    sizes: dict[str, Change],
    target: Target,
) -> Draft:
    sunday = monday + timedelta(days=6)
    count = f"{len(commits)} commit{'s' * (len(commits) != 1)}"
    total = _sum_changes([sizes.get(c.sha, Change()) for c in commits])
    lines = [
        f"{count} to {inline(repo.name)} from {_day(monday)} to {_day(sunday)}:",
        "",
        *_commit_list("", commits),
        _change_line(total),
    ]
    title = f"{repo.name}: {count}, week of {_day(monday)}"
    week = monday.isocalendar()[1]
    return Draft(
        name=f"{repo.name}-week-{week:02d}",
        title=title,
        day=monday,
        end=sunday,
        body="\n".join(lines),
        sources=tuple(f"git:{repo.name}@{c.sha}" for c in commits),
        what=f"{repo.name}: {count}, week of {_day(monday)}",
        competencies=guess_competencies(target.info.framework, [c.subject for c in commits]),
    )


def _commit_list(heading: str, commits: Sequence[Commit]) -> list[str]:
    shown = [f"- `{c.sha[:7]}` {inline(c.subject) or '(no subject)'}" for c in commits]
    if len(shown) > MAX_LISTED:
        shown = [*shown[:MAX_LISTED], f"- and {len(shown) - MAX_LISTED} more"]
    return [*([f"{heading}:", ""] if heading else []), *shown, ""]


def _sum_changes(changes: list[Change]) -> Change:
    folders: dict[str, int] = {}
    for change in changes:
        for rank, folder in enumerate(change.folders):
            folders[folder] = folders.get(folder, 0) + len(change.folders) - rank
    ranked = tuple(sorted(folders, key=lambda f: (-folders[f], f)))
    return Change(
        sum(c.files for c in changes),
        sum(c.added for c in changes),
        sum(c.deleted for c in changes),
        ranked,
    )


def _change_line(change: Change) -> str:
    files = f"{change.files} file{'s' * (change.files != 1)} changed"
    where = ", ".join(inline(f) for f in change.folders[:5])
    lines = f"+{change.added} -{change.deleted} lines"
    return f"{files}, {lines}, in {where}." if where else f"{files}, {lines}."


def _day(day: date) -> str:
    return f"{day.day} {day:%b %Y}"
