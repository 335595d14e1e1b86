"""dossier: a promotion case built from Markdown evidence kept in git.

`from dossier import Workspace` is the library under the command line (dossier.api);
it is imported on first use, so that `dossier --version` stays quick.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dossier.version import __version__

if TYPE_CHECKING:
    from dossier.api import UnknownName, Workspace, WorkspaceError

__all__ = ["UnknownName", "Workspace", "WorkspaceError", "__version__"]


def __getattr__(name: str) -> Any:
    if name in ("Workspace", "WorkspaceError", "UnknownName"):
        from dossier import api

        return getattr(api, name)
    raise AttributeError(f"module 'dossier' has no attribute {name!r}")
