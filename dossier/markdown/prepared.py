"""A Markdown body parsed once, kept as HTML with holes.

Parsing is the expensive part of a build. Everything in a body's HTML is fixed by its
text, except what depends on where it is shown and to whom: where links and images point
(or whether the audience may follow them at all), heading levels, and id prefixes. So a
body is parsed once, when it is loaded, into HTML whose variable parts are markers; a page
fills the markers in, which costs a scan instead of a parse. Markers use NUL, which a
loaded file never contains (files with NUL bytes are refused) and markdown-it replaces.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from markdown_it import MarkdownIt
from markdown_it.token import Token

from dossier.markdown.markup import Reference, references_in
from dossier.markdown.rawlinks import mark_raw_html

MARK = "\0"
_MARKER = re.compile("\0([^\0]*)\0")
_FOOTNOTE_DOC = f"{MARK}D{MARK}"


@dataclass(frozen=True)
class Slot:
    """A place whose target is decided when the page is made."""

    kind: str  # wikilink | link | image
    target: str  # as written: a wikilink target or a relative URL
    label: str = ""  # a wikilink's own label


@dataclass(frozen=True)
class Prepared:
    html: str
    slots: tuple[Slot, ...]
    top_heading: int  # the biggest heading level in the body (0: none)
    references: tuple[Reference, ...]


# A slot's target from one page for one audience: (href, title), or None (not shared);
# an href of UNLINKED keeps the link's words without the link (a piece dated after as-of).
UNLINKED = f"{MARK}later{MARK}"
HIDDEN_PIECE = "a piece not shared here"  # a bare [[slug]] to what the reader may not see
# a word before a noun that would make "the a piece" of it
_DETERMINER = re.compile(r"\b(?:the|a|an|this|that|my|our|your|his|her|their|its)\s+$", re.I)
Resolve = Callable[[Slot], tuple[str, str] | None]


def prepare(md: MarkdownIt, body: str, tokens: list[Token] | None = None) -> Prepared:
    """Parse a body once (or take its `tokens`, which are changed): its references, and
    its HTML with markers."""
    tokens = md.parse(body) if tokens is None else tokens
    references = tuple(references_in(tokens, body))
    slots: list[Slot] = []
    levels = [int(t.tag[1]) for t in tokens if t.type == "heading_open"]
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"{MARK}h{token.tag[1]}{MARK}"
            if token.attrGet("id"):
                token.attrSet("id", f"{MARK}p{MARK}{token.attrGet('id')}")
        if token.children:
            token.children = _mark_links(token.children, slots)
        elif token.type == "html_block":
            token.content = _mark_raw(token.content, slots, [])
    env = {
        "wikilink": lambda target, label: _wikilink_mark(slots, target, label),
        "docId": f"{MARK}D{MARK}",
    }
    html = md.renderer.render(tokens, md.options, env)
    return Prepared(html, tuple(slots), min(levels, default=0), references)


def _wikilink_mark(slots: list[Slot], target: str, label: str) -> str:
    slots.append(Slot("wikilink", target, label))
    return f"{MARK}w{len(slots) - 1}{MARK}"


def _is_relative(url: str) -> bool:
    return bool(url) and not url.startswith(("#", "//")) and ":" not in url.split("/", 1)[0]


def _mark_links(children: list[Token], slots: list[Slot]) -> list[Token]:
    """Relative links and images get markers around them and in their href/src."""
    result: list[Token] = []
    open_links: list[int] = []
    open_raw: list[int] = []  # <a> tags of raw HTML, across the pieces of one paragraph
    for child in children:
        if child.type == "html_inline":
            child.content = _mark_raw(child.content, slots, open_raw)
        if child.type == "link_open" and _is_relative(str(child.attrGet("href") or "")):
            slots.append(Slot("link", str(child.attrGet("href"))))
            n = len(slots) - 1
            open_links.append(n)
            child.attrSet("href", f"{MARK}u{n}{MARK}")
            result += [_html(f"{MARK}a{n}{MARK}"), child]
            continue
        if child.type == "link_open":
            open_links.append(-1)
        if child.type == "link_close" and open_links:
            n = open_links.pop()
            result.append(child)
            if n >= 0:
                result.append(_html(f"{MARK}/a{n}{MARK}"))
            continue
        if child.type == "image" and _is_relative(str(child.attrGet("src") or "")):
            slots.append(Slot("image", str(child.attrGet("src"))))
            n = len(slots) - 1
            child.attrSet("src", f"{MARK}u{n}{MARK}")
            result += [_html(f"{MARK}a{n}{MARK}"), child, _html(f"{MARK}/a{n}{MARK}")]
            continue
        result.append(child)
    return result


def _mark_raw(text: str, slots: list[Slot], open_links: list[int]) -> str:
    def add(kind: str, target: str) -> int:
        slots.append(Slot(kind, target))
        return len(slots) - 1

    return mark_raw_html(text, add, _is_relative, MARK, open_links)


def _html(content: str) -> Token:
    return Token("html_inline", "", 0, content=content)


def fill(
    prepared: Prepared, resolve: Resolve, top_level: int, id_prefix: str, not_shared: str
) -> str:
    """The body's HTML for one place: links resolved (a link the reader may not follow
    keeps its words, an image reads `not_shared`), headings moved to follow the page's
    outline from h{top_level} down, ids prefixed."""
    outline = _Outline(top_level)
    targets = [resolve(slot) for slot in prepared.slots]
    doc_prefix = f"-{id_prefix.strip('-')}-" if id_prefix else ""
    html = prepared.html.replace(f"-{_FOOTNOTE_DOC}-", doc_prefix)
    for index, target in enumerate(targets):
        if prepared.slots[index].kind != "link":
            continue
        if target is None:  # not shared with this reader: its words, unlinked
            html = _unlink(html, index, "")
        elif target[0] == UNLINKED:
            html = _unlink(html, index, "later")
    out: list[str] = []
    skipping = ""  # the end marker of a link the audience may not follow
    last = 0
    for match in _MARKER.finditer(html):
        if not skipping:
            out.append(html[last : match.start()])
        last = match.end()
        code = match.group(1)
        if skipping:
            skipping = "" if code == skipping else skipping
            continue
        kind, number = code[0], code[1:]
        if kind == "h":
            out.append(f"h{outline.tag(int(number))}")
        elif kind == "p":
            out.append(id_prefix)
        elif kind == "a" and _not_followed(prepared.slots[int(number)], targets[int(number)]):
            out.append(not_shared)
            skipping = f"/{code}"
        elif kind == "r" and targets[int(number)] in (None, (UNLINKED, "")):
            skipping = f"/{code}"  # a raw <a> tag the audience may not follow: its words stay
        elif kind == "u":
            out.append(escape(targets[int(number)][0]))  # type: ignore[index]
        elif kind == "w":
            before = out[-1] if out else ""
            out.append(_wikilink(prepared.slots[int(number)], targets[int(number)], before))
    if not skipping:
        out.append(html[last:])
    return "".join(out)


def _not_followed(slot: Slot, target: tuple[str, str] | None) -> bool:
    """A link or image the audience may not follow; an image of a later piece neither
    (it has no words to keep)."""
    return target is None or (slot.kind == "image" and target[0] == UNLINKED)


class _Outline:
    """Heading levels that follow the page's outline: a heading of the body sits one level
    below the nearest bigger heading before it, or at h{top} when there is none, so the
    body's own hierarchy is kept while no level of the page is skipped (a body going from
    ## to #### would skip one); h6 at most."""

    def __init__(self, top: int):
        self.top = top
        self.stack: list[tuple[int, int]] = []  # (level written, level shown) of open sections
        self.opened: int | None = None

    def tag(self, written: int) -> int:
        """The level of a heading's opening tag, or of the closing tag that follows it."""
        if self.opened is not None:
            closing, self.opened = self.opened, None
            return closing
        while self.stack and self.stack[-1][0] >= written:
            self.stack.pop()
        shown = min(self.stack[-1][1] + 1 if self.stack else self.top, 6)
        self.stack.append((written, shown))
        self.opened = shown
        return shown


