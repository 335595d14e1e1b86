"""The leak check: defence in depth after rendering. Every output file of an audience's
build is scanned for the distinctive strings of what that audience must not see."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from dossier.load.workspace import inside
from dossier.model.content import Item
from dossier.model.dossier import Dossier
from dossier.render.ladder_data import meta_texts

MIN_TITLE_CHARS = 10  # shorter titles ("Launch") are too common to be a reliable marker
MIN_PRIVATE_CHARS = 24  # a private sentence is matched by its longer lines
MIN_SLUG_CHARS = 4
_TAGS = re.compile(r"<[^>]*>")
_WORDS = re.compile(r"[^\W_]+")
_SPACE = re.compile(r"\s")  # a cut between words keeps them whole
_TAG_START = re.compile("<")  # a cut before a tag keeps it and any entity whole


@dataclass(frozen=True)
class Secret:
    text: str  # normalised: lowercase, single spaces
    what: str  # what it is, for the message
    source: str  # the workspace file it comes from

    @cached_property
    def key_word(self) -> str:
        """Its longest word: a text without that word cannot hold the secret."""
        return max(_WORDS.findall(self.text), key=len, default="")

    def found_in(self, text: str) -> bool:
        """Present as a whole word or phrase (not inside a longer word or slug)."""
        start = text.find(self.text)
        while start >= 0:
            end = start + len(self.text)
            before = text[start - 1] if start else " "
            after = text[end] if end < len(text) else " "
            if not (before.isalnum() or before in "-_") and not (after.isalnum() or after in "-_"):
                return True
            start = text.find(self.text, start + 1)
        return False


@dataclass(frozen=True)
class Leak:
    secret: Secret
    file: str  # the site file it appears in (or whose name holds it)


NORMALISE_CHUNK = 1 << 20  # characters: big texts are handled a piece of this size at a time


def pieces(text: str, cut: re.Pattern[str]) -> Iterator[str]:
    """`text` in pieces of about NORMALISE_CHUNK characters, each cut where `cut` matches."""
    start = 0
    while start < len(text):
        found = cut.search(text, start + NORMALISE_CHUNK)
        end = found.start() if found else len(text)
        yield text[start:end]
        start = end


def normalise(text: str) -> str:
    """Lowercase, single-spaced, trimmed; a big text a piece at a time, so its words never
    sit in memory as a list all at once."""
    words = (" ".join(piece.split()) for piece in pieces(text, _SPACE))
    return " ".join(piece for piece in words if piece).casefold()


def _hidden(full: tuple[Item, ...], seen: tuple[Item, ...]) -> Iterator[Item]:
    """Items of one kind in the full dossier that the view leaves out."""
    if len(full) == len(seen):
        return iter(())
    visible = {i.slug for i in seen}
    return (i for i in full if i.slug not in visible)


def secrets_for(full: Dossier, view: Dossier, known_text: str = "") -> list[Secret]:
    """What `view.audience` must not see, as strings distinctive enough to search for.

    A hidden item's title or slug that also stands in what the audience may see (another
    item, the framework, the theme's own words in `known_text`: a hidden page called
    `plan` beside the "Plan" menu) is no sign of a leak and is not searched for. Hidden
    people are looked for in what the author wrote instead (render/mentions.py): the
    view holds no hidden person, so only the author's own words can name one."""
    titles: list[Secret] = []  # secrets only if the audience cannot see them anyway
    for kind, items, shown in (
        ("evidence", full.evidence, view.evidence),
        ("goal", full.goals, view.goals),
        ("page", full.pages, view.pages),
        ("draft", full.drafts, view.drafts),
    ):
        for item in _hidden(items, shown):
            title = normalise(item.title)
            candidates = [(item.slug, "slug")] if len(item.slug) >= MIN_SLUG_CHARS else []
            if len(title) >= MIN_TITLE_CHARS and " " in title:
                candidates.append((title, "title"))
            titles.extend(
                Secret(text, f"the {what} of hidden {kind} '{item.slug}'", item.path)
                for text, what in candidates
            )
    private: list[Secret] = []  # also only if not shown anyway
    if view.audience != "self":
        shown_paths = {i.path for i in (*view.evidence, *view.goals, *view.pages)}
        seen = [i for i in (*full.evidence, *full.goals, *full.pages) if i.path in shown_paths]
        private.extend(_private_texts(seen, full))
    in_view = present_in_parts([*titles, *private], _visible_parts(view, known_text))
    return [s for s in (*titles, *private) if s not in in_view]


