"""`framework_agreed` checked against git: a revision git does not know (a deleted tag, a
typo) would make the framework page's "changed since agreed" section vanish silently."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from dossier.errors import Diagnostics
from dossier.load import git
from dossier.load.workspace import BUILTIN_PREFIX

if TYPE_CHECKING:
    from dossier.model.config import Config

CONFIG_FILE = "dossier.yaml"


def check_agreed_revision(root: Path, config: Config, diags: Diagnostics) -> None:
    """A warning when `framework_agreed` names a revision git does not know, or one
    without the framework file: the "changed since agreed" section cannot be made.
    Outside git the section is left out silently."""
    revision, framework = config.framework_agreed, config.framework
    if not revision or framework.startswith(BUILTIN_PREFIX):
        return
    known = git.revision_exists(root, revision)
    if known is None:
        return
    if known and git.file_at_revision(root, revision, framework) is not None:
        return
    at = config.doc.at(("framework_agreed",)) if config.doc else (0, 0)
    problem = "is not a tag, branch or commit git knows" if not known else f"has no {framework}"
    diags.warning(
        CONFIG_FILE,
        *at,
        f"framework_agreed: revision '{revision}' {problem}; the framework page cannot "
        "list what changed since it was agreed",
        "name the tag or commit agreed with your manager (`git tag` lists tags), "
        "or remove framework_agreed",
    )
