"""Evidence, goals and pages: one file's bytes -> its item and its body parsed once, and
the parsed files of a workspace assembled into its content. No disk, no processes: the
speed layer decides what to parse, where, and what it already knows."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from dossier.errors import Diagnostic, Diagnostics
from dossier.load.source import decode, split_front_matter
from dossier.markdown.markup import (
    Reference,
    has_private_in,
    markdown_for,
    private_lines_in,
    strip_private_in,
)
from dossier.markdown.prepared import Prepared, prepare
from dossier.model.content import (
    Evidence,
    Goal,
    Item,
    Page,
    parse_evidence,
    parse_goal,
    parse_page,
    slug_for,
)
from dossier.model.references import check_slugs

PARSERS: dict[str, Callable[..., Item]] = {
    "evidence": parse_evidence,
    "goals": parse_goal,
    "pages": parse_page,
}


@dataclass(frozen=True)
class Settings:
    """What, besides a file's bytes, decides how it parses."""

    audiences: tuple[str, ...]
    default_visibility: str
    allow_html: bool


@dataclass(frozen=True)
class ParsedFile:
    """One document as parsed: its item, its body for every audience and, when it has
    private blocks, the body without them; enough for every later stage, so nothing is
    parsed twice."""

    item: Item | None
    diagnostics: tuple[Diagnostic, ...]
    body: Prepared | None = None  # the body parsed once, for every audience...
    public_body: Prepared | None = None  # ...and without private blocks, when it has any
    public_text: str | None = None  # the body's text without private blocks (ditto)
    private_lines: tuple[str, ...] = ()  # the text inside its private blocks
    front_key: str = ""  # a fingerprint of the item without its body
    key: str = ""  # a fingerprint of the whole file and the settings it was parsed with

    @property
    def references(self) -> tuple[Reference, ...]:
        return self.body.references if self.body else ()

    @property
    def has_private(self) -> bool:
        return self.public_text is not None


def parse_file(kind: str, rel: str, data: bytes, settings: Settings, key: str) -> ParsedFile:
    """The bytes of content/<kind>/... -> its item and parsed body (or diagnostics)."""
    diags = Diagnostics()
    text = decode(data, rel, diags)
    document = split_front_matter(text, rel, diags) if text is not None else None
    slug = slug_for(document, diags) if document is not None else None
    if document is None or slug is None:
        return ParsedFile(None, tuple(diags.items), key=key)
    item = PARSERS[kind](document, slug, diags, settings.audiences, settings.default_visibility)
    md = markdown_for(settings.allow_html)
    tokens = md.parse(item.body)
    front = front_key(item)
    if not has_private_in(tokens):
        body = prepare(md, item.body, tokens)
        return ParsedFile(item, tuple(diags.items), body, front_key=front, key=key)
    # the private blocks are read off the same tokens, before prepare() changes them
    public = strip_private_in(tokens, item.body)
    lines = private_lines_in(tokens)
    body = prepare(md, item.body, tokens)
    return ParsedFile(
        item, tuple(diags.items), body, prepare(md, public), public, lines, front, key
    )


def front_key(item: Item) -> str:
    """A fingerprint of everything in an item but its body: pages that list items without
    showing their bodies change only when it does."""
    shown = replace(item, body="")
    return hashlib.blake2b(repr(shown).encode(), digest_size=16).hexdigest()


@dataclass(frozen=True)
class Content:
    evidence: list[Evidence]
    goals: list[Goal]
    pages: list[Page]
    parsed: dict[str, ParsedFile]  # workspace path -> the file as parsed


def assemble(found: Mapping[str, Sequence[ParsedFile]], diags: Diagnostics) -> Content:
    """The parsed files of each kind (evidence, goals, pages) -> the workspace's content,
    with every file's diagnostics reported and slugs checked for clashes."""
    parsed: dict[str, ParsedFile] = {}
    items: dict[str, list[Item]] = {}
    for kind, files in found.items():
        kept: list[Item] = []
        for result in files:
            diags.extend(result.diagnostics)
            if result.item is not None:
                kept.append(result.item)
                parsed[result.item.path] = result
        items[kind] = check_slugs(kept, kind.rstrip("s"), diags)
    return Content(
        [i for i in items.get("evidence", ()) if isinstance(i, Evidence)],
        [i for i in items.get("goals", ()) if isinstance(i, Goal)],
        [i for i in items.get("pages", ()) if isinstance(i, Page)],
        parsed,
    )