def _unlink(html: str, number: int, css: str) -> str:
    """The words of link `number` without the link around them (in a span of class
    `css`, if any)."""
    link = re.compile(f"{MARK}a{number}{MARK}<a [^>]*>(.*?)</a>{MARK}/a{number}{MARK}", re.S)

    def words(found: re.Match[str]) -> str:
        return f'<span class="{css}">{found.group(1)}</span>' if css else found.group(1)

    return link.sub(words, html, 1)


def hidden_piece(before: str) -> str:
    """What a bare wikilink to something the reader may not see reads as, after the text
    `before` it: "a piece not shared here", or after "the" (and the like) "piece not
    shared here"."""
    return HIDDEN_PIECE.removeprefix("a ") if _DETERMINER.search(before) else HIDDEN_PIECE


def _wikilink(slot: Slot, target: tuple[str, str] | None, before: str = "") -> str:
    """A wikilink; one the reader may not follow reads as its label, or (a bare one) as a
    few words that keep the sentence whole ("after the piece not shared here")."""
    if target is None:
        if slot.label:
            return escape(slot.label)
        return f'<span class="not-shared">{hidden_piece(before)}</span>'
    href, title = target
    if href == UNLINKED:
        return f'<span class="later">{escape(slot.label or title)}</span>'
    return f'<a class="wikilink" href="{escape(href)}">{escape(slot.label or title)}</a>'
