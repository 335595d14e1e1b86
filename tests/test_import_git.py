"""`dossier import git` on real repositories made here (SPEC sections 3 and 8, "Drafts and
imports"): exactly the author's work is drafted, once; drafts count nowhere and reach no
audience but `self`; bad repositories and hostile messages give a clear message and never
a broken file."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result
from conftest import Workspace
from gitrepo import ADA, BO, GitRepo, fast_import, git_env
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dossier.cli import cli
from dossier.imports.text import one_line

AS_OF = "2026-03-25"  # a Wednesday: the week of 23 March is not over
SINCE = "2026-01-01"
EV = "content/evidence"


@pytest.fixture(autouse=True)
def no_machine_git_config(tmp_path_factory: pytest.TempPathFactory, monkeypatch: Any) -> None:
    """git run by dossier reads no configuration of this machine, only the repository's."""
    home = tmp_path_factory.mktemp("home")
    for key, value in git_env(home).items():
        if key.startswith("GIT_"):
            monkeypatch.setenv(key, value)


@dataclass
class Scenario:
    repo: GitRepo
    week10: list[str]  # Ada's commits in the week of 2 March, the rename among them
    pr12: str  # the merge of Ada's branch, by Bo
    pr12_commits: list[str]
    pr14: str  # Ada's squash merge
    week12: list[str]  # thirty commits of Ada's in the week of 16 March
    others: list[str]  # Bo's commits, his merge and squash


def make_scenario(folder: Path) -> Scenario:
    """Two authors; merges by either of them; squash merges; a .mailmap mapping Ada's old
    address; a rename; a week of 30 commits; a week not over by AS_OF."""
    repo = GitRepo.create(folder / "api")
    mailmap = "Ada Lovelace <ada@example.com> <ada@old.example>\n"
    week10 = [
        repo.commit(
            "Add the parser", "2026-03-02", files={"src/parser.py": "v1\n", ".mailmap": mailmap}
        )
    ]
    week10.append(
        repo.commit("Fix a parser edge case", "2026-03-03", files={"src/parser.py": "v2\n"})
    )
    others = [repo.commit("Tune the linter", "2026-03-03", author=BO)]
    old_address = ("Ada L.", "ada@old.example")
    week10.append(
        repo.commit("Add the lexer", "2026-03-04", author=old_address, files={"src/old.py": "x\n"})
    )
    repo.git("mv", "src/old.py", "src/lexer.py")
    week10.append(repo.commit("Rename old to lexer", "2026-03-05", files={}))
    others.append(repo.commit("Write the docs", "2026-03-06", author=BO))
    with repo.branch("ada/retry"):
        pr12_commits = [
            repo.commit("Retry webhook calls", "2026-03-09"),
            repo.commit("Test the retries", "2026-03-10"),
        ]
    pr12 = repo.merge(
        "ada/retry",
        "Merge pull request #12 from ada/retry",
        "Retry webhooks on failure",
        "2026-03-11",
        by=BO,
    )
    with repo.branch("bo/docs"):
        others.append(repo.commit("Document the API", "2026-03-11", author=BO))
    others.append(
        repo.merge(
            "bo/docs",
            "Merge pull request #13 from bo/docs",
            "API documentation",
            "2026-03-12",
            by=ADA,
        )
    )
    pr14 = repo.commit("Speed up the delivery pipeline (#14)", "2026-03-13")
    others.append(repo.commit("Warm the cache (#15)", "2026-03-13", author=BO))
    week12 = [
        repo.commit(f"Small step {i}", f"2026-03-{16 + i % 7}", hour=i % 24) for i in range(30)
    ]
    repo.commit("Unfinished work", "2026-03-23")
    repo.commit("More unfinished work", "2026-03-24")
    return Scenario(repo, week10, pr12, pr12_commits, pr14, week12, others)


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    return make_scenario(tmp_path_factory.mktemp("repos"))


