"""Faults and determinism (SPEC section 7): a failed or killed build leaves the previous
site exactly as it was, and the same files always build to the same bytes.

1. `kill -9` of `dossier build` at random moments (a ~300-evidence workspace from
   benchmarks/corpus.py): `site/` is afterwards byte-identical to the previous build or to
   a complete clean build of the new files, never a mix and never missing; the next build
   succeeds and clears what the killed one left beside `site/`. A third of the trials kill
   at a random moment of the whole build, a third at a random moment after the build began
   writing its aside folder (a small share of the time otherwise), and a third within
   20 ms of the aside folder getting its marker (written last, just before the swap).
2. A read-only output folder and a full disk give a clear error (no traceback) and leave
   the previous site: simulated in-process by failing the file-system calls (`os.mkdir`,
   `open` for writing, `os.link`, `os.rename`) under the output's folder, which works
   whatever dossier writes with and as root (whom chmod does not stop); and for real on a
   small tmpfs where mounting one is allowed (root with CAP_SYS_ADMIN; skipped elsewhere).
3. A file that vanishes while the build reads it is reported, naming it, not crashed on.
4. Builds are byte-identical run to run and across locales, time zones, hash seeds and
   worker counts: the example workspace (also as a git repository, for the provenance
   dates), and a corpus workspace large enough to be parsed on several cores.

The long versions carry the `slow` marker (`pytest -m slow`, run by CI): 40 kill trials,
15 rounds of deleting files under a running build, and the full environment matrix. Each
prints its figures (shown with `pytest -rP` or `-s`).
"""

from __future__ import annotations

import builtins
import contextlib
import errno
import importlib.util
import io
import itertools
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from click.testing import CliRunner, Result
from conftest import REPO, Workspace

import dossier.write.output as output
from dossier.cli import cli
from dossier.load import workspace as disk

AS_OF = "2026-11-22"
DOSSIER = (sys.executable, "-m", "dossier")
BUILD_TIMEOUT = 300.0  # seconds: a generous bound for one build on a loaded CI machine
KILL_SEED = 20261122
KILL_EVIDENCE = 300
KILL_TRIALS_QUICK = 3
KILL_TRIALS_FULL = 40

Tree = dict[str, bytes | str | None]  # path -> bytes (file), "-> target" (link), None (folder)


# -- helpers ----------------------------------------------------------------------------------
def load_corpus() -> ModuleType:
    """benchmarks/corpus.py, imported by its path (benchmarks/ is not a package)."""
    name = "dossier_benchmarks_corpus"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, REPO / "benchmarks" / "corpus.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up while being made
        spec.loader.exec_module(module)
    return sys.modules[name]


def make_corpus(root: Path, n_evidence: int, seed: int) -> Path:
    load_corpus().make_workspace(root, n_evidence, seed)
    return root


def example_workspace(dest: Path) -> Path:
    """The example at the repository root, copied out of git and out of the repo."""
    dest.mkdir(parents=True)
    shutil.copy2(REPO / "dossier.yaml", dest / "dossier.yaml")
    shutil.copytree(REPO / "content", dest / "content")
    return dest


def tree(folder: Path) -> Tree | None:
    """Every file (bytes), symlink (target) and folder (None) under folder; None if the
    folder is not there."""
    if not folder.is_dir():
        return None
    found: Tree = {}
    for current, dirs, files in os.walk(folder):
        here = Path(current)
        for name in sorted(dirs + files):
            path = here / name
            rel = path.relative_to(folder).as_posix()
            if path.is_symlink():
                found[rel] = f"-> {os.readlink(path)}"
            elif path.is_dir():
                found[rel] = None
            else:
                found[rel] = path.read_bytes()
    return found


