"""The packet as plain CommonMark, with a pandoc title block (`% title`, `% author`,
`% date`) so that `pandoc packet.md -o packet.docx` gives a titled document. Every text
from the workspace is escaped: it reads as written, never as markup."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from dossier.packet import wording as say
from dossier.packet.blocks import Block, Code, Heading, ListItem, Paragraph, Run, Runs, Table
from dossier.packet.content import CompetencyPart, Packet, Quote
from dossier.packet.summary import Facts

_PUNCTUATION = re.compile(r"([\\`*_\[\]<>#!|~&])")
_BLOCK_START = re.compile(r"^(\s*)([-+=]|\d+(?=[.)]))")
_BACKTICKS = re.compile(r"`+")


def escape(text: str) -> str:
    """Text that CommonMark shows as written: punctuation that could start markup is
    backslash-escaped, and so is whatever would open a list or heading at a line start."""
    lines = _PUNCTUATION.sub(r"\\\1", text).split("\n")
    return "\\\n".join(_BLOCK_START.sub(_escape_start, line) for line in lines)


def _escape_start(match: re.Match[str]) -> str:
    indent, marker = match.group(1), match.group(2)
    # "1." stays a number as "1\.", "-" stays a dash as "\-"
    return f"{indent}{marker}\\" if marker[-1].isdigit() else f"{indent}\\{marker}"


def _marked(text: str, mark: str) -> str:
    """`text` between `mark`s, with its outer spaces outside (CommonMark needs that)."""
    inner = text.strip()
    if not inner:
        return text
    lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
    return f"{lead}{mark}{inner}{mark}{trail}"


def inline(runs: Runs) -> str:
    out: list[str] = []
    for run in runs:
        if run.code:
            longest = max((len(m) for m in _BACKTICKS.findall(run.text)), default=0)
            fence = "`" * (longest + 1)
            text = f"{fence} {run.text} {fence}" if longest else f"`{run.text}`"
        else:
            text = escape(run.text)
        if run.italic:
            text = _marked(text, "*")
        if run.bold:
            text = _marked(text, "**")
        if run.url:
            url = run.url.replace("<", "%3C").replace(">", "%3E").replace(" ", "%20")
            text = f"[{text}](<{url}>)"
        out.append(text)
    return "".join(out)


class MarkdownWriter:
    def __init__(self, packet: Packet):
        self.packet = packet
        self.chunks: list[str] = []

    def add(self, text: str) -> None:
        self.chunks.append(text)

    def list_of(self, lines: Sequence[str]) -> None:
        if lines:
            self.add("\n".join(f"- {line}" for line in lines))

    def facts(self, facts: Facts) -> None:
        self.list_of([f"**{escape(label)}:** {escape(value)}" for label, value in facts])

    def body(self, blocks: Sequence[Block], top: int = 2) -> None:
        biggest = min((b.level for b in blocks if isinstance(b, Heading)), default=1)
        previous: Block | None = None
        for block in blocks:
            text = self.block(block, top - biggest)
            if _continues(previous, block):
                joint = "\n>\n" if isinstance(block, Paragraph) else "\n"
                self.chunks[-1] += joint + text
            else:
                self.add(text)
            previous = block

    def block(self, block: Block, shift: int) -> str:
        if isinstance(block, Heading):
            return "#" * min(block.level + shift, 6) + " " + inline(block.runs)
        if isinstance(block, Paragraph):
            return ("> " if block.quote else "") + inline(block.runs)
        if isinstance(block, ListItem):
            indent = "    " * block.depth
            if block.continued:
                return f"\n{indent}    {inline(block.runs)}"
            marker = f"{block.number}." if block.ordered else "-"
            return f"{indent}{marker} {inline(block.runs)}"
        if isinstance(block, Code):
            longest = max((len(m) for m in _BACKTICKS.findall(block.text)), default=0)
            fence = "`" * max(3, longest + 1)
            return f"{fence}\n{block.text}\n{fence}"
        return table_as_list(block)

    # -- the parts -------------------------------------------------------------------------
    def write(self) -> str:
        packet = self.packet
        self.add(
            f"% {escape(packet.title)}\n% {escape(packet.author)}\n"
            f"% {packet.as_of.day} {packet.as_of:%B %Y}"
        )
        self.add(escape(say.subtitle(packet)))
        if packet.audience == "self":
            self.add(f"**{escape(say.PRIVATE)}**")
        parts: dict[str, Callable[[], None]] = {
            say.ASK: self.ask,
            say.SUMMARY: lambda: self.body(packet.summary),
            say.BUSINESS_CASE: lambda: self.body(packet.business_case),
            say.COMPETENCIES: self.competencies,
            say.BACKFILL: lambda: self.body(packet.backfill),
            say.GAPS: self.gaps,
            say.PLAN: self.plan,
        }
        for name in say.major_parts(packet):
            self.add(f"# {escape(name)}")
            parts[name]()
        return "\n\n".join(self.chunks) + "\n"

    def ask(self) -> None:
        self.add(escape(self.packet.ask.sentence))
        self.facts(self.packet.ask.facts)

    def competencies(self) -> None:
        self.add(escape(say.competencies_intro(self.packet)))
        for part in self.packet.competencies:
            self.competency(part)

    def competency(self, part: CompetencyPart) -> None:
        self.add(f"## {escape(part.title)}")
        if part.description:
            self.add(f"*{escape(part.description)}*")
        if part.not_required:
            self.add(f"**Not required:** {escape(part.not_required)}")
            return
        self.add(f"### {escape(say.expected_at(self.packet.level_title))}")
        self.list_of([escape(x) for x in part.expectations])
        self.add(f"### {escape(say.STRONGEST)}")
        shown = say.shown_pieces(len(part.pieces), part.counted)
        if shown:
            self.add(escape(shown))
        lines = []
        for piece in part.pieces:
            line = f"{inline((Run(piece.title, bold=True, url=piece.url),))}, {escape(piece.when)}"
            line += f": {escape(piece.impact)}" if piece.impact else ""
            if piece.metrics:
                metrics = "; ".join(f"{name}: {value}" for name, value in piece.metrics)
                line += f" (metrics: {escape(metrics)})"
            lines.append(line)
        if lines:
            self.list_of(lines)
        else:
            self.add(escape(say.NO_EVIDENCE))
        if part.quotes:
            self.add(f"### {escape(say.FEEDBACK)}")
            for quote in part.quotes:
                self.quote(quote)

    def quote(self, quote: Quote) -> None:
        self.add("\n>\n".join(f"> {inline(p)}" for p in quote.paragraphs))
        self.add(f"\u2014 {escape(quote.who)}, {escape(quote.when)}")

    def gaps(self) -> None:
        gaps = self.packet.gaps
        if gaps is None:
            return
        if gaps.readiness:
            self.add(f"**{escape(say.READINESS)}:** {escape(gaps.readiness)}")
        for line in gaps.timing:
            self.add(escape(line))
        if gaps.statuses:
            self.add(f"## {escape(say.STATUSES)}")
            self.list_of(
                [f"**{escape(t)}** ({escape(s)}): {escape(r)}" for t, s, r in gaps.statuses]
            )
        for title, lines in (
            (say.UNANSWERED, gaps.unanswered),
            (say.UNPLANNED, gaps.unplanned),
            (say.OVERDUE, gaps.overdue),
        ):
            if lines:
                self.add(f"## {escape(title)}")
                self.list_of([escape(line) for line in lines])

    def plan(self) -> None:
        for goal in self.packet.plan or ():
            self.add(f"## {escape(goal.title)}")
            self.facts(goal.facts)
            if goal.actions:
                self.add(f"**{escape(say.ACTIONS)}**")
                self.list_of([escape(a) for a in goal.actions])


def _continues(previous: Block | None, block: Block) -> bool:
    """Blocks written as one: items of one list, paragraphs of one quote."""
    if isinstance(previous, ListItem) and isinstance(block, ListItem):
        return previous.list_id == block.list_id or block.depth != previous.depth
    if isinstance(previous, Paragraph) and isinstance(block, Paragraph):
        return bool(block.quote) and previous.quote == block.quote
    return False


def table_as_list(table: Table) -> str:
    """A table as a list, a row an item: plain CommonMark has no tables."""
    header = [inline(cell) for cell in table.header]
    lines = []
    for row in table.rows:
        cells = [inline(cell) for cell in row]
        if header:
            cells = [f"**{h}:** {c}" if h else c for h, c in zip(header, cells, strict=False)]
        lines.append("- " + "; ".join(cells))
    return "\n".join(lines)


def write_markdown(packet: Packet) -> str:
    return MarkdownWriter(packet).write()
