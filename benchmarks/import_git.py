"""Time of `dossier import git` on a repository of 5,000 commits.

    python benchmarks/import_git.py [--commits 5000] [--runs 3]

It makes a repository with `git fast-import` (two authors over two years: commits on the
main line, feature branches merged with merge commits, squash merges whose subjects end
in `(#N)`), starts a workspace with `dossier init`, then times `dossier import git` in a
fresh process, from a fresh copy of the workspace each run (so every run writes the same
drafts), median of --runs, with the CPU time it took beside the wall time (on a shared
machine the wall time also holds the time other work had the CPU). As a peer on the
same repository in the same run it times the `git log` that reads every commit's author
and message, which an import cannot avoid.
Target: under 3 s for 5,000 commits.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

TARGET_SECONDS = 3.0
START = datetime(2024, 3, 4, 9, 0, tzinfo=timezone.utc)
AS_OF = "2026-06-01"
AUTHORS = (("Ada Lovelace", "ada@example.com"), ("Bo Chen", "bo@example.com"))
SUBJECTS = ("Fix", "Add", "Refactor", "Document", "Speed up", "Test", "Rename", "Remove")
THINGS = ("the parser", "retries", "the cache", "delivery metrics", "the API", "logging")


def _git(folder: Path, *args: str, data: bytes | None = None) -> None:
    env_args = ["-c", "user.name=Ada Lovelace", "-c", "user.email=ada@example.com"]
    subprocess.run(["git", *env_args, "-C", str(folder), *args], input=data, check=True)


class Stream:
    """A `git fast-import` stream: commits on main, topic branches, merges."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []
        self.mark = 0
        self.count = 0

    def commit(self, branch: str, parents: list[int], message: str, author: int) -> int:
        self.mark += 1
        self.count += 1
        name, email = AUTHORS[author]
        stamp = int((START + timedelta(hours=3 * self.count)).timestamp())
        data = message.encode()
        content = f"{self.count}\n".encode()
        lines = [
            f"commit refs/heads/{branch}\nmark :{self.mark}\n",
            f"author {name} <{email}> {stamp} +0000\n",
            f"committer {name} <{email}> {stamp} +0000\n",
            f"data {len(data)}\n",
        ]
        self.chunks += [*(line.encode() for line in lines), data, b"\n"]
        if parents:
            self.chunks.append(f"from :{parents[0]}\n".encode())
        for other in parents[1:]:
            self.chunks.append(f"merge :{other}\n".encode())
        path = f"src/module{self.count % 40}/file{self.count % 7}.py"
        self.chunks += [f"M 644 inline {path}\ndata {len(content)}\n".encode(), content, b"\n"]
        return self.mark


def make_repository(folder: Path, commits: int) -> None:
    """About `commits` commits: every 10th step on main merges a branch of three commits
    by either author, every 7th is a squash merge, the rest are plain commits."""
    folder.mkdir(parents=True)
    _git(folder, "init", "-q", "-b", "main")
    stream = Stream()
    tip = stream.commit("main", [], "Start", 0)
    step = 0
    while stream.count < commits:
        step += 1
        author = 0 if step % 3 else 1
        words = f"{SUBJECTS[step % len(SUBJECTS)]} {THINGS[step % len(THINGS)]}"
        if step % 10 == 0:
            branch = tip
            for i in range(3):
                branch = stream.commit(f"topic{step}", [branch], f"{words}, part {i + 1}", author)
            message = f"Merge pull request #{step} from team/topic{step}\n\n{words}"
            tip = stream.commit("main", [tip, branch], message, 1 - author)
        elif step % 7 == 0:
            tip = stream.commit("main", [tip], f"{words} (#{step})", author)
        else:
            tip = stream.commit("main", [tip], f"{words} in step {step}", author)
    _git(folder, "fast-import", "--quiet", data=b"".join(stream.chunks))
    _git(folder, "reset", "-q", "--hard", "main")
    _git(folder, "config", "user.email", "ada@example.com")


def dossier(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dossier", *args], cwd=cwd, capture_output=True, text=True
    )


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dossier-import-") as temp:
        base = Path(temp)
        repo = base / "api"
        made = time.perf_counter()
        make_repository(repo, options.commits)
        print(f"repository: {options.commits:,} commits in {time.perf_counter() - made:.1f} s")
        template = base / "template"
        init = dossier("init", str(template), "--framework", "engineering", "--name", "Ada")
        if init.returncode:
            print(init.stdout, init.stderr)
            return 1
        walls: list[float] = []
        cpus: list[float] = []
        output = ""
        for run in range(options.runs + 1):  # the first run warms the disk cache
            workspace = base / f"ws{run}"
            shutil.copytree(template, workspace)
            command = [sys.executable, "-m", "dossier", "import", "git", str(repo)]
            command += ["-C", str(workspace), "--since", "2000-01-01", "--as-of", AS_OF]
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            done = subprocess.run(command, capture_output=True, text=True)
            took = time.perf_counter() - started
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if done.returncode:
                print(done.stdout, done.stderr)
                return 1
            output = done.stdout
            if run:
                walls.append(took)
                cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        drafts = len(list((base / "ws1" / "content/evidence").glob("*.md"))) - 2
        log = ["git", "-C", str(repo), "log", "-z", "--use-mailmap", "--format=%H%P%aE%s%b"]
        peer = statistics.median(timed(log) for _ in range(options.runs))
        median = statistics.median(walls)
        print(f"drafts written: {drafts} ({output.strip().splitlines()[-1]})")
        print(
            f"dossier import git: median {median:.2f} s of {options.runs} runs "
            f"(min {min(walls):.2f}, max {max(walls):.2f}); CPU time (user + system, "
            f"git included) median {statistics.median(cpus):.2f} s"
        )
        print(f"git log of every commit (the peer): median {peer:.2f} s")
        print(f"load average of the machine meanwhile: {os.getloadavg()[0]:.1f}")
        verdict = "PASS" if median < TARGET_SECONDS else "FAIL"
        print(
            f"target: {options.commits:,} commits under {TARGET_SECONDS:.0f} s  "
            f"{median:.2f} s  {verdict}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
