"""A site as a stream of files: reused pages first, the bulk of evidence pages rendered
and leak-checked on all cores, the rest after; nothing held longer than it takes to write
it."""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterator, Sequence

import jinja2

from dossier.parallel import chunks, map_jobs, workers_for
from dossier.render import urls
from dossier.render.leaks import Leak, Secret, find_leaks
from dossier.render.reuse import PageCache, reused_pages
from dossier.render.site import Files, SiteInput, SiteRenderer

Progress = Callable[[int, int], None]  # (done, total)


def _render_pages(
    shared: tuple[SiteRenderer, list[Secret]], paths: Sequence[str]
) -> tuple[Files, set[str], list[Leak]]:
    """Render some pages (in a worker, or here), say which attachments they link and
    what they leak. Only these pages' pieces are looked at: each object a forked worker
    touches stops sharing its memory page with the parent."""
    renderer, secrets = shared
    try:
        files = {path: renderer.make(path) for path in paths}
    except jinja2.TemplateError as exc:
        # its traceback stays in the worker; the template lines must reach the message
        setattr(exc, TEMPLATE_FRAMES, template_frames(exc))
        raise
    return files, set(renderer.attachments), find_leaks(files, secrets)


TEMPLATE_FRAMES = "dossier_template_frames"


def template_frames(exc: BaseException) -> list[tuple[str, int]]:
    """The templates (file, line) a rendering error passed through, innermost last."""
    kept: list[tuple[str, int]] | None = getattr(exc, TEMPLATE_FRAMES, None)
    if kept is not None:
        return kept
    return [
        (f.filename, f.lineno or 0)
        for f in traceback.extract_tb(exc.__traceback__)
        if f.filename.endswith(".html")
    ]


class SiteStream:
    """One audience's generated files, produced one by one so that a big site is never
    held in memory whole. Evidence pages, the bulk of a big site, come from `cache` when
    nothing they show changed, and are otherwise rendered on all cores. Every page made
    is searched for `secrets`; a reused one was searched for the same secrets when it was
    made. Once consumed, `attachments`, `leaks` and `page_cache` (for the next build) are
    known."""

    def __init__(
        self,
        site: SiteInput,
        secrets: list[Secret],
        progress: Progress | None = None,
        cache: PageCache | None = None,
        cache_key: str = "",
    ):
        self.renderer = SiteRenderer(site, keep_compiled=cache is not None)
        self.secrets = secrets
        self.progress = progress
        self.cache = cache
        self.cache_key = cache_key  # what else decides whether a page can be reused
        self.page_cache: PageCache = {}
        self.leaks: list[Leak] = []
        self.workers = 1

    @property
    def attachments(self) -> tuple[str, ...]:
        return tuple(sorted(self.renderer.attachments))

    def __iter__(self) -> Iterator[tuple[str, bytes]]:
        makers = list(self.renderer.pages())
        reused, pending, self.page_cache = reused_pages(self.renderer, self.cache, self.cache_key)
        made: set[str] = set()

        def produced(path: str, data: bytes) -> tuple[str, bytes]:
            made.add(path)
            if path in pending:
                key = pending[path]
                self.page_cache[key] = (data, self.page_cache[key][1])
            if self.progress is not None:
                self.progress(len(made), len(makers))
            return path, data

        for path, data in reused.items():
            yield produced(path, data)
        shared = (self.renderer, self.secrets)
        jobs, here = self._jobs([path for path, _ in makers if path not in reused])
        for done, attachments, leaks in map_jobs(_render_pages, shared, jobs, self.workers):
            self.renderer.attachments |= attachments
            self.leaks += leaks
            for path, data in done.items():
                yield produced(path, data)
            if here:  # the parent's own share, made while the workers go on with theirs
                yield produced(*self._make_here(here.pop()))
        while here:
            yield produced(*self._make_here(here.pop()))

    def _make_here(self, path: str) -> tuple[str, bytes]:
        data = self.renderer.make(path)
        self.leaks += find_leaks({path: data}, self.secrets)
        return path, data

    def _jobs(self, paths: list[str]) -> tuple[list[Sequence[str]], list[str]]:
        """Work for the workers (summary pages one by one, then evidence pages in chunks),
        and what the parent makes itself: dossier.json, the biggest file, which would
        otherwise be sent back whole from a worker."""
        self.workers = workers_for(len(paths))
        here = [p for p in paths if p == urls.DATA]
        summaries = [[p] for p in paths if p in self.renderer.summaries and p not in here]
        evidence = [p for p in paths if p not in self.renderer.summaries]
        if self.workers == 1:
            return [*summaries, evidence], here
        env = self.renderer.env
        for name in env.list_templates(extensions=["html"]):
            env.get_template(name)  # compiled once here, not once in every worker
        return [*summaries, *chunks(evidence, self.workers * 4)], here
