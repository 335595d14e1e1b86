"""The Markdown dialect: CommonMark plus tables, footnotes, task lists, heading anchors,
`::: private` blocks and `[[wikilinks]]`; and a scan of the references a body makes."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import SplitResult, urlsplit

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererProtocol
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.anchors.index import slugify as heading_slug
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

from dossier.markdown.nobreak import wrap_dates
from dossier.markdown.rawlinks import REWRITTEN, raw_urls

PRIVATE = "private"
RESERVED_IDS = frozenset({"main"})  # ids the page templates use around a body


def _heading_id(title: str) -> str:
    """Heading anchors as GitHub makes them, kept clear of the page's own ids."""
    slug = heading_slug(title)
    return f"{slug}-section" if slug in RESERVED_IDS else slug


MAX_WIKILINK = 300  # characters between [[ and ]]; looking further made `[[[[...` quadratic


def _wikilink(state: StateInline, silent: bool) -> bool:
    """`[[target]]` or `[[target|label]]` on one line."""
    start = state.pos
    if not state.src.startswith("[[", start):
        return False
    end = state.src.find("]]", start + 2, min(state.posMax, start + 4 + MAX_WIKILINK))
    inner = state.src[start + 2 : end] if end > 0 else ""
    if not inner.strip() or "\n" in inner or "[" in inner or "]" in inner:
        return False
    if not silent:
        target, _, label = inner.partition("|")
        token = state.push("wikilink", "", 0)
        token.meta = {"target": target.strip(), "label": label.strip()}
        token.content = inner
    state.pos = end + 2
    return True


def _render_wikilink(
    renderer: RendererProtocol,
    tokens: Sequence[Token],
    idx: int,
    options: OptionsDict,
    env: EnvType,
) -> str:
    """Delegates to env["wikilink"](target, label) -> HTML, set by whoever renders."""
    meta = tokens[idx].meta
    resolve = env.get("wikilink")
    if resolve is None:
        return escapeHtml(tokens[idx].content)
    return str(resolve(str(meta["target"]), str(meta["label"])))


def make_markdown(allow_html: bool = False) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": allow_html, "typographer": False, "xhtmlOut": False})
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin).use(tasklists_plugin, label=True).use(container_plugin, name=PRIVATE)
    md.use(anchors_plugin, min_level=1, max_level=6, permalink=False, slug_func=_heading_id)
    md.inline.ruler.before("link", "wikilink", _wikilink)
    md.add_render_rule("wikilink", _render_wikilink)
    md.add_render_rule("text", _render_text)
    return md


