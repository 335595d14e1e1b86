"""What the library gives back: typed results, and the two errors it raises."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from dossier.analysis.changes import Changes
from dossier.analysis.gaps import CompetencyStatus, Report
from dossier.analysis.history import HistoryPoint
from dossier.errors import Diagnostic, Diagnostics, did_you_mean, one_of
from dossier.model.content import Evidence
from dossier.model.dossier import Dossier
from dossier.report.data import report_data
from dossier.report.text import format_markdown, format_text
from dossier.report.timedata import over_time_markdown, over_time_text


class WorkspaceError(Exception):
    """The workspace's files have problems; `diagnostics` lists every one of them."""

    def __init__(self, message: str, diagnostics: Diagnostics, hint: str = ""):
        super().__init__(message)
        self.diagnostics: tuple[Diagnostic, ...] = tuple(diagnostics.items)
        self.hint = hint or "fix the files above; `dossier check` lists every problem"


class UnknownName(ValueError):
    """An audience or level that the workspace does not have."""

    def __init__(self, kind: str, name: str, known: tuple[str, ...] | list[str]):
        listed = one_of(list(known)) if kind == "level" else ", ".join(known)
        super().__init__(f"unknown {kind} '{name}'{did_you_mean(name, known)}; {kind}s: {listed}")
        self.kind = kind


def problems(diags: Diagnostics) -> str:
    errors, warnings = len(diags.errors), len(diags.warnings)
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


@dataclass(frozen=True)
class CheckResult:
    """What `dossier check` finds: every problem, and what the workspace holds."""

    diagnostics: tuple[Diagnostic, ...]
    evidence: int = 0
    goals: int = 0
    pages: int = 0
    loaded: bool = False  # False: errors stopped the workspace from loading
    drafts: tuple[Evidence, ...] = ()  # waiting for review, counted nowhere
    competency_ids: tuple[str, ...] = ()  # of the framework, for hints

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity.value == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity.value == "warning"]

    def ok(self, strict: bool = False) -> bool:
        return self.loaded and not self.errors and not (strict and self.warnings)


@dataclass(frozen=True)
class GapReport:
    """The gap report of one audience's view at one level and date."""

    report: Report
    view: Dossier
    history: tuple[HistoryPoint, ...] = ()  # readiness at the last 11 month-ends and as-of
    changes: Changes | None = None  # since the day asked for

    @property
    def level(self) -> str:
        return self.report.level

    @property
    def as_of(self) -> date:
        return self.report.as_of

    @property
    def readiness(self) -> float | None:
        """Percent, one decimal; None where the level has nothing to assess."""
        return self.report.readiness

    @property
    def competencies(self) -> list[CompetencyStatus]:
        return list(self.report.competencies)

    def data(self) -> dict[str, Any]:
        """What `dossier gaps --format json` prints."""
        return report_data(self.report, self.view, self.history, self.changes)

    def text(self) -> str:
        extra = over_time_text(self.history, self.changes, self.view)
        return format_text(self.report, self.view) + extra

    def markdown(self) -> str:
        extra = over_time_markdown(self.history, self.changes, self.view)
        return format_markdown(self.report, self.view) + extra


def pick(known: tuple[str, ...] | list[str], name: str, kind: str) -> str:
    if name not in known:
        raise UnknownName(kind, name, known)
    return name
