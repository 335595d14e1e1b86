"""Authoring: `dossier init`, `dossier new`, `dossier schema`, the pre-commit hooks and the
CI example (SPEC sections 2 and 3).

Every workspace these commands make must pass `dossier check` and build; nothing that
exists is ever overwritten.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import shlex
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import click
import pytest
import yaml
from click.testing import CliRunner, Result
from conftest import MINI_FRAMEWORK, REPO, Workspace

from dossier.authoring import starter
from dossier.authoring.schema import SCHEMA_NAMES, schema_text
from dossier.build.load import load_dossier
from dossier.cli import cli
from dossier.errors import Diagnostics
from dossier.model.content import slugify
from dossier.model.dossier import Dossier

TODAY = "2026-11-22"
EPOCH = str(int(datetime(2026, 11, 22, 12, tzinfo=timezone.utc).timestamp()))
FRAMEWORKS = ["product-management", "engineering", "engineering-points"]
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$", re.MULTILINE)


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A fixed "today", and nothing from the developer's shell or git identity."""
    for name in list(os.environ):
        if name.startswith("DOSSIER_"):
            monkeypatch.delenv(name)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setattr(starter, "git_user_name", lambda: None)
    yield


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    result = CliRunner().invoke(cli, list(args), env=env, prog_name="dossier")
    assert "Traceback" not in result.output
    assert "internal error" not in result.output
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def init(root: Path, *args: str) -> Result:
    result = run("init", str(root), "--name", "Ada Lovelace", *args)
    assert result.exit_code == 0, result.output
    return result


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "site" not in p.relative_to(root).parts
    }


def loaded(root: Path) -> Dossier:
    dossier = load_dossier(root, Diagnostics())
    assert dossier is not None
    return dossier


SAMPLE_WARNING = "still a sample from `dossier init`"


def check_clean(root: Path, strict: bool = True) -> None:
    """No errors; with strict, no warnings but those on init's unchanged samples."""
    result = run("check", "-C", str(root))
    assert result.exit_code == 0, result.output
    assert "0 errors" in result.output
    if strict:
        warnings = [line for line in result.output.splitlines() if ": warning: " in line]
        assert all(SAMPLE_WARNING in line for line in warnings), result.output


# -- init -----------------------------------------------------------------------------------
@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_init_then_check_then_build(tmp_path: Path, framework: str) -> None:
    root = tmp_path / "my-dossier"
    init(root, "--framework", framework)
    check_clean(root)
    result = run("build", "-C", str(root))
    assert result.exit_code == 0, result.output
    for page in ("index.html", "brief.html", "pages/why-now.html", "pages/backfill.html"):
        assert (root / "site" / page).is_file(), page
    gaps = run("gaps", "-C", str(root), "--format", "json")
    data = json.loads(gaps.stdout)
    statuses = {c["id"]: c["status"] for c in data["competencies"]}
    if framework == "engineering-points":
        # the sample project names systems.leading, the step staff requires: it counts
        # (partial), but one piece reaches no step, so no points yet
        assert statuses["systems"] == "partial"
        assert data["points"] == {"reached": 0, "required": 44}
    else:
        assert data["readiness"] > 0  # the samples count toward the target level


@pytest.mark.parametrize(
    ("framework", "current", "target"),
    [
        ("product-management", "senior-pm", "director"),
        ("engineering", "senior", "staff"),
        ("engineering-points", "senior", "staff"),
    ],
)
def test_init_writes_a_complete_workspace(
    tmp_path: Path, framework: str, current: str, target: str
) -> None:
    root = tmp_path / "ws"
    result = init(root, "--framework", framework)
    files = snapshot(root)
    expected = {
        "dossier.yaml",
        "content/framework.yaml",
        "content/evidence/2026-09-22-example-project.md",
        "content/evidence/2026-10-22-example-feedback.md",
        f"content/goals/{TODAY}-example-goal.md",
        "content/pages/why-now.md",
        "content/pages/backfill.md",
        ".gitignore",
        *(f".dossier/schemas/{name}.schema.json" for name in SCHEMA_NAMES),
    }
    assert set(files) == expected
    for rel in expected:
        assert f"created  {rel}" in result.stdout
    config = yaml.safe_load(files["dossier.yaml"])
    assert config["person"]["name"] == "Ada Lovelace"
    assert (config["current_level"], config["target_level"]) == (current, target)
    assert config["framework"] == "content/framework.yaml"
    assert files[".gitignore"].decode().splitlines() == ["site/", "packet-*"]
    builtin = (REPO / "dossier" / "frameworks" / f"{framework}.yaml").read_text("utf-8")
    assert files["content/framework.yaml"].decode().endswith(builtin)
    for name in SCHEMA_NAMES:
        assert files[f".dossier/schemas/{name}.schema.json"].decode() == schema_text(name)


