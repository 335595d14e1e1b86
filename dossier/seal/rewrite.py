"""A page made for a folder of files, rewritten to stand on its own: its stylesheets,
images and scripts inlined (a page opened from file:// cannot fetch other files), links to
other pages and files pointed at where they are now, links to files left out made plain.
Only the start tags that change are rebuilt; the rest of the page is kept as it was."""

from __future__ import annotations

import base64
import html
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Protocol
from urllib.parse import unquote, urlsplit

from dossier.render import urls

LEFT_OUT = frozenset({urls.DATA, urls.CALENDAR})  # machine-readable: not for a sent link
MEDIA_TYPES = {  # fixed, so the output never depends on the machine's own table
    "css": "text/css",
    "csv": "text/csv",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "gif": "image/gif",
    "htm": "text/html",
    "html": "text/html",
    "ico": "image/x-icon",
    "jpeg": "image/jpeg",
    "jpg": "image/jpeg",
    "js": "text/javascript",
    "json": "application/json",
    "md": "text/markdown",
    "mp4": "video/mp4",
    "pdf": "application/pdf",
    "png": "image/png",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "svg": "image/svg+xml",
    "txt": "text/plain",
    "webp": "image/webp",
    "woff": "font/woff",
    "woff2": "font/woff2",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
}
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")\s]+)\1\s*\)""")
Attributes = list[tuple[str, str | None]]


def media_type(path: str) -> str:
    return MEDIA_TYPES.get(path.rpartition(".")[2].lower(), "application/octet-stream")


class SiteFiles(Protocol):
    """The files of the site being rewritten, by site path."""

    @property
    def paths(self) -> frozenset[str]: ...

    def read(self, path: str) -> bytes: ...


class LinkStyle(Protocol):
    """Where a link to another page or to a file points once rewritten."""

    def page_href(self, path: str, anchor: str, current: str) -> str: ...

    def file_href(self, path: str) -> str: ...

    def shared_style(self, path: str) -> str | None:
        """The name a stylesheet is kept under once for every page, or None to inline it
        into each page."""


def resolve(page: str, href: str) -> tuple[str, str] | None:
    """(site path, anchor) of a relative link from `page`; None for one leaving the site."""
    href = href.strip()
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("/", "\\")):
        return None
    if not parts.path:
        return page, unquote(parts.fragment)
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path)))
    return None if target.startswith("..") else (target, unquote(parts.fragment))


class _Tags(HTMLParser):
    """Where each start tag is in a page (offset, its text, name, attributes), and where
    each link ends (offset of the character after its </a>)."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.text = text
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.found: list[tuple[int, str, str, Attributes]] = []
        self.link_ends: list[int] = []
        self.feed(text)
        self.close()

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def handle_starttag(self, tag: str, attrs: Attributes) -> None:
        self.found.append((self._offset(), self.get_starttag_text() or "", tag, attrs))

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            start = self._offset()
            self.link_ends.append(self.text.find(">", start) + 1 or len(self.text))


REMOVED = "\0removed"  # what _tag says of a link whose whole element goes


@dataclass
class Rewriter:
    files: SiteFiles
    style: LinkStyle
    linked_files: set[str] = field(default_factory=set)  # files some page links to
    shared_styles: dict[str, str] = field(default_factory=dict)  # site path -> stylesheet
    _data_uris: dict[str, str] = field(default_factory=dict)

    def page(self, path: str, text: str) -> str:
        return "".join(self._pieces(path, text))

    def _pieces(self, path: str, text: str) -> Iterator[str]:
        done = 0
        tags = _Tags(text)
        for start, tag_text, tag, attrs in tags.found:
            if start < done or text[start : start + len(tag_text)] != tag_text:
                continue  # inside a removed link, or not where the parser said: leave it
            new = self._tag(path, tag, attrs, tag_text.rstrip().endswith("/>"))
            if new is None:
                continue
            yield text[done:start]
            done = start + len(tag_text)
            if new == REMOVED:  # the link and its words: they speak of a file not here
                done = next((end for end in tags.link_ends if end > start), done)
            else:
                yield new
        yield text[done:]

    def _tag(self, page: str, tag: str, attrs: Attributes, closed: bool) -> str | None:
        values = dict(attrs)
        rel = (values.get("rel") or "").lower().split()
        if tag == "link" and "stylesheet" in rel:
            sheet = self._site_file(page, values.get("href"))
            if sheet is not None:
                return self._style(sheet)
        new: Attributes = []
        kind = ""
        for name, value in attrs:
            if value is not None and tag in ("a", "area") and name == "href":
                href, kind = self._link(page, value)
                if href is None:
                    return REMOVED if tag == "a" else ""
                new.append((name, href))
            elif value is not None and name in ("src", "poster", "href", "xlink:href"):
                new.append((name, self._inlined(page, value)))
            else:
                new.append((name, value))
        if new == attrs:
            return None
        if kind:
            new.append(("data-seal", kind))
        return _start_tag(tag, new, closed)

    def _link(self, page: str, href: str) -> tuple[str | None, str]:
        """The rewritten href (None: the link goes) and what it leads to."""
        found = resolve(page, href)
        if found is None or (found[0] not in self.files.paths and found[0] not in LEFT_OUT):
            return href, ""
        target, anchor = found
        if target in LEFT_OUT:
            return None, ""
        if target.endswith(".html"):
            return self.style.page_href(target, anchor, page), "page"
        self.linked_files.add(target)
        return self.style.file_href(target), "file"

    def _site_file(self, page: str, href: str | None) -> str | None:
        found = resolve(page, href) if href else None
        if found is None or found[0] not in self.files.paths or found[0].endswith(".html"):
            return None
        return found[0]

    def _inlined(self, page: str, value: str) -> str:
        """A data: URI in place of a reference to a file of the site."""
        target = self._site_file(page, value)
        if target is None:
            return value
        if target not in self._data_uris:
            data = base64.b64encode(self.files.read(target)).decode("ascii")
            self._data_uris[target] = f"data:{media_type(target)};base64,{data}"
        return self._data_uris[target]

    def _style(self, path: str) -> str:
        """A <style> with the stylesheet, or one naming where it is kept for every page."""
        shared = self.style.shared_style(path)
        if shared is None:
            return f"<style>{self._stylesheet(path)}</style>"
        if path not in self.shared_styles:
            self.shared_styles[path] = self._stylesheet(path)
        return f'<style data-seal-style="{html.escape(shared, quote=True)}"></style>'

    def _stylesheet(self, path: str) -> str:
        css = self.files.read(path).decode("utf-8", "replace")
        css = CSS_URL.sub(lambda m: f'url("{self._inlined(path, m.group(2))}")', css)
        return css.replace("</", "<\\/")  # cannot end the <style> element early


def _start_tag(tag: str, attrs: Attributes, closed: bool) -> str:
    parts = [tag] + [
        name if value is None else f'{name}="{html.escape(value, quote=True)}"'
        for name, value in attrs
    ]
    return "<" + " ".join(parts) + (" />" if closed else ">")
