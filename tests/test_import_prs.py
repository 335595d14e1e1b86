"""`dossier import prs FILE.json`: gh and glab exports as drafts, once each, with clear
messages (file:line:col) for files that are not such an export."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result
from conftest import Workspace
from gitrepo import GitRepo, git_env
from test_import_git import AS_OF, body, drafts_in, front

from dossier.cli import cli

GH = [
    {
        "number": 12,
        "title": 'Retry webhooks: "at least once" # finally',
        "url": "https://github.com/acme/api/pull/12",
        "mergedAt": "2026-03-11T16:20:00Z",
        "body": "Fixes [the bug](../../etc/passwd) and [[wikilink]].\n\n::: private\n````\n",
        "additions": 120,
        "deletions": 7,
    },
    {
        "number": 14,
        "title": "Speed up the delivery pipeline",
        "url": "https://github.com/acme/api/pull/14",
        "mergedAt": "2026-03-13T09:00:00Z",
        "body": "",
        "additions": 3,
        "deletions": 30,
    },
    {
        "number": 15,
        "title": "Not merged",
        "url": "https://github.com/acme/api/pull/15",
        "mergedAt": None,
        "body": "",
        "additions": 1,
        "deletions": 1,
    },
]
GLAB = [
    {
        "iid": 7,
        "title": "Technical design of the cache",
        "web_url": "https://gitlab.com/acme/platform/api/-/merge_requests/7",
        "merged_at": "2026-02-02T10:00:00.000Z",
        "description": "The plan.",
        "state": "merged",
    }
]


def import_prs(ws: Workspace, path: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["import", "prs", str(path), *args, "-C", str(ws.root)])


def export(tmp_path: Path, data: Any, name: str = "prs.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data, indent=2), "utf-8")
    return path


def check_passes(ws: Workspace) -> None:
    result = CliRunner().invoke(cli, ["check", "-C", str(ws.root), "--no-cache"])
    assert result.exit_code == 0, result.output


def test_a_gh_export(ws: Workspace, tmp_path: Path) -> None:
    result = import_prs(ws, export(tmp_path, GH))
    assert result.exit_code == 0, result.output
    assert "(gh export, 2 merged)" in result.output
    assert "skipped  1 not merged" in result.output
    drafts = drafts_in(ws)
    assert sorted(drafts) == [
        "2026-03-11-retry-webhooks-at-least-once-finally.md",
        "2026-03-13-speed-up-the-delivery-pipeline.md",
    ]
    first = drafts["2026-03-11-retry-webhooks-at-least-once-finally.md"]
    assert front(first) == {
        "title": 'Retry webhooks: "at least once" # finally',
        "date": front(first)["date"],
        "draft": True,
        "competencies": [],
        "type": "project",
        "impact": "",
        "source": ["https://github.com/acme/api/pull/12"],
        "links": [{"title": "Pull request #12", "url": "https://github.com/acme/api/pull/12"}],
    }
    assert str(front(first)["date"]) == "2026-03-11"
    assert "+120 -7 lines." in body(first)
    assert "Fixes [the bug](../../etc/passwd)" in body(first)  # as written, inside a fence
    second = drafts["2026-03-13-speed-up-the-delivery-pipeline.md"]
    assert front(second)["competencies"] == ["delivery"]
    check_passes(ws)
    again = import_prs(ws, export(tmp_path, GH))
    assert again.exit_code == 0
    assert "skipped  2 imported before (by URL)" in again.output
    assert "Nothing new to import." in again.output


def test_a_glab_export(ws: Workspace, tmp_path: Path) -> None:
    result = import_prs(ws, export(tmp_path, GLAB))
    assert result.exit_code == 0, result.output
    assert "glab export" in result.output
    (text,) = drafts_in(ws).values()
    assert front(text)["title"] == "Technical design of the cache"
    assert front(text)["competencies"] == ["design"]
    assert front(text)["source"] == ["https://gitlab.com/acme/platform/api/-/merge_requests/7"]
    assert body(text).startswith("Pull request #7 in acme/platform/api, merged on 2 Feb 2026.")
    check_passes(ws)


def test_a_dry_run_writes_nothing(ws: Workspace, tmp_path: Path) -> None:
    result = import_prs(ws, export(tmp_path, GH), "--dry-run")
    assert result.exit_code == 0
    assert result.output.count("would create") == 2
    assert drafts_in(ws) == {}


def test_not_json(ws: Workspace, tmp_path: Path) -> None:
    path = export(tmp_path, '[\n  {"number": 1,\n  "title": oops}\n]')
    result = import_prs(ws, path)
    assert result.exit_code == 1
    assert f"{path}:3:12: error: not valid JSON: Expecting value" in result.output
    assert "gh pr list --author @me --state merged" in result.output
    assert "Traceback" not in result.output


def test_not_utf8_and_not_there(ws: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "prs.json"
    path.write_bytes(b'[{"title": "caf\xe9"}]')
    result = import_prs(ws, path)
    assert result.exit_code == 1
    assert f"{path}:1:16: error: not UTF-8 text" in result.output  # the 16th byte
    missing = import_prs(ws, tmp_path / "none.json")
    assert missing.exit_code == 1
    assert "cannot read the export" in missing.output


def test_the_wrong_shape(ws: Workspace, tmp_path: Path) -> None:
    result = import_prs(ws, export(tmp_path, {"pulls": GH}))
    assert result.exit_code == 1
    assert "1:1: error: expected a list of pull requests" in result.output
    items = [1, {"number": "12", "url": "https://x.org/1"}, {"number": 3, "url": "javascript:x"}]
    path = export(tmp_path, items, "items.json")
    wrong = import_prs(ws, path)
    assert wrong.exit_code == 1
    assert f"{path}:2:3: error: an item of the list is not a pull request" in wrong.output
    assert f"{path}:3:3: error: 'number' is missing or not a number" in wrong.output
    assert (
        f"{path}:7:3: error: pull request #3: 'url' is missing or not a web address" in wrong.output
    )
    assert drafts_in(ws) == {}


def test_good_items_are_imported_beside_bad_ones(ws: Workspace, tmp_path: Path) -> None:
    result = import_prs(ws, export(tmp_path, [*GH, {"title": "no number"}]))
    assert result.exit_code == 0, result.output
    assert "error: 'number' is missing" in result.output
    assert len(drafts_in(ws)) == 2


def test_a_pull_request_imported_from_git_is_known_in_an_export(
    ws: Workspace, tmp_path: Path, monkeypatch: Any
) -> None:
    for key, value in git_env(tmp_path).items():
        if key.startswith("GIT_"):
            monkeypatch.setenv(key, value)
    repo = GitRepo.create(tmp_path / "api")
    repo.git("remote", "add", "origin", "git@github.com:acme/api.git")
    repo.commit("Speed up the delivery pipeline (#14)", "2026-03-13")
    args = ["import", "git", str(repo.path), "-C", str(ws.root), "--as-of", AS_OF]
    from_git = CliRunner().invoke(cli, [*args, "--since", "2026-01-01"])
    assert from_git.exit_code == 0, from_git.output
    (text,) = drafts_in(ws).values()
    assert "https://github.com/acme/api/pull/14" in front(text)["source"]
    result = import_prs(ws, export(tmp_path, GH))
    assert result.exit_code == 0, result.output
    assert "skipped  1 imported before" in result.output
    assert len(drafts_in(ws)) == 2


def test_titles_with_newlines_and_yaml_marks(ws: Workspace, tmp_path: Path) -> None:
    hostile = [
        (
            "First line\nsecond line: with # and 'quotes'",
            "First line second line: with # and 'quotes'",
        ),
        ("- [x] yes", "- [x] yes"),
        ("&anchor *alias !tag |", "&anchor *alias !tag |"),
        ("\u2028\x07\u202e", "Pull request #4"),  # nothing but invisible characters
    ]
    items = [
        {**GH[1], "number": i + 1, "url": f"https://github.com/acme/api/pull/{i + 1}", "title": t}
        for i, (t, _) in enumerate(hostile)
    ]
    result = import_prs(ws, export(tmp_path, items))
    assert result.exit_code == 0, result.output
    titles = sorted(front(text)["title"] for text in drafts_in(ws).values())
    assert titles == sorted(expected for _, expected in hostile)
    check_passes(ws)