def test_init_pages_hold_the_prompts(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    init(root)
    why_now = (root / "content/pages/why-now.md").read_text("utf-8")
    backfill = (root / "content/pages/backfill.md").read_text("utf-8")
    for heading in ("The business need", "The benefit to the team and the company", "Why me"):
        assert f"## {heading}" in why_now
    for heading in ("The successor", "What they still need", "The handover plan"):
        assert f"## {heading}" in backfill
    assert "Director of Product" in why_now  # the target level, by its title
    assert "Senior Product Manager" in backfill  # the seat being left
    for text in (why_now, backfill):
        assert "visibility: sponsor" in text


def test_init_prints_next_steps(tmp_path: Path) -> None:
    result = init(tmp_path / "ws")
    steps = result.stdout.split("Next steps:")[1]
    for command in ("dossier new evidence", "dossier serve", "dossier build"):
        assert command in steps


def test_init_into_a_non_empty_folder_overwrites_nothing(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    mine = {
        "dossier.yaml": "title: mine\n",
        "content/pages/why-now.md": "---\ntitle: My own\n---\nKeep me.\n",
        "content/evidence/2026-01-01-mine.md": "my evidence\n",
        ".gitignore": "node_modules/\n",
        "notes.txt": "untouched\n",
        ".dossier/schemas/page.schema.json": "{}\n",
    }
    for rel, text in mine.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    result = init(root)
    after = snapshot(root)
    for rel, text in mine.items():
        assert after[rel] == text.encode(), rel
    out = result.stdout
    assert "skipped  dossier.yaml (exists)" in out
    assert "skipped  content/pages/why-now.md (exists)" in out
    assert "skipped  .dossier/schemas/page.schema.json (exists)" in out
    # The existing .gitignore is left alone; the message names only the missing line.
    assert "skipped  .gitignore (exists; add these lines to it: site/ packet-*)" in out
    # Evidence exists already, so no samples are added beside it; the rest is created.
    assert "skipped  content/evidence/2026-09-22-example-project.md" in out
    assert not (root / "content/evidence/2026-09-22-example-project.md").exists()
    assert "created  content/pages/backfill.md" in out
    assert "created  content/framework.yaml" in out


def test_init_twice_creates_nothing_the_second_time(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    init(root)
    before = snapshot(root)
    result = init(root, "--framework", "engineering")
    assert snapshot(root) == before
    assert "created" not in result.stdout
    assert "Engineering" not in result.stdout  # the kept workspace is not described as new
    assert "dossier.yaml is kept as it is" in result.stdout
    assert result.stdout.count("skipped") == len(before)
    check_clean(root)


def test_init_never_writes_through_a_dangling_symlink(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    root.mkdir()
    target = tmp_path / "elsewhere.yaml"
    (root / "dossier.yaml").symlink_to(target)
    result = init(root)
    assert "skipped  dossier.yaml (exists)" in result.stdout
    assert not target.exists()


def test_init_is_reproducible_with_source_date_epoch(tmp_path: Path) -> None:
    """Everything but the workspace id, which is random so that two workspaces never share
    calendar UIDs."""
    init(tmp_path / "a")
    init(tmp_path / "b")
    first, second = snapshot(tmp_path / "a"), snapshot(tmp_path / "b")
    ids = [re.search(rb'^id: "([0-9a-f]{16})"', s["dossier.yaml"], re.M) for s in (first, second)]
    assert ids[0] and ids[1] and ids[0].group(1) != ids[1].group(1)
    for files, found in zip((first, second), ids, strict=True):
        assert found is not None
        files["dossier.yaml"] = files["dossier.yaml"].replace(found.group(1), b"ID")
    assert first == second


def test_init_here_by_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("init", "--name", "Ada")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "dossier.yaml").is_file()
    assert "cd " not in result.stdout.split("Next steps:")[1]


def test_init_honours_the_workspace_option(tmp_path: Path) -> None:
    result = run("-C", str(tmp_path / "ws"), "init", "--name", "Ada")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "ws" / "dossier.yaml").is_file()


@pytest.mark.parametrize(
    ("git_name", "expected"), [(None, "Your Name"), ("Grace Hopper", "Grace Hopper")]
)
def test_init_name_defaults_to_git(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, git_name: str | None, expected: str
) -> None:
    monkeypatch.setattr(starter, "git_user_name", lambda: git_name)
    assert run("init", str(tmp_path)).exit_code == 0
    assert yaml.safe_load((tmp_path / "dossier.yaml").read_text())["person"]["name"] == expected


@pytest.mark.parametrize("name", ['O\'Brien: the "second"', "yes", "2026-01-01", "Zoë #1"])
def test_init_quotes_any_name(tmp_path: Path, name: str) -> None:
    assert run("init", str(tmp_path), "--name", name).exit_code == 0
    check_clean(tmp_path)
    dossier = load_dossier(tmp_path, Diagnostics())
    assert dossier is not None and dossier.config.person.name == name


@pytest.mark.parametrize(
    ("args", "current", "target"),
    [
        (["--current", "senior-pm"], "senior-pm", "group-pm"),  # the next level on the trunk
        (["--current", "group-pm"], "group-pm", "director"),  # the next on the management track
        (["--target", "principal-pm"], "senior-pm", "principal-pm"),  # the level below on ic
        (["--target", "director"], "group-pm", "director"),
        (["--current", "pm", "--target", "director"], "pm", "director"),
    ],
)
def test_init_levels(tmp_path: Path, args: list[str], current: str, target: str) -> None:
    init(tmp_path, *args)
    config = yaml.safe_load((tmp_path / "dossier.yaml").read_text())
    assert (config["current_level"], config["target_level"]) == (current, target)
    check_clean(tmp_path)


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--current", "senoir-pm"], "unknown level 'senoir-pm' (did you mean 'senior-pm'?)"),
        (["--target", "directr"], "unknown level 'directr' (did you mean 'director'?)"),
        (["--current", "director", "--target", "pm"], "is not above the current level"),
        (["--current", "director"], "'director' is the top of its track"),
        (["--target", "pm"], "'pm' is the lowest level"),
        (["--framework", "enginering"], "(did you mean 'engineering'?)"),
        (["--framework", "no/such/file.yaml"], "neither a built-in framework nor a file"),
    ],
)
def test_init_refuses_bad_options(tmp_path: Path, args: list[str], fragment: str) -> None:
    result = run("init", str(tmp_path / "ws"), *args)
    assert result.exit_code == 2, result.output
    assert fragment in " ".join(result.output.split())
    assert not (tmp_path / "ws").exists()


