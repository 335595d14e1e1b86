"""The library under the command line: a workspace, and what the commands do with it, as
typed Python results. Every `dossier` command is a thin wrapper of one method of Workspace.

    from datetime import date
    from dossier import Workspace

    ws = Workspace("path/to/my-dossier")
    gaps = ws.gaps(as_of=date(2026, 11, 22))
    print(gaps.readiness, [c.id for c in gaps.competencies if c.status == "gap"])
    ws.build(audience="sponsor", output="../sponsor-site")

Problems in the user's files raise WorkspaceError, which carries every diagnostic (file,
line, column, message, hint); a name that is not in the workspace (an audience, a level)
raises UnknownName, a ValueError with a did-you-mean.
"""

from dossier.api.results import CheckResult, GapReport, UnknownName, WorkspaceError
from dossier.api.workspace import Workspace

__all__ = ["CheckResult", "GapReport", "UnknownName", "Workspace", "WorkspaceError"]
