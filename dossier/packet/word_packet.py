"""The packet laid out as a Word document, part by part in the committee's order, and
saved as the same bytes for the same input: zip entry times and document dates come
from the as-of date, never from the clock."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime, timezone
from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from dossier.packet import wording as say
from dossier.packet.blocks import Run, plain
from dossier.packet.content import CompetencyPart, Packet, Quote
from dossier.packet.template import open_document
from dossier.packet.word import EVIDENCE_WIDTHS, STATUS_WIDTHS, WordWriter

EARLIEST_ZIP_DAY = date(1980, 1, 1)  # zip files cannot hold an earlier time


def write_docx(packet: Packet, template: Path | None = None) -> tuple[bytes, list[tuple[str, str]]]:
    """The document's bytes, and what was wrong with the template (if anything)."""
    opened = open_document(template)
    writer = PacketWriter(WordWriter(opened, packet), packet)
    writer.write()
    stream = io.BytesIO()
    opened.document.save(stream)
    return stable_zip(stream.getvalue(), packet.as_of), opened.problems


class PacketWriter:
    def __init__(self, word: WordWriter, packet: Packet):
        self.word, self.packet = word, packet

    def write(self) -> None:
        word, packet = self.word, self.packet
        self.properties()
        word.paragraph(plain(packet.title), "Title")
        word.paragraph(plain(say.subtitle(packet)), "Subtitle")
        if packet.audience == "self":
            word.paragraph((Run(say.PRIVATE, bold=True),))
        parts = {
            say.ASK: self.ask,
            say.SUMMARY: lambda: word.body(packet.summary),
            say.BUSINESS_CASE: lambda: word.body(packet.business_case),
            say.COMPETENCIES: self.competencies,
            say.BACKFILL: lambda: word.body(packet.backfill),
            say.GAPS: self.gaps,
            say.PLAN: self.plan,
        }
        new_page = {say.COMPETENCIES, say.BACKFILL, say.GAPS}
        for name in say.major_parts(packet):
            word.heading(name, 1, new_page=name in new_page)
            parts[name]()
        self.footer()

    def properties(self) -> None:
        """Title and author for the file's properties; dates from as-of."""
        packet, core = self.packet, self.word.doc.core_properties
        day = max(packet.as_of, EARLIEST_ZIP_DAY)
        moment = datetime(day.year, day.month, day.day, tzinfo=timezone.utc)
        core.title, core.author, core.last_modified_by = packet.title, packet.author, packet.author
        core.subject = say.subtitle(packet)
        core.keywords, core.category = f"promotion; {packet.level_title}", "Promotion packet"
        core.comments = ""
        core.created = core.modified = core.last_printed = moment
        core.revision = 1

    def footer(self) -> None:
        """The candidate's name and the page number on every page of the packet (and on
        the author's own copy, that it is private)."""
        section = self.word.doc.sections[-1]
        if section.footer.is_linked_to_previous and len(self.word.doc.sections) > 1:
            section.footer.is_linked_to_previous = False
        paragraph = section.footer.paragraphs[0]
        if paragraph.text.strip():
            return  # a template's own footer stays
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        private = ", private: do not share" if self.packet.audience == "self" else ""
        paragraph.add_run(f"{self.packet.author}, promotion packet{private}, page ")
        paragraph._p.append(
            parse_xml(
                f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>'
            )
        )

    def ask(self) -> None:
        self.word.paragraph(plain(self.packet.ask.sentence))
        self.word.facts(self.packet.ask.facts)

    def competencies(self) -> None:
        self.word.paragraph(plain(say.competencies_intro(self.packet)))
        for part in self.packet.competencies:
            self.competency(part)

    def competency(self, part: CompetencyPart) -> None:
        word = self.word
        word.heading(part.title, 2)
        if part.description:
            word.paragraph((Run(part.description, italic=True),))
        if part.not_required:
            word.paragraph((Run("Not required: ", bold=True), Run(part.not_required)))
            return
        word.heading(say.expected_at(self.packet.level_title), 3)
        word.bullets(part.expectations)
        word.heading(say.STRONGEST, 3)
        shown = say.shown_pieces(len(part.pieces), part.counted)
        if shown:
            word.paragraph(plain(shown))
        if not part.pieces:
            word.paragraph(plain(say.NO_EVIDENCE))
        else:
            rows = [
                (
                    (Run(p.title, bold=True, url=p.url),),
                    plain(p.when),
                    plain(p.impact),
                    plain("\n".join(f"{name}: {value}" for name, value in p.metrics)),
                )
                for p in part.pieces
            ]
            word.table(tuple(plain(c) for c in say.EVIDENCE_COLUMNS), rows, EVIDENCE_WIDTHS)
        if part.quotes:
            word.heading(say.FEEDBACK, 3)
            for quote in part.quotes:
                self.quote(quote)

    def quote(self, quote: Quote) -> None:
        for paragraph in quote.paragraphs:
            self.word.quoted(paragraph)
        said = self.word.paragraph(plain(f"\u2014 {quote.who}, {quote.when}"))
        said.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    def gaps(self) -> None:
        gaps, word = self.packet.gaps, self.word
        if gaps is None:
            return
        if gaps.readiness:
            word.paragraph((Run(f"{say.READINESS}: ", bold=True), Run(gaps.readiness)))
        for line in gaps.timing:
            word.paragraph(plain(line))
        if gaps.statuses:
            word.heading(say.STATUSES, 2)
            rows = [(plain(t), plain(s), plain(r)) for t, s, r in gaps.statuses]
            word.table(tuple(plain(c) for c in say.STATUS_COLUMNS), rows, STATUS_WIDTHS)
        for title, lines in (
            (say.UNANSWERED, gaps.unanswered),
            (say.UNPLANNED, gaps.unplanned),
            (say.OVERDUE, gaps.overdue),
        ):
            if lines:
                word.heading(title, 2)
                word.bullets(lines)

    def plan(self) -> None:
        for goal in self.packet.plan or ():
            self.word.heading(goal.title, 2)
            self.word.facts(goal.facts)
            if goal.actions:
                self.word.paragraph((Run(say.ACTIONS, bold=True),))
                self.word.bullets(goal.actions)


def stable_zip(data: bytes, day: date) -> bytes:
    """The same zip with every entry dated `day` (midnight) and the same attributes, so
    that the same packet is the same bytes."""
    day = max(day, EARLIEST_ZIP_DAY)
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            fixed = zipfile.ZipInfo(entry.filename, (day.year, day.month, day.day, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.create_system = 0
            fixed.external_attr = 0
            target.writestr(fixed, source.read(entry.filename))
    return out.getvalue()