def with_evidence(ws: Workspace) -> Workspace:
    ws.evidence(
        "2026-01-20-cache-design",
        "Designed the cache.\n",
        date=date(2026, 1, 20),
        competencies=["design"],
        type="project",
    )
    ws.evidence(
        "2026-02-10-release",
        "Shipped it.\n",
        date=date(2026, 2, 10),
        competencies=["delivery"],
        type="project",
    )
    return ws


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def import_git(ws: Workspace, *args: str) -> Result:
    return run("import", "git", *args, "-C", str(ws.root), "--as-of", AS_OF)


def drafts_in(ws: Workspace) -> dict[str, str]:
    folder = ws.root / EV
    return {
        p.name: p.read_text("utf-8")
        for p in sorted(folder.glob("*.md"))
        if "draft: true" in p.read_text("utf-8")
    }


def front(text: str) -> dict[str, Any]:
    head = text.split("---\n")[1]
    data = yaml.safe_load(head)
    assert isinstance(data, dict)
    return data


def body(text: str) -> str:
    return text.split("---\n", 2)[2]


def check(ws: Workspace) -> Result:
    result = run("check", "-C", str(ws.root), "--no-cache")
    assert result.exit_code == 0, result.output
    return result


# -- exactly the author's work ------------------------------------------------------------------
def test_exactly_the_authors_work_is_drafted(ws: Workspace, scenario: Scenario) -> None:
    result = import_git(with_evidence(ws), str(scenario.repo.path), "--since", SINCE)
    assert result.exit_code == 0, result.output
    drafts = drafts_in(ws)
    assert sorted(drafts) == [
        "2026-03-02-api-week-10.md",
        "2026-03-11-retry-webhooks-on-failure.md",
        "2026-03-13-speed-up-the-delivery-pipeline.md",
        "2026-03-16-api-week-12.md",
    ]
    assert "skipped  2 commits in weeks not over yet" in result.output

    week10 = drafts["2026-03-02-api-week-10.md"]
    assert front(week10) == {
        "title": "api: 4 commits, week of 2 Mar 2026",
        "date": date(2026, 3, 2),
        "end": date(2026, 3, 8),
        "draft": True,
        "competencies": [],
        "type": "project",
        "impact": "",
        "source": [f"git:api@{sha}" for sha in scenario.week10],
    }
    subjects = ["Add the parser", "Fix a parser edge case", "Add the lexer", "Rename old to lexer"]
    listed = "".join(
        f"- `{sha[:7]}` {s}\n" for sha, s in zip(scenario.week10, subjects, strict=True)
    )
    # five files (the rename is one), lines added and deleted, the folder they are in
    head = "4 commits to api from 2 Mar 2026 to 8 Mar 2026:"
    assert body(week10) == f"{head}\n\n{listed}\n5 files changed, +4 -1 lines, in src/.\n"

    pr12 = drafts["2026-03-11-retry-webhooks-on-failure.md"]
    assert front(pr12)["title"] == "Retry webhooks on failure"
    assert front(pr12)["date"] == date(2026, 3, 11)  # merged then, by someone else
    assert front(pr12)["source"] == [f"git:api@{scenario.pr12}"]
    for sha, subject in zip(
        scenario.pr12_commits, ["Retry webhook calls", "Test the retries"], strict=True
    ):
        assert f"- `{sha[:7]}` {subject}" in body(pr12)
    assert body(pr12).startswith("Merged pull request #12 in api on 11 Mar 2026.")

    pr14 = drafts["2026-03-13-speed-up-the-delivery-pipeline.md"]
    assert front(pr14)["title"] == "Speed up the delivery pipeline"
    assert front(pr14)["competencies"] == ["delivery"]  # the framework's title, in its words
    assert front(pr14)["source"] == [f"git:api@{scenario.pr14}"]

    week12 = drafts["2026-03-16-api-week-12.md"]
    assert front(week12)["title"] == "api: 30 commits, week of 16 Mar 2026"
    assert front(week12)["source"] == [f"git:api@{sha}" for sha in scenario.week12]
    assert all(f"`{sha[:7]}`" in week12 for sha in scenario.week12)

    everything = "".join(drafts.values())
    for sha in scenario.others:
        assert sha not in everything and sha[:7] not in everything
    for word in (
        "Tune the linter",
        "Document the API",
        "API documentation",
        "Warm the cache",
        "Unfinished",
    ):
        assert word not in everything
    checked = check(ws)
    assert "4 drafts to review" in checked.output
    assert "have no competencies yet" in checked.output


