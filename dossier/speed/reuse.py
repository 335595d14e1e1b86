"""Pages carried over from the last build: each page gets a fingerprint of everything it
shows; a page whose fingerprint is unchanged is reused as it was.

Evidence pages are fingerprinted one by one (a piece, its neighbours, the statuses it
shows). Summary pages (overview, gaps, timeline, competencies...) show the whole case but
not the bodies of evidence, except the feedback quoted on competency pages: they share
one fingerprint of the view without those bodies (the `structure`), plus the bodies they
quote. dossier.json holds every body: it is made again each time, from its evidence
entries reused one by one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from dossier.model.content import Evidence, Item
from dossier.model.documents import front_key
from dossier.render import context, urls
from dossier.render.site import SiteRenderer
from dossier.render.siteparts import EntryMemo
from dossier.version import __version__
from dossier.write.output import Kept, Stamp, stamp_of

# What a page or entry looked like when it was last made: a dossier.json entry's bytes,
# or where a page was written (its path in the audience's site, and the stamp of the file)
Stored = bytes | tuple[str, int, int, int]
PageCache = dict[str, Stored]  # fingerprint -> the page as stored


def _digest(data: object) -> str:
    return hashlib.sha256(repr(data).encode()).hexdigest()


def site_key(renderer: SiteRenderer, extra: str = "") -> str | None:
    """What every page shares, or None when a workspace theme is in use (its templates
    may show anything, so its pages are always rendered)."""
    dirs = renderer.site.template_dirs
    if len(dirs) > 1 and any(p.is_file() for p in dirs[0].rglob("*")):
        return None
    templates = [
        (p.name, hashlib.sha256(p.read_bytes()).hexdigest())
        for folder in dirs
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    ]
    framework = renderer.framework
    shared = (
        extra,
        __version__,
        renderer.dossier.audience,
        renderer.site.as_of,
        repr(renderer.dossier.config),
        renderer.nav(),
        [(lv.id, lv.title) for lv in framework.levels],
        [(c.id, c.title) for c in framework.competencies],
        templates,
    )
    return _digest(shared)


def _item_key(renderer: SiteRenderer, item: Item, whole: bool) -> object:
    """A fingerprint of an item as loaded (with its body or without), or the item itself
    where the dossier was made without fingerprints."""
    parsed = renderer.dossier.parsed.get(item.path)
    if parsed is None:
        return repr(item) if whole else front_key(item)
    return parsed.key if whole else parsed.front_key


def structure_key(renderer: SiteRenderer, site: str) -> str | None:
    """A fingerprint of the view without the bodies of its evidence: the framework, the
    front matter of every piece, goals and pages whole, the people and what git says."""
    view = renderer.dossier
    if not view.parsed:
        return None
    provenance = renderer.site.provenance
    data = (
        site,
        repr(view.framework),
        view.attachments,
        [_item_key(renderer, e, whole=False) for e in (*view.evidence, *view.drafts)],
        [_item_key(renderer, e, whole=False) for e in view.later],
        [_item_key(renderer, i, whole=True) for i in (*view.goals, *view.pages)],
        sorted(provenance.first_commits.items()),
        repr(provenance.framework_changes),
        repr(renderer.site.over_time),
    )
    return _digest(data)


def quoted_bodies(renderer: SiteRenderer, path: str) -> list[Evidence]:
    """The evidence whose bodies a summary page shows: the feedback on a competency."""
    for competency in renderer.framework.competencies:
        if path == urls.competency_page(competency.id):
            return context.feedback_for(renderer.dossier, competency.id)
    return []


def summary_key(renderer: SiteRenderer, structure: str, path: str) -> str:
    bodies = [_item_key(renderer, e, whole=True) for e in quoted_bodies(renderer, path)]
    return _digest((structure, path, bodies))


def targets_key(renderer: SiteRenderer) -> str:
    """A fingerprint of what links in bodies can reach (and the title each shows): with
    it and a body unchanged, every link of that body resolves as before."""
    targets = renderer.bodies.targets
    tables = (targets.competencies, targets.expectations, targets.evidence)
    data = [sorted(t.items()) for t in (*tables, targets.goals, targets.pages)]
    return _digest((data, sorted(targets.attachments), sorted(targets.later.items())))


def evidence_key(renderer: SiteRenderer, shared: str, evidence: Evidence) -> str:
    """A fingerprint of everything an evidence page shows: same fingerprint, same bytes.
    `shared` holds what all evidence pages show (the site, where links lead)."""
    before, after = context.neighbours(
        renderer.dossier.evidence, renderer.evidence_index[evidence.slug]
    )
    expectations = renderer.framework.expectations_by_id
    data = (
        shared,
        _item_key(renderer, evidence, whole=True),
        [
            (c, renderer.statuses[c].status if c in renderer.statuses else None)
            for c in evidence.competencies
        ],
        [
            (x, expectations[x].text, expectations[x].competency)
            for x in evidence.expectations
            if x in expectations
        ],
        [(e.slug, e.title) if e else None for e in (before, after)],
        renderer.site.provenance.first_commit(evidence),
    )
    return _digest(data)


@dataclass
class Reuse:
    """What this build takes from the last one: pages `kept` from the site it wrote, the
    fingerprint of each page to make (`pending`), and what the next build may take from
    this one (`pages` and `entries`, by fingerprint)."""

    kept: dict[str, Kept] = field(default_factory=dict)  # site path -> the file to link
    pending: dict[str, str] = field(default_factory=dict)  # site path -> fingerprint
    pages: dict[str, str] = field(default_factory=dict)  # fingerprint -> site path
    entries: dict[str, bytes] = field(default_factory=dict)
    memo: EntryMemo | None = None  # dossier.json's entries, made or kept

    def made(self, path: str) -> None:
        """A page was made: the next build may keep it."""
        key = self.pending.get(path)
        if key is not None:
            self.pages[key] = path

    def finished(self, stamps: Mapping[str, Stamp], prefix: str = "") -> PageCache:
        """The cache for the next build, once the site is written (`stamps`, by path in
        the output folder; this audience's pages are under `prefix`)."""
        cache: PageCache = dict(self.entries)
        for key, path in self.pages.items():
            stamp = stamps.get(prefix + path)
            if stamp is not None:
                cache[key] = (path, *stamp)
        return cache


def reused_pages(
    renderer: SiteRenderer,
    cache: PageCache | None,
    previous: Path | None,
    summaries: Iterable[str],
    extra: str = "",
) -> Reuse:
    """Pages whose fingerprint matches the last build's, kept from the site it wrote at
    `previous` (when the file there is still the one it wrote). `extra` is anything else
    the pages were judged by (the leak check's secrets)."""
    shared = site_key(renderer, extra) if cache is not None else None
    if shared is None or cache is None:
        return Reuse()
    reuse = Reuse()
    evidence_pages = _digest((shared, targets_key(renderer)))
    for evidence in renderer.dossier.evidence:
        path = urls.evidence_page(evidence.slug)
        key = evidence_key(renderer, evidence_pages, evidence)
        _look_up(reuse, cache, previous, path, key)
    structure = structure_key(renderer, shared)
    if structure is None:
        return reuse
    for path in summaries:
        if path != urls.DATA:
            key = summary_key(renderer, structure, path)
            _look_up(reuse, cache, previous, path, key)
    reuse.memo = _entry_memo(renderer, cache, reuse.entries, structure)
    return reuse


def _look_up(
    reuse: Reuse,
    cache: PageCache,
    previous: Path | None,
    path: str,
    key: str,
) -> None:
    where = cache.get(key)
    if (
        previous is None
        or not isinstance(where, tuple)
        or where[0] != path
        or stamp_of(previous / path) != where[1:]
    ):
        reuse.pending[path] = key
        return
    reuse.kept[path] = Kept(previous / path)
    reuse.pages[key] = path


def _entry_memo(
    renderer: SiteRenderer, cache: PageCache, entries: dict[str, bytes], structure: str
) -> EntryMemo:
    """dossier.json's entry of a piece of evidence, from the cache when neither the piece
    nor the rest of the view changed."""

    def entry(evidence: Evidence, make: Callable[[], bytes]) -> bytes:
        key = _digest((structure, "json", _item_key(renderer, evidence, whole=True)))
        found = cache.get(key)
        data = found if isinstance(found, bytes) else make()
        entries[key] = data
        return data

    return entry
