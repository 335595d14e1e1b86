"""Markdown bodies to HTML for one audience: private blocks dropped unless the audience is
`self`, wikilinks and relative links pointed at site pages, hidden targets 'not shared'."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from urllib.parse import unquote

from markdown_it import MarkdownIt

from dossier.markdown.markup import split_url, strip_private
from dossier.markdown.prepared import UNLINKED, Prepared, Slot, fill, prepare
from dossier.model.content import slugify
from dossier.render import urls

NOT_SHARED = '<span class="not-shared">not shared</span>'


@dataclass
class LinkTargets:
    """What one audience's site can link to: id or slug -> (site path, title)."""

    competencies: dict[str, tuple[str, str]] = field(default_factory=dict)
    expectations: dict[str, tuple[str, str]] = field(default_factory=dict)
    evidence: dict[str, tuple[str, str]] = field(default_factory=dict)
    goals: dict[str, tuple[str, str]] = field(default_factory=dict)
    pages: dict[str, tuple[str, str]] = field(default_factory=dict)
    attachments: set[str] = field(default_factory=set)
    later: dict[str, str] = field(default_factory=dict)  # evidence dated after as-of: titles

    def lookup(self, target: str) -> tuple[str, str] | None:
        """(site path, title) of a wikilink target, or None when this audience can't see it."""
        if target.startswith("files/"):
            return (target, posixpath.basename(target)) if target in self.attachments else None
        for table in (self.competencies, self.expectations, self.evidence, self.goals, self.pages):
            if target in table:
                return table[target]
        slug = target if target in self.later else slugify(target)
        if slug in self.later:
            return UNLINKED, self.later[slug]
        return self.evidence.get(slug)

    def for_content_path(self, rel: str) -> str | None:
        """Site path for a workspace file a body links to relatively (content/...)."""
        if rel.startswith("content/files/"):
            name = rel.removeprefix("content/")
            return name if name in self.attachments else None
        folder, _, name = rel.removeprefix("content/").partition("/")
        slug = slugify(posixpath.basename(name).removesuffix(".md"))
        table = {"evidence": self.evidence, "goals": self.goals, "pages": self.pages}.get(folder)
        found = table.get(slug) if table is not None else None
        if found is None and folder == "evidence" and slug in self.later:
            return UNLINKED
        return found[0] if found else None


@dataclass(frozen=True)
class RenderedBody:
    html: str
    attachments: frozenset[str]  # 'files/...' this body links to


class BodyRenderer:
    def __init__(self, md: MarkdownIt, targets: LinkTargets, show_private: bool):
        self.md = md
        self.targets = targets
        self.show_private = show_private

    def render(
        self,
        body: str,
        page: str,
        source: str,
        top_level: int = 2,
        id_prefix: str = "",
        prepared: Prepared | None = None,
    ) -> RenderedBody:
        """HTML of a body placed on site path `page`, written in workspace file `source`.
        `prepared` is the body as parsed when it was loaded (parsed here otherwise)."""
        if prepared is None:
            text = body if self.show_private else strip_private(self.md, body)
            prepared = prepare(self.md, text)
        return self._fill(prepared, page, source, top_level, id_prefix)

    def _fill(
        self, prepared: Prepared, page: str, source: str, top_level: int, id_prefix: str
    ) -> RenderedBody:
        used: set[str] = set()
        html = fill(
            prepared,
            lambda slot: self.resolve(slot, page, source, used),
            top_level,
            id_prefix,
            NOT_SHARED,
        )
        return RenderedBody(html, frozenset(used))

    def resolve(self, slot: Slot, page: str, source: str, used: set[str]) -> tuple[str, str] | None:
        """Where a link or wikilink of a body points from `page` (href, title), or None when
        this audience cannot follow it; attachments it reaches are added to `used`."""
        if slot.kind == "wikilink":
            found = self.targets.lookup(slot.target)
            if found is None:
                return None
            path, title = found
        else:
            target = self.site_target(slot.target, source)
            if target is None:
                return None
            if not target:
                return slot.target, ""
            path, title = target, ""
        if path.startswith(UNLINKED):
            return UNLINKED, title
        if path.startswith("files/"):
            used.add(path.partition("#")[0])
        return urls.relative(page, path), title

    def href(self, url: str, page: str, source: str) -> str | None:
        """Where a front-matter link points from `page`: web links unchanged, links to
        workspace files rewritten to their site pages, None when not shared here."""
        target = self.site_target(url, source)
        if target is None:
            return None
        if target.startswith(UNLINKED):
            return ""  # a piece dated after as-of: its words, unlinked
        return urls.relative(page, target) if target else url

    def site_target(self, value: str, source: str) -> str | None:
        """'' to leave a link alone (web, anchor); None when not in this site."""
        parts = split_url(value)
        if parts is None:
            return ""  # refused by `dossier check`; never reached in a build
        if parts.scheme or value.startswith(("#", "//")) or not parts.path:
            return ""
        rel = posixpath.normpath(posixpath.join(posixpath.dirname(source), unquote(parts.path)))
        target = self.targets.for_content_path(rel)
        if target is None:
            return None
        return f"{target}#{parts.fragment}" if parts.fragment else target