def restore(folder: Path, snap: Tree) -> None:
    """Put a snapshot back, byte for byte."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir()
    for rel, data in snap.items():
        path = folder / rel
        if data is None:
            path.mkdir(parents=True, exist_ok=True)
        else:
            assert isinstance(data, bytes), f"{rel}: {data!r}"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)


def tree_diff(got: Tree | None, expected: Tree | None, limit: int = 12) -> str:
    """A readable account of how two trees differ ('' when identical)."""
    if got == expected:
        return ""
    if got is None or expected is None:
        return f"one side is missing (got {got is not None}, expected {expected is not None})"
    lines = []
    for rel in sorted(set(got) | set(expected)):
        a, b = got.get(rel, "<absent>"), expected.get(rel, "<absent>")
        if a == b:
            continue
        if isinstance(a, bytes) and isinstance(b, bytes):
            at = next(
                (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y),
                min(len(a), len(b)),
            )
            lines.append(
                f"{rel}: {len(a)} vs {len(b)} bytes, first difference at {at}: "
                f"{a[max(0, at - 40) : at + 60]!r} vs {b[max(0, at - 40) : at + 60]!r}"
            )
        else:
            lines.append(f"{rel}: {str(a)[:60]} vs {str(b)[:60]}")
    more = f"\n... and {len(lines) - limit} more" if len(lines) > limit else ""
    return f"{len(lines)} paths differ:\n" + "\n".join(lines[:limit]) + more


def leftovers(out: Path) -> list[str]:
    """What an interrupted build of `out` may leave beside it."""
    return sorted(
        p.name
        for pattern in (f".{out.name}.new-*", f".{out.name}.old-*")
        for p in out.parent.glob(pattern)
    )


def asides(out: Path) -> set[str]:
    return {p.name for p in out.parent.glob(f".{out.name}.new-*")}


def clean_env(cache: Path, **extra: str) -> dict[str, str]:
    """The environment of a `dossier` subprocess: nothing from the developer's shell that
    changes a build, and a private cache folder."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("DOSSIER_")
        and k not in ("SOURCE_DATE_EPOCH", "NO_COLOR", "FORCE_COLOR", "PYTHONHASHSEED")
        and not k.startswith("LC_")
        and k not in ("LANG", "LANGUAGE", "TZ")
    }
    env["XDG_CACHE_HOME"] = str(cache)
    env.update(extra)
    return env


def build_command(ws: Path, *args: str) -> list[str]:
    return [*DOSSIER, "build", "-C", str(ws), "--as-of", AS_OF, *args]


def run_build(
    ws: Path, env: dict[str, str], *args: str, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        build_command(ws, *args),
        cwd=cwd or ws.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT,
        check=False,
    )


def build_ok(ws: Path, env: dict[str, str], *args: str) -> None:
    done = run_build(ws, env, *args)
    assert done.returncode == 0, f"build {args} failed:\n{done.stderr}"
    assert "Traceback" not in done.stderr, done.stderr


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), prog_name="dossier")


def no_crash(result: Result) -> None:
    """No traceback, and not the catch-all 'internal error' (a bug) either."""
    assert "Traceback" not in result.output, result.output
    assert "internal error" not in result.output, result.output
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), repr(result.exception)


