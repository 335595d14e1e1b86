"""Where a sealed site goes: its published address, and whether git history keeps earlier
builds there (a new key revokes the host's copy, not copies kept in history)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from dossier.model.config import Config


def published_url(config: Config, audience: str) -> str | None:
    """The address `audience`'s site is published at (site.base_url: its entry when a
    mapping, the one address when it is the default audience's site), if known."""
    return config.site.url_for(audience, config.default_audience) or None


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
