"""The top-level elements of a rendered body (dossier.render.excerpt.blocks_of), which the
brief cuts and feedback quotes are taken from, read by a scan over the tags: checked
against Python's HTML parser on bodies rendered from random Markdown and raw HTML."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from dossier.markdown.markup import markdown_for
from dossier.render.excerpt import VOID, blocks_of, first_block


class _Reference(HTMLParser):
    """The same question asked of the standard library's parser."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=False)
        self.text = text
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.depth = 0
        self.found: list[tuple[str, str, str]] = []
        self.opened: tuple[str, int, int] | None = None

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self._offset()
        end = start + len(self.get_starttag_text() or "")
        if tag in VOID:
            self.handle_startendtag(tag, attrs)
            return
        if self.depth == 0:
            self.opened = (tag, start, end)
        self.depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth == 0:
            start = self._offset()
            end = start + len(self.get_starttag_text() or "")
            self.found.append((tag, self.text[start:end], ""))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID or self.depth == 0:
            return
        self.depth -= 1
        if self.depth == 0 and self.opened is not None:
            close = self._offset()
            end = self.text.index(">", close) + 1
            name, start, inner = self.opened
            self.found.append((name, self.text[start:end], self.text[inner:close]))


def reference(fragment: str) -> list[tuple[str, str, str]]:
    parser = _Reference(fragment)
    parser.feed(fragment)
    parser.close()
    return parser.found


PIECES = [
    "Plain words and *emphasis*.",
    "> Priya said: it was *the* turning point.\n>\n> > nested quote",
    "- one\n- two\n  > quoted in a list\n- three",
    "1. first\n2. second",
    "## A heading",
    "```\n<blockquote> in code </blockquote>\n```",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "---",
    'Text with `<code>` and a [link](https://example.com/a?b=1&c=2 "t>itle").',
    '<div class="x" data-a="1>2">raw <b>html</b></div>',
    "<br/>",
    "<!-- a comment with <blockquote> -->",
    "<script>if (a < b) { x = '</div>'; }</script>",
    "<blockquote><p>raw quote</p></blockquote>",
    "<hr>",
    "Line one  \nline two",
    "[^1]\n\n[^1]: A footnote.",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=8), st.booleans())
def test_blocks_agree_with_the_html_parser(pieces: list[str], allow_html: bool) -> None:
    body = markdown_for(allow_html).render("\n\n".join(pieces) + "\n")
    found = [(b.tag, b.html, b.inner) for b in blocks_of(body)]
    expected = [(tag, whole, inner) for tag, whole, inner in reference(body)]
    assert found == expected
    quotes = [b for b in blocks_of(body) if b.tag == "blockquote"]
    assert first_block(body, "blockquote") == (quotes[0] if quotes else None)


def test_quoted_attributes_and_raw_text_do_not_open_elements() -> None:
    fragment = '<p title="a>b">x</p>\n<script>"<p>"</script>\n<blockquote>q</blockquote>'
    assert [b.tag for b in blocks_of(fragment)] == ["p", "script", "blockquote"]
    assert blocks_of(fragment)[2].inner == "q"
