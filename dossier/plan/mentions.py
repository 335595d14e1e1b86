"""Hidden people and items named in what the author wrote for an audience (SPEC 6, 8).

The leak check proper scans the output for what the renderer produced. Names are looked
for here instead, in the text the author typed that this audience sees (bodies, front
matter, dossier.yaml, the framework file, the workspace's own theme), so that each
finding points at the file and line where it was typed, and theme words or dates
("1 May") never pass for a person called May:

- a hidden person's whole name, as written in `people:`, is an error;
- a hidden person's first or last name alone, or a hidden item's title, is a warning
  (an error with --strict): the author may mean someone or something else.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, fields
from pathlib import Path

from dossier.errors import Diagnostics
from dossier.load.workspace import BUILTIN_PREFIX, CONFIG_FILE, inside, is_ignored
from dossier.load.yamlsrc import KeyPath
from dossier.model.content import Item
from dossier.model.dossier import Dossier
from dossier.model.names import NameFinder, fold
from dossier.plan.leaks import MIN_TITLE_CHARS

MAX_THEME_FILE_BYTES = 1 << 20  # a theme's text files; bigger ones are images or fonts
_SKIPPED_FIELDS = frozenset({"slug", "path", "visibility", "body", "body_line", "doc"})


@dataclass(frozen=True)
class Written:
    """Text the author typed: in `path`, from `line` and `col` on (line 0: somewhere in
    the file, to be looked for)."""

    path: str
    line: int
    text: str
    col: int = 1


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    col: int
    message: str
    hint: str
    error: bool


def check_mentions(
    full: Dossier, view: Dossier, themes: list[Path], diags: Diagnostics, strict: bool = False
) -> None:
    """Report hidden people and titles in the author's text that `view` shows."""
    hidden_people = [p for p in full.people if p not in view.people]
    titles = _hidden_titles(full, view)
    if not hidden_people and titles is None:
        return  # nothing hidden from this audience (the self view)
    visible = [full.config.person.name, *(p.name for p in view.people)]
    finder = NameFinder((p.name for p in hidden_people), visible)
    seen: set[tuple[str, int, str]] = set()
    for finding in _findings(full, view, themes, finder, titles):
        key = (finding.path, finding.line, finding.message)
        if key in seen:
            continue
        seen.add(key)
        report = diags.error if finding.error or strict else diags.warning
        report(finding.path, finding.line, finding.col, finding.message, finding.hint)


def _findings(
    full: Dossier,
    view: Dossier,
    themes: list[Path],
    finder: NameFinder,
    titles: HiddenTitles | None,
) -> Iterator[Finding]:
    audience = view.audience
    visibility = {p.name: p.visibility for p in full.people}
    locate = _Locator(full.root)
    for written in _written(full, view, themes):
        for mention in finder.find(written.text) if finder else ():
            line, col = locate(written, mention.start, mention.found)
            what = f"hidden person '{mention.person}' (visibility {visibility[mention.person]})"
            if mention.full:
                yield Finding(
                    written.path,
                    line,
                    col,
                    f"leak check: the name of {what} is in text the {audience} audience sees",
                    "take the name out (or write 'a colleague'), or widen the person's "
                    "visibility in dossier.yaml if they may be named",
                    True,
                )
            else:
                yield Finding(
                    written.path,
                    line,
                    col,
                    f"'{mention.found}' may name {what} in text the {audience} audience sees",
                    "a first or last name alone can tell who it is: take it out if it is "
                    "them (an error with --strict)",
                    False,
                )
        if titles is not None:
            yield from _title_findings(written, titles, audience, locate)


class HiddenTitles:
    """The titles of hidden items, found in a text by their longest word first: a text
    without it cannot hold the title (hundreds of titles, one pattern each, searched only
    in the texts that hold that word)."""

    def __init__(self, named: dict[str, str]):
        self.named = named  # title key -> what it names
        self.words = {key: frozenset(_WORDS.findall(key)) for key in named}
        self.by_word: dict[str, list[str]] = {}
        for key, words in self.words.items():
            self.by_word.setdefault(max(sorted(words), key=len), []).append(key)
        self.patterns: dict[str, re.Pattern[str]] = {}

    def find(self, folded: str) -> Iterator[tuple[re.Match[str], str]]:
        """(match, what it names) for each hidden title in a folded text."""
        words = set(_WORDS.findall(folded.casefold()))
        held = words & self.by_word.keys()
        keys = {k for word in held for k in self.by_word[word] if self.words[k] <= words}
        for key in sorted(keys):
            for match in self._pattern(key).finditer(folded):
                yield match, self.named[key]

    def _pattern(self, key: str) -> re.Pattern[str]:
        if key not in self.patterns:
            words = r"\s+".join(map(re.escape, key.split()))
            self.patterns[key] = re.compile(rf"(?<![\w-]){words}(?![\w-])", re.IGNORECASE)
        return self.patterns[key]


_WORDS = re.compile(r"[^\W_]+")


