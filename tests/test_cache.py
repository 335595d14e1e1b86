"""The parse cache: a cached build equals a --no-cache build, changes are seen, and the
cache lives outside the workspace."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner
from conftest import Workspace

from dossier.analysis import history
from dossier.build.load import load_config, settings_for
from dossier.cli import cli
from dossier.errors import Diagnostics
from dossier.model.documents import ParsedFile, Settings
from dossier.speed.caches import cache_path, read_cache
from dossier.speed.parsing import ParseCache

AS_OF = "2026-11-22"


def build(root: Path, out: Path, *extra: str) -> None:
    result = CliRunner().invoke(
        cli, ["build", "-C", str(root), "--as-of", AS_OF, "-o", str(out), *extra]
    )
    assert result.exit_code == 0, result.output


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def fill(ws: Workspace) -> None:
    for i in range(6):
        ws.evidence(
            f"2026-0{i + 1}-10-piece-{i}",
            f"Body {i} with [[design]] and a table\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
            date=f"2026-0{i + 1}-10",
            competencies=["design", "delivery"],
            type="project",
        )


def test_cached_build_is_byte_identical_to_a_no_cache_build(ws: Workspace, tmp_path: Path) -> None:
    fill(ws)
    build(ws.root, tmp_path / "first")  # fills the cache
    assert cache_path(ws.root).is_file()
    assert len(read_cache(ws.root).entries) == 6
    build(ws.root, tmp_path / "cached")
    build(ws.root, tmp_path / "fresh", "--no-cache")
    assert tree(tmp_path / "cached") == tree(tmp_path / "fresh") == tree(tmp_path / "first")


def test_a_changed_file_is_parsed_again(ws: Workspace, tmp_path: Path) -> None:
    fill(ws)
    build(ws.root, tmp_path / "before")
    ws.evidence(
        "2026-01-10-piece-0",
        "A new body saying CHANGEDTEXT.",
        date="2026-01-10",
        competencies=["design"],
        title="Renamed piece",
    )
    build(ws.root, tmp_path / "cached")
    build(ws.root, tmp_path / "fresh", "--no-cache")
    assert tree(tmp_path / "cached") == tree(tmp_path / "fresh")
    page = (tmp_path / "cached" / "evidence" / "2026-01-10-piece-0.html").read_text()
    assert "CHANGEDTEXT" in page and "Renamed piece" in page


def test_no_cache_neither_reads_nor_writes_it(ws: Workspace, tmp_path: Path) -> None:
    fill(ws)
    build(ws.root, tmp_path / "out", "--no-cache")
    assert not cache_path(ws.root).exists()


def test_the_cache_is_kept_outside_the_workspace(ws: Workspace, tmp_path: Path) -> None:
    """A build writes nothing outside its output folder; and a file in a shared
    repository can never pose as a cache (a pickle runs code when it is loaded)."""
    fill(ws)
    before = sorted(p.relative_to(ws.root) for p in ws.root.rglob("*"))
    build(ws.root, tmp_path / "out")
    assert cache_path(ws.root).is_file()
    assert not cache_path(ws.root).is_relative_to(ws.root)
    assert sorted(p.relative_to(ws.root) for p in ws.root.rglob("*")) == before


def test_a_damaged_cache_is_a_cold_cache(ws: Workspace, tmp_path: Path) -> None:
    fill(ws)
    build(ws.root, tmp_path / "first")
    cache_path(ws.root).write_bytes(b"not a pickle")
    build(ws.root, tmp_path / "second")
    assert tree(tmp_path / "first") == tree(tmp_path / "second")
    assert len(read_cache(ws.root).entries) == 6


def test_a_cache_holding_odd_history_is_read_without_it(ws: Workspace, tmp_path: Path) -> None:
    """The past months' readiness kept with the cache is taken only when well formed."""
    fill(ws)
    build(ws.root, tmp_path / "first")
    stored = pickle.loads(cache_path(ws.root).read_bytes())
    for odd in ("garbage", [1, 2], {3: 1.0, "key": "text", "flag": True}, None):
        stored["history"] = odd
        cache_path(ws.root).write_bytes(pickle.dumps(stored))
        history._remembered.clear()
        build(ws.root, tmp_path / "again")
        assert tree(tmp_path / "first") == tree(tmp_path / "again")
        assert history.remembered()  # judged again, not taken from the cache
        assert all(isinstance(v, float) for v in history.remembered().values())


