"""`dossier init`: a ready workspace to start a promotion case from.

The starter files use the chosen framework's own ids and titles, so a new workspace
passes `dossier check` and builds at once; the samples say plainly that they are samples.
Nothing that exists is touched: each file is created or reported as skipped.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from dossier.authoring.sample_texts import BACKFILL, FEEDBACK_BODY, GOAL_BODY, PROJECT_BODY, WHY_NOW
from dossier.authoring.scaffold import (
    BadOption,
    Outcome,
    ScaffoldError,
    create_file,
    field,
    front_matter,
    yaml_value,
)
from dossier.authoring.schema import (
    SCHEMA_NAMES,
    has_modeline,
    modeline,
    schema_text,
    workspace_schema_path,
)
from dossier.dates import add_months
from dossier.errors import Diagnostics, did_you_mean
from dossier.load.source import read_text
from dossier.load.workspace import BUILTIN_PREFIX, builtin_framework_text, builtin_frameworks
from dossier.load.yamlsrc import load_yaml
from dossier.model.config import CONFIG_FILE, DEFAULT_FRAMEWORK
from dossier.model.framework import Framework, Level, parse_framework
from dossier.model.identity import new_workspace_id
from dossier.model.samples import as_sample

# Where a built-in ladder's author most often stands, and the step they are working toward.
BUILTIN_LEVELS = {
    "product-management": ("senior-pm", "director"),
    **dict.fromkeys(["engineering", "engineering-points"], ("senior", "staff")),
}
GITIGNORE_LINES = ("site/", "packet-*")  # the build and `dossier export`'s default files


# -- the framework and the levels -----------------------------------------------------------
@dataclass(frozen=True)
class FrameworkChoice:
    label: str  # how the user named it: builtin:NAME or the path they gave
    text: str  # what is copied to content/framework.yaml
    framework: Framework
    builtin: str | None = None


def choose_framework(value: str, cwd: Path) -> FrameworkChoice:
    """A built-in framework by name (or builtin:NAME), else a framework file."""
    name = value.removeprefix(BUILTIN_PREFIX)
    text = builtin_framework_text(name)
    if text is not None:
        return _parsed(text, BUILTIN_PREFIX + name, name)
    path = cwd / value
    if value.startswith(BUILTIN_PREFIX) or not path.is_file():
        names = builtin_frameworks()
        raise BadOption(
            "--framework",
            f"'{value}' is neither a built-in framework{did_you_mean(name, names)} nor a file; "
            f"built-in frameworks: {', '.join(names)}",
        )
    diags = Diagnostics()
    file_text = read_text(path, value, diags)
    if file_text is None:
        raise ScaffoldError(f"cannot read {value}", "check the path", tuple(diags.errors))
    return _parsed(file_text, value, None)


def _parsed(text: str, label: str, builtin: str | None) -> FrameworkChoice:
    diags = Diagnostics()
    doc = load_yaml(text, label, diags)
    framework = None if doc is None else parse_framework(doc, diags)
    if framework is None or diags.errors:
        raise ScaffoldError(
            f"{label} is not a framework dossier can use",
            "fix the problems above, or start from --framework product-management / engineering",
            tuple(diags.errors),
        )
    if not framework.competencies:
        raise ScaffoldError(
            f"{label} defines no competencies",
            "evidence is filed under competencies; add at least one to the framework",
        )
    return FrameworkChoice(label, text if text.endswith("\n") else text + "\n", framework, builtin)


def choose_levels(
    framework: Framework, builtin: str | None, current: str | None, target: str | None
) -> tuple[str, str]:
    """Current and target level: as given, else the step after the current level, else the
    step before the target, else the built-in default (or the first step of the ladder)."""
    for option, level in (("--current", current), ("--target", target)):
        if level is not None and level not in framework.level_ids:
            raise BadOption(
                option,
                f"unknown level '{level}'{did_you_mean(level, framework.level_ids)}; "
                f"levels: {', '.join(framework.level_ids)}",
            )
    if current is None and target is None:
        if builtin in BUILTIN_LEVELS:
            return BUILTIN_LEVELS[builtin]
        current = framework.levels[0].id
    if target is None:
        assert current is not None
        after = framework.next_level(current, framework.level(current).track)
        if after is None:
            raise BadOption("--current", f"'{current}' is the top of its track; pass --target")
        target = after.id
    if current is None:
        before = _level_before(framework, framework.level(target))
        if before is None:
            raise BadOption("--target", f"'{target}' is the lowest level; pass --current")
        current = before.id
    if not framework.above(target, current):
        raise BadOption(
            "--target",
            f"target level '{target}' is not above the current level '{current}' "
            f"(levels, lowest first: {', '.join(framework.level_ids)})",
        )
    return current, target


def _level_before(framework: Framework, level: Level) -> Level | None:
    earlier = [lv for lv in framework.track_levels(level.track) if lv.index < level.index]
    return earlier[-1] if earlier else None


def git_user_name() -> str | None:
    """The name git commits under, a good guess at the author's."""
    if shutil.which("git") is None:
        return None
    try:
        done = subprocess.run(
            ["git", "config", "user.name"], capture_output=True, timeout=10, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    name = done.stdout.decode("utf-8", "replace").strip()
    return name if done.returncode == 0 and name else None


def in_git_repository(folder: Path) -> bool:
    return any((parent / ".git").exists() for parent in (folder, *folder.parents))


# -- the workspace --------------------------------------------------------------------------
@dataclass(frozen=True)
class InitPlan:
    choice: FrameworkChoice
    name: str
    current: str
    target: str


def init_workspace(root: Path, plan: InitPlan, today: date) -> list[Outcome]:
    """Create every starter file that does not exist yet; report each as created or skipped."""
    outcomes = [
        create_file(root, CONFIG_FILE, config_text(plan, today)),
        create_file(root, DEFAULT_FRAMEWORK, framework_text(plan.choice.text)),
    ]
    framework = _framework_for_samples(root, plan)
    target = plan.target if plan.target in framework.level_ids else None
    for folder, files in (
        ("content/evidence", sample_evidence(framework, target, today)),
        ("content/goals", [sample_goal(framework, target, today)]),
    ):
        # Samples are dated today, so a second init on another day would add more.
        if _holds_markdown(root / folder):
            outcomes += [Outcome(rel, False, f"{folder}/ already has files") for rel, _ in files]
        else:
            outcomes += [create_file(root, rel, text) for rel, text in files]
    outcomes += [create_file(root, rel, text) for rel, text in pages(plan)]
    outcomes.append(_gitignore(root))
    outcomes += [
        create_file(root, workspace_schema_path(name), schema_text(name)) for name in SCHEMA_NAMES
    ]
    return outcomes


def _framework_for_samples(root: Path, plan: InitPlan) -> Framework:
    """The samples must match the framework the workspace will use: an existing
    content/framework.yaml (kept as it is) when it parses, else the chosen one."""
    path = root / DEFAULT_FRAMEWORK
    if not path.is_file():
        return plan.choice.framework
    diags = Diagnostics()
    text = read_text(path, DEFAULT_FRAMEWORK, diags)
    doc = None if text is None else load_yaml(text, DEFAULT_FRAMEWORK, diags)
    framework = None if doc is None else parse_framework(doc, diags)
    if framework is None or not framework.competencies or diags.errors:
        return plan.choice.framework
    return framework


def _holds_markdown(folder: Path) -> bool:
    return folder.is_dir() and any(folder.rglob("*.md"))


def _gitignore(root: Path) -> Outcome:
    outcome = create_file(root, ".gitignore", "\n".join(GITIGNORE_LINES) + "\n")
    if outcome.created or outcome.note != "exists":
        return outcome
    try:
        have = {line.strip() for line in (root / ".gitignore").read_text("utf-8").splitlines()}
    except (OSError, UnicodeDecodeError):
        have = set()
    missing = [line for line in GITIGNORE_LINES if line not in have]
    if not missing:
        return outcome
    return Outcome(outcome.rel, False, f"exists; add these lines to it: {' '.join(missing)}")


# -- the starter files ----------------------------------------------------------------------
def config_text(plan: InitPlan, today: date) -> str:
    framework = plan.choice.framework
    current, target = framework.level(plan.current), framework.level(plan.target)
    lines = [
        modeline("config", CONFIG_FILE),
        "# Your promotion case. `dossier check` validates this file; the README lists every key.",
        field("id", f'"{new_workspace_id()}"', "this workspace's own: calendar UIDs use it"),
        field("title", yaml_value(f"Promotion case: {plan.name}")),
        "person:",
        f"  name: {yaml_value(plan.name)}",
        f"  role: {yaml_value(current.title)}",
        field("framework", DEFAULT_FRAMEWORK, "your copy of the ladder: make it your company's"),
        field("current_level", plan.current, current.title),
        field("target_level", plan.target, target.title),
        field("cycle", add_months(today, 6).isoformat(), "next promotion decision", off=True),
        "# people:                         # who matters to the case: manager, sponsors, peers",
        "#   - {name: Manager Name, role: Their role, relation: manager}",
        "#   - {name: Sponsor Name, role: VP, relation: sponsor, visibility: sponsor}",
        "# not_required:                   # exceptions agreed with your manager, with the reason",
        f'#   people: "Agreed with my manager on {today.isoformat()}: ..."',
        field("check_ins", f"{{every_weeks: 4, with: Manager Name, from: {today}}}", off=True),
        field("audiences", "[self, manager, sponsor, public]", "narrowest to widest"),
        field("default_audience", "manager", "who `dossier build` is for"),
        field("site", "{noindex: true}", "ask search engines to stay away"),
    ]
    return "\n".join(lines) + "\n"


def framework_text(text: str) -> str:
    if has_modeline(text):
        return text
    return f"{modeline('framework', DEFAULT_FRAMEWORK)}\n{text}"


def _sample_competencies(framework: Framework, target: str | None) -> list[str]:
    """Three competency ids (repeating when there are fewer), those the target expects first."""
    expected = [c.id for c in framework.competencies_at(target)] if target else []
    ordered = expected + [c for c in framework.competency_ids if c not in expected]
    return [ordered[i % len(ordered)] for i in range(3)]


def sample_evidence(framework: Framework, target: str | None, today: date) -> list[tuple[str, str]]:
    first, second, _ = _sample_competencies(framework, target)
    expected = framework.expectations_at(framework.competency(first), target) if target else ()
    start = add_months(today, -2)  # a first commit now must not find it "recorded later"
    project_rel = f"content/evidence/{start.isoformat()}-example-project.md"
    project = [
        field("title", yaml_value("Example: a project I led (replace me)")),
        field("date", start.isoformat()),
        field("end", add_months(today, -1).isoformat(), "for work that spans time"),
        field("competencies", yaml_value([first])),
        *([field("expectations", yaml_value([expected[0].id]))] if expected else []),
        field("type", "project"),
        field("impact", yaml_value("One line on what changed, e.g. onboarding 14 -> 3 days.")),
        field("visibility", "manager"),
    ]
    said = add_months(today, -1)
    feedback_rel = f"content/evidence/{said.isoformat()}-example-feedback.md"
    feedback = [
        field("title", yaml_value("Example: feedback from a colleague (replace me)")),
        field("date", said.isoformat()),
        field("competencies", yaml_value([second])),
        field("type", "feedback"),
        field("from", yaml_value("A colleague (their role)")),
        field("impact", yaml_value("What they say the work changed, in one line.")),
        field("visibility", "manager"),
    ]
    project_text = front_matter("evidence", project_rel, project) + as_sample(PROJECT_BODY, first)
    feedback_text = front_matter("evidence", feedback_rel, feedback) + as_sample(FEEDBACK_BODY)
    return [(project_rel, project_text), (feedback_rel, feedback_text)]


def sample_goal(framework: Framework, target: str | None, today: date) -> tuple[str, str]:
    competency = framework.competency(_sample_competencies(framework, target)[2])
    rel = f"content/goals/{today.isoformat()}-example-goal.md"
    lines = [
        field("title", yaml_value(f"Example goal: close a gap in {competency.title} (replace me)")),
        field("date", today.isoformat()),
        field("due", add_months(today, 3).isoformat()),
        field("status", "planned"),
        field("competencies", yaml_value([competency.id])),
        field("metric", yaml_value("Two pieces of evidence at the target level by the due date.")),
        field("success", yaml_value("What done looks like, agreed with my manager.")),
        field("visibility", "manager"),
    ]
    return rel, front_matter("goal", rel, lines) + as_sample(GOAL_BODY)


def pages(plan: InitPlan) -> list[tuple[str, str]]:
    framework = plan.choice.framework
    current, target = framework.level(plan.current).title, framework.level(plan.target).title
    found: list[tuple[str, str]] = []
    for slug, title, order, body in (
        ("why-now", "Why now", 1, as_sample(WHY_NOW, target=target)),
        ("backfill", "Who fills my seat", 2, as_sample(BACKFILL, current=current)),
    ):
        rel = f"content/pages/{slug}.md"
        lines = [field("title", yaml_value(title)), field("visibility", "sponsor")]
        found.append((rel, front_matter("page", rel, [*lines, f"order: {order}"]) + body))
    return found
