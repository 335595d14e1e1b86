"""Markdown bodies as plain blocks a document writer lays out: headings, paragraphs, list
items, code and tables, each made of runs of text with their marks and, where the reader
may follow it, a link. Links to what the audience may not see keep their own words,
unlinked; a bare wikilink to one reads "a piece not shared here"."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from markdown_it.token import Token

from dossier.markdown.prepared import HIDDEN_PIECE, hidden_piece
from dossier.render.bodies import BodyRenderer, LinkTargets

NOT_SHARED_PIECE = HIDDEN_PIECE


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    url: str | None = None


Runs = tuple[Run, ...]


@dataclass(frozen=True)
class Heading:
    level: int  # 1 is the biggest heading of its body
    runs: Runs


@dataclass(frozen=True)
class Paragraph:
    runs: Runs
    quote: int = 0  # which blockquote of the body holds it, counted from 1; 0: none


@dataclass(frozen=True)
class ListItem:
    runs: Runs
    depth: int  # 0 at the top level
    ordered: bool
    number: int  # its number in an ordered list, from the list's start
    list_id: int  # each list is numbered on its own
    continued: bool = False  # a later paragraph of the same item: no bullet of its own


@dataclass(frozen=True)
class Code:
    text: str


@dataclass(frozen=True)
class Table:
    header: tuple[Runs, ...]
    rows: tuple[tuple[Runs, ...], ...]


Block = Heading | Paragraph | ListItem | Code | Table


def plain(text: str) -> Runs:
    return (Run(text),) if text else ()


def text_of(runs: Runs) -> str:
    return "".join(run.text for run in runs)


class Linker:
    """Where links of a body lead in the packet: the audience's published site (`base`)
    when known, web links as written, nothing for what the audience may not see."""

    def __init__(
        self,
        targets: LinkTargets,
        base: str | None,
        renderer: BodyRenderer,
        unlinked: tuple[str, ...],
    ):
        self.targets = targets
        self.base = base.rstrip("/") + "/" if base else None
        self.renderer = renderer
        self.unlinked = unlinked  # site paths this audience's site does not have

    def site_url(self, path: str) -> str | None:
        if self.base is None or path.startswith(self.unlinked):
            return None
        return self.base + path

    def wikilink(self, target: str, label: str) -> Run:
        found = self.targets.lookup(target)
        if found is None:
            return Run(label or NOT_SHARED_PIECE)
        path, title = found
        return Run(label or title, url=self.site_url(path))

    def href(self, href: str, source: str) -> str | None:
        """A web link as written; a link into the workspace to its site page; None when
        it cannot be followed from the packet."""
        target = self.renderer.site_target(href, source)
        if target is None:
            return None
        return href if not target else self.site_url(target)


def inline_runs(children: Sequence[Token], linker: Linker, source: str) -> Runs:
    """The runs of one paragraph, heading or cell."""
    runs: list[Run] = []
    marks = {"strong": 0, "em": 0}
    links: list[str | None] = []

    def add(text: str, code: bool = False, url: str | None = None) -> None:
        url = url or (links[-1] if links else None)
        runs.append(Run(text, marks["strong"] > 0, marks["em"] > 0, code, url))

    for child in children:
        kind = child.type
        if kind in ("text", "image"):
            add(child.content)
        elif kind == "code_inline":
            add(child.content, code=True)
        elif kind in ("softbreak", "hardbreak"):
            add(" " if kind == "softbreak" else "\n")
        elif kind.removesuffix("_open") in marks:
            marks[kind.removesuffix("_open")] += 1
        elif kind.removesuffix("_close") in marks:
            marks[kind.removesuffix("_close")] -= 1
        elif kind == "link_open":
            links.append(linker.href(str(child.attrGet("href") or ""), source))
        elif kind == "link_close" and links:
            links.pop()
        elif kind == "wikilink":
            found = linker.wikilink(str(child.meta["target"]), str(child.meta["label"]))
            before = "".join(run.text for run in runs[-3:])
            text = hidden_piece(before) if found.text == NOT_SHARED_PIECE else found.text
            add(text, url=found.url)
        elif kind == "footnote_ref":
            add(f"[{int(child.meta['id']) + 1}]")
    return merge_runs(runs)


def merge_runs(runs: Sequence[Run]) -> Runs:
    """Neighbouring runs with the same marks and link as one."""
    merged: list[Run] = []
    for run in runs:
        if not run.text:
            continue
        last = merged[-1] if merged else None
        if last is not None and replace(last, text=run.text) == run:
            merged[-1] = replace(last, text=last.text + run.text)
        else:
            merged.append(run)
    return tuple(merged)


@dataclass
class _List:
    ordered: bool
    next_number: int
    list_id: int
    number: int = 0


@dataclass
class _Walk:
    """Where the walk through a body's tokens is: open lists, quotes, heading, table."""

    linker: Linker
    source: str
    blocks: list[Block] = field(default_factory=list)
    lists: list[_List] = field(default_factory=list)
    lists_seen: int = 0
    quote: int = 0
    quotes_seen: int = 0
    quote_depth: int = 0
    heading: int = 0
    fresh_item: bool = False
    table: list[list[Runs]] | None = None
    header_rows: int = 0

    def open_list(self, token: Token) -> None:
        start = int(str(token.attrGet("start") or 1)) if token.type == "ordered_list_open" else 1
        self.lists_seen += 1
        self.lists.append(_List(token.type == "ordered_list_open", start, self.lists_seen))

    def open_item(self) -> None:
        top = self.lists[-1]
        top.number, top.next_number = top.next_number, top.next_number + 1
        self.fresh_item = True

    def inline(self, runs: Runs) -> None:
        if self.table is not None:
            self.table[-1].append(runs)
        elif not runs:
            return
        elif self.heading:
            self.blocks.append(Heading(self.heading, runs))
        elif self.lists:
            top = self.lists[-1]
            self.blocks.append(
                ListItem(
                    runs,
                    len(self.lists) - 1,
                    top.ordered,
                    top.number,
                    top.list_id,
                    not self.fresh_item,
                )
            )
            self.fresh_item = False
        else:
            self.blocks.append(Paragraph(runs, self.quote))

    def close_table(self) -> None:
        rows = self.table or []
        header = rows[0] if self.header_rows else []
        self.blocks.append(
            Table(tuple(header), tuple(tuple(r) for r in rows[1 if header else 0 :]))
        )
        self.table, self.header_rows = None, 0

    def step(self, token: Token) -> None:
        kind = token.type
        if kind == "inline":
            self.inline(inline_runs(token.children or [], self.linker, self.source))
        elif kind == "heading_open":
            self.heading = int(token.tag[1:])
        elif kind == "heading_close":
            self.heading = 0
        elif kind in ("bullet_list_open", "ordered_list_open"):
            self.open_list(token)
        elif kind in ("bullet_list_close", "ordered_list_close"):
            self.lists.pop()
        elif kind == "list_item_open":
            self.open_item()
        elif kind == "blockquote_open":
            self.quote_depth += 1
            if self.quote_depth == 1:  # a quote inside a quote belongs to the outer one
                self.quotes_seen += 1
                self.quote = self.quotes_seen
        elif kind == "blockquote_close":
            self.quote_depth -= 1
            self.quote = self.quote if self.quote_depth else 0
        elif kind in ("fence", "code_block"):
            self.blocks.append(Code(token.content.rstrip("\n")))
        else:
            self.table_step(token)

    def table_step(self, token: Token) -> None:
        if token.type == "table_open":
            self.table = []
        elif token.type == "tr_open" and self.table is not None:
            self.table.append([])
        elif token.type == "thead_close":
            self.header_rows = 1
        elif token.type == "table_close":
            self.close_table()


def body_blocks(tokens: Sequence[Token], linker: Linker, source: str) -> tuple[Block, ...]:
    """The blocks of a parsed body written in workspace file `source`. Raw HTML is left
    out: a document holds no markup of its own."""
    walk = _Walk(linker, source)
    for token in tokens:
        walk.step(token)
    return tuple(walk.blocks)


def first_quote(blocks: Sequence[Block]) -> tuple[Runs, ...]:
    """The paragraphs of the first blockquote, as quoted words."""
    quoted = [b for b in blocks if isinstance(b, Paragraph) and b.quote]
    if not quoted:
        return ()
    first = quoted[0].quote
    return tuple(b.runs for b in quoted if b.quote == first)
