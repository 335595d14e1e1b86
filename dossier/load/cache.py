"""The parse cache: parsed documents from the last run, so the next run parses only what
changed. It lives in the user's own cache folder (`$XDG_CACHE_HOME/dossier`, else
`~/.cache/dossier`), one file per workspace, never in the workspace itself: a build
writes nothing outside its output folder, and a cache planted in a shared repository
(a pickle runs code when loaded) can never be picked up."""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path

from dossier import __version__
from dossier.model.documents import ParseCache

FORMAT = (__version__, sys.version_info[:2], 2)  # any change makes old caches unreadable


def user_cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "dossier"


def cache_path(root: Path) -> Path:
    """Where the cache of the workspace at root is kept."""
    name = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:24]
    return user_cache_dir() / "workspaces" / f"{name}.pickle"


def read_cache(root: Path) -> ParseCache:
    """The cache of the last run, or an empty one (missing, stale or damaged)."""
    try:
        stored = pickle.loads(cache_path(root).read_bytes())
    except Exception:  # missing or damaged: a cold cache, never an error
        return ParseCache()
    if not isinstance(stored, dict) or stored.get("format") != FORMAT:
        return ParseCache()
    return ParseCache(entries=stored["entries"], stats=stored["stats"])