def present(secrets: list[Secret], text: str) -> set[Secret]:
    """The secrets found in `text`. A text without a secret's longest word cannot hold it;
    secrets often share that word, so each word is searched for once."""
    held = {word for word in {s.key_word for s in secrets} if word in text}
    return {s for s in secrets if s.key_word in held and s.found_in(text)}


def present_in_parts(secrets: list[Secret], parts: Iterable[str]) -> set[Secret]:
    """The secrets found in the text of `parts` joined by line breaks, read a batch of
    parts at a time so that the whole text never sits in memory at once. Each batch is
    searched after the end of the text before it, so nothing that spans two is missed."""
    if not secrets:
        return set()  # nothing to look for: the text need not be read at all
    overlap = max((len(s.text) for s in secrets), default=0) + 1
    found: set[Secret] = set()
    tail, cut = "", False  # the end of the text so far; whether text precedes it
    batch: list[str] = []
    size = 0

    def search() -> None:
        nonlocal tail, cut, size
        text = normalise("\n".join(batch))
        batch.clear()
        size = 0
        if not text:
            return
        text = f"{tail} {text}" if tail else text
        # "x" stands for the unseen character before a cut tail: a match starting there
        # lies wholly in the text before and was searched for with its true neighbours
        found.update(present([s for s in secrets if s not in found], "x" + text if cut else text))
        tail, cut = text[-overlap:], cut or len(text) > overlap

    for part in parts:
        batch.append(part)
        size += len(part)
        if size >= NORMALISE_CHUNK:
            search()
    search()
    return found


def _visible_parts(view: Dossier, known_text: str) -> Iterator[str]:
    """Everything the audience may see, as written (its items, the framework, the case)."""
    config, framework = view.config, view.framework
    yield from [
        known_text,
        config.title,
        config.person.name,
        config.person.role,
        *config.not_required.values(),
        framework.name,
        framework.description,
    ]
    yield from (f"{p.name} {p.role} {p.relation}" for p in view.people)
    yield from (f"{lv.id} {lv.title} {lv.description} {lv.summary}" for lv in framework.levels)
    for c in framework.competencies:
        yield from (c.id, c.title, c.description)
        yield from (f"{e.id} {e.text}" for items in c.own_expectations.values() for e in items)
        yield from (f"{e.id} {e.text}" for e in c.steps)
    yield from meta_texts(framework)
    for item in (*view.evidence, *view.goals, *view.pages):
        prepared = view.prepared(item)  # the text as shown: link targets are not in it
        yield from (item.slug, item.title, prepared.html if prepared else "")
        for name in ("impact", "source", "metric", "success"):
            yield str(getattr(item, name, ""))
        for name in ("stakeholders", "actions", "metrics"):
            yield from (str(v) for v in getattr(item, name, ()))


def _private_texts(items: list[Item], full: Dossier) -> Iterator[Secret]:
    """Lines of `::: private` blocks in the items this audience does see."""
    for item in items:
        parsed = full.parsed.get(item.path)
        for line in parsed.private_lines if parsed else ():
            text = normalise(line)
            if len(text) >= MIN_PRIVATE_CHARS:
                yield Secret(text, f"private text of '{item.slug}'", item.path)


