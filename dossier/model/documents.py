"""Evidence, goals and pages from disk, each file parsed once: results are kept in a
cache keyed by the file's bytes and the settings that shape its parse, so a rebuild
re-reads only what changed."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from dossier import __version__
from dossier.errors import Diagnostic, Diagnostics
from dossier.load import workspace as disk
from dossier.load.source import decode, read_bytes, split_front_matter
from dossier.markup import (
    Reference,
    has_private_in,
    markdown_for,
    private_lines_in,
    strip_private_in,
)
from dossier.model.content import (
    Evidence,
    Goal,
    Item,
    Page,
    parse_evidence,
    parse_goal,
    parse_page,
    slug_for,
)
from dossier.model.references import check_slugs
from dossier.parallel import map_chunks
from dossier.prepared import Prepared, prepare

RACY_NS = 2_000_000_000  # file times may be this coarse (FAT: 2 s; ext4 ticks are ms)

PARSERS: dict[str, Callable[..., Item]] = {
    "evidence": parse_evidence,
    "goals": parse_goal,
    "pages": parse_page,
}


@dataclass(frozen=True)
class Settings:
    """What, besides a file's bytes, decides how it parses."""

    audiences: tuple[str, ...]
    default_visibility: str
    allow_html: bool


@dataclass(frozen=True)
class ParsedFile:
    item: Item | None
    diagnostics: tuple[Diagnostic, ...]
    body: Prepared | None = None  # the body parsed once, for every audience...
    public_body: Prepared | None = None  # ...and without private blocks, when it has any
    public_text: str | None = None  # the body's text without private blocks (ditto)
    private_lines: tuple[str, ...] = ()  # the text inside its private blocks
    front_key: str = ""  # a fingerprint of the item without its body

    @property
    def references(self) -> tuple[Reference, ...]:
        return self.body.references if self.body else ()


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

    def parsed(self, key: str, make: Callable[[], ParsedFile]) -> ParsedFile:
        found = self.entries.get(key)
        if found is None:
            self.misses += 1
            found = self.entries[key] = make()
        else:
            self.hits += 1
        return found

    def keep_only(self, keys: Iterable[str]) -> None:
        """Forget entries of files that no longer exist in this form."""
        wanted = set(keys)
        self.entries = {k: v for k, v in self.entries.items() if k in wanted}
        self.stats = {rel: seen for rel, seen in self.stats.items() if seen[1] in wanted}


@dataclass(frozen=True)
class Content:
    evidence: list[Evidence]
    goals: list[Goal]
    pages: list[Page]
    references: dict[str, tuple[Reference, ...]]  # workspace path -> its body's references
    bodies: dict[str, tuple[Prepared, Prepared | None]]  # path -> (body, without private)
    public_texts: dict[str, str]  # path -> body text without private blocks, where any
    private_lines: dict[str, tuple[str, ...]]  # path -> the text of its private blocks
    keys: dict[str, tuple[str, str]]  # path -> fingerprints: (without the body, whole file)


def _parse_file(kind: str, rel: str, data: bytes, settings: Settings) -> ParsedFile:
    diags = Diagnostics()
    text = decode(data, rel, diags)
    document = split_front_matter(text, rel, diags) if text is not None else None
    slug = slug_for(document, diags) if document is not None else None
    if document is None or slug is None:
        return ParsedFile(None, tuple(diags.items))
    item = PARSERS[kind](document, slug, diags, settings.audiences, settings.default_visibility)
    md = markdown_for(settings.allow_html)
    tokens = md.parse(item.body)
    front = front_key(item)
    if not has_private_in(tokens):
        body = prepare(md, item.body, tokens)
        return ParsedFile(item, tuple(diags.items), body, front_key=front)
    # the private blocks are read off the same tokens, before prepare() changes them
    text = strip_private_in(tokens, item.body)
    lines = private_lines_in(tokens)
    body = prepare(md, item.body, tokens)
    return ParsedFile(item, tuple(diags.items), body, prepare(md, text), text, lines, front)


def front_key(item: Item) -> str:
    """A fingerprint of everything in an item but its body: pages that list items without
    showing their bodies change only when it does."""
    shown = replace(item, body="")
    return hashlib.blake2b(repr(shown).encode(), digest_size=16).hexdigest()


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
    path: Path,
    rel: str,
    settings: Settings,
    diags: Diagnostics,
    todo: list[_Job],
) -> str | None:
    """The cache key of a file (None if unreadable); a file not parsed yet is added to
    `todo`. A file unchanged on disk since it was last read is not read again."""
    read_ns = time.time_ns()  # before reading: a change after this is seen next time
    stat_key = _stat_key(path)
    known = cache.known_key(rel, stat_key, settings) if stat_key else None
    if known is not None:
        cache.hits += 1
        return known
    data = read_bytes(path, rel, diags)
    if data is None:
        return None
    key = ParseCache.key(kind, rel, data, settings)
    if key not in cache.entries:
        todo.append(_Job(kind, rel, data, key))
    if stat_key is not None:
        cache.remember(rel, stat_key, settings, key, read_ns)
    return key


def _parse_jobs(settings: Settings, jobs: Sequence[_Job]) -> list[tuple[str, ParsedFile]]:
    return [(job.key, _parse_file(job.kind, job.rel, job.data, settings)) for job in jobs]


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
    found_keys: dict[str, list[tuple[str, str]]] = {}  # kind -> [(rel, key)]
    todo: list[_Job] = []
    for kind in disk.CONTENT_KINDS:
        found_keys[kind] = []
        for found in disk.walk_files(root, f"content/{kind}", diags):
            if found.rel.endswith(".md"):
                key = _cache_key(cache, kind, found.path, found.rel, settings, diags, todo)
                if key is not None:
                    found_keys[kind].append((found.rel, key))
    for results in map_chunks(_parse_jobs, settings, todo, meanwhile=meanwhile):
        cache.misses += len(results)
        cache.entries.update(results)
    parsed: dict[str, list[Item]] = {}
    references: dict[str, tuple[Reference, ...]] = {}
    bodies: dict[str, tuple[Prepared, Prepared | None]] = {}
    public_texts: dict[str, str] = {}
    private: dict[str, tuple[str, ...]] = {}
    keys: dict[str, tuple[str, str]] = {}
    for kind, files in found_keys.items():
        items: list[Item] = []
        for rel, key in files:
            result = cache.entries[key]
            diags.extend(result.diagnostics)
            if result.item is not None:
                items.append(result.item)
                keys[rel] = (result.front_key, key)
                references[rel] = result.references
                if result.body is not None:
                    bodies[rel] = (result.body, result.public_body)
                if result.public_text is not None:
                    public_texts[rel] = result.public_text
                    private[rel] = result.private_lines
        parsed[kind] = check_slugs(items, kind.rstrip("s"), diags)
    cache.keep_only(key for files in found_keys.values() for _, key in files)
    return Content(
        [i for i in parsed["evidence"] if isinstance(i, Evidence)],
        [i for i in parsed["goals"] if isinstance(i, Goal)],
        [i for i in parsed["pages"] if isinstance(i, Page)],
        references,
        bodies,
        public_texts,
        private,
        keys,
    )