def kill_group(proc: subprocess.Popen[Any]) -> None:
    """SIGKILL a build started in a session of its own, then whatever it forked."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)  # forked parse workers left without a parent


def swap_is_atomic(folder: Path) -> bool:
    """Whether this filesystem swaps folders with renameat2(RENAME_EXCHANGE)."""
    a, b = Path(tempfile.mkdtemp(dir=folder)), Path(tempfile.mkdtemp(dir=folder))
    try:
        return output._exchange(a, b)
    finally:
        shutil.rmtree(a)
        shutil.rmtree(b)


# == 1. kill -9 ===============================================================================
def second_draft(ws: Path) -> None:
    """Change the workspace so that a new build differs from the last one in every page."""
    config = ws / "dossier.yaml"
    lines = config.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[0].startswith("title: "), lines[0]
    lines[0] = 'title: "Promotion case: Alex Rivera (second draft)"\n'
    config.write_text("".join(lines), encoding="utf-8")
    for path in sorted((ws / "content" / "evidence").glob("*.md")):
        with path.open("a", encoding="utf-8") as out:
            out.write(f"\nSecond draft: a sentence added to {path.stem} after the first build.\n")


@dataclass
class KillBench:
    ws: Path
    site: Path
    env: dict[str, str]
    previous: Tree  # site/ as the last complete build left it (A)
    new: Tree  # a complete clean build of the changed files (B), built elsewhere
    build_seconds: float  # one build of the changed files, start to finish
    write_seconds: float  # ...of which from the aside folder's first sight to the end
    atomic_swap: bool


def timed_build(cmd: list[str], env: dict[str, str], out: Path) -> tuple[float, float]:
    """Run a build; (its seconds, seconds from its aside folder appearing to its end)."""
    started = time.monotonic()
    proc = subprocess.Popen(
        cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    seen_aside: float | None = None
    while proc.poll() is None:
        if seen_aside is None and asides(out):
            seen_aside = time.monotonic()
        time.sleep(0.002)
    ended = time.monotonic()
    assert proc.stderr is not None
    err = proc.stderr.read()
    assert proc.returncode == 0, err
    return ended - started, ended - (seen_aside or ended)


@pytest.fixture(scope="module")
def kill_bench(tmp_path_factory: pytest.TempPathFactory) -> KillBench:
    root = tmp_path_factory.mktemp("kill")
    env = clean_env(root / "cache")
    ws = make_corpus(root / "ws", KILL_EVIDENCE, seed=7)
    site = ws / "site"
    build_ok(ws, env, "--no-cache")
    previous = tree(site)
    assert previous is not None and "index.html" in previous
    second_draft(ws)
    other = root / "b-site"
    seconds, writing = timed_build(build_command(ws, "--no-cache", "-o", str(other)), env, other)
    new = tree(other)
    assert new is not None
    differ = [rel for rel in new if previous.get(rel) != new[rel]]
    assert len(differ) > len(new) // 2, "the second draft should change most files"
    return KillBench(
        ws, site, env, previous, new, seconds, max(writing, 0.05), swap_is_atomic(root)
    )


def marker_says(folder: Path, text: str) -> bool:
    try:
        return (folder / output.MARKER).read_text("utf-8") == text
    except OSError:
        return False


def kill_trials(bench: KillBench, trials: int, seed: int) -> tuple[Counter[str], list[str]]:
    """Start a build and SIGKILL it, `trials` times; outcome counts and what went wrong."""
    rng = random.Random(seed)
    outcomes: Counter[str] = Counter()
    problems: list[str] = []
    log = bench.ws.parent / "killed-build.err"

    def swapping(new: set[str]) -> bool:
        """The aside folder's marker says it is a finished site: written last, just before
        the swap (after it, the aside name holds the previous site, marker included,
        until it is removed)."""
        return any(marker_says(bench.site.parent / name, output.MARKER_TEXT) for name in new)

    for trial in range(trials):
        if tree(bench.site) != bench.previous:
            restore(bench.site, bench.previous)  # each trial starts from site A
        mode = ("writing", "anytime", "swap")[trial % 3]
        before = asides(bench.site)  # a killed trial may have left one; the build clears it
        with log.open("w") as err:
            proc = subprocess.Popen(
                build_command(bench.ws, "--no-cache"),
                cwd=bench.ws.parent,
                env=bench.env,
                stdout=subprocess.DEVNULL,
                stderr=err,
                start_new_session=True,
            )
            if mode == "anytime":
                delay = rng.uniform(0, bench.build_seconds)
                time.sleep(delay)
            else:  # once the build has begun writing its aside folder / is swapping it in
                ready = swapping if mode == "swap" else lambda new: bool(new)
                delay = rng.uniform(0, bench.write_seconds if mode == "writing" else 0.02)
                deadline = time.monotonic() + BUILD_TIMEOUT
                while (
                    proc.poll() is None
                    and not ready(asides(bench.site) - before)
                    and time.monotonic() < deadline
                ):
                    time.sleep(0.0005)
                time.sleep(delay)
            finished = proc.poll()
            kill_group(proc)
        got = tree(bench.site)
        if got == bench.previous:
            outcome = "previous site"
        elif got == bench.new:
            outcome = "new site" if finished is None else "new site (build had finished)"
        elif got is None:
            outcome = "MISSING"
        else:
            outcome = "MIXED"
        outcomes[f"{mode}: {outcome}"] += 1
        if leftovers(bench.site):
            outcomes["(trials that left a folder beside site/ for the next build)"] += 1
        if outcome in ("MISSING", "MIXED") or (finished not in (None, 0)):
            problems.append(
                f"trial {trial} ({mode}, killed after {delay * 1000:.0f} ms, exit "
                f"{finished}): {outcome}; beside it: {leftovers(bench.site)}\n"
                f"vs previous: {tree_diff(got, bench.previous, 4)}\n"
                f"vs new: {tree_diff(got, bench.new, 4)}\n"
                f"stderr: {log.read_text()[-1500:]}"
            )
    return outcomes, problems


def check_kill_run(bench: KillBench, trials: int, seed: int) -> None:
    started = time.monotonic()
    outcomes, problems = kill_trials(bench, trials, seed)
    left = leftovers(bench.site)
    # A normal build afterwards succeeds, clears the leftovers and gives the new site.
    done = run_build(bench.ws, bench.env, "--no-cache")
    after = tree(bench.site)
    print(
        f"\nkill -9 trials: {trials} in {time.monotonic() - started:.1f} s "
        f"(build {bench.build_seconds:.2f} s, writing {bench.write_seconds * 1000:.0f} ms, "
        f"{'renameat2 exchange' if bench.atomic_swap else 'two renames'}): "
        + ", ".join(f"{name}: {count}" for name, count in sorted(outcomes.items()))
        + f"; left beside site/ before the next build: {len(left)}"
    )
    assert not problems, "\n\n".join(problems)
    assert sum(n for name, n in outcomes.items() if not name.startswith("(")) == trials
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert leftovers(bench.site) == [], "the next build left folders beside site/"
    assert after == bench.new, tree_diff(after, bench.new)


def test_kill_9_leaves_the_previous_or_the_new_site(kill_bench: KillBench) -> None:
    check_kill_run(kill_bench, KILL_TRIALS_QUICK, KILL_SEED)


@pytest.mark.slow
def test_kill_9_many_times_leaves_the_previous_or_the_new_site(kill_bench: KillBench) -> None:
    check_kill_run(kill_bench, KILL_TRIALS_FULL, KILL_SEED + 1)


# == 2. read-only output folder, full disk ===================================================
PDF = b"%PDF-1.4\n% a stand-in attachment\n%%EOF\n"
VICTIM = "2026-02-10-unlinked"  # evidence nothing links to: it may vanish


def fill(ws: Workspace) -> Workspace:
    """A few pieces of evidence, one with an attachment, and a free page."""
    ws.evidence(
        "2026-01-15-launch",
        "Launched it. See [[files/report.pdf]].\n",
        title="Launch",
        date=date(2026, 1, 15),
        competencies=["design"],
    )
    ws.evidence(
        VICTIM,
        "Nothing links here.\n",
        title="Unlinked",
        date=date(2026, 2, 10),
        competencies=["delivery"],
    )
    ws.evidence(
        "2026-03-01-feedback",
        "Kind words. Builds on [[2026-01-15-launch]].\n",
        title="Feedback",
        date=date(2026, 3, 1),
        competencies=["delivery", "design"],
        type="feedback",
    )
    ws.page("why-now", "Why now.\n", title="Why now")
    ws.write("content/files/report.pdf", PDF)
    return ws


@dataclass
class Built:
    ws: Workspace
    out: Path
    previous: Tree

    def args(self) -> list[str]:
        return [
            "build",
            "-C",
            str(self.ws.root),
            "--as-of",
            AS_OF,
            "--no-cache",
            "-o",
            str(self.out),
        ]

    def change(self) -> None:
        """New content, so that a build that got through would change the site."""
        self.ws.evidence(
            "2026-04-01-new",
            "A new piece.\n",
            title="New",
            date=date(2026, 4, 1),
            competencies=["design"],
        )
        self.ws.write_config(title="Case, second draft")

    def assert_unchanged(self) -> None:
        now = tree(self.out)
        assert now == self.previous, (
            f"{tree_diff(now, self.previous)}; beside it: {leftovers(self.out)}"
        )
        assert leftovers(self.out) == [], "a failed build left its aside folder"

    def assert_recovers(self) -> None:
        """Once the fault is gone, the next build succeeds and replaces the site."""
        result = invoke(*self.args())
        assert result.exit_code == 0, result.output
        now = tree(self.out)
        assert now is not None and now != self.previous and "evidence/2026-04-01-new.html" in now
        assert leftovers(self.out) == []


@pytest.fixture
def built(ws: Workspace, tmp_path: Path) -> Built:
    fill(ws)
    out = tmp_path / "out" / "site"
    result = invoke("build", "-C", str(ws.root), "--as-of", AS_OF, "-o", str(out))
    assert result.exit_code == 0, result.output
    previous = tree(out)
    assert previous is not None and "files/report.pdf" in previous
    done = Built(ws, out, previous)
    done.change()
    return done


class FileSystemFault:
    """Makes file-system calls under one folder fail the way a read-only mount or a full
    disk does: at the level of `os` and `open`, whatever dossier uses to write.

    ops: which calls fail ("mkdir", "write": opening a file for writing, "link",
    "rename"); after: how many matching calls succeed first; names: only files so named;
    limit: how many calls fail before the fault clears (None: all later ones).
    A write that fails leaves a partial file behind, as a full disk does.
    """

    def __init__(
        self,
        monkeypatch: pytest.MonkeyPatch,
        under: Path,
        code: int,
        ops: set[str],
        after: int = 0,
        names: set[str] | None = None,
        limit: int | None = None,
    ):
        self.under = str(under.resolve())
        self.code, self.ops, self.after, self.names = code, ops, after, names
        self.limit = limit
        self.seen = 0
        self.failed: list[str] = []
        real_open, real_os_open = io.open, os.open
        real = {name: getattr(os, name) for name in ("mkdir", "link", "rename", "replace")}

        def opener(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            path_like = isinstance(file, (str, bytes, os.PathLike))
            if path_like and set(mode) & set("wax+") and self.hit("write", file):
                with real_open(file, "wb") as partial:
                    partial.write(b"<!DOCTYPE html><html><body>half a fi")
                self.fail(file)
            return real_open(file, mode, *args, **kwargs)

        def os_opener(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
            writing = flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT)
            if writing and kwargs.get("dir_fd") is None and self.hit("write", path):
                self.fail(path)
            return real_os_open(path, flags, *args, **kwargs)

        def wrap(op: str, name: str) -> Callable[..., Any]:
            def call(*args: Any, **kwargs: Any) -> Any:
                # link/rename/replace: (source, target); the others: (path, ...)
                paths = args[:2] if op in ("link", "rename") else args[:1]
                if self.hit(op, *paths):
                    self.fail(paths[-1])
                return real[name](*args, **kwargs)

            return call

        monkeypatch.setattr(io, "open", opener)
        monkeypatch.setattr(builtins, "open", opener)
        monkeypatch.setattr(os, "open", os_opener)
        monkeypatch.setattr(os, "mkdir", wrap("mkdir", "mkdir"))
        monkeypatch.setattr(os, "link", wrap("link", "link"))
        monkeypatch.setattr(os, "rename", wrap("rename", "rename"))
        monkeypatch.setattr(os, "replace", wrap("rename", "replace"))

    def hit(self, op: str, *paths: Any) -> bool:
        """Whether this call fails: one of its paths is under the folder (and so named)."""
        if op not in self.ops:
            return False
        wheres = [
            os.path.abspath(os.fsdecode(p))
            for p in paths
            if isinstance(p, (str, bytes, os.PathLike))
        ]
        if not any(w.startswith(self.under + os.sep) for w in wheres):
            return False
        if self.names is not None and not any(os.path.basename(w) in self.names for w in wheres):
            return False
        self.seen += 1
        if self.limit is not None and len(self.failed) >= self.limit:
            return False
        return self.seen > self.after

    def fail(self, path: Any) -> None:
        self.failed.append(os.fsdecode(path))
        raise OSError(self.code, os.strerror(self.code), os.fsdecode(path))


def fails_clearly(result: Result, *words: str) -> None:
    """Exit 1 with an `error:` line naming the problem, and no traceback."""
    no_crash(result)
    assert result.exit_code == 1, result.output
    assert "error:" in result.output, result.output
    for word in words:
        assert word.lower() in result.output.lower(), f"{word!r} not in:\n{result.output}"


def at_the_swap(
    code: int, after: int, limit: int | None = None
) -> Callable[[pytest.MonkeyPatch, Path], FileSystemFault]:
    """As where renameat2(RENAME_EXCHANGE) is unavailable, so that the swap is two renames
    (site/ aside, then the new folder in): renames fail from the one after `after` on
    (`limit` of them)."""

    def make(monkeypatch: pytest.MonkeyPatch, out: Path) -> FileSystemFault:
        monkeypatch.setattr(output, "_exchange", lambda a, b: False)
        return FileSystemFault(monkeypatch, out.parent, code, {"rename"}, after=after, limit=limit)

    return make


ALL_WRITES = {"mkdir", "write", "link", "rename"}
FAULTS: dict[str, Callable[[pytest.MonkeyPatch, Path], FileSystemFault]] = {
    # every change under the output's folder refused, as on a read-only mount
    "read-only output folder": lambda mp, out: FileSystemFault(
        mp, out.parent, errno.EROFS, ALL_WRITES
    ),
    # no room even for the aside folder
    "disk already full": lambda mp, out: FileSystemFault(mp, out.parent, errno.ENOSPC, ALL_WRITES),
    # room for a few files of the new site, then none
    "disk full while writing": lambda mp, out: FileSystemFault(
        mp, out.parent, errno.ENOSPC, {"write", "mkdir"}, after=5
    ),
    # the very last file, the marker, does not fit
    "disk full at the marker": lambda mp, out: FileSystemFault(
        mp, out.parent, errno.ENOSPC, {"write"}, names={output.MARKER}
    ),
    # without renameat2 the swap is two renames; the folder is read-only by then
    "read-only at the swap": at_the_swap(errno.EROFS, after=0),
    # ...or the first rename (site/ aside) works and the second (the new one in) fails
    "second rename of the swap fails": at_the_swap(errno.EIO, after=1, limit=1),
}
MESSAGES = {errno.EROFS: "read-only", errno.ENOSPC: "no space left", errno.EIO: "error"}


@pytest.mark.parametrize("name", list(FAULTS))
def test_write_fault_is_a_clear_error_and_keeps_the_previous_site(
    built: Built, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    with monkeypatch.context() as patched:
        fault = FAULTS[name](patched, built.out)
        result = invoke(*built.args())
    assert fault.failed, f"the fault never happened: {result.output}"
    fails_clearly(result, "cannot write the site", MESSAGES[fault.code])
    built.assert_unchanged()
    built.assert_recovers()


def writable(folder: Path) -> bool:
    probe = folder / ".write-probe"
    try:
        probe.write_bytes(b"")
    except OSError:
        return False
    probe.unlink()
    return True


def test_read_only_output_folder_for_real_or_simulated(
    built: Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    """chmod 0o555 on the folder holding site/; where that does not stop writes (root),
    the same refusal (EACCES on every change in the folder) is simulated."""
    parent = built.out.parent
    parent.chmod(0o555)
    try:
        with monkeypatch.context() as patched:
            simulated = writable(parent)
            if simulated:
                FileSystemFault(patched, parent, errno.EACCES, ALL_WRITES)
            result = invoke(*built.args())
    finally:
        parent.chmod(0o755)
    print(f"\nread-only output folder: {'simulated (root)' if simulated else 'chmod 0o555'}")
    fails_clearly(result, "cannot write the site", "permission denied")
    built.assert_unchanged()
    built.assert_recovers()


# -- for real, on a small tmpfs (root with the right to mount only) -------------------------------
@contextlib.contextmanager
def tmpfs(point: Path, size_kb: int) -> Iterator[Path]:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    point.mkdir(parents=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_kb}k,mode=0755", "tmpfs", str(point)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield point
    finally:
        if subprocess.run(["umount", str(point)], capture_output=True, check=False).returncode:
            subprocess.run(["umount", "-l", str(point)], capture_output=True, check=False)


def remount(point: Path, options: str) -> None:
    subprocess.run(
        ["mount", "-o", f"remount,{options}", str(point)], check=True, capture_output=True
    )


def fill_disk(folder: Path, spare_kb: int) -> Path:
    """Write a file that takes all the room left, then give back `spare_kb`."""
    filler = folder / "filler"
    chunk = b"\0" * 65536
    with filler.open("wb", buffering=0) as out:
        try:
            while True:
                out.write(chunk)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC, exc
    os.truncate(filler, max(0, filler.stat().st_size - spare_kb * 1024))
    return filler


@pytest.mark.parametrize("spare_kb", [0, 12])
def test_full_disk_for_real_keeps_the_previous_site(
    ws: Workspace, tmp_path: Path, spare_kb: int
) -> None:
    """On a tmpfs filled up after the first build: no room at all, or room for a few
    files of the new site."""
    fill(ws)
    with tmpfs(tmp_path / "disk", 4096) as disk_:
        done = Built(ws, disk_ / "site", {})
        first = invoke(*done.args())
        assert first.exit_code == 0, first.output
        done.previous = tree(done.out) or {}
        done.change()
        filler = fill_disk(disk_, spare_kb)
        result = invoke(*done.args())
        fails_clearly(result, "cannot write the site", os.strerror(errno.ENOSPC))
        done.assert_unchanged()
        filler.unlink()
        done.assert_recovers()


def test_read_only_mount_for_real_keeps_the_previous_site(ws: Workspace, tmp_path: Path) -> None:
    fill(ws)
    with tmpfs(tmp_path / "disk", 8192) as disk_:
        done = Built(ws, disk_ / "site", {})
        assert invoke(*done.args()).exit_code == 0
        done.previous = tree(done.out) or {}
        done.change()
        remount(disk_, "ro")
        try:
            result = invoke(*done.args())
        finally:
            remount(disk_, "rw")
        fails_clearly(result, "cannot write the site", os.strerror(errno.EROFS))
        done.assert_unchanged()
        done.assert_recovers()


# == 3. a file deleted while the build reads it ==============================================
def test_evidence_deleted_between_listing_and_reading_is_reported(
    built: Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = disk.walk_files
    victim = f"content/evidence/{VICTIM}.md"

    def walk_files(root: Path, folder: str, diags: Any) -> list[disk.FoundFile]:
        found = real(root, folder, diags)
        if folder == "content/evidence" and (root / victim).exists():
            assert victim in [f.rel for f in found]
            (root / victim).unlink()  # listed, and gone before it is read
        return found

    monkeypatch.setattr(disk, "walk_files", walk_files)
    result = invoke(*built.args())
    no_crash(result)
    if result.exit_code == 0:  # a clean success without it is fine too
        assert f"evidence/{VICTIM}.html" not in (tree(built.out) or {})
    else:
        fails_clearly(result, victim)
        built.assert_unchanged()


def test_attachment_deleted_before_it_is_copied_is_reported(
    built: Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The attachment was there when the pages were rendered and is gone by the time the
    build makes its aside folder: the error names it (the site cannot be complete without
    it), or, if the build had already read it, the site holds it whole."""
    attachment = built.ws.root / "content" / "files" / "report.pdf"
    real_mkdir = os.mkdir

    def mkdir(path: Any, *args: Any, **kwargs: Any) -> None:
        if os.path.basename(os.fsdecode(path)).startswith(f".{built.out.name}.new-"):
            attachment.unlink(missing_ok=True)
        real_mkdir(path, *args, **kwargs)

    monkeypatch.setattr(os, "mkdir", mkdir)
    result = invoke(*built.args())
    assert not attachment.exists(), "the build made no aside folder"
    no_crash(result)
    if result.exit_code == 0:
        assert (built.out / "files" / "report.pdf").read_bytes() == PDF
    else:
        fails_clearly(result, "report.pdf")
        built.assert_unchanged()


