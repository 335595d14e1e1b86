"""`dossier serve` shows drafts as they are imported, apart, and moves a published one
into the case (SPEC section 3: "`dossier serve` shows new drafts as they are imported")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from click.testing import CliRunner
from conftest import Workspace
from gitrepo import GitRepo, git_env
from test_serve import AS_OF_TEXT, LiveServer, populate, wait_for

from dossier.cli import cli
from dossier.serve.watcher import ChangeWatcher

TITLE = "Speed up the delivery pipeline"
SLUG = "2026-09-01-speed-up-the-delivery-pipeline"


def test_the_watcher_sees_new_drafts_and_not_the_ledger(tmp_path: Path) -> None:
    watcher = ChangeWatcher(tmp_path)
    assert watcher.relevant(tmp_path / f"content/evidence/{SLUG}.md") == (
        f"content/evidence/{SLUG}.md"
    )
    assert watcher.relevant(tmp_path / ".dossier/imported.txt") is None


def test_imported_drafts_show_in_the_self_preview(
    ws: Workspace, tmp_path: Path, monkeypatch: Any
) -> None:
    for key, value in git_env(tmp_path).items():
        if key.startswith("GIT_"):
            monkeypatch.setenv(key, value)
    populate(ws)
    repo = GitRepo.create(tmp_path / "api")
    repo.commit(f"{TITLE} (#14)", "2026-09-01")
    live = LiveServer(ws.root)
    try:
        assert "to-review" not in live.text("/index.html")
        args = ["-C", str(ws.root), "--as-of", AS_OF_TEXT, "--since", "2026-01-01"]
        imported = CliRunner().invoke(cli, ["import", "git", str(repo.path), *args])
        assert imported.exit_code == 0, imported.output
        wait_for(lambda: TITLE in live.text("/index.html"), "the draft on the overview")
        index = live.text("/index.html")
        assert index.index('id="to-review"') < index.index(TITLE)
        assert TITLE not in live.text("/timeline.html")
        assert live.get(f"/evidence/{SLUG}.html").status == 404

        done = CliRunner().invoke(
            cli, ["publish", f"content/evidence/{SLUG}.md", "-c", "delivery", "-C", str(ws.root)]
        )
        assert done.exit_code == 0, done.output
        wait_for(lambda: live.get(f"/evidence/{SLUG}.html").status == 200, "the published page")
        assert TITLE in live.text("/timeline.html")
        assert "to-review" not in live.text("/index.html")
    finally:
        live.close()