def test_init_copies_a_framework_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ladder.yaml").write_text(MINI_FRAMEWORK, encoding="utf-8")
    init(tmp_path / "ws", "--framework", "ladder.yaml")
    copied = (tmp_path / "ws/content/framework.yaml").read_text("utf-8")
    assert copied.endswith(MINI_FRAMEWORK)
    assert copied.startswith("# yaml-language-server: $schema=../.dossier/schemas/")
    config = yaml.safe_load((tmp_path / "ws/dossier.yaml").read_text())
    assert (config["current_level"], config["target_level"]) == ("ic1", "ic2")
    check_clean(tmp_path / "ws")
    assert run("build", "-C", str(tmp_path / "ws")).exit_code == 0


def test_init_around_an_existing_framework(tmp_path: Path) -> None:
    """A ladder already in place is kept, and the samples are drawn from it."""
    ladder = tmp_path / "content/framework.yaml"
    ladder.parent.mkdir(parents=True)
    ladder.write_text(MINI_FRAMEWORK, encoding="utf-8")
    result = init(tmp_path, "--framework", str(ladder), "--current", "ic2")
    assert "skipped  content/framework.yaml (exists)" in result.stdout
    assert ladder.read_text("utf-8") == MINI_FRAMEWORK
    check_clean(tmp_path)
    competencies = {c for e in loaded(tmp_path).evidence for c in e.competencies}
    assert competencies <= {"design", "delivery", "people"}


