"""Where a sealed site goes: its published address, and whether git history keeps earlier
builds there (a new key revokes the host's copy, not copies kept in history)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from dossier.model.config import Config


def published_url(config: Config, audience: str) -> str | None:
    """The address `audience`'s site is published at (site.base_url), if given."""
    return config.site.base_url or None


def committed_before(target: Path) -> bool:
    """Whether the git history of the repository holding `target` has files there."""
    probe = target
    while not probe.is_dir():
        if probe.parent == probe:
            return False
        probe = probe.parent
    try:
        found = subprocess.run(
            ["git", "-C", str(probe), "log", "-1", "--format=%H", "--", str(target)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return False  # no git here: no history to warn about
    return found.returncode == 0 and bool(found.stdout.strip())
