"""Parsing a workspace's documents fast: a file whose bytes (and settings) were parsed
before is taken from the parse cache, a file unchanged on disk since it was last read is
not even read, and what is left is parsed on all cores."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from dossier.errors import Diagnostics
from dossier.load import workspace as disk
from dossier.load.source import read_bytes
from dossier.model.documents import Content, ParsedFile, Settings, assemble, parse_file
from dossier.speed.workers import map_chunks
from dossier.version import __version__

RACY_NS = 2_000_000_000  # file times may be this coarse (FAT: 2 s; ext4 ticks are ms)


@dataclass
class ParseCache:
    """Parsed files by content key. Kept in memory by `serve`, on disk between builds."""

    entries: dict[str, ParsedFile] = field(default_factory=dict)
    # rel -> (size, times, inode and settings when last read; its key; when it was read)
    stats: dict[str, tuple[tuple[object, ...], str, int]] = field(default_factory=dict)
    hits: int = 0
    misses: int = 0

    def known_key(self, rel: str, stat_key: tuple[int, ...], settings: Settings) -> str | None:
        """The entry of a file that has not changed on disk since it was last read (same
        size, times and inode): no need to read it again. A file changed shortly before
        it was read could change again within the same tick of the file system's clock
        and keep all of these (two saves of the same length): it is read again."""
        seen = self.stats.get(rel)
        if seen is None or seen[0] != (*stat_key, repr(settings)) or seen[1] not in self.entries:
            return None
        if stat_key[0] > seen[2] - RACY_NS:  # its content changed just before it was read
            return None
        return seen[1]

    def remember(
        self, rel: str, stat_key: tuple[int, ...], settings: Settings, key: str, read_ns: int
    ) -> None:
        self.stats[rel] = ((*stat_key, repr(settings)), key, read_ns)

    @staticmethod
    def key(kind: str, rel: str, data: bytes, settings: Settings) -> str:
        digest = hashlib.blake2b(data, digest_size=16)
        digest.update(repr((__version__, kind, rel, settings)).encode())
        return digest.hexdigest()

    def keep_only(self, keys: Iterable[str]) -> None:
        """Forget entries of files that no longer exist in this form."""
        wanted = set(keys)
        self.entries = {k: v for k, v in self.entries.items() if k in wanted}
        self.stats = {rel: seen for rel, seen in self.stats.items() if seen[1] in wanted}


def _stat_key(path: Path) -> tuple[int, ...] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino)


@dataclass(frozen=True)
class _Job:
    kind: str
    rel: str
    data: bytes
    key: str


def _cache_key(
    cache: ParseCache,
    kind: str,
    found: disk.FoundFile,
    settings: Settings,
    diags: Diagnostics,
    todo: list[_Job],
) -> str | None:
    """The cache key of a file (None if unreadable); a file not parsed yet is added to
    `todo`. A file unchanged on disk since it was last read is not read again."""
    read_ns = time.time_ns()  # before reading: a change after this is seen next time
    stat_key = _stat_key(found.path)
    known = cache.known_key(found.rel, stat_key, settings) if stat_key else None
    if known is not None:
        cache.hits += 1
        return known
    data = read_bytes(found.path, found.rel, diags)
    if data is None:
        return None
    key = ParseCache.key(kind, found.rel, data, settings)
    if key not in cache.entries:
        todo.append(_Job(kind, found.rel, data, key))
    if stat_key is not None:
        cache.remember(found.rel, stat_key, settings, key, read_ns)
    return key


def _parse_jobs(settings: Settings, jobs: Sequence[_Job]) -> list[tuple[str, ParsedFile]]:
    return [(job.key, parse_file(job.kind, job.rel, job.data, settings, job.key)) for job in jobs]


def parse_documents(
    root: Path,
    settings: Settings,
    diags: Diagnostics,
    cache: ParseCache | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> Content:
    """Every document under content/, validated field by field (not yet cross-checked).
    Files not in the cache are parsed on all cores; `meanwhile` is done here as they are."""
    cache = cache if cache is not None else ParseCache()
    found_keys: dict[str, list[str]] = {}  # kind -> the cache keys of its files
    todo: list[_Job] = []
    for kind in disk.CONTENT_KINDS:
        found_keys[kind] = []
        for found in disk.walk_files(root, f"content/{kind}", diags):
            if found.rel.endswith(".md"):
                key = _cache_key(cache, kind, found, settings, diags, todo)
                if key is not None:
                    found_keys[kind].append(key)
    for results in map_chunks(_parse_jobs, settings, todo, meanwhile=meanwhile):
        cache.misses += len(results)
        cache.entries.update(results)
    cache.keep_only(key for keys in found_keys.values() for key in keys)
    files = {kind: [cache.entries[key] for key in keys] for kind, keys in found_keys.items()}
    return assemble(files, diags)
