"""A build stopped from outside leaves no worker behind (issue 20, item 10).

`timeout`, CI or `kill -9` stop a build while its forked workers parse or render. The
workers used to live on, children of PID 1, blocked on their pipes. Here a real build of
a workspace big enough for workers is stopped as soon as they exist, by SIGKILL and by
SIGTERM, and every worker must be gone within a few seconds.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, Workspace

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads /proc to find the workers"
)
GONE_WITHIN = 5.0  # seconds after the build is stopped


def children_of(pid: int) -> set[int]:
    """Processes whose parent is `pid`."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def big_workspace(ws: Workspace) -> Workspace:
    """Enough evidence (and text) that parsing and rendering go to worker processes."""
    text = "A paragraph of evidence with [a link](https://example.com) and *emphasis*.\n\n" * 40
    for n in range(1500):
        day = f"2026-{n % 12 + 1:02d}-{n % 28 + 1:02d}"
        ws.write(
            f"content/evidence/{day}-piece-{n}.md",
            f"---\ntitle: Piece {n}\ndate: {day}\ncompetencies: [design]\n---\n{text}",
        )
    return ws


def start_build(ws: Workspace) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOSSIER_")}
    env["DOSSIER_WORKERS"] = "2"
    command = [sys.executable, "-m", "dossier", "build", "-C", str(ws.root), "--no-cache"]
    return subprocess.Popen(
        [*command, "--as-of", "2026-12-01", "-o", str(ws.root.parent / "site")],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def workers_of(proc: subprocess.Popen[bytes]) -> set[int]:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        found = {pid for pid in children_of(proc.pid) if alive(pid)}
        if len(found) >= 2:
            return found
        time.sleep(0.01)
    pytest.fail(f"the build made no workers (exit {proc.poll()})")


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_stopping_a_build_leaves_no_worker_alive(ws: Workspace, how: signal.Signals) -> None:
    proc = start_build(big_workspace(ws))
    workers: set[int] = set()
    try:
        workers = workers_of(proc)
        time.sleep(0.2)  # well into their work
        proc.send_signal(how)
        status = proc.wait(timeout=30)
        deadline = time.monotonic() + GONE_WITHIN
        while time.monotonic() < deadline and any(alive(pid) for pid in workers):
            time.sleep(0.05)
        survivors = sorted(pid for pid in workers if alive(pid))
        assert not survivors, f"workers {survivors} outlived the build stopped by {how.name}"
        if how == signal.SIGTERM:
            err = proc.stderr.read().decode() if proc.stderr else ""
            assert status == 128 + signal.SIGTERM, (status, err)
            assert "Traceback" not in err, err
            leftovers = [p.name for p in ws.root.parent.iterdir() if p.name.startswith(".site.")]
            assert not leftovers, f"the stopped build left {leftovers} beside the site"
    finally:
        for pid in workers:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        if proc.poll() is None:
            proc.kill()
            proc.wait()
