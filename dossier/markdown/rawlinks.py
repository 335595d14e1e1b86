"""Links written in raw HTML (with `site: {allow_html: true}`), treated like Markdown ones.

`<a href="other-piece.md">` and `<img src="../files/chart.png">` point at workspace files,
as `[words](other-piece.md)` does: they are rewritten to the page or file of the site
that this audience may follow, and when it may not, the link goes and its words stay
(an image becomes "not shared"). Other attributes that could point at a workspace file
(`srcset`, `poster`, `action`, another tag's `href`...) are refused by `dossier check`:
only these two are rewritten.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

# A tag, and its attributes that hold URLs: name, then a quoted or bare value.
TAG = re.compile(r"<(/?)([A-Za-z][\w:-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
URL_ATTRIBUTE = re.compile(
    r"(?<![\w:-])(href|src|srcset|action|formaction|poster|data|background|cite|longdesc|"
    r"ping|xlink:href)(\s*=\s*)(\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+)",
    re.IGNORECASE,
)
REWRITTEN = {("a", "href"): "link", ("img", "src"): "image"}


@dataclass(frozen=True)
class RawUrl:
    tag: str  # lowercase
    attribute: str  # lowercase
    url: str  # as the browser reads it: entities decoded, spaces trimmed
    offset: int  # where the value starts in the text


def raw_urls(text: str) -> Iterator[RawUrl]:
    """Every URL-holding attribute of every tag in a piece of raw HTML."""
    for tag in TAG.finditer(text):
        if tag.group(1):
            continue  # a closing tag
        for attribute in URL_ATTRIBUTE.finditer(tag.group(3)):
            value = attribute.group(3)
            quoted = value[:1] in "\"'"
            url = html.unescape(value[1:-1] if quoted else value).strip()
            at = tag.start(3) + attribute.start(3) + (1 if quoted else 0)
            for part in _srcset(url) if attribute.group(1).lower() == "srcset" else [url]:
                yield RawUrl(tag.group(2).lower(), attribute.group(1).lower(), part, at)


def _srcset(value: str) -> list[str]:
    """The URLs of a srcset (`a.png 1x, b.png 2x`)."""
    return [c.split()[0] for c in value.split(",") if c.split()]


def is_rewritten(url: RawUrl) -> bool:
    return (url.tag, url.attribute) in REWRITTEN


# Given a slot's kind and target, its number; given a relative URL, whether it is one.
AddSlot = Callable[[str, str], int]


def mark_raw_html(
    text: str,
    add_slot: AddSlot,
    is_relative: Callable[[str], bool],
    mark: str,
    open_links: list[int],
) -> str:
    """The raw HTML with `<a href>` and `<img src>` to relative URLs made into slots:
    `mark u N mark` in the attribute, the opening and closing `<a>` tags wrapped in
    `mark r N mark ... mark /r N mark` (dropped when the audience may not follow the
    link), an image in `mark a N mark ... mark /a N mark` (replaced by "not shared").
    `open_links` holds the slots of `<a>` tags not yet closed, across calls."""
    out: list[str] = []
    last = 0
    for tag in TAG.finditer(text):
        name = tag.group(2).lower()
        if name != "a" and name != "img":
            continue
        out.append(text[last : tag.start()])
        last = tag.end()
        if tag.group(1):  # </a> or </img>
            number = open_links.pop() if name == "a" and open_links else -1
            out.append(_wrapped(tag.group(0), "r", number, mark) if number >= 0 else tag.group(0))
            continue
        rewritten, number = _rewrite_url(tag, name, add_slot, is_relative, mark)
        if name == "a":
            open_links.append(number)
        kind = "r" if name == "a" else "a"
        out.append(_wrapped(rewritten, kind, number, mark) if number >= 0 else rewritten)
    out.append(text[last:])
    return "".join(out)


def _rewrite_url(
    tag: re.Match[str], name: str, add_slot: AddSlot, is_relative: Callable[[str], bool], mark: str
) -> tuple[str, int]:
    """The tag with its href or src to a relative URL replaced by a slot's marker."""
    wanted = "href" if name == "a" else "src"
    attributes = tag.group(3)
    for attribute in URL_ATTRIBUTE.finditer(attributes):
        if attribute.group(1).lower() != wanted:
            continue
        value = attribute.group(3)
        url = html.unescape(value[1:-1] if value[:1] in "\"'" else value).strip()
        if not is_relative(url):
            return tag.group(0), -1
        number = add_slot(REWRITTEN[(name, wanted)], url)
        start, end = attribute.span(3)
        attributes = f'{attributes[:start]}"{mark}u{number}{mark}"{attributes[end:]}'
        return f"<{tag.group(1)}{tag.group(2)}{attributes}>", number
    return tag.group(0), -1


def _wrapped(tag: str, kind: str, number: int, mark: str) -> str:
    return f"{mark}{kind}{number}{mark}{tag}{mark}/{kind}{number}{mark}"
