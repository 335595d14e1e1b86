"""The library under the command line: `from dossier import Workspace` gives what the
commands print, as typed results."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO, Workspace

import dossier
from dossier.cli import cli

AS_OF = "2026-11-22"


@pytest.fixture
def example(tmp_path: Path) -> Path:
    root = tmp_path / "example"
    root.mkdir()
    shutil.copy2(REPO / "dossier.yaml", root / "dossier.yaml")
    shutil.copytree(REPO / "content", root / "content")
    return root


@pytest.mark.parametrize(
    ("audience", "level"),
    [("self", None), ("manager", None), ("sponsor", None), ("self", "group-pm")],
)
def test_gaps_equals_the_json_report(example: Path, audience: str, level: str | None) -> None:
    args = ["-C", str(example), "gaps", "--format", "json", "--as-of", AS_OF, "-a", audience]
    result = CliRunner().invoke(cli, [*args, *(["--level", level] if level else [])])
    assert result.exit_code == 0, result.output
    gaps = dossier.Workspace(example).gaps(level, date.fromisoformat(AS_OF), audience)
    assert gaps.data() == json.loads(result.output)
    assert gaps.readiness == json.loads(result.output)["readiness"]
    assert gaps.level == (level or "director")


def test_check_counts_and_problems(ws: Workspace) -> None:
    ws.evidence("2026-03-01-a", "A.\n", date="2026-03-01", competencies=["design"])
    ws.evidence("2026-04-01-b", "B.\n", date="2026-04-01", competencies=["desing"])
    result = dossier.Workspace(ws.root).check()
    assert not result.ok()
    assert [d.path for d in result.errors] == ["content/evidence/2026-04-01-b.md"]
    assert "did you mean 'design'" in result.errors[0].message
    ws.evidence("2026-04-01-b", "B.\n", date="2026-04-01", competencies=["design"])
    fixed = dossier.Workspace(ws.root).check()
    assert fixed.ok() and (fixed.evidence, fixed.goals, fixed.pages) == (2, 0, 0)


def test_problems_raise_with_every_diagnostic(ws: Workspace) -> None:
    ws.evidence("2026-03-01-a", "A.\n", date="2026-13-01", competencies=["nope"])
    with pytest.raises(dossier.WorkspaceError) as caught:
        dossier.Workspace(ws.root).gaps(as_of=date(2026, 11, 22))
    messages = [d.message for d in caught.value.diagnostics]
    assert len(messages) >= 2, messages


def test_unknown_names_are_value_errors_with_a_hint(ws: Workspace) -> None:
    workspace = dossier.Workspace(ws.root)
    with pytest.raises(dossier.UnknownName, match="did you mean 'manager'"):
        workspace.gaps(as_of=date(2026, 11, 22), audience="manger")
    with pytest.raises(ValueError, match="unknown level 'stafff'"):
        workspace.gaps(level="stafff", as_of=date(2026, 11, 22))


def test_build_and_plan_agree(example: Path, tmp_path: Path) -> None:
    workspace = dossier.Workspace(example, cache=False)
    as_of = date.fromisoformat(AS_OF)
    plan = workspace.plan("sponsor", as_of)
    (result,) = workspace.build("sponsor", tmp_path / "out", as_of)
    written = sorted(
        p.relative_to(result.out).as_posix()
        for p in result.out.rglob("*")
        if p.is_file() and p.name != ".dossier-site"
    )
    assert written == plan.paths()
    assert result.files == len(written)
    index = plan.make("index.html")
    assert index == (result.out / "index.html").read_bytes()


def test_workspace_find_walks_up(example: Path) -> None:
    (example / "content" / "evidence").mkdir(exist_ok=True)
    found = dossier.Workspace.find(example / "content" / "evidence")
    assert found is not None and found.root == example.resolve()
    assert dossier.Workspace.find(example.parent) is None


def test_the_readme_example_runs(
    example: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    section = readme.split("## Use it as a library", 1)[1]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    code = code.replace('"path/to/my-dossier"', repr(str(example)))
    code = code.replace('"../sponsor-site"', repr(str(tmp_path / "sponsor-site")))
    code = code.replace('"case.docx"', repr(str(tmp_path / "case.docx")))
    exec(compile(code, "README.md", "exec"), {})
    printed = capsys.readouterr().out
    assert "% toward director" in printed
    assert (tmp_path / "sponsor-site" / "index.html").is_file()
    assert (tmp_path / "case.docx").read_bytes().startswith(b"PK")


def test_a_build_loads_neither_the_packet_nor_the_preview(example: Path, tmp_path: Path) -> None:
    """python-docx, watchdog and the HTTP server are imported by export and serve only:
    a build does not pay for them."""
    code = (
        "import sys; from dossier import Workspace; "
        f"Workspace({str(example)!r}).build('manager', {str(tmp_path / 'site')!r}, "
        "__import__('datetime').date(2026, 11, 22)); "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'docx', 'watchdog', 'http'}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
    assert (tmp_path / "site" / "index.html").is_file()
