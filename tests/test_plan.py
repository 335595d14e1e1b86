"""One site plan per audience, shared by `dossier build` and `dossier serve`: what one
refuses, the other refuses too, and what one makes, the other serves byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import Workspace
from test_serve import AS_OF_TEXT, PDF, EventStream, LiveServer, strip_script

from dossier.cli import cli

HIDDEN = "hidden-launch-plan"


def with_hidden_attachment(ws: Workspace) -> Workspace:
    """Evidence only the author sees, and a page the manager sees linking a file named
    after it: the file name alone gives the hidden piece away."""
    ws.evidence(
        HIDDEN, "The plan.\n", date="2026-05-01", competencies=["design"], visibility="self"
    )
    ws.evidence("2026-06-01-shared", "Shared.\n", date="2026-06-01", competencies=["design"])
    ws.page("notes", f"See [[files/{HIDDEN}.pdf]].\n", title="Notes")
    ws.write(f"content/files/{HIDDEN}.pdf", PDF)
    return ws


def test_build_refuses_a_hidden_attachment_name(ws: Workspace, tmp_path: Path) -> None:
    with_hidden_attachment(ws)
    out = tmp_path / "site"
    args = ["-C", str(ws.root), "build", "-a", "manager", "--as-of", AS_OF_TEXT, "-o", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.output
    assert f"files/{HIDDEN}.pdf" in result.output
    assert not (out / "files" / f"{HIDDEN}.pdf").exists()


def test_serve_refuses_it_the_same_way(ws: Workspace) -> None:
    """The preview of the manager's view fails its build naming the file, as a build does,
    and never serves the attachment."""
    with_hidden_attachment(ws)
    live = LiveServer(ws.root, audience="manager")
    try:
        with EventStream(live, "/index.html") as events:
            failed = events.expect("failed")
        assert any(f"files/{HIDDEN}.pdf" in line for line in failed["errors"]), failed
        assert live.get(f"/files/{HIDDEN}.pdf").status == 404
    finally:
        live.close()


def test_serve_stops_serving_it_once_linked(ws: Workspace) -> None:
    """A good preview, then an edit that links the file: the rebuild fails, the file is
    not served, and the last good build stays."""
    with_hidden_attachment(ws)
    ws.page("notes", "Nothing linked yet.\n", title="Notes")
    live = LiveServer(ws.root, audience="manager")
    try:
        with EventStream(live, "/pages/notes.html") as events:
            events.expect("built")
            ws.page("notes", f"See [[files/{HIDDEN}.pdf]].\n", title="Notes")
            failed = events.expect("failed")
        assert any(f"files/{HIDDEN}.pdf" in line for line in failed["errors"]), failed
        assert live.get(f"/files/{HIDDEN}.pdf").status == 404
        assert "Nothing linked yet." in live.text("/pages/notes.html")
    finally:
        live.close()


@pytest.mark.parametrize("audience", ["self", "manager", "sponsor"])
def test_serve_serves_what_build_writes(ws: Workspace, tmp_path: Path, audience: str) -> None:
    """Every file of a build, and no other, is served with the same bytes (pages carry
    the reload script only in the preview)."""
    ws.evidence(
        "2026-04-01-a", "A body [[files/a.txt]].\n", date="2026-04-01", competencies=["design"]
    )
    ws.evidence(
        "2026-05-01-b",
        "B body.\n",
        date="2026-05-01",
        competencies=["delivery"],
        visibility="sponsor",
    )
    ws.write("content/files/a.txt", "attachment\n")
    out = tmp_path / "site"
    args = ["-C", str(ws.root), "build", "-a", audience, "--as-of", AS_OF_TEXT, "-o", str(out)]
    result = CliRunner().invoke(cli, [*args, "--no-cache"])
    assert result.exit_code == 0, result.output
    built = {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in out.rglob("*")
        if p.is_file() and p.name != ".dossier-site"
    }
    live = LiveServer(ws.root, audience=audience)
    try:
        for path, data in built.items():
            resp = live.get(f"/{path}")
            assert resp.status == 200, path
            served = strip_script(resp.body) if path.endswith(".html") else resp.body
            assert served == data, path
        assert live.get("/evidence/2026-05-01-c.html").status == 404
    finally:
        live.close()
