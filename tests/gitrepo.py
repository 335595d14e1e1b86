"""Real git repositories made in tests: commits with the dates, authors and messages a
test names, made by the `git` command (no global configuration of the machine read)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ADA = ("Ada Lovelace", "ada@example.com")
BO = ("Bo Chen", "bo@example.com")


def git_env(home: Path) -> dict[str, str]:
    """An environment in which git reads no configuration but the repository's own."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=str(home / "gitconfig"),
        HOME=str(home),
        GIT_TERMINAL_PROMPT="0",
    )
    return env


@dataclass
class GitRepo:
    path: Path
    env: dict[str, str]
    made: int = 0  # commits made by commit(), for file names no two branches share

    @classmethod
    def create(cls, path: Path, user: tuple[str, str] = ADA) -> GitRepo:
        path.mkdir(parents=True, exist_ok=True)
        repo = cls(path, git_env(path.parent))
        repo.git("init", "-q", "-b", "main")
        repo.git("config", "user.name", user[0])
        repo.git("config", "user.email", user[1])
        repo.git("config", "commit.gpgsign", "false")
        return repo

    def git(self, *args: str, env: dict[str, str] | None = None, data: bytes | None = None) -> str:
        done = subprocess.run(
            ["git", "-C", str(self.path), *args],
            env={**self.env, **(env or {})},
            input=data,
            capture_output=True,
            check=False,
        )
        assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr.decode()}"
        return done.stdout.decode("utf-8", "replace").strip()

    @staticmethod
    def when(day: str, hour: int = 12) -> dict[str, str]:
        stamp = f"{day}T{hour:02d}:00:00+0000"
        return {"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}

    def commit(
        self,
        message: str | bytes,
        day: str,
        author: tuple[str, str] = ADA,
        files: dict[str, str] | None = None,
        committer: tuple[str, str] | None = None,
        hour: int = 12,
    ) -> str:
        """A commit writing `files` (default: one new file of one line)."""
        self.made += 1
        written = files if files is not None else {f"work/{self.made}.txt": f"{message!r}\n"}
        for name, text in written.items():
            target = self.path / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            self.git("add", "--", name)
        by = committer or author
        env = {
            **self.when(day, hour),
            "GIT_AUTHOR_NAME": author[0],
            "GIT_AUTHOR_EMAIL": author[1],
            "GIT_COMMITTER_NAME": by[0],
            "GIT_COMMITTER_EMAIL": by[1],
        }
        data = message if isinstance(message, bytes) else message.encode()
        self.git(
            "commit", "-q", "--allow-empty", "--cleanup=verbatim", "-F", "-", env=env, data=data
        )
        return self.head()

    def head(self) -> str:
        return self.git("rev-parse", "HEAD")

    @contextmanager
    def branch(self, name: str, start: str = "main") -> Iterator[None]:
        self.git("checkout", "-q", "-b", name, start)
        try:
            yield
        finally:
            self.git("checkout", "-q", "main")

    def merge(
        self, branch: str, subject: str, body: str, day: str, by: tuple[str, str] = BO
    ) -> str:
        env = {
            **self.when(day, 15),
            "GIT_AUTHOR_NAME": by[0],
            "GIT_AUTHOR_EMAIL": by[1],
            "GIT_COMMITTER_NAME": by[0],
            "GIT_COMMITTER_EMAIL": by[1],
        }
        self.git("merge", "-q", "--no-ff", branch, "-m", subject, "-m", body, env=env)
        return self.head()

    def shas(self, *args: str) -> list[str]:
        return self.git("log", "--format=%H", *args).split()


def fast_import(repo: GitRepo, commits: Sequence[tuple[bytes, str, tuple[str, str]]]) -> None:
    """Many commits at once (message bytes, day, author), each changing one file: made
    by `git fast-import`, which takes messages byte for byte."""
    chunks: list[bytes] = []
    for i, (message, day, (name, email)) in enumerate(commits, 1):
        stamp = _epoch(day)
        content = f"{i}\n".encode()
        chunks += [
            b"commit refs/heads/main\n",
            f"mark :{i}\n".encode(),
            f"author {name} <{email}> {stamp} +0000\n".encode(),
            f"committer {name} <{email}> {stamp} +0000\n".encode(),
            f"data {len(message)}\n".encode() + message + b"\n",
            *([f"from :{i - 1}\n".encode()] if i > 1 else []),
            f"M 644 inline work/{i % 50}.txt\n".encode(),
            f"data {len(content)}\n".encode() + content + b"\n",
        ]
    repo.git("fast-import", "--quiet", data=b"".join(chunks))
    repo.git("reset", "-q", "--hard", "main")


def _epoch(day: str) -> int:
    from datetime import datetime, timezone

    return int(datetime.fromisoformat(f"{day}T12:00:00").replace(tzinfo=timezone.utc).timestamp())
