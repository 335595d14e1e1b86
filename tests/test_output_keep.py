"""What a rebuild does to the output folder and beside it (issue 20, items 5 to 7).

The README's publishing flow makes the site folder a git repository (`git init` in it, a
commit, `CNAME` and `.nojekyll` for the host): a rebuild keeps `.git`, every dot-file and
the names in `site.keep`. Only folders dossier made are removed beside the output, and
what a killed build had carried over is given back. Output folders inside `themes/` are
refused, and the workspace theme's static files are leak-checked like pages.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from conftest import Workspace

from dossier.cli import cli
from dossier.write import output
from dossier.write.keep import CARRIED

HAS_GIT = shutil.which("git") is not None
HOST_FILES = {"CNAME": "dossier.example.org\n", ".nojekyll": "", "_headers": "/*\n  X: y\n"}


def build(ws: Workspace, out: Path, *args: str) -> Result:
    command = ["build", "-C", str(ws.root), "--as-of", "2026-06-01", "-o", str(out), *args]
    return CliRunner().invoke(cli, command)


def piece(ws: Workspace, slug: str = "2026-05-02-shared", **fields: Any) -> None:
    fields.setdefault("title", "Shared piece")
    fields.setdefault("visibility", "public")
    ws.evidence(slug, "Body.\n", date=slug[:10], competencies=["design"], **fields)


def git(folder: Path, *args: str) -> str:
    env = {"GIT_AUTHOR_NAME": "A", "GIT_AUTHOR_EMAIL": "a@example.org"}
    env |= {
        "GIT_COMMITTER_NAME": "A",
        "GIT_COMMITTER_EMAIL": "a@example.org",
        "PATH": "/usr/bin:/bin",
    }
    done = subprocess.run(
        ["git", "-C", str(folder), *args], capture_output=True, text=True, env=env, check=True
    )
    return done.stdout


# -- 6. what a rebuild keeps -------------------------------------------------------------------
@pytest.mark.skipif(not HAS_GIT, reason="needs git")
def test_a_rebuild_keeps_the_sites_git_history_and_host_files(ws: Workspace) -> None:
    piece(ws)
    out = ws.root.parent / "sponsor-site"
    assert build(ws, out, "-a", "public").exit_code == 0
    git(out, "init", "-q")
    git(out, "add", "-A")
    git(out, "commit", "-q", "-m", "Publish the site")
    for name, text in HOST_FILES.items():
        (out / name).write_text(text, "utf-8")
    (out / ".well-known").mkdir()
    (out / ".well-known/security.txt").write_text("Contact: x\n", "utf-8")
    piece(ws, title="Shared piece, retitled")
    result = build(ws, out, "-a", "public")
    assert result.exit_code == 0, result.output
    assert "Publish the site" in git(out, "log", "--format=%s")
    for name, text in HOST_FILES.items():
        assert (out / name).read_text("utf-8") == text, name
    assert (out / ".well-known/security.txt").is_file()
    assert "retitled" in (out / "evidence/2026-05-02-shared.html").read_text("utf-8")
    assert not (out / CARRIED).exists(), "the build's own list stays out of the site"
    assert "evidence/2026-05-02-shared.html" in git(out, "status", "--porcelain")


def test_site_keep_names_more_and_other_files_still_go(ws: Workspace) -> None:
    ws.write_config(site={"keep": ["README.txt", "CNAME"]})
    piece(ws)
    out = ws.root.parent / "site"
    assert build(ws, out, "-a", "public").exit_code == 0
    for name in ("README.txt", "CNAME", "_redirects", "stray.html", ".env"):
        (out / name).write_text(name, "utf-8")
    result = build(ws, out, "-a", "public")
    assert result.exit_code == 0, result.output
    present = {name for name in ("README.txt", "CNAME", "_redirects", "stray.html", ".env")
               if (out / name).exists()}  # fmt: skip
    assert present == {"README.txt", "CNAME", ".env"}


def test_all_audiences_keep_what_each_folder_holds(ws: Workspace) -> None:
    piece(ws)
    site = ws.root / "site"
    assert build(ws, site, "--all-audiences").exit_code == 0
    (site / ".nojekyll").write_text("", "utf-8")
    (site / "sponsor/CNAME").write_text("sponsor.example.org\n", "utf-8")
    (site / "sponsor/.git").mkdir()
    (site / "sponsor/.git/HEAD").write_text("ref: refs/heads/main\n", "utf-8")
    result = build(ws, site, "--all-audiences")
    assert result.exit_code == 0, result.output
    assert (site / ".nojekyll").is_file()
    assert (site / "sponsor/CNAME").read_text("utf-8") == "sponsor.example.org\n"
    assert (site / "sponsor/.git/HEAD").is_file()


def test_a_kept_name_the_build_writes_is_refused_and_nothing_moves(ws: Workspace) -> None:
    ws.write_config(site={"keep": ["index.html"]})
    piece(ws)
    out = ws.root.parent / "site"
    assert build(ws, out, "-a", "public").exit_code == 0
    (out / "index.html").write_text("mine", "utf-8")
    (out / "CNAME").write_text("x\n", "utf-8")
    result = build(ws, out, "-a", "public")
    assert result.exit_code == 1 and "index.html" in result.output, result.output
    assert (out / "index.html").read_text("utf-8") == "mine"
    assert (out / "CNAME").is_file()
    assert not list(out.parent.glob(".site.new-*")), "the aside folder is cleaned up"


def test_a_fresh_folder_holding_only_kept_files_is_accepted(ws: Workspace) -> None:
    """A clone of the publishing repository (only `.git` and `CNAME`) may be built into."""
    piece(ws)
    out = ws.root.parent / "pages"
    (out / ".git").mkdir(parents=True)
    (out / ".git/HEAD").write_text("ref: refs/heads/main\n", "utf-8")
    (out / "CNAME").write_text("x\n", "utf-8")
    result = build(ws, out, "-a", "public")
    assert result.exit_code == 0, result.output
    assert (out / ".git/HEAD").is_file() and (out / "CNAME").is_file()
    assert (out / "index.html").is_file()


@pytest.mark.parametrize(
    ("site", "message"),
    [
        ({"kep": ["CNAME"]}, "did you mean 'keep'"),
        ({"keep": ["docs/CNAME"]}, "'docs/CNAME' cannot be kept"),
        ({"keep": [".."]}, "'..' cannot be kept"),
        ({"keep": {"a": 1}}, "'keep' must be a list"),
    ],
)
def test_site_keep_is_validated(ws: Workspace, site: dict[str, Any], message: str) -> None:
    ws.write_config(site=site)
    _, diags = ws.load()
    found = [d for d in diags.errors if message in d.message]
    assert found and found[0].path == "dossier.yaml" and found[0].line > 0, diags.items


# -- 7. what is removed beside the output ------------------------------------------------------
def test_a_new_looking_sibling_dossier_did_not_make_is_left_alone(ws: Workspace) -> None:
    piece(ws)
    out = ws.root.parent / "site"
    mine = out.parent / ".site.new-mine"
    (mine / "notes").mkdir(parents=True)
    (mine / "notes/draft.txt").write_text("keep me", "utf-8")
    assert build(ws, out, "-a", "public").exit_code == 0
    assert build(ws, out, "-a", "public").exit_code == 0
    assert (mine / "notes/draft.txt").read_text("utf-8") == "keep me"


def test_what_a_killed_build_carried_is_given_back(ws: Workspace) -> None:
    """Killed after moving `.git` into its aside folder, before the swap: the next build
    puts `.git` back into the site instead of deleting it with the leftover."""
    piece(ws)
    out = ws.root.parent / "site"
    assert build(ws, out, "-a", "public").exit_code == 0
    stale = out.parent / ".site.new-killed"
    (stale / ".git").mkdir(parents=True)
    (stale / ".git/HEAD").write_text("ref: refs/heads/main\n", "utf-8")
    (stale / output.MARKER).write_text(output.MARKER_TEXT, "utf-8")
    (stale / CARRIED).write_text(".git\n", "utf-8")
    result = build(ws, out, "-a", "public")
    assert result.exit_code == 0, result.output
    assert (out / ".git/HEAD").read_text("utf-8") == "ref: refs/heads/main\n"
    assert not stale.exists()


def test_a_leftover_is_kept_when_its_carried_files_cannot_go_back(ws: Workspace) -> None:
    piece(ws)
    out = ws.root.parent / "site"
    assert build(ws, out, "-a", "public").exit_code == 0
    (out / "CNAME").write_text("new\n", "utf-8")  # made since: never replaced
    stale = out.parent / ".site.new-killed"
    stale.mkdir()
    (stale / "CNAME").write_text("old\n", "utf-8")
    (stale / output.MARKER).write_text(output.MARKER_TEXT, "utf-8")
    (stale / CARRIED).write_text("CNAME\n", "utf-8")
    assert build(ws, out, "-a", "public").exit_code == 0
    assert (out / "CNAME").read_text("utf-8") == "new\n"
    assert (stale / "CNAME").read_text("utf-8") == "old\n"


# -- 5. themes/ --------------------------------------------------------------------------------
def test_an_output_folder_inside_themes_is_refused(ws: Workspace) -> None:
    piece(ws)
    ws.write("themes/default/static/extra.css", "body {}\n")
    out = ws.root / "themes/default/static/site"
    result = build(ws, out, "-a", "public")
    assert result.exit_code == 1, result.output
    assert "inside themes/" in result.output and not out.exists()


def test_theme_static_files_are_leak_checked_by_their_text(ws: Workspace) -> None:
    piece(ws)
    piece(ws, "2026-04-01-canaryhidden", title="Canary hidden reorg plan", visibility="self")
    ws.write("themes/default/static/notes.txt", "see 2026-04-01-canaryhidden for more\n")
    out = ws.root.parent / "site"
    result = build(ws, out, "-a", "public")
    assert result.exit_code == 1, result.output
    assert "leak check" in result.output and "static/notes.txt" in result.output
    assert not out.exists()


def test_the_config_schema_knows_site_keep() -> None:
    import jsonschema

    from dossier.authoring.schema import load_schema

    schema = load_schema("config")
    base = {"person": {"name": "Ada"}, "current_level": "ic2", "target_level": "staff"}
    good = {**base, "site": {"keep": ["CNAME", ".nojekyll", "README.txt"]}}
    assert not list(jsonschema.Draft7Validator(schema).iter_errors(good))
    for bad in (["docs/CNAME"], [".."], [".dossier-site"], [{"a": 1}]):
        wrong = {**base, "site": {"keep": bad}}
        assert list(jsonschema.Draft7Validator(schema).iter_errors(wrong)), bad
