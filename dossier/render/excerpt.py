"""The opening of a rendered body, for the brief: its first section (up to the next
heading), cut to a number of words so that the brief prints on two pages whatever the
page holds. Works on the body's HTML as the audience's page shows it, so links are
already resolved (or unlinked) for the audience; whole blocks are kept where they fit,
a paragraph that does not is cut to plain words."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
HEADING_CHARS = 100
WORD_CHARS = 8  # a long word, for text that has few spaces
LINE_WORDS = 12  # the words of a printed line of the brief
_LINE = re.compile(r"<(?:p|li|tr|br|h[1-6]|dt|dd)\b")
_PRE = re.compile(r"<pre\b.*?</pre>", re.S)
LISTS = frozenset({"ul", "ol"})
VOID = frozenset({"area", "br", "col", "embed", "hr", "img", "input", "source", "wbr"})
_TAG = re.compile(r"<[^>]*>")
_FOOTNOTE_REF = re.compile(r'<sup class="footnote-ref">.*?</sup>', re.S)


@dataclass(frozen=True)
class Block:
    tag: str  # the element's name; "" for text between elements
    html: str
    inner: str  # the HTML between its start and end tags


@dataclass(frozen=True)
class Excerpt:
    html: str
    cut: bool  # the body holds more than the excerpt


# A tag, comment or declaration of an HTML fragment; quoted attribute values may hold ">".
_MARKUP = re.compile(
    r"<!--.*?(?:-->|\Z)|<[!?][^>]*>"
    r"|<(/?)([a-zA-Z][^\s/>]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>",
    re.S,
)
RAW_TEXT = frozenset({"script", "style"})  # their content is text, never tags


def _raw_text_end(fragment: str, tag: str, start: int) -> int:
    close = re.compile(rf"</{tag}\s*>", re.IGNORECASE).search(fragment, start)
    return close.start() if close else len(fragment)


def _top_level(fragment: str) -> Iterator[tuple[str, int, int, int, int]]:
    """(tag, start, inner, close, end) of each top-level element, as the scan reaches
    it. One regular expression over the tags: the brief and every feedback quote ask
    this of a body, and an HTML parser took a tenth of a build."""
    depth, opened, position = 0, ("", 0, 0), 0
    while match := _MARKUP.search(fragment, position):
        position = match.end()
        closing, name, attributes = match.groups()
        if name is None:
            continue
        tag = name.lower()
        if closing:
            if tag not in VOID and depth > 0:
                depth -= 1
                if depth == 0:
                    yield (*opened, match.start(), match.end())
            continue
        if tag in VOID or attributes.rstrip().endswith("/"):
            if depth == 0:
                yield (tag, match.start(), match.end(), match.end(), match.end())
            continue
        if depth == 0:
            opened = (tag, match.start(), match.end())
        depth += 1
        if tag in RAW_TEXT:
            position = _raw_text_end(fragment, tag, position)


def clip(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word where there is one, with an ellipsis."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:.-") + "\u2026"


def blocks_of(fragment: str) -> list[Block]:
    """The top-level elements of an HTML fragment, in order."""
    return [
        Block(tag, fragment[start:end], fragment[inner:close])
        for tag, start, inner, close, end in _top_level(fragment)
    ]


def first_block(fragment: str, wanted: str) -> Block | None:
    """The first top-level `wanted` element of an HTML fragment; the scan stops there."""
    for tag, start, inner, close, end in _top_level(fragment):
        if tag == wanted:
            return Block(tag, fragment[start:end], fragment[inner:close])
    return None


def words_of(fragment: str) -> list[str]:
    return html.unescape(_TAG.sub(" ", fragment)).split()


def size_of(fragment: str) -> int:
    """The room a fragment takes, in words: its words; its letters over the length of a
    long word where it runs long words together; a printed line's worth for each line it
    starts (a paragraph, an item, a row, a line of code) where its lines are short."""
    found = words_of(fragment)
    code: list[str] = _PRE.findall(fragment)
    lines = len(_LINE.findall(fragment)) + sum(block.count("\n") for block in code)
    return max(len(found), sum(len(w) for w in found) // WORD_CHARS, lines * LINE_WORDS)


def _cut_list(block: Block, budget: int) -> str:
    """The list's first items that fit in `budget` words ('' when none does)."""
    items, used = [], 0
    for item in blocks_of(block.inner):
        count = size_of(item.html)
        if used + count > budget:
            break
        items.append(item.html)
        used += count
    if not items:
        return ""
    return block.html[: block.html.index(">") + 1] + "\n" + "\n".join(items) + f"\n</{block.tag}>"


def _clipped_heading(block: Block) -> str:
    text = " ".join(words_of(block.inner))
    if len(text) <= HEADING_CHARS:
        return block.html
    start = block.html[: block.html.index(">") + 1]
    return f"{start}{html.escape(clip(text, HEADING_CHARS))}</{block.tag}>"


def _cut_paragraph(block: Block, budget: int) -> str:
    text = clip(" ".join(words_of(block.html)[:budget]), budget * WORD_CHARS)
    return f"<p>{html.escape(text.removesuffix(chr(0x2026)))}\u2026</p>" if text else ""


def first_section(fragment: str, budget: int) -> Excerpt:
    """The fragment's first section (a leading heading and what follows it up to the
    next heading), cut to about `budget` words."""
    fragment = _FOOTNOTE_REF.sub("", fragment)
    kept: list[str] = []
    used = 0
    blocks = [b for b in blocks_of(fragment) if b.tag not in ("hr", "section")]
    for index, block in enumerate(blocks):
        if block.tag in HEADINGS:
            if index > 0:
                return Excerpt("\n".join(kept), True)
            block = Block(block.tag, _clipped_heading(block), block.inner)
        count = size_of(block.html)
        if used + count <= budget:
            kept.append(block.html)
            used += count
            continue
        if block.tag in LISTS:
            kept.append(_cut_list(block, budget - used))
        elif block.tag == "p":
            kept.append(_cut_paragraph(block, budget - used))
        return Excerpt("\n".join(k for k in kept if k), True)
    return Excerpt("\n".join(kept), False)
