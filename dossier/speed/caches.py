"""The caches kept between runs: parsed documents and the pages of the last build, so
the next run makes only what changed. They live in the user's own cache folder
(`$XDG_CACHE_HOME/dossier`, else `~/.cache/dossier`), one file per workspace, never in the
workspace itself: a build writes nothing outside its output folder, and a cache planted in
a shared repository (a pickle runs code when loaded) can never be picked up."""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path
from typing import Any

from dossier.analysis.history import remember, remembered
from dossier.speed.parsing import ParseCache
from dossier.version import __version__

FORMAT = (__version__, sys.version_info[:2], 9)  # any change makes old caches unreadable


def user_cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "dossier"


def cache_path(root: Path, part: str = "parsed") -> Path:
    """Where a part of the cache of the workspace at root is kept."""
    name = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:24]
    return user_cache_dir() / "workspaces" / name / f"{part}.pickle"


def _read(path: Path) -> dict[str, Any] | None:
    try:
        stored = pickle.loads(path.read_bytes())
    except Exception:  # missing or damaged: a cold cache, never an error
        return None
    if not isinstance(stored, dict) or stored.get("format") != FORMAT:
        return None
    return stored


def read_pages(root: Path, audience: str) -> dict[str, Any]:
    """Pages of the last build for this audience, by fingerprint (empty when none)."""
    stored = _read(cache_path(root, f"pages-{audience}"))
    return stored["pages"] if stored else {}


def read_cache(root: Path) -> ParseCache:
    """The cache of the last run, or an empty one (missing, stale or damaged)."""
    stored = _read(cache_path(root))
    if stored is None:
        return ParseCache()
    remember(stored.get("history"))  # past months' readiness, judged in an earlier run
    return ParseCache(entries=stored["entries"], stats=stored["stats"])


def write_cache(root: Path, cache: ParseCache) -> None:
    """Keep the parse cache for the next run, with the readiness of past months."""
    content = {"entries": cache.entries, "stats": cache.stats, "history": remembered()}
    _write(cache_path(root), content)


def write_pages(root: Path, audience: str, pages: dict[str, Any]) -> None:
    """Keep this build's evidence pages for the next build of the same audience."""
    _write(cache_path(root, f"pages-{audience}"), {"pages": pages})


def _write(target: Path, content: dict[str, Any]) -> None:
    """Written aside and renamed; a cache that cannot be written is simply skipped."""
    data = pickle.dumps({"format": FORMAT, **content}, protocol=pickle.HIGHEST_PROTOCOL)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fresh = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        fresh.write_bytes(data)
        os.replace(fresh, target)
    except OSError:
        return
