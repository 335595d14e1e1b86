"""What the packet says a level expects of a competency on a scale: the step required, or,
at a level asking only for points, that every step reached adds to its total. Framework
words only: how far the author got is a status, shown where statuses are."""

from __future__ import annotations

from dossier.analysis.gaps import CompetencyStatus, ExpectationStatus
from dossier.model.framework import Framework


def expected_words(
    framework: Framework, status: CompetencyStatus, level_id: str
) -> tuple[str, ...]:
    words = [_words(framework, judged) for judged in status.expectations]
    level = framework.level(level_id)
    if not words and status.steps is not None and level.points is not None:
        words.append(
            f"No step required: each step it reaches adds to the {level.points} points "
            f"{level.title} asks for."
        )
    return tuple(words)


def _words(framework: Framework, judged: ExpectationStatus) -> str:
    """An expectation's text; a step's as 'Step 3: what it asks for'."""
    found = framework.expectations_by_id.get(judged.id)
    step = found.step if found else None
    if not step:
        return judged.text
    return f"Step {step}" if judged.text == step else f"Step {step}: {judged.text}"
