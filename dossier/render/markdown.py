"""Markdown bodies to HTML for one audience: private blocks dropped unless the audience is
`self`, wikilinks and relative links pointed at site pages, hidden targets 'not shared'."""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token

from dossier.markup import strip_private
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

    def lookup(self, target: str) -> tuple[str, str] | None:
        """(site path, title) of a wikilink target, or None when this audience can't see it."""
        if target.startswith("files/"):
            return (target, posixpath.basename(target)) if target in self.attachments else None
        for table in (self.competencies, self.expectations, self.evidence, self.goals, self.pages):
            if target in table:
                return table[target]
        return self.evidence.get(slugify(target))

    def for_content_path(self, rel: str) -> str | None:
        """Site path for a workspace file a body links to relatively (content/...)."""
        if rel.startswith("content/files/"):
            name = rel.removeprefix("content/")
            return name if name in self.attachments else None
        folder, _, name = rel.removeprefix("content/").partition("/")
        slug = slugify(posixpath.basename(name).removesuffix(".md"))
        table = {"evidence": self.evidence, "goals": self.goals, "pages": self.pages}.get(folder)
        found = table.get(slug) if table is not None else None
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
        self, body: str, page: str, source: str, top_level: int = 2, id_prefix: str = ""
    ) -> RenderedBody:
        """HTML of a body placed on site path `page`, written in workspace file `source`."""
        used: set[str] = set()
        if not self.show_private:
            body = strip_private(self.md, body)
        tokens = self.md.parse(body)
        shift_headings(tokens, top_level, id_prefix)
        for token in tokens:
            if token.children:
                token.children = self._rewrite_links(token.children, page, source, used)

        def wikilink(target: str, label: str) -> str:
            found = self.targets.lookup(target)
            if found is None:
                return NOT_SHARED
            path, title = found
            if path.startswith("files/"):
                used.add(path)
            href = escape(urls.relative(page, path))
            return f'<a class="wikilink" href="{href}">{escape(label or title)}</a>'

        html = self.md.renderer.render(tokens, self.md.options, self._env(wikilink, id_prefix))
        return RenderedBody(html, frozenset(used))

    @staticmethod
    def _env(wikilink: object, id_prefix: str) -> dict[str, object]:
        """Render settings; docId keeps footnote ids apart when bodies share a page."""
        env: dict[str, object] = {"wikilink": wikilink}
        if id_prefix:
            env["docId"] = id_prefix.strip("-")
        return env

    def _rewrite_links(
        self, children: list[Token], page: str, source: str, used: set[str]
    ) -> list[Token]:
        """Point relative links at site pages; a link to what this audience can't see
        becomes the plain text 'not shared'."""
        result: list[Token] = []
        skipping = 0
        for child in children:
            if skipping:
                skipping += {"link_open": 1, "link_close": -1}.get(child.type, 0)
                continue
            attr = {"link_open": "href", "image": "src"}.get(child.type)
            target = self.site_target(str(child.attrGet(attr) or ""), source) if attr else ""
            if target is None:
                result.append(Token("html_inline", "", 0, content=NOT_SHARED))
                skipping = 1 if child.type == "link_open" else 0
                continue
            if target and attr:
                if target.startswith("files/"):
                    used.add(target.partition("#")[0])
                child.attrSet(attr, urls.relative(page, target))
            result.append(child)
        return result

    def href(self, url: str, page: str, source: str) -> str | None:
        """Where a front-matter link points from `page`: web links unchanged, links to
        workspace files rewritten to their site pages, None when not shared here."""
        target = self.site_target(url, source)
        if target is None:
            return None
        return urls.relative(page, target) if target else url

    def site_target(self, value: str, source: str) -> str | None:
        """'' to leave a link alone (web, anchor); None when not in this site."""
        parts = urlsplit(value)
        if parts.scheme or value.startswith(("#", "//")) or not parts.path:
            return ""
        rel = posixpath.normpath(posixpath.join(posixpath.dirname(source), unquote(parts.path)))
        target = self.targets.for_content_path(rel)
        if target is None:
            return None
        return f"{target}#{parts.fragment}" if parts.fragment else target


def shift_headings(tokens: Sequence[Token], top_level: int, id_prefix: str) -> None:
    """Move body headings so the biggest is h{top_level}; prefix their ids."""
    levels = [int(t.tag[1]) for t in tokens if t.type == "heading_open"]
    if not levels:
        return
    shift = top_level - min(levels)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(max(int(token.tag[1]) + shift, top_level), 6)}"
        if token.type == "heading_open" and id_prefix and token.attrGet("id"):
            token.attrSet("id", f"{id_prefix}{token.attrGet('id')}")
