"""Saving the parse cache for the next run, written aside and renamed into place."""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Any

from dossier.load.cache import FORMAT, cache_path
from dossier.model.documents import ParseCache


def write_cache(root: Path, cache: ParseCache) -> None:
    """Keep the parse cache for the next run."""
    _write(cache_path(root), {"entries": cache.entries, "stats": cache.stats})


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
