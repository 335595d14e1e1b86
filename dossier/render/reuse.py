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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from dossier import __version__
from dossier.model.content import Evidence, Item
from dossier.render import context, urls
from dossier.render.site import Files, SiteRenderer

PageCache = dict[str, tuple[bytes, frozenset[str]]]  # fingerprint -> (page, attachments)


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
    keys = renderer.dossier.keys.get(item.path)
    if keys is None:
        return repr(item) if whole else repr(replace(item, body=""))
    return keys[1] if whole else keys[0]


def structure_key(renderer: SiteRenderer, site: str) -> str | None:
    """A fingerprint of the view without the bodies of its evidence: the framework, the
    front matter of every piece, goals and pages whole, the people and what git says."""
    view = renderer.dossier
    if not view.keys:
        return None
    provenance = renderer.site.provenance
    data = (
        site,
        repr(view.framework),
        view.attachments,
        [_item_key(renderer, e, whole=False) for e in view.evidence],
        [_item_key(renderer, i, whole=True) for i in (*view.goals, *view.pages)],
        sorted(provenance.first_commits.items()),
        repr(provenance.framework_changes),
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


def evidence_key(
    renderer: SiteRenderer, site_key: str, evidence: Evidence
) -> tuple[str, frozenset[str]]:
    """A fingerprint of everything an evidence page shows (same fingerprint, same
    bytes), and the attachments the page links."""
    page = urls.evidence_page(evidence.slug)
    before, after = context.neighbours(
        renderer.dossier.evidence, renderer.evidence_index[evidence.slug]
    )
    used: set[str] = set()
    prepared = renderer.dossier.prepared(evidence)
    slots = (
        [renderer.bodies.resolve(s, page, evidence.path, used) for s in prepared.slots]
        if (prepared)
        else [evidence.body]
    )
    links = [renderer.link_href(link, page, evidence.path) for link in evidence.links]
    for link in evidence.links:
        target = renderer.bodies.site_target(link.url, evidence.path)
        if target and target.startswith("files/"):
            used.add(target.partition("#")[0])
    expectations = renderer.framework.expectations_by_id
    data = (
        site_key,
        _item_key(renderer, evidence, whole=True),
        slots,
        links,
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
        renderer.site.provenance.recorded_later(evidence),
    )
    return _digest(data), frozenset(used)


@dataclass
class Reuse:
    """What this build takes from the last one: `files` reused as they were, the
    fingerprint of each page to make (`pending`), and the cache for the next build
    (`kept`: reused entries, and a place for each page made)."""

    files: Files = field(default_factory=dict)
    pending: dict[str, str] = field(default_factory=dict)  # site path -> fingerprint
    kept: PageCache = field(default_factory=dict)
    entries: Callable[[Evidence, Callable[[], bytes]], bytes] | None = None  # dossier.json's

    def made(self, path: str, data: bytes, attachments: frozenset[str] | None = None) -> None:
        key = self.pending.get(path)
        if key is not None:
            self.kept[key] = (data, self.kept[key][1] if attachments is None else attachments)


def reused_pages(
    renderer: SiteRenderer, cache: PageCache | None, summaries: Iterable[str], extra: str = ""
) -> Reuse:
    """Pages whose fingerprint matches the last build's, taken from the cache. `extra` is
    anything else the pages were judged by (the leak check's secrets)."""
    shared = site_key(renderer, extra) if cache is not None else None
    if shared is None or cache is None:
        return Reuse()
    reuse = Reuse()
    for evidence in renderer.dossier.evidence:
        path = urls.evidence_page(evidence.slug)
        key, attachments = evidence_key(renderer, shared, evidence)
        _look_up(renderer, reuse, cache, path, key, attachments)
    structure = structure_key(renderer, shared)
    if structure is None:
        return reuse
    for path in summaries:
        if path != urls.DATA:
            key = summary_key(renderer, structure, path)
            _look_up(renderer, reuse, cache, path, key, frozenset())
    reuse.entries = _entry_memo(renderer, cache, reuse.kept, structure)
    return reuse


def _look_up(
    renderer: SiteRenderer,
    reuse: Reuse,
    cache: PageCache,
    path: str,
    key: str,
    attachments: frozenset[str],
) -> None:
    found = cache.get(key)
    if found is None:
        reuse.pending[path] = key
        reuse.kept[key] = (b"", attachments)
        return
    reuse.files[path] = found[0]
    reuse.kept[key] = found
    renderer.attachments |= found[1]


def _entry_memo(
    renderer: SiteRenderer, cache: PageCache, kept: PageCache, structure: str
) -> Callable[[Evidence, Callable[[], bytes]], bytes]:
    """dossier.json's entry of a piece of evidence, from the cache when neither the piece
    nor the rest of the view changed."""

    def entry(evidence: Evidence, make: Callable[[], bytes]) -> bytes:
        key = _digest((structure, "json", _item_key(renderer, evidence, whole=True)))
        found = cache.get(key)
        data = found[0] if found is not None else make()
        kept[key] = (data, frozenset())
        return data

    return entry