def deleting_builds(root: Path, n_evidence: int, rounds: int, seed: int) -> Counter[str]:
    """`rounds` builds of a corpus, each with evidence files deleted at random moments while
    it runs: every build succeeds or fails naming a file, never crashes, and a failed one
    leaves the previous site."""
    rng = random.Random(seed)
    env = clean_env(root / "cache")
    ws = make_corpus(root / "ws", n_evidence, seed)
    site = ws / "site"
    build_ok(ws, env, "--no-cache")
    started = time.monotonic()
    build_ok(ws, env, "--no-cache")
    seconds = time.monotonic() - started
    outcomes: Counter[str] = Counter()
    for round_ in range(rounds):
        previous = tree(site)
        files = sorted((ws / "content" / "evidence").glob("*.md"))
        doomed = rng.sample(files, 3)
        moments = sorted(rng.uniform(0, seconds) for _ in doomed)

        def delete(doomed: list[Path] = doomed, moments: list[float] = moments) -> None:
            began = time.monotonic()
            for path, at in zip(doomed, moments, strict=True):
                time.sleep(max(0.0, at - (time.monotonic() - began)))
                path.unlink()

        deleter = threading.Thread(target=delete)
        deleter.start()
        done = run_build(ws, env, "--no-cache")
        deleter.join()
        where = f"round {round_}: exit {done.returncode}\n{done.stderr[-3000:]}"
        assert done.returncode in (0, 1), where
        assert "Traceback" not in done.stderr and "internal error" not in done.stderr, where
        if done.returncode == 1:
            assert "content/evidence/" in done.stderr, where  # names the file(s)
            assert tree(site) == previous, where
            outcomes["failed, naming the file"] += 1
        else:
            assert (site / output.MARKER).is_file() and (site / "index.html").is_file(), where
            outcomes["built without it"] += 1
        # Put back a workspace that builds, for the next round.
        for path in doomed:
            if not path.exists():
                back = f"---\ntitle: Back {path.stem}\ndate: 2025-01-01\ncompetencies: [strategy]\n"
                path.write_text(back + "---\nBack again.\n", encoding="utf-8")
    return outcomes