def test_init_refuses_a_broken_framework_file(tmp_path: Path) -> None:
    ladder = tmp_path / "ladder.yaml"
    ladder.write_text("name: x\nlevels:\n  - {id: a, rnak: 1}\ncompetencies: []\n", "utf-8")
    result = run("init", str(tmp_path / "ws"), "--framework", str(ladder))
    assert result.exit_code == 1
    assert "unknown key 'rnak'" in result.output
    assert ":3:" in result.output  # the line of the problem
    assert "is not a framework dossier can use" in result.output
    assert not (tmp_path / "ws").exists()


def test_init_files_point_at_the_workspace_schemas(tmp_path: Path) -> None:
    init(tmp_path)
    kinds = {"evidence": "evidence", "goals": "goal", "pages": "page"}
    expected = {"dossier.yaml": "config", "content/framework.yaml": "framework"}
    for path in (tmp_path / "content").rglob("*.md"):
        rel = path.relative_to(tmp_path).as_posix()
        expected[rel] = kinds[rel.split("/")[1]]
    for rel, name in expected.items():
        found = MODELINE.search((tmp_path / rel).read_text("utf-8"))
        assert found, rel
        schema = posixpath.normpath(posixpath.join(posixpath.dirname(rel), found.group(1)))
        assert schema == f".dossier/schemas/{name}.schema.json", rel