def test_importing_again_writes_nothing(ws: Workspace, scenario: Scenario) -> None:
    args = (str(scenario.repo.path), "--since", SINCE)
    assert import_git(ws, *args).exit_code == 0
    before = {p: (ws.root / EV / p).read_bytes() for p in drafts_in(ws)}
    ledger = (ws.root / ".dossier/imported.txt").read_bytes()
    again = import_git(ws, *args)
    assert again.exit_code == 0, again.output
    assert "Nothing new to import." in again.output
    assert "skipped  4 imported before" in again.output
    assert {p: (ws.root / EV / p).read_bytes() for p in drafts_in(ws)} == before
    assert (ws.root / ".dossier/imported.txt").read_bytes() == ledger


def test_a_deleted_draft_is_not_brought_back(ws: Workspace, scenario: Scenario) -> None:
    args = (str(scenario.repo.path), "--since", SINCE)
    assert import_git(ws, *args).exit_code == 0
    for name in ("2026-03-02-api-week-10.md", "2026-03-13-speed-up-the-delivery-pipeline.md"):
        (ws.root / EV / name).unlink()
    again = import_git(ws, *args)
    assert again.exit_code == 0, again.output
    assert "created" not in again.output
    assert sorted(drafts_in(ws)) == [
        "2026-03-11-retry-webhooks-on-failure.md",
        "2026-03-16-api-week-12.md",
    ]


def test_duplicates_are_known_by_sha_wherever_the_repository_is(
    ws: Workspace, scenario: Scenario, tmp_path: Path
) -> None:
    assert import_git(ws, str(scenario.repo.path), "--since", SINCE).exit_code == 0
    clone = tmp_path / "elsewhere" / "api-clone"
    shutil.copytree(scenario.repo.path, clone)
    again = import_git(ws, str(clone), "--since", SINCE, "--author", ADA[1])
    assert again.exit_code == 0, again.output
    assert "created" not in again.output


def test_published_drafts_are_known_by_their_source_too(ws: Workspace, scenario: Scenario) -> None:
    """A ledger lost (not committed) does not bring back what the evidence names."""
    assert import_git(ws, str(scenario.repo.path), "--since", SINCE).exit_code == 0
    (ws.root / ".dossier/imported.txt").unlink()
    again = import_git(ws, str(scenario.repo.path), "--since", SINCE)
    assert "created" not in again.output, again.output


def test_the_default_since_is_the_week_after_the_newest_import(
    ws: Workspace, scenario: Scenario
) -> None:
    first = import_git(ws, str(scenario.repo.path), "--since", SINCE, "--until", "2026-03-12")
    assert first.exit_code == 0, first.output
    assert sorted(drafts_in(ws)) == [
        "2026-03-02-api-week-10.md",
        "2026-03-11-retry-webhooks-on-failure.md",
    ]
    later = import_git(ws, str(scenario.repo.path))
    assert later.exit_code == 0, later.output
    assert "from 2026-03-09 to 2026-03-25" in later.output  # the Monday of the newest import
    assert sorted(drafts_in(ws))[2:] == [
        "2026-03-13-speed-up-the-delivery-pipeline.md",
        "2026-03-16-api-week-12.md",
    ]