def test_files_deleted_under_a_running_build_are_reported(tmp_path: Path) -> None:
    outcomes = deleting_builds(tmp_path, 120, rounds=3, seed=11)
    print(f"\ndeleted under a running build: {dict(outcomes)}")


@pytest.mark.slow
def test_files_deleted_under_many_running_builds_are_reported(tmp_path: Path) -> None:
    outcomes = deleting_builds(tmp_path, KILL_EVIDENCE, rounds=15, seed=12)
    print(f"\ndeleted under a running build: {dict(outcomes)}")


# == 4. determinism ===========================================================================
def available_locales() -> list[str]:
    """C.UTF-8, C, and any of a few other-language UTF-8 locales this machine has."""
    try:
        listed = subprocess.run(
            ["locale", "-a"], capture_output=True, text=True, timeout=30, check=False
        ).stdout.split()
    except OSError:
        listed = []
    have = {name.lower().replace("utf-8", "utf8"): name for name in listed}
    chosen = ["C.UTF-8" if "c.utf8" in have else "C", "C"]
    for wanted in ("de_DE.UTF-8", "tr_TR.UTF-8", "ja_JP.UTF-8", "fr_FR.UTF-8"):
        found = have.get(wanted.lower().replace("utf-8", "utf8"))
        if found:
            chosen.append(found)
    return list(dict.fromkeys(chosen))