# -- new ------------------------------------------------------------------------------------
@pytest.fixture
def made(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workspace made by init (product management ladder), as the current folder."""
    root = tmp_path / "ws"
    init(root)
    monkeypatch.chdir(root)
    return root


def new(*args: str) -> Result:
    return run("new", *args)


def test_new_evidence_prints_only_the_path_and_passes_check(made: Path) -> None:
    result = new("evidence", "Led the pricing review", "-c", "strategy", "-c", "data")
    assert result.exit_code == 0, result.output
    rel = f"content/evidence/{TODAY}-led-the-pricing-review.md"
    assert result.stdout == f"{rel}\n"
    text = (made / rel).read_text("utf-8")
    assert text.startswith(
        "---\n# yaml-language-server: $schema=../../.dossier/schemas/evidence.schema.json\n"
    )
    check_clean(made)
    evidence = {e.slug: e for e in loaded(made).evidence}
    piece = evidence[f"{TODAY}-led-the-pricing-review"]
    assert piece.title == "Led the pricing review"
    assert piece.competencies == ("strategy", "data")
    assert (piece.type, piece.visibility, str(piece.date)) == ("project", "manager", TODAY)


def test_new_evidence_with_every_option(made: Path) -> None:
    result = new(
        "evidence",
        "Kudos: from Sam",
        "-c",
        "communication",
        "-e",
        "multi-team-strategy",
        "-c",
        "strategy",
        "--date",
        "2026-10-01",
        "--level",
        "group-pm",
        "--type",
        "feedback",
        "--visibility",
        "sponsor",
    )
    assert result.exit_code == 0, result.output
    check_clean(made, strict=False)  # feedback without `from` yet is a warning
    piece = loaded(made).evidence
    found = next(e for e in piece if e.slug == "2026-10-01-kudos-from-sam")
    assert found.title == "Kudos: from Sam"
    assert found.expectations == ("multi-team-strategy",)
    assert (found.level, found.type, found.visibility) == ("group-pm", "feedback", "sponsor")


def test_new_goal_passes_check(made: Path) -> None:
    args = ["-c", "business", "--due", "2027-01-29", "--status", "in-progress"]
    result = new("goal", "Own the FY27 business case", *args)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"content/goals/{TODAY}-own-the-fy27-business-case.md\n"
    check_clean(made)
    goals = loaded(made).goals
    goal = next(g for g in goals if g.slug.endswith("fy27-business-case"))
    assert (str(goal.due), goal.status, goal.competencies) == (
        "2027-01-29",
        "in-progress",
        ("business",),
    )


def test_new_goal_is_due_three_months_later_by_default(made: Path) -> None:
    assert new("goal", "Plan", "-c", "business", "--date", "2026-11-30").exit_code == 0
    text = (made / "content/goals/2026-11-30-plan.md").read_text("utf-8")
    assert "\ndue: 2027-02-28 " in text


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["-c", "stratgy"], "unknown competency 'stratgy' (did you mean 'strategy'?)"),
        (["-c", "strategy", "-e", "multi-team-strat"], "(did you mean 'multi-team-strategy'?)"),
        (["-c", "strategy", "--level", "directr"], "(did you mean 'director'?)"),
        (["-c", "strategy", "--visibility", "sponser"], "(did you mean 'sponsor'?)"),
        (["-c", "strategy", "--type", "projct"], "'projct' is not one of"),
        (["-c", "strategy", "--date", "2026-02-30"], "is not a date"),
    ],
)
def test_new_refuses_unknown_values(made: Path, args: list[str], fragment: str) -> None:
    before = snapshot(made)
    result = new("evidence", "Something", *args)
    assert result.exit_code == 2, result.output
    assert fragment in " ".join(result.output.split())
    assert result.stdout == ""
    assert snapshot(made) == before


def test_new_never_overwrites(made: Path) -> None:
    assert new("evidence", "Twice", "-c", "strategy").exit_code == 0
    rel = f"content/evidence/{TODAY}-twice.md"
    (made / rel).write_text("my edits\n", encoding="utf-8")
    result = new("evidence", "Twice", "-c", "data")
    assert result.exit_code == 1
    assert f"{rel} already exists" in result.output
    assert (made / rel).read_text("utf-8") == "my edits\n"


def test_new_refuses_a_slug_taken_in_a_subfolder(made: Path) -> None:
    taken = made / f"content/evidence/2026/{TODAY}-Twice.md"
    taken.parent.mkdir()
    taken.write_text("---\ntitle: t\n---\n", encoding="utf-8")
    result = new("evidence", "twice", "-c", "strategy")
    assert result.exit_code == 1
    assert f"content/evidence/2026/{TODAY}-Twice.md has its slug" in result.output


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("Ünïcode & Friends: Q3/Q4 review!", "unicode-friends-q3-q4-review"),
        ("日本語", "evidence"),
        ("word " * 30, ("word-" * 12).rstrip("-")),
    ],
)
def test_new_file_names_are_url_safe(made: Path, title: str, name: str) -> None:
    result = new("evidence", title, "-c", "strategy")
    assert result.exit_code == 0, result.output
    path = result.stdout.strip()
    assert path == f"content/evidence/{TODAY}-{name}.md"
    stem = Path(path).stem
    assert slugify(stem) == stem and len(stem) <= len(TODAY) + 61
    check_clean(made)
    titles = {e.title for e in loaded(made).evidence}
    assert " ".join(title.split()) in titles


def test_new_from_a_subfolder_prints_a_path_that_opens(
    made: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(made / "content" / "pages")
    result = new("evidence", "From here", "-c", "strategy")
    assert result.exit_code == 0, result.output
    assert Path(result.stdout.strip()).is_file()


@pytest.mark.parametrize("where", ["group", "command", "root"])
def test_new_takes_the_workspace_option(
    made: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    monkeypatch.chdir(tmp_path)
    ws = ["-C", str(made)]
    args = {
        "group": ["new", *ws, "goal", "G"],
        "command": ["new", "goal", "G", *ws],
        "root": [*ws, "new", "goal", "G"],
    }[where]
    result = run(*args, "-c", "business")
    assert result.exit_code == 0, result.output
    assert (made / f"content/goals/{TODAY}-g.md").is_file()


def test_new_works_in_a_workspace_with_other_errors(ws: Workspace) -> None:
    ws.write_config(titel="typo")
    ws.evidence("broken", date="someday", competencies=["design"])
    result = run("new", "evidence", "Fine", "-c", "design", "-C", str(ws.root))
    assert result.exit_code == 0, result.output
    # The conftest workspace has no .dossier/schemas, so no comment points at nothing.
    assert "yaml-language-server" not in (ws.root / result.stdout.strip()).read_text("utf-8")


def test_new_works_when_dossier_yaml_is_unreadable(ws: Workspace) -> None:
    """The framework at its usual place still gives the ids to check against."""
    ws.write("dossier.yaml", "person: [\n")
    result = run("new", "evidence", "Fine", "-c", "design", "-C", str(ws.root))
    assert result.exit_code == 0, result.output
    text = (ws.root / result.stdout.strip()).read_text("utf-8")
    assert "competencies: [design]" in text
    assert "visibility: manager" in text
    refused = run("new", "evidence", "Bad", "-c", "desgn", "-C", str(ws.root))
    assert refused.exit_code == 2
    assert "did you mean 'design'?" in refused.output


def test_new_needs_a_framework(ws: Workspace) -> None:
    ws.write("content/framework.yaml", "levels: [\n")
    result = run("new", "evidence", "X", "-c", "design", "-C", str(ws.root))
    assert result.exit_code == 1
    assert "content/framework.yaml:" in result.output
    assert "cannot read the workspace's framework" in result.output


def test_new_without_a_workspace(tmp_path: Path) -> None:
    result = run("new", "evidence", "X", "-C", str(tmp_path))
    assert result.exit_code == 1
    assert "dossier init" in result.output


def test_new_evidence_without_competency_says_what_to_add(made: Path) -> None:
    result = new("evidence", "Untagged")
    assert result.exit_code == 0
    assert "needs at least one competency" in result.stderr
    assert result.stdout.strip().endswith("-untagged.md")
    check = run("check")
    assert check.exit_code == 1
    assert "evidence needs at least one competency" in check.output


# -- schema, help, completion, hooks --------------------------------------------------------
@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_schema_command_prints_the_shipped_schema(name: str) -> None:
    result = run("schema", name)
    assert result.exit_code == 0
    assert json.loads(result.stdout) == json.loads(schema_text(name))


def test_schema_command_refuses_unknown_names() -> None:
    result = run("schema", "evidense")
    assert result.exit_code == 2


def test_help_reads_like_a_manual() -> None:
    out = run("--help").stdout
    commands = out.split("Commands:")[1]
    listed = [line.split()[0] for line in commands.splitlines() if line.startswith("  ")]
    assert listed[:3] == ["init", "new", "check"]
    for text in ("dossier init", "dossier new evidence", "dossier serve", "dossier build"):
        assert text in out
    assert "_DOSSIER_COMPLETE=bash_source dossier" in out


def test_shell_completion_script() -> None:
    result = run(env={"_DOSSIER_COMPLETE": "bash_source"})
    assert result.exit_code == 0
    assert "_dossier_completion" in result.stdout


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("dossier new evidence x -c str", "strategy"),
        ("dossier new evidence x --level dir", "director"),
        ("dossier new goal x -e multi-team-str", "multi-team-strategy"),
        ("dossier init --framework eng", "engineering"),
    ],
)
def test_shell_completion_of_ids(made: Path, words: str, expected: str) -> None:
    env = {
        "_DOSSIER_COMPLETE": "bash_complete",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - 1),
    }
    result = run(env=env)
    assert f"plain,{expected}" in result.stdout.splitlines()


def parses(command_line: str) -> None:
    """A `dossier ...` command line names a real command with real options."""
    words = shlex.split(command_line)
    assert words[0] == "dossier", command_line
    command = cli.commands[words[1]]
    command.make_context(words[1], words[2:], parent=click.Context(cli, info_name="dossier"))


def test_pre_commit_hooks_run_real_commands() -> None:
    hooks: list[dict[str, Any]] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert {h["id"] for h in hooks} == {"dossier-check", "dossier-gaps"}
    for hook in hooks:
        assert hook["pass_filenames"] is False and hook["language"] == "python"
        parses(" ".join([hook["entry"], *hook.get("args", [])]))
    gaps = next(h for h in hooks if h["id"] == "dossier-gaps")
    assert gaps["entry"].endswith("--fail-under")


def test_ci_example_checks_and_publishes_the_manager_build() -> None:
    workflow = yaml.safe_load((REPO / "docs/ci/github-pages.yml").read_text())
    runs = [
        step["run"]
        for job in workflow["jobs"].values()
        for step in job["steps"]
        if str(step.get("run", "")).startswith("dossier ")
    ]
    for line in runs:
        parses(line)
    assert any(line.startswith("dossier check") for line in runs)
    assert any(line.startswith("dossier build --audience manager") for line in runs)
    steps = workflow["jobs"]["check-and-build"]["steps"]
    assert steps[0]["with"]["fetch-depth"] == 0  # provenance needs the whole history
