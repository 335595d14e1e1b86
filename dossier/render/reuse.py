"""Evidence pages carried over from the last build: each page gets a fingerprint of
everything it shows; a page whose fingerprint is unchanged is reused as it was."""

from __future__ import annotations

import hashlib

from dossier import __version__
from dossier.model.content import Evidence
from dossier.render import context, urls
from dossier.render.site import Files, SiteRenderer

PageCache = dict[str, tuple[bytes, frozenset[str]]]  # fingerprint -> (page, attachments)


def site_key(renderer: SiteRenderer, extra: str = "") -> str | None:
    """What every evidence page shares, or None when a workspace theme is in use (its
    templates may show anything, so its pages are always rendered)."""
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
    return hashlib.sha256(repr(shared).encode()).hexdigest()


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
        repr(evidence),
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
    return hashlib.sha256(repr(data).encode()).hexdigest(), frozenset(used)


def reused_pages(
    renderer: SiteRenderer, cache: PageCache | None, extra: str = ""
) -> tuple[Files, dict[str, str], PageCache]:
    """Evidence pages whose fingerprint matches the last build's, taken from the cache;
    and the fingerprints of those to render (path -> key). `extra` is anything else the
    pages were judged by (the leak check's secrets)."""
    shared = site_key(renderer, extra) if cache is not None else None
    if shared is None or cache is None:
        return {}, {}, {}
    reused: Files = {}
    pending: dict[str, str] = {}
    kept: PageCache = {}
    for evidence in renderer.dossier.evidence:
        path = urls.evidence_page(evidence.slug)
        key, attachments = evidence_key(renderer, shared, evidence)
        found = cache.get(key)
        if found is None:
            pending[path] = key
            kept[key] = (b"", attachments)
            continue
        reused[path] = found[0]
        kept[key] = found
        renderer.attachments |= found[1]
    return reused, pending, kept
