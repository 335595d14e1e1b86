"""Text from elsewhere (commit messages, pull requests, notes) made safe to write into an
evidence file: no control characters, Markdown that means only its words, and the
competencies of the framework that the text names."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from dossier.model.framework import Framework

# Unicode categories that have no place in a one-line title or a Markdown body: controls,
# line and paragraph separators (YAML and editors break lines there), surrogates, private use
_DROPPED = frozenset({"Cc", "Cs", "Co", "Zl", "Zp"})
# and the bidirectional overrides that make text read otherwise than it is stored
_NONCHARACTERS = frozenset("\ufffe\uffff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Characters that could make Markdown of a subject: links, wikilinks, HTML, code, emphasis
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]<>~&|!#])")
MAX_LINE = 300  # characters of a commit subject or note kept on one line
MAX_BLOCK = 20_000  # characters of a pull request's description kept in a draft
MIN_ID_CHARS = 3  # shorter competency ids ("ux") would match inside too many words


def clean(text: str, keep_lines: bool = False) -> str:
    """The text without characters that break a file or a line (tabs become spaces)."""
    kept: list[str] = []
    for char in text:
        if char == "\n" and keep_lines:
            kept.append(char)
        elif char in "\t\r\n\v\f":
            kept.append(" " if char != "\r" else "")
        elif unicodedata.category(char) not in _DROPPED and char not in _NONCHARACTERS:
            kept.append(char)
    return "".join(kept)


def one_line(text: str, limit: int = MAX_LINE) -> str:
    """Cleaned, on one line with single spaces, at most `limit` characters."""
    line = " ".join(clean(text).split())
    return line if len(line) <= limit else line[: limit - 3].rstrip() + "..."


def inline(text: str, limit: int = MAX_LINE) -> str:
    """One line of Markdown that shows exactly these words: every character that could
    start a link, a wikilink, HTML, code or emphasis is escaped."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", one_line(text, limit))


def literal_block(text: str, limit: int = MAX_BLOCK) -> str:
    """A fenced block showing the text as written (a pull request's own Markdown may link
    anywhere; inside a fence nothing is a link), with a fence no line of it can close."""
    body = clean(text, keep_lines=True).strip("\n")
    if len(body) > limit:
        body = body[:limit].rstrip() + "\n[cut: the rest is in the pull request]"
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{body}\n{fence}"


def has_word_character(text: str) -> bool:
    return any(char.isalnum() for char in text)


def guess_competencies(framework: Framework, texts: Iterable[str]) -> tuple[str, ...]:
    """Competencies whose id or title the text names as whole words (any case), in the
    framework's order. No other guessing: the author adds the rest on review."""
    haystack = " ".join(one_line(t, 10**6) for t in texts).casefold()
    found: list[str] = []
    for competency in framework.competencies:
        names = [competency.title, competency.id.replace("-", " ").replace("_", " ")]
        if len(competency.id) >= MIN_ID_CHARS:
            names.append(competency.id)
        if any(_names(haystack, name.casefold()) for name in names if name.strip()):
            found.append(competency.id)
    return tuple(found)


def _names(haystack: str, name: str) -> bool:
    if len(name) < MIN_ID_CHARS:
        return False
    pattern = r"(?<![\w-])" + re.escape(name) + r"(?![\w-])"
    return re.search(pattern, haystack) is not None