def _render_text(
    self: RendererProtocol, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """Text as markdown-it writes it, with dates kept on one line."""
    return wrap_dates(escapeHtml(tokens[idx].content))


_OPEN = f"container_{PRIVATE}_open"
_CLOSE = f"container_{PRIVATE}_close"


def private_depths(tokens: Sequence[Token]) -> Iterator[tuple[Token, int]]:
    """Each token with the number of `::: private` blocks it is inside. The one place that
    decides what is private: from the parse that renders the body, so whatever the self
    view shows as a private block (any whitespace after the colons, nesting, lists,
    quotes) is a private block everywhere else too."""
    depth = 0
    for token in tokens:
        if token.type == _OPEN:
            depth += 1
        yield token, depth
        if token.type == _CLOSE:
            depth -= 1


def could_hold_private(body: str) -> bool:
    """False when the body cannot hold a private block at all (no colons, or no name to
    open one): the quick test that spares a parse."""
    return ":::" in body and PRIVATE in body


def has_private_in(tokens: Sequence[Token]) -> bool:
    return any(token.type == _OPEN for token in tokens)


def has_private(md: MarkdownIt, body: str) -> bool:
    return could_hold_private(body) and has_private_in(md.parse(body))


def private_lines(md: MarkdownIt, body: str) -> tuple[str, ...]:
    """The text of each paragraph, heading or cell inside the body's private blocks."""
    return private_lines_in(md.parse(body)) if could_hold_private(body) else ()


def private_lines_in(tokens: Sequence[Token]) -> tuple[str, ...]:
    return tuple(t.content for t, depth in private_depths(tokens) if depth and t.type == "inline")


def strip_private(md: MarkdownIt, body: str) -> str:
    """The body without its `::: private` blocks, removed from the source itself so that
    nothing defined inside one (footnotes, link references) can surface elsewhere."""
    if not could_hold_private(body):
        return body
    return strip_private_in(md.parse(body), body)


def strip_private_in(tokens: Sequence[Token], body: str) -> str:
    """strip_private for a body already parsed into `tokens`: every line of an outermost
    private block blanked (so line numbers still match the file)."""
    lines = body.split("\n")
    drop: set[int] = set()
    for token, depth in private_depths(tokens):
        if token.type == _OPEN and depth == 1 and token.map:
            start, end = token.map
            drop.update(range(start, end))
            if end < len(lines) and _closes(lines[end], token.markup):
                drop.add(end)  # the map stops before the closing marker
    return "\n".join("" if i in drop else line for i, line in enumerate(lines))


def _closes(line: str, opening: str) -> bool:
    """Whether a line is the closing marker of a block opened with `opening` (inside a
    quote or a list item, after its `>` marks and indentation)."""
    text = line.lstrip(" \t>").rstrip(" \t")
    return len(text) >= len(opening) and not text.strip(":")


@lru_cache(maxsize=8192)
def split_url(url: str) -> SplitResult | None:
    """urlsplit, or None for a URL it cannot take apart (e.g. `http://[::1`). The same
    links come back on page after page: worth remembering."""
    try:
        return urlsplit(url)
    except ValueError:
        return None


@lru_cache(maxsize=2)
def markdown_for(allow_html: bool) -> MarkdownIt:
    """A shared parser per setting (building one costs more than parsing a page)."""
    return make_markdown(allow_html)


@dataclass(frozen=True)
class Reference:
    """A wikilink, link or image in a body, at a body-relative line (0-based) and column."""

    kind: str  # wikilink | link | image | raw (any other URL attribute of raw HTML)
    target: str
    line: int
    col: int
    private: bool = False  # inside a `::: private` block


def scan_references(md: MarkdownIt, body: str) -> list[Reference]:
    return references_in(md.parse(body), body)


def references_in(tokens: Sequence[Token], body: str) -> list[Reference]:
    """The wikilinks, links and images of a parsed body, with where they are written."""
    lines = body.split("\n")
    found: list[Reference] = []
    for token, depth in private_depths(tokens):
        if token.type == "inline" and token.children:
            start = token.map[0] if token.map else 0
            found.extend(_inline_references(token.children, start, lines, depth > 0))
        elif token.type == "html_block":
            found.extend(
                _html_references(token.content, token.map[0] if token.map else 0, lines, depth > 0)
            )
    return found


def _html_references(html: str, line: int, lines: list[str], private: bool) -> Iterator[Reference]:
    """Links in raw HTML (allowed by `site: {allow_html: true}`) are checked like any:
    `<a href>` as a link, `<img src>` as an image, any other URL attribute as `raw`."""
    for url in raw_urls(html):
        row = line + html.count("\n", 0, url.offset)
        kind = REWRITTEN.get((url.tag, url.attribute), "raw")
        yield Reference(kind, url.url, row, _column(lines, row, url.url, 0), private)


def _inline_references(
    children: list[Token], line: int, lines: list[str], private: bool
) -> Iterator[Reference]:
    after = 0  # search each line left to right so repeated targets get their own column
    for child in children:
        if child.type in ("softbreak", "hardbreak"):
            line, after = line + 1, 0
            continue
        if child.type == "html_inline":
            yield from _html_references(child.content, line, lines, private)
            continue
        if child.type == "wikilink":
            kind, target, needle = "wikilink", str(child.meta["target"]), "[[" + child.content
        elif child.type in ("link_open", "image"):
            kind = "link" if child.type == "link_open" else "image"
            target = str(child.attrGet("href" if kind == "link" else "src") or "")
            needle = target
        else:
            continue
        col = _column(lines, line, needle, after)
        after = col - 1 + len(needle)
        yield Reference(kind, target, line, col, private)


def _column(lines: list[str], line: int, needle: str, after: int) -> int:
    """1-based column of needle on the line, searching from after (also 1-based)."""
    text = lines[line] if 0 <= line < len(lines) else ""
    found = text.find(needle, after)
    return found + 1 if found >= 0 else max(after, 1)
