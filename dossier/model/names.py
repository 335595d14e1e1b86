"""People's names compared as a reader sees them, not as they are encoded.

"Zoë" typed with a combining diaeresis, with a zero-width space inside, or with a
no-break space between first and last name looks the same on a page as "Zoë" in
`people:`, so names are compared after NFKC and without invisible characters
(zero-width characters, the soft hyphen, bidi marks). They are found as whole words,
case-sensitively as written, and a word that also belongs to a visible person's name
is no sign of a hidden one ("Kai" hidden, "Alice Kaiser" or "Kai Berg" visible).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

# Shown as nothing: the format characters (Unicode category Cf: the soft hyphen, zero-width
# space and joiners, bidi marks and isolates, word joiner, BOM, tags...) and the few
# letters and marks that render blank (combining grapheme joiner, Hangul fillers...).
_INVISIBLE_RANGES = (
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x0600, 0x0605), (0x061C, 0x061C), (0x06DD, 0x06DD),
    (0x070F, 0x070F), (0x0890, 0x0891), (0x08E2, 0x08E2), (0x115F, 0x1160), (0x17B4, 0x17B5),
    (0x180E, 0x180E), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x2064), (0x2066, 0x206F),
    (0x3164, 0x3164), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF9, 0xFFFB), (0x110BD, 0x110BD),
    (0x110CD, 0x110CD), (0x13430, 0x13438), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001), (0xE0020, 0xE007F),
)  # fmt: skip
_INVISIBLE = {c: None for first, last in _INVISIBLE_RANGES for c in range(first, last + 1)}


def fold(text: str) -> str:
    """The text as a reader sees it: without invisible characters, then NFKC (composed
    accents, compatibility forms such as no-break or em spaces turned plain)."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFKC", text.translate(_INVISIBLE))


def name_key(name: str) -> str:
    """What two ways of writing one name share: folded, single-spaced, any case."""
    return " ".join(fold(name).split()).casefold()


def same_name(a: str, b: str) -> bool:
    return name_key(a) == name_key(b)


def name_words(name: str) -> list[str]:
    """The words of a name as written, without the punctuation around them."""
    return [w for w in (w.strip(".,;:()[]{}\"'") for w in fold(name).split()) if w]


def _phrase(words: list[str]) -> str:
    """A regex for the words in order, any whitespace between, as whole words."""
    return r"(?<![\w-])" + r"\s+".join(map(re.escape, words)) + r"(?![\w-])"


def _alternation(phrases: Iterable[list[str]]) -> re.Pattern[str] | None:
    ordered = sorted({tuple(p) for p in phrases if p}, key=lambda p: (-len(" ".join(p)), p))
    if not ordered:
        return None
    return re.compile("|".join(f"(?:{_phrase(list(p))})" for p in ordered))


@dataclass(frozen=True)
class Mention:
    person: str  # the hidden person, as written in `people:`
    found: str  # the words found
    full: bool  # the whole name (else a first or last name alone)
    start: int  # where, in the folded text
    end: int


class NameFinder:
    """Finds hidden people's names in text: whole names, and first or last names alone."""

    def __init__(self, hidden: Iterable[str], visible: Iterable[str]):
        shown = [name_words(n) for n in visible]
        shown_words = {w for words in shown for w in words}
        shown_words |= {piece for w in shown_words for piece in w.split("-")}
        self._whole: dict[str, str] = {}  # the folded name -> the person
        self._parts: dict[str, str] = {}  # a first or last name -> the person
        hidden = list(hidden)
        self._exact = {name_key(person) for person in hidden}
        for person in hidden:
            words = name_words(person)
            if not words or (len(words) == 1 and words[0] in shown_words):
                continue  # a one-word name every visible namesake would trip
            self._whole.setdefault(" ".join(words), person)
            if len(words) > 1:
                for word in (words[0], words[-1]):
                    if word not in shown_words and len(word) > 1:
                        self._parts.setdefault(word, person)
        # a text holds none of these names unless it holds one of these words
        self._keys = {w.split()[0] for w in self._whole} | set(self._parts)
        self._whole_re = _alternation(w.split() for w in self._whole)
        self._parts_re = _alternation([w] for w in self._parts)
        self._shown_re = _alternation(shown)

    def __bool__(self) -> bool:
        return bool(self._exact)

    def find(self, text: str) -> Iterator[Mention]:
        """Mentions in `text`, positions in fold(text) (which keeps every line break)."""
        if self._whole_re is None:
            return
        folded = fold(text)
        if not any(key in folded for key in self._keys):
            return
        taken = [m.span() for m in self._shown_re.finditer(folded)] if self._shown_re else []
        for match in self._whole_re.finditer(folded):
            if not _within(match.span(), taken):
                person = self._whole[" ".join(match.group().split())]
                yield Mention(person, match.group(), True, *match.span())
                taken.append(match.span())
        for match in self._parts_re.finditer(folded) if self._parts_re else ():
            if not _within(match.span(), taken):
                yield Mention(self._parts[match.group()], match.group(), False, *match.span())

    def names_someone(self, text: str) -> bool:
        """Whether `text` is or holds a hidden person's whole name (a stakeholder, `from`):
        a one-word name that a visible person shares counts when it is all there is."""
        return name_key(text) in self._exact or any(m.full for m in self.find(text))


def _within(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(start <= span[0] and span[1] <= end for start, end in spans)