def test_a_first_import_reads_six_months_back(ws: Workspace, scenario: Scenario) -> None:
    result = import_git(ws, str(scenario.repo.path), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "from 2025-09-25 to 2026-03-25 (dry run)" in result.output
    assert "would create" in result.output
    assert drafts_in(ws) == {}
    assert not (ws.root / ".dossier/imported.txt").exists()


def test_repositories_from_dossier_yaml(ws: Workspace, scenario: Scenario) -> None:
    ws.write_config(sources={"git": [str(scenario.repo.path)]})
    result = run("import", "git", "-C", str(ws.root), "--as-of", AS_OF, "--since", SINCE)
    assert result.exit_code == 0, result.output
    assert len(drafts_in(ws)) == 4


def test_another_author_gets_their_own_work(ws: Workspace, scenario: Scenario) -> None:
    result = import_git(ws, str(scenario.repo.path), "--since", SINCE, "--author", BO[1])
    assert result.exit_code == 0, result.output
    titles = sorted(front(t)["title"] for t in drafts_in(ws).values())
    assert titles == ["API documentation", "Warm the cache", "api: 2 commits, week of 2 Mar 2026"]


# -- drafts count nowhere and reach no one but the author -------------------------------------
def gaps_json(ws: Workspace) -> str:
    result = run("gaps", "-C", str(ws.root), "--format", "json", "--as-of", AS_OF, "--no-cache")
    assert result.exit_code == 0, result.output
    return result.output


def build(ws: Workspace, audience: str, out: Path) -> dict[str, str]:
    result = run(
        "build",
        "-C",
        str(ws.root),
        "--audience",
        audience,
        "-o",
        str(out),
        "--as-of",
        AS_OF,
        "--no-cache",
    )
    assert result.exit_code == 0, result.output
    return {
        p.relative_to(out).as_posix(): p.read_text("utf-8", "replace")
        for p in out.rglob("*")
        if p.is_file()
    }


def test_gaps_are_the_same_before_and_after_an_import(ws: Workspace, scenario: Scenario) -> None:
    before = gaps_json(with_evidence(ws))
    assert import_git(ws, str(scenario.repo.path), "--since", SINCE).exit_code == 0
    assert len(drafts_in(ws)) == 4
    assert gaps_json(ws) == before
    assert json.loads(before)["readiness"] is not None


def test_no_build_but_self_holds_a_draft(ws: Workspace, scenario: Scenario, tmp_path: Path) -> None:
    with_evidence(ws)
    ws.write_config(people=[{"name": "Sam Okafor", "relation": "sponsor", "visibility": "public"}])
    assert import_git(ws, str(scenario.repo.path), "--since", SINCE).exit_code == 0
    drafts = drafts_in(ws)
    canaries = [front(t)["title"] for t in drafts.values()] + [Path(n).stem for n in drafts]
    canaries += [sha[:7] for sha in scenario.week10]
    for audience in ("manager", "sponsor", "public"):
        site = build(ws, audience, tmp_path / audience)
        for path, text in site.items():
            for canary in canaries:
                assert canary not in text and canary not in path, (audience, path, canary)
    own = build(ws, "self", tmp_path / "self")
    for title in canaries[:4]:
        assert title in own["index.html"]
        for page in (
            "timeline.html",
            "gaps.html",
            "brief.html",
            "dossier.json",
            "competencies/delivery.html",
        ):
            assert title not in own[page], (page, title)
    assert not any(Path(name).stem in path for name in drafts for path in own)  # no pages of drafts


# -- bad repositories -------------------------------------------------------------------------
def test_not_a_repository(ws: Workspace, tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    result = import_git(ws, str(plain))
    assert result.exit_code == 1
    assert f"error: {plain}: not a git repository" in result.output
    assert "Traceback" not in result.output
    missing = import_git(ws, str(tmp_path / "nowhere"))
    assert missing.exit_code == 1
    assert "no such folder" in missing.output


def test_a_shallow_clone_is_refused(ws: Workspace, scenario: Scenario, tmp_path: Path) -> None:
    shallow = tmp_path / "shallow"
    scenario.repo.git("clone", "-q", "--depth", "3", f"file://{scenario.repo.path}", str(shallow))
    result = import_git(ws, str(shallow), "--author", ADA[1])
    assert result.exit_code == 1
    assert "shallow clone" in result.output
    assert "git fetch --unshallow" in result.output
    assert drafts_in(ws) == {}


def test_no_commits_by_the_author(ws: Workspace, scenario: Scenario) -> None:
    result = import_git(ws, str(scenario.repo.path), "--author", "nobody@example.com")
    assert result.exit_code == 1
    assert "no commits by nobody@example.com" in result.output
    assert "--author" in result.output


def test_an_empty_repository(ws: Workspace, tmp_path: Path) -> None:
    GitRepo.create(tmp_path / "empty")
    result = import_git(ws, str(tmp_path / "empty"))
    assert result.exit_code == 1
    assert "no commits yet" in result.output


def test_one_bad_repository_does_not_stop_the_others(
    ws: Workspace, scenario: Scenario, tmp_path: Path
) -> None:
    (tmp_path / "plain").mkdir()
    result = import_git(ws, str(tmp_path / "plain"), str(scenario.repo.path), "--since", SINCE)
    assert result.exit_code == 0, result.output
    assert "not a git repository" in result.output
    assert len(drafts_in(ws)) == 4


def test_since_after_until_is_a_usage_error(ws: Workspace, scenario: Scenario) -> None:
    result = import_git(
        ws, str(scenario.repo.path), "--since", "2026-03-10", "--until", "2026-03-01"
    )
    assert result.exit_code == 2
    assert "is after --until" in result.output


# -- hostile messages ---------------------------------------------------------------------------
HOSTILE = [
    ('Fix "quoted" title: with colon # and hash', 'Fix "quoted" title: with colon # and hash'),
    (
        "It's a [[wikilink]] and <script>alert(1)</script>",
        "It's a [[wikilink]] and <script>alert(1)</script>",
    ),
    ("::: private", "::: private"),
    ("yes", "yes"),
    ("2026-03-01", "2026-03-01"),
    ("null", "null"),
    ("[link](../../etc/passwd) `code` *em*", "[link](../../etc/passwd) `code` *em*"),
    ("- - -", "Pull request #8 in hostile"),  # no letter or digit: a title check accepts
]


def test_yaml_hostile_and_markdown_hostile_subjects(ws: Workspace, tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "hostile")
    for i, (subject, _) in enumerate(HOSTILE):
        repo.commit(f"{subject} (#{i + 1})", "2026-03-03")
    result = import_git(ws, str(repo.path), "--since", SINCE)
    assert result.exit_code == 0, result.output
    titles = sorted(front(t)["title"] for t in drafts_in(ws).values())
    assert titles == sorted(title for _, title in HOSTILE)
    check(ws)
    build(ws, "self", tmp_path / "site")


def test_messages_that_are_not_utf8(ws: Workspace, tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "latin")
    repo.commit(b"Caf\xe9 au lait (#1)", "2026-03-03")  # no encoding declared: bad bytes
    repo.git("config", "i18n.commitEncoding", "ISO-8859-1")
    repo.commit(b"Na\xefve r\xe9sum\xe9 (#2)", "2026-03-04")  # declared: read as written
    result = import_git(ws, str(repo.path), "--since", SINCE)
    assert result.exit_code == 0, result.output
    latin, undeclared = sorted(front(t)["title"] for t in drafts_in(ws).values())[::-1]
    assert latin == "Na\u00efve r\u00e9sum\u00e9"
    # git reads undeclared bytes as Latin-1 where it can; else they are replaced
    assert undeclared in ("Caf\u00e9 au lait", "Caf\ufffd au lait")
    check(ws)


@settings(max_examples=12, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    subjects=st.lists(
        st.text(
            st.characters(blacklist_characters="\0", blacklist_categories=("Cs",)), max_size=60
        ),
        min_size=1,
        max_size=6,
    )
)
def test_any_commit_subject_gives_files_that_pass_check(
    tmp_path_factory: pytest.TempPathFactory, subjects: list[str]
) -> None:
    root = tmp_path_factory.mktemp("fuzz")
    ws = Workspace(root / "ws")
    repo = GitRepo.create(root / "repo")
    commits = []
    for i, subject in enumerate(subjects):
        message = f"{subject} (#{i + 1})" if i % 2 else subject
        commits.append((message.encode("utf-8", "surrogatepass"), "2026-03-03", ADA))
    fast_import(repo, commits)
    result = import_git(ws, str(repo.path), "--since", SINCE)
    assert result.exit_code == 0, result.output
    written = drafts_in(ws)
    assert written, result.output
    check(ws)
    for i, subject in enumerate(subjects):
        title = one_line(subject.split("\n\n")[0])
        if i % 2 and any(c.isalnum() for c in title):
            assert any(front(text)["title"] == title for text in written.values()), title