def test_reused_pages_follow_every_change_they_show(ws: Workspace, tmp_path: Path) -> None:
    """Evidence pages taken from the last build must change whenever anything they show
    does: the site title, a neighbour's title, a competency's status."""
    fill(ws)
    out = tmp_path / "site"
    build(ws.root, out)
    ws.write_config(title="A new title for the case")
    ws.evidence(
        "2026-02-10-piece-1",
        "Body 1",
        date="2026-02-10",
        competencies=["design"],
        title="A renamed neighbour",
    )
    ws.evidence("2026-06-20-extra", "More", date="2026-06-20", competencies=["people"])
    build(ws.root, out)
    build(ws.root, tmp_path / "fresh", "--no-cache")
    assert tree(out) == tree(tmp_path / "fresh")
    page = (out / "evidence" / "2026-01-10-piece-0.html").read_text()
    assert "A new title for the case" in page and "A renamed neighbour" in page


def test_linking_unchanged_files_leaves_the_old_site_untouched(
    ws: Workspace, tmp_path: Path
) -> None:
    fill(ws)
    out = tmp_path / "site"
    build(ws.root, out)
    before = tree(out)
    kept = tmp_path / "kept"
    kept.mkdir()
    for rel, data in before.items():  # a copy of the old site, by value
        (kept / rel).parent.mkdir(parents=True, exist_ok=True)
        (kept / rel).write_bytes(data)
    ws.evidence("2026-03-10-piece-2", "Changed body", date="2026-03-10", competencies=["design"])
    build(ws.root, out)
    assert tree(kept) == before
    assert (out / "evidence" / "2026-01-10-piece-0.html").read_bytes() == before[
        "evidence/2026-01-10-piece-0.html"
    ]
    assert b"Changed body" in (out / "evidence" / "2026-03-10-piece-2.html").read_bytes()


def test_unchanged_files_are_not_read_again_by_the_next_process(
    ws: Workspace, tmp_path: Path
) -> None:
    """The cache remembers each file's size, times and inode with the settings it was
    parsed under, in a form another process (another hash seed) recognises."""
    fill(ws)
    old = time.time() - 60
    for path in (ws.root / "content").rglob("*.md"):
        os.utime(path, (old, old))
    env = {**os.environ, "PYTHONHASHSEED": "1"}
    command = [sys.executable, "-m", "dossier", "build", "-C", str(ws.root), "--as-of", AS_OF]
    subprocess.run([*command, "-o", str(tmp_path / "out")], env=env, check=True)
    cache = read_cache(ws.root)
    settings = settings_for(load_config(ws.root, Diagnostics()))
    for path in sorted((ws.root / "content" / "evidence").glob("*.md")):
        rel = path.relative_to(ws.root).as_posix()
        stat = path.stat()
        key = (stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size, stat.st_ino)
        assert cache.known_key(rel, key, settings) is not None, rel


def test_a_file_saved_just_before_it_was_read_is_read_again() -> None:
    """Two saves of the same length within one tick of the file system's clock leave its
    size, times and inode alike: a file changed shortly before it was read is not trusted
    to be unchanged the next time."""
    settings = Settings(("self", "manager"), "manager", False)
    now = time.time_ns()
    cache = ParseCache(entries={"k": ParsedFile(None, ())})
    stat = (now - 1_000_000, now - 1_000_000, 120, 7)  # saved a millisecond before the read
    cache.remember("content/evidence/a.md", stat, settings, "k", now)
    assert cache.known_key("content/evidence/a.md", stat, settings) is None
    settled = (now - 10**10, now - 10**10, 120, 7)  # saved ten seconds before
    cache.remember("content/evidence/a.md", settled, settings, "k", now)
    assert cache.known_key("content/evidence/a.md", settled, settings) == "k"
