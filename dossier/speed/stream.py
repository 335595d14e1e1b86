"""A site plan made as a stream of files: pages kept from the last build first, then the
evidence pages rendered and leak-checked on the other cores while this one makes the
summary pages (or, for a big site, makes them after); nothing held longer than it takes
to write it."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import jinja2

from dossier.markdown.prepared import Prepared
from dossier.model.content import Evidence
from dossier.model.dossier import Dossier
from dossier.plan.leaks import Leak, Secret, find_leaks
from dossier.plan.site import SitePlan
from dossier.plan.themes import TEMPLATE_FRAMES, template_frames
from dossier.render import urls
from dossier.render.site import Files, SiteRenderer
from dossier.speed.reuse import PageCache, Reuse, reused_pages
from dossier.speed.workers import chunks, map_jobs, release_free_memory, workers_for
from dossier.write.output import Kept, Pieces

Progress = Callable[[int, int], None]  # (done, total)
Made = bytes | Pieces | Kept  # a file made, or kept from the last build's site
OVERLAP_MAX = 2_000  # pieces of evidence: up to this, summary pages are made beside the workers


@dataclass(frozen=True)
class EvidenceJob:
    """Evidence pages for a worker, with what they show of the dossier's evidence, sent
    as a copy: a forked worker that touched the parent's own objects would copy the
    memory they live in, page by page, until each worker held most of the dossier."""

    indexes: tuple[int, ...]  # positions, in date order, of the evidence to render
    evidence: dict[int, Evidence]  # those pieces and the ones before and after each
    prepared: dict[int, Prepared | None]  # their bodies as parsed at load

    @classmethod
    def of(cls, dossier: Dossier, indexes: Sequence[int]) -> EvidenceJob:
        everything = dossier.evidence
        shown = {j for i in indexes for j in (i - 1, i, i + 1) if 0 <= j < len(everything)}
        return cls(
            tuple(indexes),
            {j: everything[j] for j in sorted(shown)},
            {i: dossier.prepared(everything[i]) for i in indexes},
        )

    def pages(self, renderer: SiteRenderer) -> Files:
        made = {}
        for i in self.indexes:
            evidence = self.evidence[i]
            around = (self.evidence.get(i - 1), self.evidence.get(i + 1))
            page = functools.partial(renderer.evidence_page, evidence, self.prepared[i], around)
            made[urls.evidence_page(evidence.slug)] = page()
        return made


def _render_pages(
    shared: tuple[SiteRenderer, list[Secret]], jobs: Sequence[EvidenceJob]
) -> tuple[Files, list[Leak]]:
    """Render evidence pages (in a worker, or here) and say what they leak."""
    renderer, secrets = shared
    try:
        files = {path: page for job in jobs for path, page in job.pages(renderer).items()}
    except jinja2.TemplateError as exc:
        # its traceback stays in the worker; the template lines must reach the message
        setattr(exc, TEMPLATE_FRAMES, template_frames(exc))
        raise
    return files, find_leaks(files, secrets)


class SiteStream:
    """One audience's generated files, produced one by one so that a big site is never
    held in memory whole. A page whose fingerprint is in `cache` is kept from the site
    the last build wrote (`previous`); the others are made, evidence pages on all cores.
    Every page made is searched for the plan's secrets; a kept one was searched for the
    same secrets when it was made. Once consumed, `leaks` and `reuse` (whose `finished()`
    is the cache for the next build) are known."""

    def __init__(
        self,
        plan: SitePlan,
        progress: Progress | None = None,
        cache: PageCache | None = None,
        previous: Path | None = None,
    ):
        self.renderer = plan.renderer
        self.plan = plan
        self.progress = progress
        self.cache = cache
        self.previous = previous  # the site the last build wrote, where pages are kept from
        self.reuse = Reuse()
        self.leaks: list[Leak] = []
        self.workers = 1

    def __iter__(self) -> Iterator[tuple[str, Made]]:
        makers = self.plan.makers
        summaries = [path for path in makers if path in self.renderer.summaries]
        reuse = reused_pages(
            self.renderer, self.cache, self.previous, summaries, self.plan.secrets_key
        )
        self.reuse = reuse
        made: set[str] = set()

        def produced(path: str, data: Made) -> tuple[str, Made]:
            made.add(path)
            if self.progress is not None:
                self.progress(len(made), len(makers))
            return path, data

        for path, kept in reuse.kept.items():
            yield produced(path, kept)
        shared = (self.renderer, self.plan.secrets)
        jobs, here = self._jobs([path for path in makers if path not in reuse.kept])
        # Made here while the workers go on with theirs, for a small site: a summary page
        # looks at every piece of evidence, and the memory an object lives in stops being
        # shared with the workers once it is touched; for a big site, after them.
        overlap = len(self.renderer.dossier.evidence) <= OVERLAP_MAX
        share = -(-len(here) // max(1, len(jobs))) if overlap else 0
        for done, leaks in map_jobs(_render_pages, shared, jobs, self.workers):
            self.leaks += leaks
            for path, data in done.items():
                reuse.made(path)
                yield produced(path, data)
            for path in here[:share]:
                yield produced(*self._make_here(path, reuse))
            del here[:share]
        for path in here:
            yield produced(*self._make_here(path, reuse))

    def _make_here(self, path: str, reuse: Reuse) -> tuple[str, bytes | Pieces]:
        if path == urls.DATA:
            pieces = self.renderer.data_pieces(reuse.memo)
            self.leaks += find_leaks({path: pieces}, self.plan.secrets)
            release_free_memory()  # what making the biggest file took, beside the file
            return path, pieces
        data = self.renderer.summaries[path]()
        self.leaks += find_leaks({path: data}, self.plan.secrets)
        reuse.made(path)
        return path, data

    def _jobs(self, paths: list[str]) -> tuple[list[Sequence[EvidenceJob]], list[str]]:
        """The evidence pages, in chunks for the workers; and the summary pages, made here
        in the meantime: each of them looks at much of the dossier, and a forked worker
        that touches an object copies the memory it lives in."""
        dossier = self.renderer.dossier
        wanted = set(paths)
        indexes = [
            i for i, e in enumerate(dossier.evidence) if urls.evidence_page(e.slug) in wanted
        ]
        summaries = [p for p in paths if p in self.renderer.summaries]
        self.workers = workers_for(len(indexes))
        if self.workers == 1:
            return [[EvidenceJob.of(dossier, indexes)]], summaries
        env = self.renderer.env
        for name in env.list_templates(extensions=["html"]):
            env.get_template(name)  # compiled once here, not once in every worker
        pieces = chunks(indexes, self.workers * 4)
        return [[EvidenceJob.of(dossier, piece)] for piece in pieces], summaries
