"""Saving the parse cache for the next run, written aside and renamed into place."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

from dossier.load.cache import FORMAT, cache_path
from dossier.model.documents import ParseCache


def write_cache(root: Path, cache: ParseCache) -> None:
    """Keep the cache for the next run; a cache that cannot be written is simply skipped."""
    data = pickle.dumps(
        {"format": FORMAT, "entries": cache.entries, "stats": cache.stats},
        protocol=pickle.HIGHEST_PROTOCOL,
    )
    target = cache_path(root)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fresh = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        fresh.write_bytes(data)
        os.replace(fresh, target)
    except OSError:
        return