ZONES = ["UTC", "Pacific/Kiritimati", "America/Los_Angeles"]
SEEDS = ["0", "1", "random"]
WORKERS = ["1", "2", ""]  # "" is the default: as many as the machine has cores


def environments(full: bool) -> list[dict[str, str]]:
    """Build environments: the full matrix, or a diagonal that changes everything at once."""
    locales = available_locales()
    if full:
        combos = list(itertools.product(locales, ZONES, SEEDS, WORKERS[:1] + WORKERS[2:]))
    else:
        combos = [
            (locales[i % len(locales)], ZONES[i % 3], SEEDS[i % 3], WORKERS[i % 3])
            for i in range(3)
        ]
    envs = []
    for locale_name, zone, seed, workers in combos:
        env = {"LANG": locale_name, "LC_ALL": locale_name, "TZ": zone, "PYTHONHASHSEED": seed}
        if workers:
            env["DOSSIER_WORKERS"] = workers
        envs.append(env)
    return envs


def git_example(dest: Path) -> Path:
    """The example as a git repository: half the evidence committed just before midnight
    in one zone, the agreed framework tagged, the rest committed later in another zone."""
    root = example_workspace(dest)
    git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com"]
    git += [
        "-c",
        "commit.gpgsign=false",
        "-c",
        "tag.gpgsign=false",
        "-c",
        "init.defaultBranch=main",
    ]
    base = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    evidence = sorted((root / "content" / "evidence").glob("*.md"))
    later = evidence[len(evidence) // 2 :]
    aside = dest.parent / f"{dest.name}-later"
    aside.mkdir()
    for path in later:
        path.rename(aside / path.name)
    steps: list[tuple[list[str], str]] = [
        (["init", "-q"], ""),
        (["add", "-A"], ""),
        (["commit", "-q", "-m", "first half"], "2026-01-01T23:45:00-0800"),
        (["tag", "v2026.1"], ""),
    ]
    for args, when in steps:
        env = {**base, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when} if when else base
        subprocess.run([*git, *args], cwd=root, env=env, check=True, capture_output=True)
    for path in later:
        (aside / path.name).rename(path)
    when = "2026-06-30T00:15:00+1400"
    env = {**base, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    for args in (["add", "-A"], ["commit", "-q", "-m", "second half"]):
        subprocess.run([*git, *args], cwd=root, env=env, check=True, capture_output=True)
    return root


WORKSPACES: dict[str, Callable[[Path], Path]] = {
    "example": example_workspace,
    "example in git": git_example,
    "corpus": lambda dest: make_corpus(dest, 80, seed=3),  # enough to parse on 2+ cores
}


def check_same_everywhere(tmp_path: Path, which: str, envs: list[dict[str, str]]) -> None:
    root = WORKSPACES[which](tmp_path / "ws")
    cache = tmp_path / "cache"
    base = {"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TZ": "UTC", "PYTHONHASHSEED": "0"}
    reference_out = tmp_path / "reference"
    started = time.monotonic()
    build_ok(
        root, clean_env(cache, **base), "--all-audiences", "--no-cache", "-o", str(reference_out)
    )
    reference = tree(reference_out)
    assert reference is not None and len(reference) > 20
    for n, extra in enumerate(envs):
        out = tmp_path / f"build-{n}"
        build_ok(root, clean_env(cache, **extra), "--all-audiences", "--no-cache", "-o", str(out))
        got = tree(out)
        assert got == reference, f"{which} under {extra}:\n{tree_diff(got, reference)}"
        shutil.rmtree(out)
    print(
        f"\n{which}: {len(envs) + 1} builds of {len(reference)} paths identical "
        f"in {time.monotonic() - started:.1f} s"
    )


@pytest.mark.parametrize("which", list(WORKSPACES))
def test_builds_are_identical_across_locales_zones_and_hash_seeds(
    tmp_path: Path, which: str
) -> None:
    check_same_everywhere(tmp_path, which, environments(full=False))


@pytest.mark.slow
@pytest.mark.parametrize("which", list(WORKSPACES))
def test_builds_are_identical_across_the_whole_environment_matrix(
    tmp_path: Path, which: str
) -> None:
    check_same_everywhere(tmp_path, which, environments(full=True))


@pytest.mark.parametrize("which", ["example", "corpus"])
def test_two_builds_in_a_row_are_identical(tmp_path: Path, which: str) -> None:
    """Into the same site/, with the parse cache (filled by the first, used by the second),
    and the same as a build without the cache."""
    root = WORKSPACES[which](tmp_path / "ws")
    env = clean_env(tmp_path / "cache")
    site = root / "site"
    build_ok(root, env, "--all-audiences")
    first = tree(site)
    build_ok(root, env, "--all-audiences")
    second = tree(site)
    assert first is not None and len(first) > 20
    assert second == first, tree_diff(second, first)
    build_ok(root, env, "--all-audiences", "--no-cache", "-o", str(tmp_path / "fresh"))
    fresh = tree(tmp_path / "fresh")
    assert fresh == first, tree_diff(fresh, first)
    assert leftovers(site) == []


def test_a_swap_that_cannot_be_undone_says_where_the_previous_site_is(
    built: Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every rename after the first fails: the new site cannot go in and the previous one
    cannot come back at once. The message says where it is, and the next build puts it
    back before building."""
    with monkeypatch.context() as patched:
        fault = at_the_swap(errno.EIO, after=1)(patched, built.out)
        result = invoke(*built.args())
    assert fault.failed
    fails_clearly(result, "previous site is kept in", ".site.old-")
    aside = [built.out.parent / name for name in leftovers(built.out) if ".old-" in name]
    assert len(aside) == 1 and tree(aside[0]) == built.previous
    result = invoke(*built.args())
    no_crash(result)
    assert result.exit_code == 0, result.output
    assert leftovers(built.out) == []
    assert "second draft" in (built.out / "index.html").read_text()