def readable_texts(path: str, text: str) -> Iterator[str]:
    """A file's text before tags go, in parts: HTML as it is, JSON's strings (a batch of
    them per part, one per line), iCalendar unfolded."""
    if path.endswith(".json"):
        yield from _batches(_json_strings(text))
    elif path.endswith(".ics"):
        yield text.replace("\r\n ", "").replace("\\n", " ").replace("\\", "")
    else:
        yield text


def searchable_parts(texts: Iterable[str]) -> Iterator[str]:
    """The text a reader could see in readable texts, in pieces: each as it is, then
    without tags and entities (found in the pieces joined by line breaks, normalised)."""
    for text in texts:
        yield from pieces(text, _SPACE)
        for piece in pieces(text, _TAG_START):
            yield html.unescape(_TAGS.sub(" ", piece))


def key_words_in(texts: Iterable[str], key_words: set[str]) -> set[str]:
    """The key words that occur in the texts or their unescaped forms, in any case (a
    quick test, piece by piece: a key word is letters and digits, never cut)."""
    held: set[str] = set()
    for text in texts:
        for piece in pieces(text, _SPACE):
            rough = piece.casefold()
            if "&" in piece:
                rough += "\n" + html.unescape(piece).casefold()
            held.update(word for word in key_words - held if word in rough)
    return held


# the decoder's own string reader (in C), which the type stubs do not list
_scan_string: Callable[[str, int], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]


def _json_strings(text: str) -> Iterator[str]:
    """The strings of a JSON text (keys and values) in order, decoded, without building
    the whole document: every quote outside a string starts one. Past anything that is
    not JSON, the rest is given as it is."""
    start = text.find('"')
    while start >= 0:
        try:
            value, end = _scan_string(text, start + 1)
        except ValueError:
            yield text[start:]
            return
        yield value
        start = text.find('"', end)


def _batches(strings: Iterable[str]) -> Iterator[str]:
    """Strings joined a line each, about NORMALISE_CHUNK characters at a time."""
    batch: list[str] = []
    size = 0
    for string in strings:
        batch.append(string)
        size += len(string) + 1
        if size >= NORMALISE_CHUNK:
            yield "\n".join(batch)
            batch, size = [], 0
    if batch:
        yield "\n".join(batch)


def find_leaks(files: Mapping[str, bytes | tuple[bytes, ...]], secrets: list[Secret]) -> list[Leak]:
    """Every (secret, file) where a hidden string appears in a file's text or name. A file
    is searched in full only for the secrets whose longest word it holds at all. A file
    may come in pieces: a JSON file's pieces must each hold whole values."""
    leaks: list[Leak] = []
    key_words = {s.key_word for s in secrets}  # often shared: each is searched for once
    for path, data in files.items():
        name = path.casefold()
        leaks.extend(Leak(s, path) for s in secrets if s.found_in(name))
        pieces = (data,) if isinstance(data, bytes) else data
        if not any(pieces):
            continue

        def texts(pieces: tuple[bytes, ...] = pieces, path: str = path) -> Iterator[str]:
            if path.endswith(".json"):  # read a piece at a time, never decoded whole
                strings = (s for p in pieces for s in _json_strings(p.decode("utf-8", "replace")))
                return _batches(strings)
            return readable_texts(path, b"".join(pieces).decode("utf-8", "replace"))

        held = key_words_in(texts(), key_words)
        suspects = [s for s in secrets if s.key_word in held]
        if suspects:
            found = present_in_parts(suspects, searchable_parts(texts()))
            leaks.extend(Leak(s, path) for s in suspects if s in found)
    return leaks


def copy_leaks(root: Path, copies: Mapping[str, Path], secrets: list[Secret]) -> list[Leak]:
    """Hidden things in the files a site copies: in the names of all of them, and in the
    text of the workspace's own theme files too (anything can be put there)."""
    files: dict[str, bytes] = {}
    for path, source in copies.items():
        try:
            ours = inside(root / "themes", source)
            files[path] = source.read_bytes() if ours else b""
        except OSError:
            files[path] = b""  # gone since it was listed: the copy reports it
    return find_leaks(files, secrets)
