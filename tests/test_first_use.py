"""What a new user trips over (issue 19): inputs people really write and the commands
that help them find their way (SPEC sections 2, 3 and 8).

Each test here failed before the change it covers: date-times refused, empty titles
accepted, init's samples silent, warnings said twice or before a usage error, no way to
list the built-in frameworks, no completion of levels and audiences, an unknown
`framework_agreed` revision ignored, "readiness 0.0%" for a level with nothing to assess.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import REPO, Workspace

from dossier.cli import cli

AS_OF = "2026-11-22"
SAMPLE_WARNING = "still a sample from `dossier init`"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in list(os.environ):
        if name.startswith(("DOSSIER_", "GIT_")) or name in ("VISUAL", "EDITOR"):
            monkeypatch.delenv(name)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    yield


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    result = CliRunner().invoke(cli, list(args), env=env, prog_name="dossier")
    assert "Traceback" not in result.output
    return result


def git(root: Path, *args: str, day: str = "2026-11-22T12:00:00") -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": day,
        "GIT_COMMITTER_DATE": day,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    subprocess.run(
        ["git", "-C", str(root), "-c", "user.name=T", "-c", "user.email=t@example.com", *args],
        check=True,
        capture_output=True,
        env=env,
    )


def valid(ws: Workspace, slug: str = "e", **fields: object) -> None:
    fields.setdefault("date", "2026-03-14")
    fields.setdefault("competencies", ["design"])
    ws.evidence(slug, "Body.", **fields)


# -- dates: a date-time is read as its day ----------------------------------------------------
@pytest.mark.parametrize(
    "written",
    [
        "2026-05-01T09:30:00",
        "2026-05-01T23:30:00-05:00",
        "2026-05-01T00:15:00+09:00",
        "2026-05-01 09:30:00 +02:00",
        "2026-05-01T09:30:00Z",
        "2026-05-01T09:30",
    ],
)
def test_a_date_time_is_read_as_the_day_written(ws: Workspace, written: str) -> None:
    # written raw, as Jekyll and Hugo front matter has it (unquoted)
    ws.write(
        "content/evidence/e.md",
        f"---\ntitle: T\ndate: {written}\nend: {written}\ncompetencies: [design]\n---\nBody.\n",
    )
    dossier, diags = ws.load()
    assert dossier is not None, [d.format() for d in diags.items]
    (evidence,) = dossier.evidence
    assert (evidence.date, evidence.end) == (date(2026, 5, 1), date(2026, 5, 1))


@pytest.mark.parametrize("written", ["2026-05-01T", "2026-05-01T25", "2026-13-01T09:30:00"])
def test_a_broken_date_time_is_still_an_error(ws: Workspace, written: str) -> None:
    ws.write(
        "content/evidence/e.md", f"---\ntitle: T\ndate: {written}\ncompetencies: [design]\n---\n"
    )
    dossier, diags = ws.load()
    assert dossier is None
    assert [d.line for d in diags.errors if "invalid date" in d.message] == [3]


# -- titles need a letter or digit ------------------------------------------------------------
@pytest.mark.parametrize("title", ['""', '"!!!"', '" - "'])
def test_check_refuses_a_title_without_a_letter_or_digit(ws: Workspace, title: str) -> None:
    ws.write(
        "content/evidence/e.md",
        f"---\ndate: 2026-03-14\ntitle: {title}\ncompetencies: [design]\n---\n",
    )
    ws.goal("g", title="...", due="2027-01-01", competencies=["design"])
    result = run("check", "-C", str(ws.root))
    assert result.exit_code == 1, result.output
    assert "content/evidence/e.md:3:8: error: title" in result.output, result.output
    assert "content/goals/g.md:2:8: error: title '...' has no letter or digit" in result.output


@pytest.mark.parametrize("title", ["Ünïcode review", "日本語", "Q3"])
def test_titles_in_any_script_are_fine(ws: Workspace, title: str) -> None:
    valid(ws, title=title)
    assert ws.dossier().evidence[0].title == title


@pytest.mark.parametrize("title", ["", "!!!", "  -- "])
def test_new_refuses_a_title_without_a_letter_or_digit(ws: Workspace, title: str) -> None:
    result = run("new", "evidence", "-C", str(ws.root), title, "-c", "design")
    assert result.exit_code == 2, result.output
    assert "no letter or digit" in result.output
    assert not (ws.root / "content" / "evidence").exists()


# -- new --edit ---------------------------------------------------------------------------------
def editor_script(tmp_path: Path) -> str:
    """An 'editor' that appends a line to the file it is given."""
    script = tmp_path / "editor.py"
    script.write_text(
        "import sys\nwith open(sys.argv[1], 'a') as f:\n    f.write('Written in the editor.\\n')\n"
    )
    return f"{sys.executable} {script}"


@pytest.mark.parametrize("variable", ["VISUAL", "EDITOR"])
def test_new_edit_opens_the_file_in_the_editor(
    ws: Workspace, tmp_path: Path, variable: str
) -> None:
    env = {variable: editor_script(tmp_path)}
    result = run(
        "new", "goal", "-C", str(ws.root), "--edit", "Run a review", "-c", "design", env=env
    )
    assert result.exit_code == 0, result.output
    (made,) = (ws.root / "content" / "goals").glob("*.md")
    assert made.read_text("utf-8").endswith("Written in the editor.\n")


def test_new_edit_without_an_editor_keeps_the_file_and_says_how(
    ws: Workspace, tmp_path: Path
) -> None:
    env = {"EDITOR": str(tmp_path / "no-such-editor"), "PATH": str(tmp_path)}
    result = run("new", "evidence", "-C", str(ws.root), "--edit", "Led it", "-c", "design", env=env)
    assert result.exit_code == 1, result.output
    assert "hint: set VISUAL or EDITOR" in result.output
    (made,) = (ws.root / "content" / "evidence").glob("*.md")
    assert "title: Led it" in made.read_text("utf-8")


# -- init's samples -------------------------------------------------------------------------------
def init(root: Path) -> None:
    env = {"SOURCE_DATE_EPOCH": "1795348800"}  # 2026-11-22 12:00 UTC
    result = run("init", str(root), "--name", "Ada Lovelace", "--framework", "engineering", env=env)
    assert result.exit_code == 0, result.output


def sample_warnings(root: Path) -> list[str]:
    result = run("check", "-C", str(root))
    assert result.exit_code == 0, result.output
    return sorted(line for line in result.output.splitlines() if SAMPLE_WARNING in line)


def test_unchanged_samples_warn_in_check_and_build(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    init(root)
    warned = sample_warnings(root)
    files = sorted("content/" + line.split(":", 1)[0].split("/content/")[-1] for line in warned)
    assert files == [
        "content/evidence/2026-09-22-example-project.md",
        "content/evidence/2026-10-22-example-feedback.md",
        "content/goals/2026-11-22-example-goal.md",
        "content/pages/backfill.md",
        "content/pages/why-now.md",
    ], warned
    build = run("build", "-C", str(root), "--as-of", AS_OF, "-o", str(tmp_path / "site"))
    assert build.exit_code == 0, build.output
    assert build.output.count(SAMPLE_WARNING) == 5, build.output
    strict = run("build", "-C", str(root), "--strict", "-o", str(tmp_path / "strict"))
    assert strict.exit_code == 1, strict.output


def test_a_sample_made_ones_own_stops_warning(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    init(root)
    why_now = root / "content/pages/why-now.md"
    lines = why_now.read_text("utf-8").splitlines(keepends=True)
    why_now.write_text("".join(line for line in lines if "A sample from" not in line), "utf-8")
    warned = sample_warnings(root)
    assert len(warned) == 4 and not any("why-now" in line for line in warned), warned


def test_an_older_sample_is_known_by_its_title(ws: Workspace) -> None:
    valid(ws, title="Example: a project I led (replace me)")
    result = run("check", "-C", str(ws.root))
    assert f"content/evidence/e.md:2:8: warning: {SAMPLE_WARNING}" in result.output, result.output


def test_samples_are_not_recorded_later_after_the_first_commit(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    init(root)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Start my dossier")
    site = tmp_path / "site"
    result = run("build", "-C", str(root), "--as-of", AS_OF, "-o", str(site))
    assert result.exit_code == 0, result.output
    pages = sorted((site / "evidence").glob("*.html"))
    assert len(pages) == 2
    for page in pages:
        text = page.read_text("utf-8").replace("\u00a0", " ")
        assert "first committed 22 Nov 2026" in text, page.name
        assert "recorded later" not in text, page.name


# -- each warning once, usage errors first ------------------------------------------------------
def warned_workspace(ws: Workspace) -> Workspace:
    valid(ws, "said", type="feedback")  # feedback without `from`: a warning
    return ws


@pytest.mark.parametrize(
    "args",
    [
        ["build", "--audience", "bogus"],
        ["gaps", "--audience", "bogus"],
        ["gaps", "--level", "bogus"],
        ["serve", "--audience", "bogus"],
    ],
)
def test_usage_errors_come_before_any_warning(ws: Workspace, args: list[str]) -> None:
    warned_workspace(ws)
    result = run(*args, "-C", str(ws.root))
    assert result.exit_code == 2, result.output
    assert "feedback without" not in result.output, result.output


def test_build_says_each_warning_once(ws: Workspace, tmp_path: Path) -> None:
    warned_workspace(ws)
    result = run("build", "-C", str(ws.root), "--as-of", AS_OF, "-o", str(tmp_path / "s"))
    assert result.exit_code == 0, result.output
    assert result.output.count("feedback without `from`") == 1, result.output


# -- finding the built-in frameworks --------------------------------------------------------------
@pytest.mark.parametrize("args", [["frameworks"], ["init", "--framework", "list"]])
def test_the_built_in_frameworks_are_listed(
    tmp_path: Path, args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(*args)
    assert result.exit_code == 0, result.output
    for name in ("engineering", "product-management"):
        assert f"  {name}  " in result.output, result.output
    assert "senior-pm -> director" in result.output and "senior -> staff" in result.output
    assert list(tmp_path.iterdir()) == []  # listing starts no workspace


# -- completion -----------------------------------------------------------------------------------
def complete(ws: Workspace, words: str) -> list[str]:
    env = {
        "_DOSSIER_COMPLETE": "bash_complete",
        "COMP_WORDS": f"dossier -C {ws.root} {words}",
        "COMP_CWORD": str(len(words.split()) + 2 + (1 if words.endswith(" ") else 0)),
    }
    result = CliRunner().invoke(cli, [], env=env, prog_name="dossier")
    return [line.split(",", 1)[1] for line in result.output.splitlines() if "," in line]


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("gaps --level ", ["ic1", "ic2", "staff", "manager", "principal"]),
        ("gaps --level st", ["staff"]),
        ("gaps --audience ", ["self", "manager", "sponsor", "public"]),
        ("build --audience s", ["self", "sponsor"]),
        ("serve --audience m", ["manager"]),
        ("new evidence --visibility p", ["public"]),
    ],
)
def test_levels_and_audiences_complete(ws: Workspace, words: str, expected: list[str]) -> None:
    assert complete(ws, words) == expected


# -- framework_agreed naming a revision git does not know --------------------------------------
def agreed_workspace(ws: Workspace, revision: str) -> Workspace:
    valid(ws)
    ws.write_config(framework_agreed=revision)
    git(ws.root, "init", "-q")
    git(ws.root, "add", "-A")
    git(ws.root, "commit", "-q", "-m", "start")
    git(ws.root, "tag", "v1")
    return ws


@pytest.mark.parametrize("command", ["check", "build"])
def test_an_unknown_agreed_revision_warns_naming_it(
    ws: Workspace, tmp_path: Path, command: str
) -> None:
    agreed_workspace(ws, "v2026.1")
    args = ["-o", str(tmp_path / "site"), "--as-of", AS_OF] if command == "build" else []
    result = run(command, "-C", str(ws.root), *args)
    assert result.exit_code == 0, result.output
    config = (ws.root / "dossier.yaml").read_text("utf-8").splitlines()
    line = next(i for i, text in enumerate(config, 1) if text.startswith("framework_agreed:"))
    assert (
        f"dossier.yaml:{line}:19: warning: framework_agreed: revision 'v2026.1' is not a tag, "
        "branch or commit git knows"
    ) in result.output, result.output


def test_a_known_agreed_revision_says_nothing(ws: Workspace, tmp_path: Path) -> None:
    agreed_workspace(ws, "v1")
    result = run("build", "-C", str(ws.root), "-o", str(tmp_path / "site"), "--as-of", AS_OF)
    assert result.exit_code == 0 and "framework_agreed" not in result.output, result.output
    assert "Unchanged since the agreed version" in (tmp_path / "site/framework.html").read_text()


def test_outside_git_the_agreed_revision_is_left_alone(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    valid(ws)
    ws.write_config(framework_agreed="v9")
    result = run("check", "-C", str(ws.root))
    assert result.exit_code == 0 and "framework_agreed" not in result.output, result.output


# -- a level with nothing to assess -------------------------------------------------------------
def empty_level(ws: Workspace) -> Workspace:
    valid(ws)
    text = (ws.root / "content/framework.yaml").read_text("utf-8")
    ws.write(
        "content/framework.yaml",
        text.replace(
            "  - {id: principal,", "  - {id: vp, title: VP, track: ic}\n  - {id: principal,"
        ),
    )
    return ws


def test_a_level_with_nothing_to_assess_says_so(ws: Workspace) -> None:
    empty_level(ws)
    text = run("gaps", "-C", str(ws.root), "--as-of", AS_OF, "--level", "vp")
    assert text.exit_code == 0, text.output
    assert "Readiness at vp (VP): nothing to assess at this level" in text.output, text.output
    data = run("gaps", "-C", str(ws.root), "--as-of", AS_OF, "--level", "vp", "-f", "json")
    assert json.loads(data.stdout)["readiness"] is None
    markdown = run("gaps", "-C", str(ws.root), "--as-of", AS_OF, "--level", "vp", "-f", "markdown")
    assert "nothing to assess at this level" in markdown.output


def test_fail_under_at_a_level_with_nothing_to_assess_names_why(ws: Workspace) -> None:
    empty_level(ws)
    args = ["gaps", "-C", str(ws.root), "--as-of", AS_OF, "--level", "vp", "--fail-under", "0"]
    result = run(*args)
    assert result.exit_code == 1, result.output
    assert "error: nothing to assess at vp" in result.output, result.output


def test_readiness_of_an_assessed_level_is_still_a_number(ws: Workspace) -> None:
    empty_level(ws)
    data = run("gaps", "-C", str(ws.root), "--as-of", AS_OF, "-f", "json")
    assert json.loads(data.stdout)["readiness"] == 25.0  # one of two competencies partial


# -- the README's first steps -----------------------------------------------------------------
def test_readme_step_three_works_without_an_editor_variable() -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    step = readme.split("**3. Record evidence", 1)[1].split("**4.", 1)[0]
    assert '$EDITOR "$(' not in step, "fails with 'Permission denied' when EDITOR is unset"
    assert "--edit" in step


def test_readme_names_the_chromium_package_for_the_tests() -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    assert "apt install chromium" in readme


def test_the_text_ladder_starts_at_the_current_level(ws: Workspace) -> None:
    valid(ws)
    result = run("gaps", "-C", str(ws.root), "--as-of", AS_OF)
    ladder = result.output.split("Ladder\n", 1)[1].strip()
    assert ladder.startswith("ic2 ") and "ic1" not in ladder, ladder
    data = run("gaps", "-C", str(ws.root), "--as-of", AS_OF, "-f", "json")
    assert json.loads(data.stdout)["ladder"][0]["level"] == "ic1"  # JSON keeps every level


def test_the_site_of_a_level_with_nothing_to_assess_says_so(ws: Workspace, tmp_path: Path) -> None:
    empty_level(ws)
    ws.write_config(target_level="vp")
    site = tmp_path / "site"
    result = run("build", "-C", str(ws.root), "--as-of", AS_OF, "-o", str(site))
    assert result.exit_code == 0, result.output
    assert "nothing to assess at vp" in result.output, result.output
    index = (site / "index.html").read_text("utf-8")
    readiness = index.split('class="fact-label">Readiness</span>')[1].split("</li>")[0]
    assert "nothing to assess at this level" in readiness and "0.0%" not in readiness, readiness
    assert "nothing to assess at this level" in (site / "gaps.html").read_text("utf-8")
    assert json.loads((site / "dossier.json").read_text("utf-8"))["report"]["readiness"] is None