def _hidden_titles(full: Dossier, view: Dossier) -> HiddenTitles | None:
    """The titles of items hidden from the view (long enough to be a sign of them, and
    not the title of something visible too), and what each one names."""
    kinds = ((full.evidence, view.evidence), (full.goals, view.goals), (full.pages, view.pages))
    if all(len(items) == len(seen) for items, seen in kinds):
        return None  # nothing hidden (the self view): no title to look for
    shown = {_title_key(i.title) for i in (*view.evidence, *view.goals, *view.pages)}
    named: dict[str, str] = {}
    for kind, items, seen in (
        ("evidence", full.evidence, view.evidence),
        ("goal", full.goals, view.goals),
        ("page", full.pages, view.pages),
    ):
        visible = {i.slug for i in seen}
        for item in items:
            key = _title_key(item.title)
            if item.slug in visible or key in shown or len(key) < MIN_TITLE_CHARS:
                continue
            if " " in key:
                named.setdefault(key, f"hidden {kind} '{item.slug}'")
    return HiddenTitles(named) if named else None


def _title_key(title: str) -> str:
    return " ".join(fold(title).split()).casefold()


def _title_findings(
    written: Written,
    titles: HiddenTitles,
    audience: str,
    locate: _Locator,
) -> Iterator[Finding]:
    for match, item in titles.find(fold(written.text)):
        line, col = locate(written, match.start(), match.group())
        yield Finding(
            written.path,
            line,
            col,
            f"repeats the title of {item} in text the {audience} audience sees",
            "the reader learns that it exists: reword it, or widen that item's visibility "
            "(an error with --strict)",
            False,
        )


class _Locator:
    """File and column of a finding: counted in text whose line is known, looked up in
    the file for a value read from YAML (the first line holding the words)."""

    def __init__(self, root: Path):
        self.root = root
        self.files: dict[str, list[str]] = {}

    def __call__(self, written: Written, start: int, found: str) -> tuple[int, int]:
        text = fold(written.text)
        before = text[:start]
        if written.line and "\n" in before:
            return written.line + before.count("\n"), start - before.rfind("\n")
        if written.line:
            return written.line, written.col + start
        # the line of the value that holds the words, else the first line holding them
        value_line = text[before.rfind("\n") + 1 :].split("\n", 1)[0].strip()
        words = found.split()
        lines = self._lines(written.path)
        for anchor in (value_line, ""):
            for number, line in enumerate(lines, 1):
                at = line.find(words[0]) if words else -1
                if at >= 0 and anchor in line and all(w in line for w in words):
                    return number, at + 1
        return (1, 1)

    def _lines(self, rel: str) -> list[str]:
        if rel not in self.files:
            try:
                text = (self.root / rel).read_text("utf-8", "replace")
            except OSError:
                text = ""
            self.files[rel] = [fold(line) for line in text.split("\n")]
        return self.files[rel]


def _written(full: Dossier, view: Dossier, themes: list[Path]) -> Iterator[Written]:
    """Everything the author typed that this audience may be shown."""
    yield from _config_texts(full, view)
    for item in (*view.evidence, *view.goals, *view.pages):
        yield from (Written(item.path, 0, text) for text in _field_texts(item))
        yield Written(item.path, item.body_line, item.body)
    yield from _theme_texts(view.root, themes)


def _config_texts(full: Dossier, view: Dossier) -> Iterator[Written]:
    config, framework = view.config, view.framework
    texts: list[tuple[KeyPath, str]] = [(("title",), config.title)]
    texts += [(("person", "role"), config.person.role)]
    texts += [(("not_required", k), v) for k, v in config.not_required.items()]
    for person in view.people:
        at = full.people.index(person)  # its place in `people:` (all of it loaded)
        texts += [
            (("people", at, "role"), person.role),
            (("people", at, "relation"), person.relation),
        ]
    texts += [(("check_ins", "with"), config.check_ins.with_)] if config.check_ins else []
    doc = config.doc
    for path, text in texts:
        if text:
            line, col = doc.at(path) if doc is not None and path in doc.marks else (0, 1)
            yield Written(CONFIG_FILE, line, text, col)
    if config.framework.startswith(BUILTIN_PREFIX):
        return
    parts = [framework.name, framework.description]
    parts += [f"{lv.title}\n{lv.description}" for lv in framework.levels]
    for c in framework.competencies:
        parts += [c.title, c.description]
        parts += [e.text for items in c.own_expectations.values() for e in items]
    yield from (Written(config.framework, 0, t) for t in parts if t)


def _field_texts(item: Item) -> Iterator[str]:
    """The front-matter values of an item shown on its page, as text."""
    for spec in fields(item):
        if spec.name in _SKIPPED_FIELDS:
            continue
        value = getattr(item, spec.name)
        if isinstance(value, str):
            yield value
        elif isinstance(value, tuple):
            yield from (_flat(v) for v in value)


def _flat(value: object) -> str:
    if isinstance(value, tuple):
        return " ".join(_flat(v) for v in value)
    if hasattr(value, "title") and hasattr(value, "url"):  # a link: its title is shown
        return str(value.title)
    return str(value)


def _theme_texts(root: Path, themes: list[Path]) -> Iterator[Written]:
    """The workspace's own theme files, which the author wrote too."""
    for theme in themes:
        if not inside(root, theme):
            continue
        for path in sorted(theme.rglob("*")):
            rel = path.relative_to(root)
            if any(is_ignored(part) for part in rel.parts) or not path.is_file():
                continue
            if not inside(root, path):
                continue  # refused when the theme is read
            try:
                if path.stat().st_size > MAX_THEME_FILE_BYTES:
                    continue
                text = path.read_bytes().decode("utf-8")
            except (OSError, UnicodeDecodeError):
                continue  # an image or a font: no words typed
            yield Written(rel.as_posix(), 1, text)
