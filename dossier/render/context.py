"""Derived views the templates show: the framework matrix and what changed, the brief's
strongest evidence (the rule is in dossier.analysis.strongest), provenance of each piece.
Pure functions over the model."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from dossier.analysis.gaps import CompetencyStatus, Report, assess_level
from dossier.analysis.naming import EvidenceIndex
from dossier.analysis.strongest import strongest_evidence as strongest_evidence
from dossier.errors import Diagnostics
from dossier.load.yamlsrc import load_yaml
from dossier.model.content import Evidence
from dossier.model.dossier import Dossier
from dossier.model.framework import Expectation, Framework, parse_framework

RECORDED_LATER_DAYS = 90


@dataclass(frozen=True)
class FrameworkChanges:
    """Expectations added, removed or reworded since the agreed revision."""

    revision: str
    added: tuple[Expectation, ...] = ()
    removed: tuple[Expectation, ...] = ()
    reworded: tuple[tuple[Expectation, Expectation], ...] = ()  # (then, now)

    @property
    def any(self) -> bool:
        return bool(self.added or self.removed or self.reworded)


@dataclass(frozen=True)
class Provenance:
    """What git says; empty without git."""

    first_commits: dict[str, date] = field(default_factory=dict)
    framework_changes: FrameworkChanges | None = None
    in_git: bool = False  # the workspace is in a repository (first_commits may be empty)

    def only(self, items: tuple[Evidence, ...]) -> Provenance:
        """What git says about these items alone (an audience's view)."""
        paths = {e.path for e in items}
        kept = {p: d for p, d in self.first_commits.items() if p in paths}
        return Provenance(kept, self.framework_changes, self.in_git)

    def first_commit(self, evidence: Evidence) -> date | None:
        return self.first_commits.get(evidence.path)

    def recorded_on(self, evidence: Evidence) -> date | None:
        """When the piece was first recorded: its first commit, or, for a piece imported
        from a commit or a pull request, the day of that work if earlier."""
        first = self.first_commit(evidence)
        if first is not None and evidence.imported:
            return min(first, evidence.latest)
        return first

    def recorded_later(self, evidence: Evidence) -> bool:
        first = self.recorded_on(evidence)
        return first is not None and first - evidence.date > timedelta(days=RECORDED_LATER_DAYS)


def framework_changes(then_text: str, now: Framework, revision: str) -> FrameworkChanges | None:
    """Compare the framework at the agreed revision with the current one."""
    diags = Diagnostics()
    doc = load_yaml(then_text, now.source, diags)
    then = parse_framework(doc, diags) if doc is not None else None
    if then is None:
        return None
    old, new = then.all_expectations(), now.all_expectations()
    return FrameworkChanges(
        revision=revision,
        added=tuple(e for i, e in new.items() if i not in old),
        removed=tuple(e for i, e in old.items() if i not in new),
        reworded=tuple((old[i], e) for i, e in new.items() if i in old and old[i].text != e.text),
    )


@dataclass(frozen=True)
class MatrixCell:
    expectations: tuple[Expectation, ...]
    status: str | None  # the competency's status judged at this level


def framework_matrix(
    dossier: Dossier, as_of: date, shaded: bool = True
) -> dict[tuple[str, str], MatrixCell]:
    """(competency, level) -> its own expectations there and, where `shaded`, the status
    at that level."""
    framework = dossier.framework
    cells: dict[tuple[str, str], MatrixCell] = {}
    index = EvidenceIndex(dossier)
    for level in framework.levels:
        judged = assess_level(dossier, level.id, as_of, index, detail=False) if shaded else ()
        statuses = {s.id: s.status for s in judged}
        for competency in framework.competencies:
            own = competency.own_expectations.get(level.id, ())
            cells[(competency.id, level.id)] = MatrixCell(own, statuses.get(competency.id))
    return cells


@dataclass(frozen=True)
class NewAtTarget:
    competency: str
    title: str
    expectations: tuple[Expectation, ...]
    whole_competency: bool  # nothing expected at the current level


def new_at_target(framework: Framework, current: str, target: str) -> list[NewAtTarget]:
    """Expectations of the target level that the current level does not already hold."""
    found: list[NewAtTarget] = []
    for competency in framework.competencies:
        now = {e.id for e in framework.expectations_at(competency, current)}
        then = framework.expectations_at(competency, target)
        fresh = tuple(e for e in then if e.id not in now)
        if fresh:
            found.append(NewAtTarget(competency.id, competency.title, fresh, not now))
    return found


def top_gaps(report: Report, limit: int = 4) -> list[CompetencyStatus]:
    short = [c for c in report.competencies if c.short]
    return sorted(short, key=lambda c: (c.status != "gap", c.title))[:limit]


def feedback_for(dossier: Dossier, competency_id: str) -> list[Evidence]:
    return [
        e for e in dossier.evidence if e.type == "feedback" and competency_id in e.competencies
    ][::-1]


def neighbours(items: Sequence[Evidence], index: int) -> tuple[Evidence | None, Evidence | None]:
    """The pieces before and after items[index] in date order."""
    before = items[index - 1] if index > 0 else None
    after = items[index + 1] if index + 1 < len(items) else None
    return before, after


@dataclass(frozen=True)
class SourceLine:
    text: str
    url: str | None = None


def describe_sources(sources: tuple[str, ...]) -> list[SourceLine]:
    """Where an imported piece came from, in words: commits counted per repository, web
    addresses as links."""
    commits: dict[str, list[str]] = {}
    lines: list[SourceLine] = []
    for source in sources:
        if source.startswith("git:") and "@" in source:
            repo, _, sha = source[4:].rpartition("@")
            commits.setdefault(repo or "a repository", []).append(sha)
        elif source.startswith(("https://", "http://")):
            lines.append(SourceLine(source, source))
        else:
            lines.append(SourceLine(source))
    repositories = [
        SourceLine(f"{repo}, commit {shas[0][:7]}")
        if len(shas) == 1
        else SourceLine(f"{repo}, {len(shas)} commits")
        for repo, shas in commits.items()
    ]
    return repositories + lines
